//go:build goexperiment.simd && amd64

package accumulate

import "simd/archsimd"

// SumRows adds rows idx of rows (row k is rows[k*len(acc):][:len(acc)])
// to the float32 partial sums acc. The rows must be finite; callers bound
// how many rows a partial sum holds (see FoldMean) for its accuracy.
// AVX-512: 128 neurons (eight registers) at a time, each member's values
// loaded once per tile and added to registers that are stored once per
// tile; AVX2: 64 neurons at a time.
func SumRows(acc, rows []float32, idx []int) {
	switch {
	case hasAVX512:
		sumRowsAVX512(acc, rows, len(acc), idx)
	case hasAVX2:
		sumRowsAVX2(acc, rows, len(acc), idx)
	default:
		sumRowsAxpy(acc, rows, len(acc), idx)
	}
}

// SumSqRows adds rows idx of rows, less shift, to the float32 partial sums
// acc and the partial sums of squares sq (see FoldMeanStd).
func SumSqRows(acc, sq, shift, rows []float32, idx []int) {
	switch {
	case hasAVX512:
		sumSqRowsAVX512(acc, sq, shift, rows, len(acc), idx)
	case hasAVX2 && hasFMA:
		sumSqRowsAVX2(acc, sq, shift, rows, len(acc), idx)
	default:
		sumSqRowsGo(acc, sq, shift, rows, len(acc), idx)
	}
}

// sumKernels returns the partial-sum kernels this CPU can run, by name,
// for tests.
func sumKernels() (map[string]sumKernel, map[string]sumSqKernel) {
	s := map[string]sumKernel{"go": sumRowsGo, "axpy": sumRowsAxpy}
	q := map[string]sumSqKernel{"go": sumSqRowsGo}
	if hasAVX2 {
		s["avx2"] = sumRowsAVX2
	}
	if hasAVX2 && hasFMA {
		q["avx2"] = sumSqRowsAVX2
	}
	if hasAVX512 {
		s["avx512"] = sumRowsAVX512
		q["avx512"] = sumSqRowsAVX512
	}
	return s, q
}

// sumRowsAVX512 is SumRows with AVX-512 for rows of stride d; columns
// past the last 16-wide tile go to sumRowsAVX2.
func sumRowsAVX512(acc, rows []float32, d int, idx []int) {
	w := len(acc)
	j := 0
	for ; j+128 <= w; j += 128 {
		a := acc[j : j+128]
		a0 := archsimd.LoadFloat32x16Slice(a)
		a1 := archsimd.LoadFloat32x16Slice(a[16:])
		a2 := archsimd.LoadFloat32x16Slice(a[32:])
		a3 := archsimd.LoadFloat32x16Slice(a[48:])
		a4 := archsimd.LoadFloat32x16Slice(a[64:])
		a5 := archsimd.LoadFloat32x16Slice(a[80:])
		a6 := archsimd.LoadFloat32x16Slice(a[96:])
		a7 := archsimd.LoadFloat32x16Slice(a[112:])
		for _, k := range idx {
			x := rows[k*d+j : k*d+j+128]
			a0 = a0.Add(archsimd.LoadFloat32x16Slice(x))
			a1 = a1.Add(archsimd.LoadFloat32x16Slice(x[16:]))
			a2 = a2.Add(archsimd.LoadFloat32x16Slice(x[32:]))
			a3 = a3.Add(archsimd.LoadFloat32x16Slice(x[48:]))
			a4 = a4.Add(archsimd.LoadFloat32x16Slice(x[64:]))
			a5 = a5.Add(archsimd.LoadFloat32x16Slice(x[80:]))
			a6 = a6.Add(archsimd.LoadFloat32x16Slice(x[96:]))
			a7 = a7.Add(archsimd.LoadFloat32x16Slice(x[112:]))
		}
		a0.StoreSlice(a)
		a1.StoreSlice(a[16:])
		a2.StoreSlice(a[32:])
		a3.StoreSlice(a[48:])
		a4.StoreSlice(a[64:])
		a5.StoreSlice(a[80:])
		a6.StoreSlice(a[96:])
		a7.StoreSlice(a[112:])
	}
	for ; j+16 <= w; j += 16 {
		a0 := archsimd.LoadFloat32x16Slice(acc[j:])
		for _, k := range idx {
			a0 = a0.Add(archsimd.LoadFloat32x16Slice(rows[k*d+j : k*d+j+16]))
		}
		a0.StoreSlice(acc[j:])
	}
	archsimd.ClearAVXUpperBits() // see the note above hasAVX2
	if j < w {
		sumRowsAVX2(acc[j:], rows[j:], d, idx)
	}
}

// sumRowsAVX2 is SumRows with AVX2 for rows of stride d: 64 neurons at a
// time, then 8; the last columns in Go.
func sumRowsAVX2(acc, rows []float32, d int, idx []int) {
	w := len(acc)
	j := 0
	for ; j+64 <= w; j += 64 {
		a := acc[j : j+64]
		a0 := archsimd.LoadFloat32x8Slice(a)
		a1 := archsimd.LoadFloat32x8Slice(a[8:])
		a2 := archsimd.LoadFloat32x8Slice(a[16:])
		a3 := archsimd.LoadFloat32x8Slice(a[24:])
		a4 := archsimd.LoadFloat32x8Slice(a[32:])
		a5 := archsimd.LoadFloat32x8Slice(a[40:])
		a6 := archsimd.LoadFloat32x8Slice(a[48:])
		a7 := archsimd.LoadFloat32x8Slice(a[56:])
		for _, k := range idx {
			x := rows[k*d+j : k*d+j+64]
			a0 = a0.Add(archsimd.LoadFloat32x8Slice(x))
			a1 = a1.Add(archsimd.LoadFloat32x8Slice(x[8:]))
			a2 = a2.Add(archsimd.LoadFloat32x8Slice(x[16:]))
			a3 = a3.Add(archsimd.LoadFloat32x8Slice(x[24:]))
			a4 = a4.Add(archsimd.LoadFloat32x8Slice(x[32:]))
			a5 = a5.Add(archsimd.LoadFloat32x8Slice(x[40:]))
			a6 = a6.Add(archsimd.LoadFloat32x8Slice(x[48:]))
			a7 = a7.Add(archsimd.LoadFloat32x8Slice(x[56:]))
		}
		a0.StoreSlice(a)
		a1.StoreSlice(a[8:])
		a2.StoreSlice(a[16:])
		a3.StoreSlice(a[24:])
		a4.StoreSlice(a[32:])
		a5.StoreSlice(a[40:])
		a6.StoreSlice(a[48:])
		a7.StoreSlice(a[56:])
	}
	for ; j+8 <= w; j += 8 {
		a0 := archsimd.LoadFloat32x8Slice(acc[j:])
		for _, k := range idx {
			a0 = a0.Add(archsimd.LoadFloat32x8Slice(rows[k*d+j : k*d+j+8]))
		}
		a0.StoreSlice(acc[j:])
	}
	archsimd.ClearAVXUpperBits()
	if j < w {
		sumRowsGo(acc[j:], rows[j:], d, idx)
	}
}

// sumSqRowsAVX512 is SumSqRows with AVX-512 for rows of stride d: 64
// neurons at a time (four registers each of shift, sum and sum of
// squares), then 16; the rest goes to sumSqRowsAVX2.
func sumSqRowsAVX512(acc, sq, shift, rows []float32, d int, idx []int) {
	w := len(acc)
	sq, shift = sq[:w], shift[:w]
	j := 0
	for ; j+64 <= w; j += 64 {
		a, q, c := acc[j:j+64], sq[j:j+64], shift[j:j+64]
		k0 := archsimd.LoadFloat32x16Slice(c)
		k1 := archsimd.LoadFloat32x16Slice(c[16:])
		k2 := archsimd.LoadFloat32x16Slice(c[32:])
		k3 := archsimd.LoadFloat32x16Slice(c[48:])
		a0 := archsimd.LoadFloat32x16Slice(a)
		a1 := archsimd.LoadFloat32x16Slice(a[16:])
		a2 := archsimd.LoadFloat32x16Slice(a[32:])
		a3 := archsimd.LoadFloat32x16Slice(a[48:])
		q0 := archsimd.LoadFloat32x16Slice(q)
		q1 := archsimd.LoadFloat32x16Slice(q[16:])
		q2 := archsimd.LoadFloat32x16Slice(q[32:])
		q3 := archsimd.LoadFloat32x16Slice(q[48:])
		for _, k := range idx {
			x := rows[k*d+j : k*d+j+64]
			v0 := archsimd.LoadFloat32x16Slice(x).Sub(k0)
			v1 := archsimd.LoadFloat32x16Slice(x[16:]).Sub(k1)
			v2 := archsimd.LoadFloat32x16Slice(x[32:]).Sub(k2)
			v3 := archsimd.LoadFloat32x16Slice(x[48:]).Sub(k3)
			a0, a1, a2, a3 = a0.Add(v0), a1.Add(v1), a2.Add(v2), a3.Add(v3)
			q0, q1, q2, q3 = v0.MulAdd(v0, q0), v1.MulAdd(v1, q1), v2.MulAdd(v2, q2), v3.MulAdd(v3, q3)
		}
		a0.StoreSlice(a)
		a1.StoreSlice(a[16:])
		a2.StoreSlice(a[32:])
		a3.StoreSlice(a[48:])
		q0.StoreSlice(q)
		q1.StoreSlice(q[16:])
		q2.StoreSlice(q[32:])
		q3.StoreSlice(q[48:])
	}
	for ; j+16 <= w; j += 16 {
		k0 := archsimd.LoadFloat32x16Slice(shift[j:])
		a0 := archsimd.LoadFloat32x16Slice(acc[j:])
		q0 := archsimd.LoadFloat32x16Slice(sq[j:])
		for _, k := range idx {
			v0 := archsimd.LoadFloat32x16Slice(rows[k*d+j : k*d+j+16]).Sub(k0)
			a0 = a0.Add(v0)
			q0 = v0.MulAdd(v0, q0)
		}
		a0.StoreSlice(acc[j:])
		q0.StoreSlice(sq[j:])
	}
	archsimd.ClearAVXUpperBits()
	if j < w {
		sumSqRowsAVX2(acc[j:], sq[j:], shift[j:], rows[j:], d, idx)
	}
}

// sumSqRowsAVX2 is SumSqRows with AVX2 and FMA for rows of stride d: 32
// neurons at a time, then 8; the last columns in Go.
func sumSqRowsAVX2(acc, sq, shift, rows []float32, d int, idx []int) {
	w := len(acc)
	sq, shift = sq[:w], shift[:w]
	j := 0
	for ; j+32 <= w; j += 32 {
		a, q, c := acc[j:j+32], sq[j:j+32], shift[j:j+32]
		k0 := archsimd.LoadFloat32x8Slice(c)
		k1 := archsimd.LoadFloat32x8Slice(c[8:])
		k2 := archsimd.LoadFloat32x8Slice(c[16:])
		k3 := archsimd.LoadFloat32x8Slice(c[24:])
		a0 := archsimd.LoadFloat32x8Slice(a)
		a1 := archsimd.LoadFloat32x8Slice(a[8:])
		a2 := archsimd.LoadFloat32x8Slice(a[16:])
		a3 := archsimd.LoadFloat32x8Slice(a[24:])
		q0 := archsimd.LoadFloat32x8Slice(q)
		q1 := archsimd.LoadFloat32x8Slice(q[8:])
		q2 := archsimd.LoadFloat32x8Slice(q[16:])
		q3 := archsimd.LoadFloat32x8Slice(q[24:])
		for _, k := range idx {
			x := rows[k*d+j : k*d+j+32]
			v0 := archsimd.LoadFloat32x8Slice(x).Sub(k0)
			v1 := archsimd.LoadFloat32x8Slice(x[8:]).Sub(k1)
			v2 := archsimd.LoadFloat32x8Slice(x[16:]).Sub(k2)
			v3 := archsimd.LoadFloat32x8Slice(x[24:]).Sub(k3)
			a0, a1, a2, a3 = a0.Add(v0), a1.Add(v1), a2.Add(v2), a3.Add(v3)
			q0, q1, q2, q3 = v0.MulAdd(v0, q0), v1.MulAdd(v1, q1), v2.MulAdd(v2, q2), v3.MulAdd(v3, q3)
		}
		a0.StoreSlice(a)
		a1.StoreSlice(a[8:])
		a2.StoreSlice(a[16:])
		a3.StoreSlice(a[24:])
		q0.StoreSlice(q)
		q1.StoreSlice(q[8:])
		q2.StoreSlice(q[16:])
		q3.StoreSlice(q[24:])
	}
	for ; j+8 <= w; j += 8 {
		k0 := archsimd.LoadFloat32x8Slice(shift[j:])
		a0 := archsimd.LoadFloat32x8Slice(acc[j:])
		q0 := archsimd.LoadFloat32x8Slice(sq[j:])
		for _, k := range idx {
			v0 := archsimd.LoadFloat32x8Slice(rows[k*d+j : k*d+j+8]).Sub(k0)
			a0 = a0.Add(v0)
			q0 = v0.MulAdd(v0, q0)
		}
		a0.StoreSlice(acc[j:])
		q0.StoreSlice(sq[j:])
	}
	archsimd.ClearAVXUpperBits()
	if j < w {
		sumSqRowsGo(acc[j:], sq[j:], shift[j:], rows[j:], d, idx)
	}
}

// FoldMean adds the float32 partial sums p into the float64 sums and
// clears p (eight values at a time with AVX-512, four with AVX2).
func FoldMean(sum []float64, p []float32) {
	n := len(p)
	sum = sum[:n]
	j := 0
	switch {
	case hasAVX512:
		for ; j+8 <= n; j += 8 {
			archsimd.LoadFloat64x8Slice(sum[j:]).Add(archsimd.LoadFloat32x8Slice(p[j:]).ConvertToFloat64()).StoreSlice(sum[j:])
		}
		archsimd.ClearAVXUpperBits()
	case hasAVX2:
		for ; j+4 <= n; j += 4 {
			archsimd.LoadFloat64x4Slice(sum[j:]).Add(archsimd.LoadFloat32x4Slice(p[j:]).ConvertToFloat64()).StoreSlice(sum[j:])
		}
		archsimd.ClearAVXUpperBits()
	}
	foldMeanGo(sum[j:], p[j:])
	clear(p)
}

// FoldMeanStd adds partial sums of n rows taken about shift (p = Σ(x−K),
// q = Σ(x−K)², see SumSqRows) into the float64 sums of the values and of
// their squares, Σx = p + nK and Σx² = q + 2Kp + nK², and clears p and q
// (eight values at a time with AVX-512).
func FoldMeanStd(sum, sq []float64, p, q, shift []float32, n int) {
	d := len(p)
	sum, sq, q, shift = sum[:d], sq[:d], q[:d], shift[:d]
	j := 0
	if hasAVX512 {
		fn := archsimd.BroadcastFloat64x8(float64(n))
		two := archsimd.BroadcastFloat64x8(2)
		for ; j+8 <= d; j += 8 {
			k := archsimd.LoadFloat32x8Slice(shift[j:]).ConvertToFloat64()
			s := archsimd.LoadFloat32x8Slice(p[j:]).ConvertToFloat64()
			qq := archsimd.LoadFloat32x8Slice(q[j:]).ConvertToFloat64()
			nk := fn.Mul(k)
			archsimd.LoadFloat64x8Slice(sum[j:]).Add(s.Add(nk)).StoreSlice(sum[j:])
			// q + 2Kp + nK², the same operations as foldMeanStdGo.
			t := qq.Add(two.Mul(k).Mul(s)).Add(nk.Mul(k))
			archsimd.LoadFloat64x8Slice(sq[j:]).Add(t).StoreSlice(sq[j:])
		}
		archsimd.ClearAVXUpperBits()
	}
	foldMeanStdGo(sum[j:], sq[j:], p[j:], q[j:], shift[j:], n)
	clear(p)
	clear(q)
}
