//go:build goexperiment.simd && amd64

package infer

import "simd/archsimd"

var hasAVX512 = archsimd.X86.AVX512()

// reluInto writes relu(src) into dst, sixteen values at a time with
// AVX-512 (GOEXPERIMENT=simd builds): the conditional store of the
// portable loop mispredicts on activations, about half of them negative.
func reluInto(dst, src []float32) {
	if !hasAVX512 {
		reluGo(dst, src)
		return
	}
	dst = dst[:len(src)]
	zero := archsimd.BroadcastFloat32x16(0)
	i := 0
	for ; i+16 <= len(src); i += 16 {
		x := archsimd.LoadFloat32x16Slice(src[i:])
		// Max gives 0 for NaN; keep x where x is NaN (x != x).
		x.Max(zero).Merge(x, x.Equal(x)).StoreSlice(dst[i:])
	}
	// Scalar float code after AVX runs at half speed until VZEROUPPER.
	archsimd.ClearAVXUpperBits()
	reluGo(dst[i:], src[i:])
}

// addBias adds b to every value of v and, when relu is set, applies relu
// (GOEXPERIMENT=simd builds: sixteen values at a time with AVX-512).
func addBias(v []float32, b float32, relu bool) {
	if !hasAVX512 {
		addBiasGo(v, b, relu)
		return
	}
	bv := archsimd.BroadcastFloat32x16(b)
	zero := archsimd.BroadcastFloat32x16(0)
	i := 0
	for ; i+16 <= len(v); i += 16 {
		x := archsimd.LoadFloat32x16Slice(v[i:]).Add(bv)
		if relu {
			x = x.Max(zero).Merge(x, x.Equal(x))
		}
		x.StoreSlice(v[i:])
	}
	archsimd.ClearAVXUpperBits()
	addBiasGo(v[i:], b, relu)
}
