package infer

import (
	"fmt"

	"github.com/activis-go/activis/activis/graph"
	"github.com/activis-go/activis/activis/infer/internal/sgemm"
	"gonum.org/v1/gonum/blas"
)

// convTranspose is ConvTranspose (1-D or 2-D, groups, strides, dilations,
// pads, output_padding, output_shape): per image and group one GEMM
// Wᵀ·X gives every input pixel's contribution to each kernel tap, which
// col2im then adds into the output at stride·in − pad + dilation·tap.
func convTranspose(x *Executor, n *graph.Node, in, out []*Tensor) error {
	xs, ws := in[0].Shape, in[1].Shape
	geo, err := graph.TransposeGeometry(n, xs[2:], ws[2:])
	if err != nil {
		return err
	}
	var h, w, kh, kw, sh, sw, dh, dw, ph, pw, oh, ow int
	switch len(xs) {
	case 3:
		h, kh, sh, dh, oh = 1, 1, 1, 1, 1
		w, kw, sw, dw, pw, ow = xs[2], ws[2], geo.Strides[0], geo.Dilations[0], geo.PadsBegin[0], geo.Out[0]
	case 4:
		h, w, kh, kw = xs[2], xs[3], ws[2], ws[3]
		sh, sw, dh, dw = geo.Strides[0], geo.Strides[1], geo.Dilations[0], geo.Dilations[1]
		ph, pw, oh, ow = geo.PadsBegin[0], geo.PadsBegin[1], geo.Out[0], geo.Out[1]
	default:
		return fmt.Errorf("%w: ConvTranspose over %d spatial dimensions (1 or 2 are supported)", ErrUnsupported, len(xs)-2)
	}
	groups := int(n.Int("group", 1))
	batch, c, mg := xs[0], xs[1], ws[1]
	if groups <= 0 || c%groups != 0 {
		return fmt.Errorf("group %d does not divide %d channels", groups, c)
	}
	cg, m := c/groups, mg*groups
	k, p, op := mg*kh*kw, h*w, oh*ow
	var bias []float32
	if len(in) > 2 && in[2] != nil {
		if len(in[2].Data) != m {
			return fmt.Errorf("bias has %d values, want %d", len(in[2].Data), m)
		}
		bias = in[2].Data
	}
	col := x.scratchBuf(k * p)
	src, wt, dst := in[0].Data, in[1].Data, out[0].Data
	for b := 0; b < batch; b++ {
		for g := 0; g < groups; g++ {
			xg := src[(b*c+g*cg)*p : (b*c+(g+1)*cg)*p]
			wg := wt[g*cg*k : (g+1)*cg*k]
			if p > 0 && k > 0 {
				if cg == 0 {
					clear(col)
				} else {
					sgemm.Gemm(blas.Trans, blas.NoTrans, 1, general(cg, k, wg), general(cg, p, xg), 0, general(k, p, col))
				}
			}
			for mm := 0; mm < mg; mm++ {
				ch := g*mg + mm
				plane := dst[(b*m+ch)*op : (b*m+ch+1)*op]
				var bv float32
				if bias != nil {
					bv = bias[ch]
				}
				for i := range plane {
					plane[i] = bv
				}
				for i := 0; i < kh; i++ {
					for j := 0; j < kw; j++ {
						row := col[((mm*kh+i)*kw+j)*p:]
						for iy := 0; iy < h; iy++ {
							oy := iy*sh - ph + i*dh
							if oy < 0 || oy >= oh {
								continue
							}
							orow := plane[oy*ow : (oy+1)*ow]
							irow := row[iy*w : (iy+1)*w]
							for ix, v := range irow {
								if ox := ix*sw - pw + j*dw; ox >= 0 && ox < ow {
									orow[ox] += v
								}
							}
						}
					}
				}
			}
		}
	}
	return nil
}
