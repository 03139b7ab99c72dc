//go:build goexperiment.simd && amd64

package sgemm

import "simd/archsimd"

// This file holds the SIMD micro-kernels, compiled only with
// GOEXPERIMENT=simd (Go's experimental simd/archsimd package, Go 1.26).
//
// The tile is 4×32 in eight Float32x16 accumulators (AVX-512) or 4×16 in
// eight Float32x8 (AVX2 + FMA): per step of k, two vectors of B and a
// broadcast of each of the four values of A. Other tiles measured with
// Go 1.26 (6×16, 3×24, 5×32, 6×32) were no faster or slower: the compiler
// schedules all loads of a step before its multiply-adds and allocates
// only 15 vector registers, so bigger tiles spill.
//
// The kernels do no scalar float arithmetic: Go compiles it to legacy SSE
// instructions, which next to dirty upper halves of the vector registers
// made the AVX-512 kernel three to four times slower on Zen 4. So beta arrives as a
// mode and a pointer, and the kernels end with VZEROUPPER
// (ClearAVXUpperBits) before the scalar Go code that runs between them.

// The CPU's features are read once: they do not change.
var (
	haveAVX2FMA = archsimd.X86.AVX2() && archsimd.X86.FMA()
	haveAVX512  = archsimd.X86.AVX512()
)

// kernelAVX512 and kernelAVX2 build the two micro-kernels.
func kernelAVX512() microKernel {
	return microKernel{mr: 4, nr: 32, run: kernel4x32, edges: []edgeKernel{{16, kernel4x16}}}
}

func kernelAVX2() microKernel { return microKernel{mr: 4, nr: 16, run: kernel4x16} }

// pickKernel returns the fastest micro-kernel the CPU can run: the 8×48
// assembly kernel with AVX-512 (kernel_amd64.s; about twice the 4×32
// archsimd kernel below, which spills at larger tiles), or the 6×16
// assembly kernel with AVX2 and FMA (kernel_avx2_amd64.s; 1.7× the 4×16
// archsimd kernel at the demo CNN's conv2 and at 256³, measured on an
// AVX-512 CPU). The archsimd kernels stay as the assembly kernels'
// baselines in BenchmarkKernels.
func pickKernel() (microKernel, bool) {
	switch {
	case haveAVX512F:
		return kernelAVX512asm(), true
	case haveAVX2FMAasm:
		return kernelAVX2asm(), true
	case haveAVX2FMA:
		return kernelAVX2(), true
	}
	return microKernel{}, false
}

// kernel4x16 is the microKernel for mr = 4, nr = 16. Row p of the B panel
// is b[p*ldb : p*ldb+16]: a packed panel has ldb = 16, an unpacked
// row-major op(B) its own stride. The k loop is unrolled twice, written
// with indices (cheaper than advancing slices).
func kernel4x16(kc int, a, b []float32, ldb int, c []float32, ldc int, mode int, beta *float32) {
	a = a[:4*kc]
	var c00, c01, c10, c11, c20, c21, c30, c31 archsimd.Float32x8
	p := 0
	for ; p+2 <= kc; p += 2 {
		aa := a[4*p : 4*p+8]
		bb := b[p*ldb : p*ldb+16]
		b0 := archsimd.LoadFloat32x8((*[8]float32)(bb[0:8]))
		b1 := archsimd.LoadFloat32x8((*[8]float32)(bb[8:16]))
		x := archsimd.BroadcastFloat32x8(aa[0])
		c00 = x.MulAdd(b0, c00)
		c01 = x.MulAdd(b1, c01)
		x = archsimd.BroadcastFloat32x8(aa[1])
		c10 = x.MulAdd(b0, c10)
		c11 = x.MulAdd(b1, c11)
		x = archsimd.BroadcastFloat32x8(aa[2])
		c20 = x.MulAdd(b0, c20)
		c21 = x.MulAdd(b1, c21)
		x = archsimd.BroadcastFloat32x8(aa[3])
		c30 = x.MulAdd(b0, c30)
		c31 = x.MulAdd(b1, c31)
		bb = b[(p+1)*ldb : (p+1)*ldb+16]
		b0 = archsimd.LoadFloat32x8((*[8]float32)(bb[0:8]))
		b1 = archsimd.LoadFloat32x8((*[8]float32)(bb[8:16]))
		x = archsimd.BroadcastFloat32x8(aa[4:8][0])
		c00 = x.MulAdd(b0, c00)
		c01 = x.MulAdd(b1, c01)
		x = archsimd.BroadcastFloat32x8(aa[4:8][1])
		c10 = x.MulAdd(b0, c10)
		c11 = x.MulAdd(b1, c11)
		x = archsimd.BroadcastFloat32x8(aa[4:8][2])
		c20 = x.MulAdd(b0, c20)
		c21 = x.MulAdd(b1, c21)
		x = archsimd.BroadcastFloat32x8(aa[4:8][3])
		c30 = x.MulAdd(b0, c30)
		c31 = x.MulAdd(b1, c31)
	}
	if p < kc {
		aa := a[4*p : 4*p+4]
		bb := b[p*ldb : p*ldb+16]
		b0 := archsimd.LoadFloat32x8((*[8]float32)(bb[0:8]))
		b1 := archsimd.LoadFloat32x8((*[8]float32)(bb[8:16]))
		x := archsimd.BroadcastFloat32x8(aa[0])
		c00 = x.MulAdd(b0, c00)
		c01 = x.MulAdd(b1, c01)
		x = archsimd.BroadcastFloat32x8(aa[1])
		c10 = x.MulAdd(b0, c10)
		c11 = x.MulAdd(b1, c11)
		x = archsimd.BroadcastFloat32x8(aa[2])
		c20 = x.MulAdd(b0, c20)
		c21 = x.MulAdd(b1, c21)
		x = archsimd.BroadcastFloat32x8(aa[3])
		c30 = x.MulAdd(b0, c30)
		c31 = x.MulAdd(b1, c31)
	}
	c = c[:3*ldc+16]
	storeRow(c[0:16], c00, c01, mode, beta)
	storeRow(c[ldc:ldc+16], c10, c11, mode, beta)
	storeRow(c[2*ldc:2*ldc+16], c20, c21, mode, beta)
	storeRow(c[3*ldc:3*ldc+16], c30, c31, mode, beta)
	archsimd.ClearAVXUpperBits()
}

// storeRow writes the 16 values x0, x1 into r as mode says (see microKernel).
func storeRow(r []float32, x0, x1 archsimd.Float32x8, mode int, beta *float32) {
	lo := (*[8]float32)(r[0:8])
	hi := (*[8]float32)(r[8:16])
	switch mode {
	case betaZero:
	case betaOne:
		x0 = x0.Add(archsimd.LoadFloat32x8(lo))
		x1 = x1.Add(archsimd.LoadFloat32x8(hi))
	default:
		bv := archsimd.BroadcastFloat32x8(*beta)
		x0 = archsimd.LoadFloat32x8(lo).MulAdd(bv, x0)
		x1 = archsimd.LoadFloat32x8(hi).MulAdd(bv, x1)
	}
	x0.Store(lo)
	x1.Store(hi)
}

// kernel4x32 is the microKernel for mr = 4, nr = 32 (AVX-512): kernel4x16
// with Float32x16 registers.
func kernel4x32(kc int, a, b []float32, ldb int, c []float32, ldc int, mode int, beta *float32) {
	a = a[:4*kc]
	var c00, c01, c10, c11, c20, c21, c30, c31 archsimd.Float32x16
	p := 0
	for ; p+2 <= kc; p += 2 {
		aa := a[4*p : 4*p+8]
		bb := b[p*ldb : p*ldb+32]
		b0 := archsimd.LoadFloat32x16((*[16]float32)(bb[0:16]))
		b1 := archsimd.LoadFloat32x16((*[16]float32)(bb[16:32]))
		x := archsimd.BroadcastFloat32x16(aa[0])
		c00 = x.MulAdd(b0, c00)
		c01 = x.MulAdd(b1, c01)
		x = archsimd.BroadcastFloat32x16(aa[1])
		c10 = x.MulAdd(b0, c10)
		c11 = x.MulAdd(b1, c11)
		x = archsimd.BroadcastFloat32x16(aa[2])
		c20 = x.MulAdd(b0, c20)
		c21 = x.MulAdd(b1, c21)
		x = archsimd.BroadcastFloat32x16(aa[3])
		c30 = x.MulAdd(b0, c30)
		c31 = x.MulAdd(b1, c31)
		bb = b[(p+1)*ldb : (p+1)*ldb+32]
		b0 = archsimd.LoadFloat32x16((*[16]float32)(bb[0:16]))
		b1 = archsimd.LoadFloat32x16((*[16]float32)(bb[16:32]))
		x = archsimd.BroadcastFloat32x16(aa[4:8][0])
		c00 = x.MulAdd(b0, c00)
		c01 = x.MulAdd(b1, c01)
		x = archsimd.BroadcastFloat32x16(aa[4:8][1])
		c10 = x.MulAdd(b0, c10)
		c11 = x.MulAdd(b1, c11)
		x = archsimd.BroadcastFloat32x16(aa[4:8][2])
		c20 = x.MulAdd(b0, c20)
		c21 = x.MulAdd(b1, c21)
		x = archsimd.BroadcastFloat32x16(aa[4:8][3])
		c30 = x.MulAdd(b0, c30)
		c31 = x.MulAdd(b1, c31)
	}
	if p < kc {
		aa := a[4*p : 4*p+4]
		bb := b[p*ldb : p*ldb+32]
		b0 := archsimd.LoadFloat32x16((*[16]float32)(bb[0:16]))
		b1 := archsimd.LoadFloat32x16((*[16]float32)(bb[16:32]))
		x := archsimd.BroadcastFloat32x16(aa[0])
		c00 = x.MulAdd(b0, c00)
		c01 = x.MulAdd(b1, c01)
		x = archsimd.BroadcastFloat32x16(aa[1])
		c10 = x.MulAdd(b0, c10)
		c11 = x.MulAdd(b1, c11)
		x = archsimd.BroadcastFloat32x16(aa[2])
		c20 = x.MulAdd(b0, c20)
		c21 = x.MulAdd(b1, c21)
		x = archsimd.BroadcastFloat32x16(aa[3])
		c30 = x.MulAdd(b0, c30)
		c31 = x.MulAdd(b1, c31)
	}
	c = c[:3*ldc+32]
	storeRow32(c[0:32], c00, c01, mode, beta)
	storeRow32(c[ldc:ldc+32], c10, c11, mode, beta)
	storeRow32(c[2*ldc:2*ldc+32], c20, c21, mode, beta)
	storeRow32(c[3*ldc:3*ldc+32], c30, c31, mode, beta)
	archsimd.ClearAVXUpperBits()
}

// storeRow32 writes the 32 values x0, x1 into r as mode says (see microKernel).
func storeRow32(r []float32, x0, x1 archsimd.Float32x16, mode int, beta *float32) {
	lo := (*[16]float32)(r[0:16])
	hi := (*[16]float32)(r[16:32])
	switch mode {
	case betaZero:
	case betaOne:
		x0 = x0.Add(archsimd.LoadFloat32x16(lo))
		x1 = x1.Add(archsimd.LoadFloat32x16(hi))
	default:
		bv := archsimd.BroadcastFloat32x16(*beta)
		x0 = archsimd.LoadFloat32x16(lo).MulAdd(bv, x0)
		x1 = archsimd.LoadFloat32x16(hi).MulAdd(bv, x1)
	}
	x0.Store(lo)
	x1.Store(hi)
}
