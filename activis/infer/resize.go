package infer

import (
	"fmt"
	"math"

	"github.com/activis-go/activis/activis/graph"
)

// resizeKernels are the kernels of the resampling operators.
var resizeKernels = map[string]kernel{"Resize": resize}

// checkResize rejects, at Compile time, the Resize attributes the kernel
// does not implement.
func checkResize(n *graph.Node, opset int) error {
	if opset < 11 {
		return fmt.Errorf("Resize before opset 11")
	}
	switch m := n.String("mode", "nearest"); m {
	case "nearest", "linear", "cubic":
	default:
		return fmt.Errorf("mode %q", m)
	}
	switch c := n.String("coordinate_transformation_mode", "half_pixel"); c {
	case "half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric", "tf_half_pixel_for_nn":
	default:
		return fmt.Errorf("coordinate_transformation_mode %q", c)
	}
	switch m := n.String("nearest_mode", "round_prefer_floor"); m {
	case "floor", "ceil", "round_prefer_floor", "round_prefer_ceil":
	default:
		return fmt.Errorf("nearest_mode %q", m)
	}
	if n.Int("antialias", 0) != 0 {
		return fmt.Errorf("antialias")
	}
	return nil
}

// resize is Resize from opset 11 (scales or sizes input) in modes nearest
// (all four nearest_mode roundings), linear (N-linear over every axis whose
// size changes) and cubic (cubic_coeff_a, exclude_outside; samples beyond
// the edge repeat the edge), with the coordinate transformations
// half_pixel, pytorch_half_pixel, align_corners, asymmetric and
// tf_half_pixel_for_nn. PyTorch's nn.Upsample exports nearest as
// asymmetric+floor, bilinear and bicubic as half_pixel or align_corners.
// tf_crop_and_resize and antialias are unsupported.
func resize(x *Executor, n *graph.Node, in, out []*Tensor) error {
	if err := checkResize(n, x.p.g.Opset); err != nil {
		return fmt.Errorf("%w: Resize %v", ErrUnsupported, err)
	}
	scales, err := resizeScales(n, x.p.g.Opset, in)
	if err != nil {
		return err
	}
	is, os := in[0].Shape, out[0].Shape
	for d := range is {
		if is[d] == 0 && os[d] > 0 {
			return fmt.Errorf("cannot resize an empty axis %d of %v to %v", d, is, os)
		}
	}
	rs := resizeSampling{
		mode: n.String("mode", "nearest"), coord: n.String("coordinate_transformation_mode", "half_pixel"),
		near: n.String("nearest_mode", "round_prefer_floor"), cubicA: float64(n.Float("cubic_coeff_a", -0.75)),
		exclude: n.Int("exclude_outside", 0) != 0,
	}
	// Per axis: taps[d] source samples per output index, their indices
	// idx[d][o*taps+j] and weights wt[d][o*taps+j]. Axes where every output
	// index reads a single source sample get one tap.
	taps := make([]int, len(is))
	idx := make([][]int, len(is))
	wt := make([][]float32, len(is))
	for d := range is {
		if taps[d], idx[d], wt[d], err = rs.axis(scales[d], is[d], os[d]); err != nil {
			return err
		}
	}
	resample(in[0], out[0], taps, idx, wt)
	return nil
}

// resizeScales returns the scale per axis of a Resize node whose inputs
// are in (graph.ResizeShape on their values).
func resizeScales(n *graph.Node, opset int, in []*Tensor) ([]float64, error) {
	infos := make([]*graph.Info, len(in))
	for i, t := range in {
		if t == nil {
			continue
		}
		v := make([]int64, len(t.Data))
		for k, f := range t.Data {
			v[k] = toInt64(f)
		}
		infos[i] = &graph.Info{Shape: t.Shape, Value: v, Floats: t.Data}
	}
	_, scales, err := graph.ResizeShape(n, opset, infos)
	return scales, err
}

// resizeSampling holds a Resize node's sampling attributes.
type resizeSampling struct {
	mode, coord, near string
	cubicA            float64
	exclude           bool
}

// axis returns, for one axis of size in resized to out at the given scale,
// the taps per output index and their source indices and weights.
func (rs resizeSampling) axis(scale float64, in, out int) (int, []int, []float32, error) {
	k := map[string]int{"nearest": 1, "linear": 2, "cubic": 4}[rs.mode]
	ix, w := make([]int, out*k), make([]float32, out*k)
	single := true
	for o := 0; o < out; o++ {
		src, err := sourceCoord(rs.coord, float64(o), scale, in, out)
		if err != nil {
			return 0, nil, nil, err
		}
		ti, tw := ix[o*k:(o+1)*k], w[o*k:(o+1)*k]
		switch rs.mode {
		case "nearest":
			j, err := roundNearest(rs.near, src)
			if err != nil {
				return 0, nil, nil, err
			}
			ti[0], tw[0] = min(max(j, 0), in-1), 1
		case "linear":
			src = min(max(src, 0), float64(in-1))
			a := int(math.Floor(src))
			t := src - float64(a)
			ti[0], ti[1] = a, min(a+1, in-1)
			tw[0], tw[1] = float32(1-t), float32(t)
		case "cubic":
			rs.cubicTaps(src, in, ti, tw)
		}
		for j := 1; j < k; j++ {
			if ti[j] != ti[0] && tw[j] != 0 {
				single = false
			}
		}
	}
	if k > 1 && single {
		// Collapse to the one sample read (its weights sum to 1).
		for o := 0; o < out; o++ {
			ix[o] = ix[o*k]
			w[o] = 1
		}
		k = 1
	}
	return k, ix, w, nil
}

// cubicTaps fills the four taps of a cubic sample at source coordinate
// src on an axis of size in.
func (rs resizeSampling) cubicTaps(src float64, in int, ti []int, tw []float32) {
	a := int(math.Floor(src))
	c := cubicCoeffs(src-float64(a), rs.cubicA)
	var sum float64
	for j := range 4 {
		p := a - 1 + j
		if rs.exclude && (p < 0 || p >= in) {
			c[j] = 0
		}
		sum += c[j]
		ti[j] = min(max(p, 0), in-1)
	}
	for j := range 4 {
		if rs.exclude && sum != 0 {
			c[j] /= sum
		}
		tw[j] = float32(c[j])
	}
}

// resample computes every output element as the weighted sum of its
// source samples, the product of the axes' taps.
func resample(in, out *Tensor, taps []int, idx [][]int, wt [][]float32) {
	var active []int
	for d, k := range taps {
		if k > 1 {
			active = append(active, d)
		}
	}
	st := strides(in.Shape)
	src, dst := in.Data, out.Data
	combos := 1
	for _, d := range active {
		combos *= taps[d]
	}
	eachIndex(out.Shape, func(i int, oi []int) {
		base := 0
		for d, v := range oi {
			if taps[d] == 1 {
				base += idx[d][v] * st[d]
			}
		}
		if combos == 1 {
			dst[i] = src[base]
			return
		}
		var acc float32
		for c := 0; c < combos; c++ {
			off, w, rest := base, float32(1), c
			for _, d := range active {
				j := rest % taps[d]
				rest /= taps[d]
				p := oi[d]*taps[d] + j
				off += idx[d][p] * st[d]
				w *= wt[d][p]
			}
			acc += w * src[off]
		}
		dst[i] = acc
	})
}

// cubicCoeffs returns the weights of the four samples at floor−1 … floor+2
// for a fractional offset t, with the Keys kernel parameter a (PyTorch and
// ONNX's default −0.75).
func cubicCoeffs(t, a float64) [4]float64 {
	near := func(x float64) float64 { return ((a+2)*x-(a+3))*x*x + 1 }
	far := func(x float64) float64 { return ((a*x-5*a)*x+8*a)*x - 4*a }
	return [4]float64{far(t + 1), near(t), near(1 - t), far(2 - t)}
}

// sourceCoord maps output coordinate o of an axis resized from in to out
// elements with the given scale back to the input, as the ONNX
// coordinate_transformation_mode says.
func sourceCoord(mode string, o, scale float64, in, out int) (float64, error) {
	switch mode {
	case "half_pixel":
		return (o+0.5)/scale - 0.5, nil
	case "pytorch_half_pixel":
		if out > 1 {
			return (o+0.5)/scale - 0.5, nil
		}
		return 0, nil
	case "align_corners":
		if out > 1 {
			return o * float64(in-1) / float64(out-1), nil
		}
		return 0, nil
	case "asymmetric":
		return o / scale, nil
	case "tf_half_pixel_for_nn":
		return (o + 0.5) / scale, nil
	}
	return 0, fmt.Errorf("%w: Resize coordinate_transformation_mode %q", ErrUnsupported, mode)
}

// roundNearest rounds a source coordinate to an index by nearest_mode.
func roundNearest(mode string, v float64) (int, error) {
	switch mode {
	case "floor":
		return int(math.Floor(v)), nil
	case "ceil":
		return int(math.Ceil(v)), nil
	case "round_prefer_floor":
		if v == math.Floor(v)+0.5 {
			return int(math.Floor(v)), nil
		}
		return int(math.Round(v)), nil
	case "round_prefer_ceil":
		return int(math.Floor(v + 0.5)), nil
	}
	return 0, fmt.Errorf("%w: Resize nearest_mode %q", ErrUnsupported, mode)
}
