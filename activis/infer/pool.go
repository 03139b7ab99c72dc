package infer

import (
	"fmt"
	"math"

	"github.com/activis-go/activis/activis/graph"
)

// poolKernels are the kernels of the pooling operators.
var poolKernels = map[string]kernel{
	"MaxPool": pool(true), "AveragePool": pool(false),
	"GlobalAveragePool": globalAvgPool, "GlobalMaxPool": globalMaxPool,
}

// pool builds MaxPool or AveragePool. Padded positions never win a max;
// an average divides by the number of input positions in the window unless
// count_include_pad is 1, when it divides by the window clipped to the
// padded input.
func pool(isMax bool) kernel {
	return func(x *Executor, n *graph.Node, in, out []*Tensor) error {
		pg, err := newPoolGeom(n, in[0].Shape, isMax)
		if err != nil {
			return err
		}
		if len(out) > 1 && out[1] != nil {
			return fmt.Errorf("%w: MaxPool Indices output", ErrUnsupported)
		}
		pg.run(in[0].Data, out[0].Data, in[0].Shape[0]*in[0].Shape[1])
		return nil
	}
}

// poolGeom is what a pooling needs besides its data: the window geometry,
// max or average, and how an average counts padding.
type poolGeom struct {
	g                *geom2
	isMax            bool
	includePad       bool
	padEndH, padEndW int
}

// newPoolGeom reads the pooling node n's attributes for an input of shape xs.
func newPoolGeom(n *graph.Node, xs []int, isMax bool) (*poolGeom, error) {
	g, err := geometry2(n, xs[2:], nil)
	if err != nil {
		return nil, err
	}
	pg := &poolGeom{g: g, isMax: isMax, includePad: n.Int("count_include_pad", 0) == 1}
	if pads, ok := n.Ints("pads"); ok && len(pads) == 2*len(xs[2:]) {
		if len(xs) == 4 {
			pg.padEndH, pg.padEndW = int(pads[2]), int(pads[3])
		} else {
			pg.padEndW = int(pads[1])
		}
	}
	return pg, nil
}

// isMax2x2 reports whether the pooling is the 2×2, stride 2 max pooling
// of most CNNs, without padding or partial windows (maxPool2Rows does it).
func (pg *poolGeom) isMax2x2() bool {
	g := pg.g
	return pg.isMax && g.kh == 2 && g.kw == 2 && g.sh == 2 && g.sw == 2 && g.ph == 0 && g.pw == 0 &&
		g.dh == 1 && g.dw == 1 && 2*g.oh <= g.h && 2*g.ow <= g.w
}

// run pools planes planes of src into dst.
func (pg *poolGeom) run(src, dst []float32, planes int) {
	g, isMax := pg.g, pg.isMax
	hw, ohw := g.h*g.w, g.oh*g.ow
	if pg.isMax2x2() {
		// The 2×2/2 max pooling of most CNNs, without bounds checks per
		// tap. With even sizes, output row r of the whole tensor pools
		// input rows 2r and 2r+1, so all planes are one run of rows.
		if g.h == 2*g.oh && g.w == 2*g.ow {
			maxPool2Rows(dst[:planes*ohw], src[:planes*hw], planes*g.oh, g.ow, g.w, 2*g.w)
			return
		}
		for pl := 0; pl < planes; pl++ {
			// To the tensor's end: a plane's last vector step may spill
			// into the next plane's outputs, written after it.
			maxPool2Rows(dst[pl*ohw:planes*ohw], src[pl*hw:(pl+1)*hw], g.oh, g.ow, g.w, 2*g.w)
		}
		return
	}
	for pl := 0; pl < planes; pl++ {
		plane := src[pl*hw : (pl+1)*hw]
		o := dst[pl*ohw : (pl+1)*ohw]
		for oy := 0; oy < g.oh; oy++ {
			y0 := oy*g.sh - g.ph
			for ox := 0; ox < g.ow; ox++ {
				x0 := ox*g.sw - g.pw
				if isMax {
					o[oy*g.ow+ox] = maxWindow(plane, g, y0, x0)
					continue
				}
				sum, cnt := sumWindow(plane, g, y0, x0)
				if pg.includePad {
					y1 := min(y0+g.kh, g.h+pg.padEndH)
					x1 := min(x0+g.kw, g.w+pg.padEndW)
					cnt = (y1 - y0) * (x1 - x0)
				}
				if cnt > 0 {
					o[oy*g.ow+ox] = sum / float32(cnt)
				} else {
					o[oy*g.ow+ox] = 0
				}
			}
		}
	}
}

// maxWindow is the maximum of the dilated window at (y0, x0) of a plane;
// padded positions never win (-Inf when the window is all padding).
func maxWindow(plane []float32, g *geom2, y0, x0 int) float32 {
	m := float32(math.Inf(-1))
	for ki := 0; ki < g.kh; ki++ {
		iy := y0 + ki*g.dh
		if iy < 0 || iy >= g.h {
			continue
		}
		for kj := 0; kj < g.kw; kj++ {
			ix := x0 + kj*g.dw
			if ix >= 0 && ix < g.w {
				m = max(m, plane[iy*g.w+ix])
			}
		}
	}
	return m
}

// sumWindow is the sum and the count of the input positions of the window
// at (y0, x0) of a plane (AveragePool has no dilations).
func sumWindow(plane []float32, g *geom2, y0, x0 int) (float32, int) {
	var sum float32
	cnt := 0
	for ki := 0; ki < g.kh; ki++ {
		iy := y0 + ki
		if iy < 0 || iy >= g.h {
			continue
		}
		for kj := 0; kj < g.kw; kj++ {
			ix := x0 + kj
			if ix >= 0 && ix < g.w {
				sum += plane[iy*g.w+ix]
				cnt++
			}
		}
	}
	return sum, cnt
}

// maxPool2RowGo computes one output row of maxPool2RowsGo: out[x] is the
// maximum of r0[2x], r0[2x+1], r1[2x] and r1[2x+1] (NaN if any is NaN).
func maxPool2RowGo(out, r0, r1 []float32) {
	for ox := range out {
		out[ox] = max(r0[2*ox], r0[2*ox+1], r1[2*ox], r1[2*ox+1])
	}
}

// maxPool2RowsGo is the portable maxPool2Rows: output row r of width ow
// pools input rows src[r·stride:] and src[r·stride+w:].
func maxPool2RowsGo(out, src []float32, rows, ow, w, stride int) {
	for r := 0; r < rows; r++ {
		s0, s1 := r*stride, r*stride+w
		maxPool2RowGo(out[r*ow:(r+1)*ow], src[s0:s0+2*ow], src[s1:s1+2*ow])
	}
}

func globalAvgPool(x *Executor, n *graph.Node, in, out []*Tensor) error {
	s := in[0].Shape
	planes := s[0] * s[1]
	inner := numel(s[2:])
	for pl := 0; pl < planes; pl++ {
		var sum float64
		for _, v := range in[0].Data[pl*inner : (pl+1)*inner] {
			sum += float64(v)
		}
		out[0].Data[pl] = float32(sum / float64(inner))
	}
	return nil
}

func globalMaxPool(x *Executor, n *graph.Node, in, out []*Tensor) error {
	s := in[0].Shape
	planes := s[0] * s[1]
	inner := numel(s[2:])
	for pl := 0; pl < planes; pl++ {
		m := float32(math.Inf(-1))
		for _, v := range in[0].Data[pl*inner : (pl+1)*inner] {
			m = max(m, v)
		}
		out[0].Data[pl] = m
	}
	return nil
}
