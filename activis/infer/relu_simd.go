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

// biasRows writes rows rows of w values, row r read from src[r·stride:],
// to dst[r·w:], adding b when bias is set and applying relu when relu is
// (GOEXPERIMENT=simd builds). Rows are short (28 and 14 in the demo CNN),
// so each is done in 16-wide steps whose last one may spill into the
// following rows' outputs, written after it; dst may extend past the
// rows (to the tensor's end) for that, and must not overlap src. Only
// steps that would read or write past the slices go through the loop.
func biasRows(dst, src []float32, rows, w, stride int, b float32, bias, relu bool) {
	if !hasAVX512 {
		biasRowsGo(dst, src, rows, w, stride, b, bias, relu)
		return
	}
	bv := archsimd.BroadcastFloat32x16(b)
	zero := archsimd.BroadcastFloat32x16(0)
	for r := 0; r < rows; r++ {
		s, o := r*stride, r*w
		x := 0
		for ; x < w && o+x+16 <= len(dst) && s+x+16 <= len(src); x += 16 {
			v := archsimd.LoadFloat32x16Slice(src[s+x:])
			if bias {
				v = v.Add(bv)
			}
			if relu {
				v = v.Max(zero).Merge(v, v.Equal(v))
			}
			v.StoreSlice(dst[o+x:])
		}
		if x < w {
			archsimd.ClearAVXUpperBits()
			biasRowsGo(dst[o+x:], src[s+x:], 1, w-x, w-x, b, bias, relu)
		}
	}
	archsimd.ClearAVXUpperBits()
}

// copyRows copies rows rows of w values from src (row r at r·w) to dst
// (row r at r·stride), sixteen values per AVX-512 step (GOEXPERIMENT=simd
// builds): the rows are short (28 and 14 values in the demo CNN), too
// short for a memmove call each. A row's last step is the sixteen values
// that end it (overlapping the step before), not a masked partial step:
// archsimd's partial loads and stores convert the slice to a 16-element
// array pointer, which the race detector's pointer checks reject when the
// array would straddle the end of an allocation. Rows shorter than
// sixteen are copied in Go.
func copyRows(dst, src []float32, rows, w, stride int) {
	if !hasAVX512 || w < 16 {
		copyRowsGo(dst, src, rows, w, stride)
		return
	}
	for r := 0; r < rows; r++ {
		in, out := src[r*w:(r+1)*w], dst[r*stride:r*stride+w]
		x := 0
		for ; x+16 <= w; x += 16 {
			archsimd.LoadFloat32x16Slice(in[x:]).StoreSlice(out[x:])
		}
		if x < w {
			archsimd.LoadFloat32x16Slice(in[w-16:]).StoreSlice(out[w-16:])
		}
	}
	archsimd.ClearAVXUpperBits()
}
