package infer

import (
	"fmt"
	"math"

	"github.com/activis-go/activis/activis/graph"
	"github.com/activis-go/activis/activis/infer/internal/sgemm"
	"gonum.org/v1/gonum/blas"
)

// geom2 is a convolution or pooling geometry over two spatial axes; 1-D
// operators run as 2-D with a height of 1.
type geom2 struct {
	h, w, kh, kw, sh, sw, dh, dw, ph, pw, oh, ow int
}

func geometry2(n *graph.Node, spatial, kernel []int) (*geom2, error) {
	geo, err := graph.Geometry(n, spatial, kernel)
	if err != nil {
		return nil, err
	}
	switch len(spatial) {
	case 1:
		return &geom2{h: 1, w: spatial[0], kh: 1, kw: geo.Kernel[0], sh: 1, sw: geo.Strides[0], dh: 1, dw: geo.Dilations[0],
			pw: geo.PadsBegin[0], oh: 1, ow: geo.Out[0]}, nil
	case 2:
		return &geom2{h: spatial[0], w: spatial[1], kh: geo.Kernel[0], kw: geo.Kernel[1], sh: geo.Strides[0], sw: geo.Strides[1],
			dh: geo.Dilations[0], dw: geo.Dilations[1], ph: geo.PadsBegin[0], pw: geo.PadsBegin[1], oh: geo.Out[0], ow: geo.Out[1]}, nil
	}
	return nil, fmt.Errorf("%w: %s over %d spatial dimensions (1 or 2 are supported)", ErrUnsupported, n.OpType, len(spatial))
}

// conv computes a grouped, strided, dilated, padded convolution as im2col
// followed by a GEMM through gonum's BLAS for every image and group. (The
// transposed layout, im2row · Wᵀ, lets gonum skip the zero activations but
// measured 25% slower: its row updates are only Mg long.) With fuseRelu
// the output of every image is clamped at zero right after its GEMM.
func convFused(x *Executor, n *graph.Node, in, out []*Tensor, fuseRelu bool) error {
	xs, ws := in[0].Shape, in[1].Shape
	g, err := geometry2(n, xs[2:], ws[2:])
	if err != nil {
		return err
	}
	groups := int(n.Int("group", 1))
	batch, c, m := xs[0], xs[1], ws[0]
	cg, mg := c/groups, m/groups
	k := cg * g.kh * g.kw
	p := g.oh * g.ow
	pointwise := g.kh == 1 && g.kw == 1 && g.sh == 1 && g.sw == 1 && g.ph == 0 && g.pw == 0 && g.oh == g.h && g.ow == g.w
	var col []float32
	if !pointwise {
		col = x.scratchBuf(k * p)
	}
	src, w, dst := in[0].Data, in[1].Data, out[0].Data
	var bias []float32
	if len(in) > 2 && in[2] != nil {
		if len(in[2].Data) != m {
			return fmt.Errorf("bias has %d values, want %d", len(in[2].Data), m)
		}
		bias = in[2].Data
	}
	hw := g.h * g.w
	for b := 0; b < batch; b++ {
		for gi := 0; gi < groups; gi++ {
			img := src[(b*c+gi*cg)*hw : (b*c+(gi+1)*cg)*hw]
			if pointwise {
				col = img
			} else {
				im2col(img, cg, g, col)
			}
			o := dst[(b*m+gi*mg)*p : (b*m+(gi+1)*mg)*p]
			sgemm.Gemm(blas.NoTrans, blas.NoTrans, 1,
				general(mg, k, w[gi*mg*k:(gi+1)*mg*k]), general(k, p, col), 0, general(mg, p, o))
			// Bias and ReLU in one pass while the image's output is
			// still in cache.
			switch {
			case bias != nil:
				for j := 0; j < mg; j++ {
					addBias(o[j*p:(j+1)*p], bias[gi*mg+j], fuseRelu)
				}
			case fuseRelu:
				reluInPlace(o)
			}
		}
	}
	return nil
}

// convRelu is Conv followed by Relu, used when the plan fuses the two.
func convRelu(x *Executor, n *graph.Node, in, out []*Tensor) error {
	return convFused(x, n, in, out, true)
}

func conv(x *Executor, n *graph.Node, in, out []*Tensor) error {
	return convFused(x, n, in, out, false)
}

// im2col lays out the receptive fields of one image (c channels) as the
// columns of a (c·kh·kw) × (oh·ow) matrix; padding reads as zero.
func im2col(img []float32, c int, g *geom2, col []float32) {
	if g.sh == 1 && g.sw == 1 && g.dh == 1 && g.dw == 1 && g.oh == g.h && g.ow == g.w && g.pw < g.w && g.kw-1-g.pw < g.w {
		im2colSame(img, c, g, col)
		return
	}
	im2colGeneric(img, c, g, col)
}

// im2colGeneric is im2col for any geometry, one output line at a time.
func im2colGeneric(img []float32, c int, g *geom2, col []float32) {
	p := g.oh * g.ow
	row := 0
	for ch := 0; ch < c; ch++ {
		plane := img[ch*g.h*g.w : (ch+1)*g.h*g.w]
		for ki := 0; ki < g.kh; ki++ {
			for kj := 0; kj < g.kw; kj++ {
				dst := col[row*p : (row+1)*p]
				row++
				for oy := 0; oy < g.oh; oy++ {
					iy := oy*g.sh - g.ph + ki*g.dh
					line := dst[oy*g.ow : (oy+1)*g.ow]
					if iy < 0 || iy >= g.h {
						clear(line)
						continue
					}
					src := plane[iy*g.w : (iy+1)*g.w]
					ix := -g.pw + kj*g.dw
					if g.sw == 1 {
						// Unit stride: the columns that fall inside the
						// row are one copy, the padding on either side zeros.
						lo := min(max(-ix, 0), g.ow)
						hi := max(min(g.w-ix, g.ow), lo)
						clear(line[:lo])
						copy(line[lo:hi], src[ix+lo:ix+hi])
						clear(line[hi:])
						continue
					}
					for ox := range line {
						if ix >= 0 && ix < g.w {
							line[ox] = src[ix]
						} else {
							line[ox] = 0
						}
						ix += g.sw
					}
				}
			}
		}
	}
}

// pool builds MaxPool or AveragePool. Padded positions never win a max;
// an average divides by the number of input positions in the window unless
// count_include_pad is 1, when it divides by the window clipped to the
// padded input.
func pool(isMax bool) kernel {
	return func(x *Executor, n *graph.Node, in, out []*Tensor) error {
		xs := in[0].Shape
		g, err := geometry2(n, xs[2:], nil)
		if err != nil {
			return err
		}
		if len(out) > 1 && out[1] != nil {
			return fmt.Errorf("%w: MaxPool Indices output", ErrUnsupported)
		}
		includePad := n.Int("count_include_pad", 0) == 1
		padEndH, padEndW := 0, 0
		if pads, ok := n.Ints("pads"); ok && len(pads) == 2*len(xs[2:]) {
			if len(xs) == 4 {
				padEndH, padEndW = int(pads[2]), int(pads[3])
			} else {
				padEndW = int(pads[1])
			}
		}
		planes := xs[0] * xs[1]
		hw, ohw := g.h*g.w, g.oh*g.ow
		src, dst := in[0].Data, out[0].Data
		negInf := float32(math.Inf(-1))
		if isMax && g.kh == 2 && g.kw == 2 && g.sh == 2 && g.sw == 2 && g.ph == 0 && g.pw == 0 &&
			g.dh == 1 && g.dw == 1 && 2*g.oh <= g.h && 2*g.ow <= g.w {
			// The 2×2/2 max pooling of most CNNs, without bounds checks per tap.
			for pl := 0; pl < planes; pl++ {
				plane := src[pl*hw : (pl+1)*hw]
				o := dst[pl*ohw : (pl+1)*ohw]
				for oy := 0; oy < g.oh; oy++ {
					maxPool2Row(o[oy*g.ow:(oy+1)*g.ow], plane[2*oy*g.w:(2*oy+1)*g.w], plane[(2*oy+1)*g.w:(2*oy+2)*g.w])
				}
			}
			return nil
		}
		for pl := 0; pl < planes; pl++ {
			plane := src[pl*hw : (pl+1)*hw]
			o := dst[pl*ohw : (pl+1)*ohw]
			for oy := 0; oy < g.oh; oy++ {
				y0 := oy*g.sh - g.ph
				for ox := 0; ox < g.ow; ox++ {
					x0 := ox*g.sw - g.pw
					if isMax {
						m := negInf
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
						o[oy*g.ow+ox] = m
						continue
					}
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
					if includePad {
						y1 := min(y0+g.kh, g.h+padEndH)
						x1 := min(x0+g.kw, g.w+padEndW)
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
		return nil
	}
}

// im2colSame is im2col for unit-stride convolutions whose output has the
// input's size ("same" padding, e.g. 3×3 with padding 1): row (ki, kj) of
// the matrix is the image plane shifted by (ki-ph)·w + (kj-pw) values, so
// it is one copy plus zeros for the rows and the columns the shift moves
// in from outside, instead of one short copy per output line.
func im2colSame(img []float32, c int, g *geom2, col []float32) {
	w, h := g.w, g.h
	p := h * w
	row := 0
	for ch := 0; ch < c; ch++ {
		plane := img[ch*p : (ch+1)*p]
		for ki := 0; ki < g.kh; ki++ {
			dy := ki - g.ph
			lo, hi := max(-dy, 0), min(h-dy, h) // output rows reading inside the plane
			for kj := 0; kj < g.kw; kj++ {
				dst := col[row*p : (row+1)*p]
				row++
				dx := kj - g.pw
				if hi <= lo {
					clear(dst)
					continue
				}
				clear(dst[:lo*w])
				clear(dst[hi*w:])
				// dst[oy·w + ox] = plane[(oy+dy)·w + ox + dx] for the rows
				// [lo, hi); the values that cross a row edge are zeroed below.
				d0, d1 := lo*w, hi*w
				s0 := d0 + dy*w + dx
				if s0 < 0 {
					dst[d0] = 0
					d0, s0 = d0-s0, 0
				}
				if e := s0 + (d1 - d0); e > p {
					clear(dst[d1-(e-p) : d1])
					d1 -= e - p
				}
				copy(dst[d0:d1], plane[s0:s0+(d1-d0)])
				for oy := lo; oy < hi; oy++ {
					line := dst[oy*w : (oy+1)*w]
					if dx < 0 {
						clear(line[:-dx])
					} else if dx > 0 {
						clear(line[w-dx:])
					}
				}
			}
		}
	}
}

// maxPool2RowGo is the portable maxPool2Row: out[x] is the maximum of
// r0[2x], r0[2x+1], r1[2x] and r1[2x+1] (NaN if any is NaN).
func maxPool2RowGo(out, r0, r1 []float32) {
	for ox := range out {
		out[ox] = max(r0[2*ox], r0[2*ox+1], r1[2*ox], r1[2*ox+1])
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
