package infer

import (
	"fmt"
	"math"

	"github.com/activis-go/activis/activis/graph"
)

// normKernels are the kernels of the normalisations (over a batch, an
// instance, a layer, or softmax along an axis).
var normKernels = map[string]kernel{
	"BatchNormalization": batchNorm, "InstanceNormalization": instanceNorm, "LayerNormalization": layerNorm,
	"Softmax": softmax(false), "LogSoftmax": softmax(true),
}

// softmax builds Softmax or LogSoftmax. Before opset 13 the input is
// coerced to 2-D at axis (default 1) and normalised over all trailing
// elements; from opset 13 it is normalised along axis (default -1) only.
func softmax(log bool) kernel {
	return func(x *Executor, n *graph.Node, in, out []*Tensor) error {
		s := in[0].Shape
		old := x.p.g.Opset < 13
		def := int64(-1)
		if old {
			def = 1
		}
		ax := int(n.Int("axis", def))
		if ax < 0 {
			ax += len(s)
		}
		if ax < 0 || ax >= len(s) && len(s) > 0 {
			return fmt.Errorf("axis %d out of range for shape %v", n.Int("axis", def), s)
		}
		outer := numel(s[:ax])
		d, inner := 1, 1
		if old {
			d = numel(s[ax:])
		} else if len(s) > 0 {
			d, inner = s[ax], numel(s[ax+1:])
		}
		src, dst := in[0].Data, out[0].Data
		for o := 0; o < outer; o++ {
			for j := 0; j < inner; j++ {
				base := o*d*inner + j
				m := float32(math.Inf(-1))
				for c := 0; c < d; c++ {
					m = max(m, src[base+c*inner])
				}
				var sum float64
				for c := 0; c < d; c++ {
					e := math.Exp(float64(src[base+c*inner] - m))
					sum += e
					if !log {
						dst[base+c*inner] = float32(e)
					}
				}
				if log {
					ls := float32(math.Log(sum))
					for c := 0; c < d; c++ {
						dst[base+c*inner] = src[base+c*inner] - m - ls
					}
				} else {
					inv := float32(1 / sum)
					for c := 0; c < d; c++ {
						dst[base+c*inner] *= inv
					}
				}
			}
		}
		return nil
	}
}

// batchNorm is BatchNormalization in inference mode (running statistics).
func batchNorm(x *Executor, n *graph.Node, in, out []*Tensor) error {
	if len(in) < 5 {
		return fmt.Errorf("needs 5 inputs, has %d", len(in))
	}
	s := in[0].Shape
	if len(s) < 2 {
		return fmt.Errorf("input shape %v has rank < 2", s)
	}
	c := s[1]
	for i := 1; i < 5; i++ {
		if in[i] == nil || len(in[i].Data) != c {
			return fmt.Errorf("input %d must have %d values (one per channel)", i, c)
		}
	}
	eps := float64(n.Float("epsilon", 1e-5))
	scale, bias, mean, vr := in[1].Data, in[2].Data, in[3].Data, in[4].Data
	inner := numel(s[2:])
	src, dst := in[0].Data, out[0].Data
	for b := 0; b < s[0]; b++ {
		for ch := 0; ch < c; ch++ {
			k := float32(float64(scale[ch]) / math.Sqrt(float64(vr[ch])+eps))
			off := bias[ch] - mean[ch]*k
			base := (b*c + ch) * inner
			for i := base; i < base+inner; i++ {
				dst[i] = src[i]*k + off
			}
		}
	}
	return nil
}

// layerNorm normalises over the axes from axis (default -1) on, then
// scales and shifts with inputs 1 and 2 (broadcast over those axes).
func layerNorm(x *Executor, n *graph.Node, in, out []*Tensor) error {
	if len(out) > 1 {
		for _, o := range out[1:] {
			if o != nil {
				return fmt.Errorf("%w: LayerNormalization Mean/InvStdDev outputs", ErrUnsupported)
			}
		}
	}
	s := in[0].Shape
	ax := int(n.Int("axis", -1))
	if ax < 0 {
		ax += len(s)
	}
	if ax < 0 || ax >= len(s) {
		return fmt.Errorf("axis %d out of range for shape %v", n.Int("axis", -1), s)
	}
	inner := numel(s[ax:])
	norm := &Tensor{Shape: s[ax:]}
	scale, bias := make([]float32, inner), make([]float32, inner)
	norm.Data = scale
	if err := broadcastInto(norm, in[1]); err != nil {
		return fmt.Errorf("scale: %w", err)
	}
	if len(in) > 2 && in[2] != nil {
		norm.Data = bias
		if err := broadcastInto(norm, in[2]); err != nil {
			return fmt.Errorf("bias: %w", err)
		}
	}
	eps := float64(n.Float("epsilon", 1e-5))
	src, dst := in[0].Data, out[0].Data
	for o := 0; o < len(src)/max(inner, 1); o++ {
		row := src[o*inner : (o+1)*inner]
		var mean, sq float64
		for _, v := range row {
			mean += float64(v)
		}
		mean /= float64(inner)
		for _, v := range row {
			d := float64(v) - mean
			sq += d * d
		}
		inv := 1 / math.Sqrt(sq/float64(inner)+eps)
		for i, v := range row {
			dst[o*inner+i] = float32((float64(v)-mean)*inv)*scale[i] + bias[i]
		}
	}
	return nil
}

// instanceNorm normalises every (image, channel) over its spatial axes and
// applies the per-channel scale and bias (inputs 1 and 2).
func instanceNorm(x *Executor, n *graph.Node, in, out []*Tensor) error {
	s := in[0].Shape
	if len(s) < 3 {
		return fmt.Errorf("input shape %v has rank < 3", s)
	}
	c := s[1]
	if len(in) < 3 || in[1] == nil || in[2] == nil || len(in[1].Data) != c || len(in[2].Data) != c {
		return fmt.Errorf("scale and bias must have %d values (one per channel)", c)
	}
	eps := float64(n.Float("epsilon", 1e-5))
	inner := numel(s[2:])
	src, dst := in[0].Data, out[0].Data
	for b := 0; b < s[0]*c; b++ {
		row := src[b*inner : (b+1)*inner]
		var mean, sq float64
		for _, v := range row {
			mean += float64(v)
		}
		mean /= float64(inner)
		for _, v := range row {
			d := float64(v) - mean
			sq += d * d
		}
		ch := b % c
		k := float64(in[1].Data[ch]) / math.Sqrt(sq/float64(inner)+eps)
		for i, v := range row {
			dst[b*inner+i] = float32((float64(v)-mean)*k) + in[2].Data[ch]
		}
	}
	return nil
}
