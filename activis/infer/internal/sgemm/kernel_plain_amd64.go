//go:build amd64 && !goexperiment.simd

package sgemm

// pickKernel returns the assembly AVX-512 micro-kernel when the CPU has
// AVX-512F; without it (and without GOEXPERIMENT=simd, which adds an AVX2
// kernel) Gemm is blas32.Gemm.
func pickKernel() (microKernel, bool) {
	if haveAVX512F {
		return kernelAVX512asm(), true
	}
	return microKernel{}, false
}
