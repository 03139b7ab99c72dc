//go:build amd64

package sgemm

// This file declares the AVX-512 micro-kernels of kernel_amd64.s (and
// the AVX2 + FMA ones of kernel_avx2_amd64.s, 6×16 and 6×8 with 12 YMM
// accumulators, for CPUs without AVX-512),
// hand-written in Go assembly because Go 1.26's simd/archsimd compiler
// spilled the accumulators of any tile larger than 4×32: 8×48 keeps 24
// accumulators in registers (three multiply-adds per broadcast of A, 24
// independent chains, enough to keep both FMA pipes of Zen 4/5 busy at
// their latency), with 8×32 and 8×16 variants for the last columns. They
// run in every amd64 build, with or without GOEXPERIMENT=simd, on CPUs
// with AVX-512F whose OS saves the ZMM registers (cpuid and xgetbv below).

//go:noescape
func kernel8x48asm(kc int, a, b *float32, ldb int, c *float32, ldc int, mode int, beta *float32, offs *int, taps int)

//go:noescape
func kernel8x32asm(kc int, a, b *float32, ldb int, c *float32, ldc int, mode int, beta *float32, offs *int, taps int)

//go:noescape
func kernel8x16asm(kc int, a, b *float32, ldb int, c *float32, ldc int, mode int, beta *float32, offs *int, taps int)

//go:noescape
func kernel6x16avx2(kc int, a, b *float32, ldb int, c *float32, ldc int, mode int, beta *float32, offs *int, taps int)

//go:noescape
func kernel6x8avx2(kc int, a, b *float32, ldb int, c *float32, ldc int, mode int, beta *float32, offs *int, taps int)

// cpuid executes CPUID for leaf eax, subleaf ecx.
func cpuid(eax, ecx uint32) (a, b, c, d uint32)

// xgetbv returns the low half of XCR0, the register states the OS saves.
func xgetbv() uint32

// haveAVX2FMAasm reports whether the CPU executes AVX2 and FMA and the OS
// saves the YMM registers (XCR0 bits 1 and 2).
var haveAVX2FMAasm = func() bool {
	maxLeaf, _, _, _ := cpuid(0, 0)
	if maxLeaf < 7 {
		return false
	}
	_, _, ecx1, _ := cpuid(1, 0)
	const osxsave, fma, avx = 1 << 27, 1 << 12, 1 << 28
	if ecx1&osxsave == 0 || ecx1&fma == 0 || ecx1&avx == 0 {
		return false
	}
	if xcr0 := xgetbv(); xcr0&0x6 != 0x6 {
		return false
	}
	_, ebx7, _, _ := cpuid(7, 0)
	return ebx7&(1<<5) != 0 // AVX2
}()

// haveAVX512F reports whether the CPU executes AVX-512F and the OS saves
// the opmask and ZMM registers (XCR0 bits 1, 2, 5, 6, 7).
var haveAVX512F = func() bool {
	maxLeaf, _, _, _ := cpuid(0, 0)
	if maxLeaf < 7 {
		return false
	}
	_, _, ecx1, _ := cpuid(1, 0)
	const osxsave, fma = 1 << 27, 1 << 12
	if ecx1&osxsave == 0 || ecx1&fma == 0 {
		return false
	}
	if xcr0 := xgetbv(); xcr0&0xe6 != 0xe6 {
		return false
	}
	_, ebx7, _, _ := cpuid(7, 0)
	return ebx7&(1<<16) != 0 // AVX512F
}()

// kernelAVX512asm is the 8×48 assembly micro-kernel with its 32- and
// 16-column variants.
func kernelAVX512asm() microKernel {
	return microKernel{mr: 8, nr: 48, run: kernel8x48, edges: []edgeKernel{{16, kernel8x16}, {32, kernel8x32}}}
}

// kernelAVX2asm is the 6×16 AVX2 + FMA assembly micro-kernel (12 YMM
// accumulators) with its 8-column variant, for CPUs without AVX-512.
func kernelAVX2asm() microKernel {
	return microKernel{mr: 6, nr: 16, run: kernel6x16, edges: []edgeKernel{{8, kernel6x8}}}
}

func kernel6x16(kc int, a, b []float32, ldb int, c []float32, ldc int, mode int, beta *float32) {
	_, _, _ = a[6*kc-1], b[(kc-1)*ldb+15], c[5*ldc+15]
	kernel6x16avx2(kc, &a[0], &b[0], ldb, &c[0], ldc, mode, beta, &noShift[0], 1)
}

func kernel6x8(kc int, a, b []float32, ldb int, c []float32, ldc int, mode int, beta *float32) {
	_, _, _ = a[6*kc-1], b[(kc-1)*ldb+7], c[5*ldc+7]
	kernel6x8avx2(kc, &a[0], &b[0], ldb, &c[0], ldc, mode, beta, &noShift[0], 1)
}

// noShift is the one group of k steps of a plain product, at offset 0.
var noShift = [1]int{0}

// kernel8x48, kernel8x32 and kernel8x16 check the bounds of their panels
// and tile (the assembly does not) and call the assembly kernels; kc > 0.
func kernel8x48(kc int, a, b []float32, ldb int, c []float32, ldc int, mode int, beta *float32) {
	_, _, _ = a[8*kc-1], b[(kc-1)*ldb+47], c[7*ldc+47]
	kernel8x48asm(kc, &a[0], &b[0], ldb, &c[0], ldc, mode, beta, &noShift[0], 1)
}

func kernel8x32(kc int, a, b []float32, ldb int, c []float32, ldc int, mode int, beta *float32) {
	_, _, _ = a[8*kc-1], b[(kc-1)*ldb+31], c[7*ldc+31]
	kernel8x32asm(kc, &a[0], &b[0], ldb, &c[0], ldc, mode, beta, &noShift[0], 1)
}

func kernel8x16(kc int, a, b []float32, ldb int, c []float32, ldc int, mode int, beta *float32) {
	_, _, _ = a[8*kc-1], b[(kc-1)*ldb+15], c[7*ldc+15]
	kernel8x16asm(kc, &a[0], &b[0], ldb, &c[0], ldc, mode, beta, &noShift[0], 1)
}

// haveShifted tells MulShifted to use the assembly kernels.
var haveShifted = haveAVX512F

// mulShiftedAsm is MulShifted's loop over tiles (operands checked, mp a
// multiple of 8): 48 columns at a time (32 or 16 for the last ones), all
// row panels of A against one tile of the shifted B while it is in cache.
func mulShiftedAsm(pa []float32, mp, kc int, offs []int, b []float32, ldb, n int, c []float32, ldc int) {
	k := len(offs) * kc
	for j := 0; j < n; j += 48 {
		run := kernel8x48asm
		switch n - j {
		case 16:
			run = kernel8x16asm
		case 32:
			run = kernel8x32asm
		}
		for i := 0; i < mp; i += 8 {
			run(kc, &pa[i*k], &b[j], ldb, &c[i*ldc+j], ldc, betaZero, nil, &offs[0], len(offs))
		}
	}
}
