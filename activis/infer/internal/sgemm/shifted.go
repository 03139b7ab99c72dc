package sgemm

import "fmt"

// ShiftedWidth is the granularity of MulShifted's n: a multiple of 16.
const ShiftedWidth = 16

// PackShifted packs the m×k row-major matrix a (stride k) as the left
// operand of MulShifted: panels of 8 rows, zero-padded to a multiple of 8.
func PackShifted(m, k int, a []float32) []float32 {
	if m <= 0 || k <= 0 {
		return nil
	}
	return packAll(8, k, false, m, k, 1, a[:m*k], k)
}

// HasShifted reports whether MulShifted runs an assembly kernel on this
// CPU; without one it is a plain Go loop, correct but slow, and callers
// should prefer im2col and Gemm.
func HasShifted() bool { return haveShifted }

// MulShifted computes, for i < roundUp(m, 8) and j < n,
//
//	c[i·ldc+j] = Σ_{t<len(offs)} Σ_{p<kc} A(i, t·kc+p) · b[offs[t] + p·ldb + j]
//
// where A is the m×(len(offs)·kc) matrix packed by PackShifted (its rows
// past m are zero, and so are those rows of c). It is a GEMM whose right
// operand is len(offs) shifted views of b: a stride-1 convolution whose
// kernel taps read the zero-padded input image (kc channels ldb apart) at
// the offsets offs, with no im2col matrix. n must be a positive multiple
// of ShiftedWidth; it panics when an operand is too short.
func MulShifted(pa []float32, m, kc int, offs []int, b []float32, ldb, n int, c []float32, ldc int) {
	mp := (m + 7) / 8 * 8
	taps := len(offs)
	if m <= 0 || kc <= 0 || taps == 0 || n <= 0 || n%ShiftedWidth != 0 || ldc < n {
		panic(fmt.Sprintf("sgemm: MulShifted of m %d, kc %d, %d offsets, n %d, ldc %d", m, kc, taps, n, ldc))
	}
	if len(pa) < mp*taps*kc || len(c) < (mp-1)*ldc+n {
		panic(fmt.Sprintf("sgemm: MulShifted operands too short: A %d of %d, C %d of %d", len(pa), mp*taps*kc, len(c), (mp-1)*ldc+n))
	}
	for _, o := range offs {
		if o < 0 || o+(kc-1)*ldb+n > len(b) {
			panic(fmt.Sprintf("sgemm: MulShifted reads b[%d:%d] of %d", o, o+(kc-1)*ldb+n, len(b)))
		}
	}
	if haveShifted {
		mulShiftedAsm(pa, mp, kc, offs, b, ldb, n, c, ldc)
		return
	}
	mulShiftedGo(pa, mp, kc, offs, b, ldb, n, c, ldc)
}

// mulShiftedGo is MulShifted in plain Go (mp a multiple of 8).
func mulShiftedGo(pa []float32, mp, kc int, offs []int, b []float32, ldb, n int, c []float32, ldc int) {
	k := len(offs) * kc
	for i := 0; i < mp; i++ {
		row := c[i*ldc : i*ldc+n]
		clear(row)
		panel := pa[i/8*8*k:]
		for t, o := range offs {
			for p := 0; p < kc; p++ {
				av := panel[(t*kc+p)*8+i%8]
				src := b[o+p*ldb : o+p*ldb+n]
				for j, v := range src {
					row[j] += av * v
				}
			}
		}
	}
}
