//go:build goexperiment.simd && amd64

package activis

import "simd/archsimd"

// This file is the AVX2 aggregation kernel, compiled only with
// GOEXPERIMENT=simd (Go's experimental simd/archsimd package, Go 1.26):
// the same arithmetic as accumulateGo four neurons at a time. Without
// AVX2 at run time it falls back to the portable kernel.

// hasAVX2 is read once: the CPU does not change.
var hasAVX2 = archsimd.X86.AVX2()

// kernelName names the aggregation kernel in use, for benchmarks.
const kernelName = "avx2"

// rowFinite reports whether every value of x is finite (see rowFiniteGo:
// a float32 sum, here eight lanes at a time).
func rowFinite(x []float32) bool {
	if !hasAVX2 {
		return rowFiniteGo(x)
	}
	n := len(x)
	a := archsimd.BroadcastFloat32x8(0)
	b := a
	j := 0
	for ; j+16 <= n; j += 16 {
		a = a.Add(archsimd.LoadFloat32x8Slice(x[j:]))
		b = b.Add(archsimd.LoadFloat32x8Slice(x[j+8:]))
	}
	var lanes [8]float32
	a.Add(b).StoreSlice(lanes[:])
	var s float32
	for _, v := range lanes {
		s += v
	}
	for ; j < n; j++ {
		s += x[j]
	}
	return s-s == 0
}

// accumulate adds one finite row x to one row's statistics.
func accumulate(sum, sq []float64, act []int64, mn, mx []float32, x []float32) {
	if !hasAVX2 {
		accumulateGo(sum, sq, act, mn, mx, x)
		return
	}
	n := len(x)
	sum, sq, act, mn, mx = sum[:n], sq[:n], act[:n], mn[:n], mx[:n]
	zero := archsimd.BroadcastFloat64x4(0)
	j := 0
	for ; j+4 <= n; j += 4 {
		a := archsimd.LoadFloat32x4Slice(x[j:])
		archsimd.LoadFloat32x4Slice(mn[j:]).Min(a).StoreSlice(mn[j:])
		archsimd.LoadFloat32x4Slice(mx[j:]).Max(a).StoreSlice(mx[j:])
		d := a.ConvertToFloat64()
		archsimd.LoadFloat64x4Slice(sum[j:]).Add(d).StoreSlice(sum[j:])
		archsimd.LoadFloat64x4Slice(sq[j:]).Add(d.Mul(d)).StoreSlice(sq[j:])
		archsimd.LoadInt64x4Slice(act[j:]).Sub(d.Greater(zero).ToInt64x4()).StoreSlice(act[j:])
	}
	if j < n {
		accumulateGo(sum[j:], sq[j:], act[j:], mn[j:], mx[j:], x[j:])
	}
}

// accumulate4 adds four finite rows to one row's statistics.
func accumulate4(sum, sq []float64, act []int64, mn, mx []float32, x0, x1, x2, x3 []float32) {
	if !hasAVX2 {
		accumulate4Go(sum, sq, act, mn, mx, x0, x1, x2, x3)
		return
	}
	n := len(sum)
	sq, act, mn, mx = sq[:n], act[:n], mn[:n], mx[:n]
	x0, x1, x2, x3 = x0[:n], x1[:n], x2[:n], x3[:n]
	zero := archsimd.BroadcastFloat64x4(0)
	j := 0
	for ; j+4 <= n; j += 4 {
		a0 := archsimd.LoadFloat32x4Slice(x0[j:])
		a1 := archsimd.LoadFloat32x4Slice(x1[j:])
		a2 := archsimd.LoadFloat32x4Slice(x2[j:])
		a3 := archsimd.LoadFloat32x4Slice(x3[j:])
		lo := a0.Min(a1).Min(a2.Min(a3))
		hi := a0.Max(a1).Max(a2.Max(a3))
		archsimd.LoadFloat32x4Slice(mn[j:]).Min(lo).StoreSlice(mn[j:])
		archsimd.LoadFloat32x4Slice(mx[j:]).Max(hi).StoreSlice(mx[j:])
		d0, d1 := a0.ConvertToFloat64(), a1.ConvertToFloat64()
		d2, d3 := a2.ConvertToFloat64(), a3.ConvertToFloat64()
		s := d0.Add(d1).Add(d2.Add(d3))
		archsimd.LoadFloat64x4Slice(sum[j:]).Add(s).StoreSlice(sum[j:])
		q := d0.Mul(d0).Add(d1.Mul(d1)).Add(d2.Mul(d2).Add(d3.Mul(d3)))
		archsimd.LoadFloat64x4Slice(sq[j:]).Add(q).StoreSlice(sq[j:])
		c := d0.Greater(zero).ToInt64x4().Add(d1.Greater(zero).ToInt64x4()).
			Add(d2.Greater(zero).ToInt64x4().Add(d3.Greater(zero).ToInt64x4()))
		archsimd.LoadInt64x4Slice(act[j:]).Sub(c).StoreSlice(act[j:])
	}
	if j < n {
		accumulate4Go(sum[j:], sq[j:], act[j:], mn[j:], mx[j:], x0[j:], x1[j:], x2[j:], x3[j:])
	}
}
