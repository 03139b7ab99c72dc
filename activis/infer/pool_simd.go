//go:build goexperiment.simd && amd64

package infer

import "simd/archsimd"

// pairIndex holds the lanes that pick even (first 16) and odd (last 16)
// positions out of two concatenated vectors.
var pairIndex = [32]uint32{
	0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30,
	1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31,
}

// maxPool2Rows computes rows output rows of a 2×2, stride 2 max pooling
// of width ow: output row r (out[r·ow:(r+1)·ow]) pools input rows
// src[r·stride:] and src[r·stride+w:]. Rows are mostly shorter than a
// vector (28 → 14 and 14 → 7 in the demo CNN), so each row is done with
// full 16-wide steps whose last one may spill into the following rows'
// outputs: the rows are written in order, so the spill is overwritten
// before anything reads it. Only steps that would read past src or write
// past out go through a copy. out must not overlap src.
func maxPool2Rows(out, src []float32, rows, ow, w, stride int) {
	if !hasAVX512 {
		maxPool2RowsGo(out, src, rows, ow, w, stride)
		return
	}
	even := archsimd.LoadUint32x16Slice(pairIndex[:16])
	odd := archsimd.LoadUint32x16Slice(pairIndex[16:])
	step := func(out, r0, r1 []float32) { // 16 outputs from 32 columns
		m0 := maxNaN(archsimd.LoadFloat32x16Slice(r0), archsimd.LoadFloat32x16Slice(r1))
		m1 := maxNaN(archsimd.LoadFloat32x16Slice(r0[16:]), archsimd.LoadFloat32x16Slice(r1[16:]))
		maxNaN(m0.ConcatPermute(m1, even), m0.ConcatPermute(m1, odd)).StoreSlice(out)
	}
	for r := 0; r < rows; r++ {
		s0, s1, o := r*stride, r*stride+w, r*ow
		x := 0
		for ; x < ow && o+x+16 <= len(out) && s1+2*x+32 <= len(src); x += 16 {
			step(out[o+x:o+x+16], src[s0+2*x:s0+2*x+32], src[s1+2*x:s1+2*x+32])
		}
		if x < ow {
			// The last steps of the tensor, through full-width copies.
			for ; x < ow; x += 16 {
				n := min(16, ow-x)
				var a, b [32]float32
				var c [16]float32
				copy(a[:], src[s0+2*x:s0+2*(x+n)])
				copy(b[:], src[s1+2*x:s1+2*(x+n)])
				step(c[:], a[:], b[:])
				copy(out[o+x:o+x+n], c[:n])
			}
		}
	}
	archsimd.ClearAVXUpperBits()
}

// maxNaN is the lane-wise maximum with NaN propagating from either side.
func maxNaN(x, y archsimd.Float32x16) archsimd.Float32x16 {
	return x.Max(y).Merge(x.Add(y), x.Equal(x).And(y.Equal(y)))
}
