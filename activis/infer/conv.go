package infer

import (
	"fmt"

	"github.com/activis-go/activis/activis/graph"
	"github.com/activis-go/activis/activis/infer/internal/sgemm"
	"gonum.org/v1/gonum/blas"
)

// convKernels are the kernels of the convolutions.
var convKernels = map[string]kernel{"Conv": conv, "ConvTranspose": convTranspose}

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
//
// With poolNode (a MaxPool or AveragePool), out is the
// pool's output: each image's convolution goes to a scratch image and is
// pooled from there while it is in cache.
func convFused(x *Executor, n *graph.Node, in, out []*Tensor, fuseRelu bool, poolNode *graph.Node) error {
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
	if poolNode == nil && groups == 1 && len(xs) == 4 && !pointwise &&
		convShifted(x, g, src, in[1], bias, batch, c, m, fuseRelu, nil, dst) {
		return nil
	}
	hw := g.h * g.w
	packed := x.packedWeights(in[1], groups, mg, k) // nil for weights computed per run
	var pg *poolGeom
	pp := 0 // values of one pooled image
	if poolNode != nil {
		cs := append(xs[:2:2], g.oh, g.ow)
		cs[1] = m
		if len(xs) == 3 {
			cs = []int{batch, m, g.ow}
		}
		if pg, err = newPoolGeom(poolNode, cs, poolNode.OpType == "MaxPool"); err != nil {
			return fmt.Errorf("fused %s %q: %w", poolNode.OpType, poolNode.Name, err)
		}
		pp = pg.g.oh * pg.g.ow
		if len(out[0].Data) != batch*m*pp {
			return fmt.Errorf("fused %s %q: output of %d values, want %d", poolNode.OpType, poolNode.Name, len(out[0].Data), batch*m*pp)
		}
		if groups == 1 && len(xs) == 4 && convShifted(x, g, src, in[1], bias, batch, c, m, fuseRelu, pg, out[0].Data) {
			return nil
		}
		if cap(x.image) < m*p {
			x.image = make([]float32, m*p)
		}
		dst = x.image[:m*p]
	}
	for b := 0; b < batch; b++ {
		for gi := 0; gi < groups; gi++ {
			img := src[(b*c+gi*cg)*hw : (b*c+(gi+1)*cg)*hw]
			if pointwise {
				col = img
			} else {
				im2col(img, cg, g, col)
			}
			first := b*m + gi*mg // the group's first output plane in dst
			if pg != nil {
				first = gi * mg // dst is the scratch image
			}
			o := dst[first*p : (first+mg)*p]
			if packed != nil {
				sgemm.GemmPacked(packed[gi], blas.NoTrans, general(k, p, col), 0, general(mg, p, o))
			} else {
				sgemm.Gemm(blas.NoTrans, blas.NoTrans, 1,
					general(mg, k, w[gi*mg*k:(gi+1)*mg*k]), general(k, p, col), 0, general(mg, p, o))
			}
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
		if pg != nil {
			pg.run(dst, out[0].Data[b*m*pp:(b+1)*m*pp], m)
		}
	}
	return nil
}

// convRelu is Conv followed by Relu, used when the plan fuses the two.
func convRelu(x *Executor, n *graph.Node, in, out []*Tensor) error {
	return convFused(x, n, in, out, true, nil)
}

// convReluPool is Conv, Relu and then the pooling poolNode one image at a
// time, used when the plan fuses the three.
func convReluPool(x *Executor, n, poolNode *graph.Node, in, out []*Tensor) error {
	return convFused(x, n, in, out, true, poolNode)
}

func conv(x *Executor, n *graph.Node, in, out []*Tensor) error {
	return convFused(x, n, in, out, false, nil)
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
