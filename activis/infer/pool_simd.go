//go:build goexperiment.simd && amd64

package infer

import "simd/archsimd"

// pairIndex holds the lanes that pick even (first 16) and odd (last 16)
// positions out of two concatenated vectors.
var pairIndex = [32]uint32{
	0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30,
	1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31,
}

// maxPool2Row computes one output row of a 2×2, stride 2 max pooling from
// input rows r0 and r1 (len(out) outputs; r0 and r1 hold at least
// 2·len(out) values), sixteen outputs at a time with AVX-512
// (GOEXPERIMENT=simd builds). NaN propagates as in PyTorch: a window
// holding one gives NaN.
func maxPool2Row(out, r0, r1 []float32) {
	if !hasAVX512 {
		maxPool2RowGo(out, r0, r1)
		return
	}
	even := archsimd.LoadUint32x16Slice(pairIndex[:16])
	odd := archsimd.LoadUint32x16Slice(pairIndex[16:])
	for o := 0; o < len(out); o += 16 {
		c := 2 * o
		n := min(32, 2*len(out)-c) // input columns in this step
		a0 := archsimd.LoadFloat32x16SlicePart(r0[c : c+min(n, 16)])
		b0 := archsimd.LoadFloat32x16SlicePart(r1[c : c+min(n, 16)])
		var a1, b1 archsimd.Float32x16
		if n > 16 {
			a1 = archsimd.LoadFloat32x16SlicePart(r0[c+16 : c+n])
			b1 = archsimd.LoadFloat32x16SlicePart(r1[c+16 : c+n])
		}
		m0, m1 := maxNaN(a0, b0), maxNaN(a1, b1)
		maxNaN(m0.ConcatPermute(m1, even), m0.ConcatPermute(m1, odd)).StoreSlicePart(out[o:min(o+16, len(out))])
	}
}

// maxNaN is the lane-wise maximum with NaN propagating from either side.
func maxNaN(x, y archsimd.Float32x16) archsimd.Float32x16 {
	return x.Max(y).Merge(x.Add(y), x.Equal(x).And(y.Equal(y)))
}
