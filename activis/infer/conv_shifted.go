package infer

import (
	"github.com/activis-go/activis/activis/infer/internal/sgemm"
)

// A convolution with unit strides and dilations can skip im2col: with the
// input image copied into a zero-padded buffer of hp × wp pixels per
// channel, kernel tap (ki, kj) of output pixel (oy, ox) reads channel c at
// c·hp·wp + (oy+ki)·wp + ox + kj, so over "wide" output rows of wp pixels
// (the last kw-1 of each row are junk) every tap is one shifted view of
// the buffer, and the convolution is one GEMM whose right operand is those
// views (sgemm.MulShifted): no im2col matrix is written or read, at the
// price of (kw-1)/ow more multiply-adds. For the demo CNN that replaces
// writing and reading 9 copies of each image (im2col was 28% of a run)
// with one padded copy. The views are taken in im2col's order (channel,
// then tap), one step of k each, so every output is the same sequence of
// fused multiply-adds as the im2col GEMM computes, bit for bit, when k
// fits one of its blocks (k ≤ 256).
//
// A fused 2×2/2 max pooling pools straight from the wide rows, and bias
// and ReLU are applied after it, to a quarter of the values: max pooling
// commutes with adding a per-channel constant and with ReLU (both are
// monotonic, and float rounding is monotonic too), NaN included. Without
// a pooling the wide rows are compacted into the output with the bias
// and the ReLU (biasRows).

// shiftedKey keys the Program's cache of weights packed for MulShifted.
type shiftedKey struct{ w *Tensor }

// shiftedWeights returns the m × k weights w packed for sgemm.MulShifted,
// once per Program.
func (x *Executor) shiftedWeights(w *Tensor, m, k int) []float32 {
	key := shiftedKey{w}
	if v, ok := x.p.packed.Load(key); ok {
		return v.([]float32)
	}
	pa := sgemm.PackShifted(m, k, w.Data)
	x.p.packed.Store(key, pa)
	return pa
}

// convShifted computes Conv (one group, unit strides and dilations,
// constant weights), then ReLU when relu is set, then the pooling pg
// when it is not nil (a 2×2/2 MaxPool after a ReLU), into dst through
// sgemm.MulShifted, image by image; it reports false, having done
// nothing, when the convolution or the machine does not qualify.
func convShifted(x *Executor, g *geom2, src []float32, w *Tensor, bias []float32, batch, c, m int, relu bool, pg *poolGeom, dst []float32) bool {
	if !sgemm.HasShifted() || !x.p.isConst[w] || (pg != nil && (!pg.isMax2x2() || !relu)) ||
		g.sh != 1 || g.sw != 1 || g.dh != 1 || g.dw != 1 || g.kh*g.kw < 2 || len(w.Data) != m*c*g.kh*g.kw {
		return false
	}
	hp, wp := g.oh+g.kh-1, g.ow+g.kw-1 // padded input; hp = ph + h + pad at the end
	if hp < g.ph+g.h || wp < g.pw+g.w || g.ph < 0 || g.pw < 0 {
		return false // negative end padding: the input has unread rows
	}
	plane := hp * wp
	ncs := (g.oh-1)*wp + g.ow // wide output pixels, rounded up below
	ncs = (ncs + sgemm.ShiftedWidth - 1) / sgemm.ShiftedWidth * sgemm.ShiftedWidth
	offs := make([]int, 0, c*g.kh*g.kw) // in im2col's order
	for ch := 0; ch < c; ch++ {
		for ki := 0; ki < g.kh; ki++ {
			for kj := 0; kj < g.kw; kj++ {
				offs = append(offs, ch*plane+ki*wp+kj)
			}
		}
	}
	pad := x.scratchBuf(max(c*plane, offs[len(offs)-1]+ncs))
	clear(pad) // the borders stay zero; each image overwrites the inside
	mp := (m + 7) / 8 * 8
	if cap(x.image) < mp*ncs {
		x.image = make([]float32, mp*ncs)
	}
	wide := x.image[:mp*ncs]
	pa := x.shiftedWeights(w, m, c*g.kh*g.kw)
	hw, pp := g.h*g.w, 0
	if pg != nil {
		pp = pg.g.oh * pg.g.ow
	}
	for b := 0; b < batch; b++ {
		img := src[b*c*hw : (b+1)*c*hw]
		for ch := 0; ch < c; ch++ {
			o := ch*plane + g.ph*wp + g.pw
			copyRows(pad[o:], img[ch*hw:(ch+1)*hw], g.h, g.w, wp)
		}
		sgemm.MulShifted(pa, m, 1, offs, pad, plane, ncs, wide, ncs)
		if pg == nil {
			// To the tensor's end: a row's last vector step may spill
			// into the next rows' outputs, written after it.
			p := g.oh * g.ow
			for j := 0; j < m; j++ {
				var bj float32
				if bias != nil {
					bj = bias[j]
				}
				biasRows(dst[(b*m+j)*p:], wide[j*ncs:], g.oh, g.ow, wp, bj, bias != nil, relu)
			}
			continue
		}
		for j := 0; j < m; j++ {
			maxPool2Rows(dst[(b*m+j)*pp:], wide[j*ncs:], pg.g.oh, pg.g.ow, wp, 2*wp)
		}
		out := dst[b*m*pp : (b+1)*m*pp]
		if bias == nil {
			reluInPlace(out)
			continue
		}
		for j := 0; j < m; j++ {
			addBias(out[j*pp:(j+1)*pp], bias[j], true)
		}
	}
	return true
}
