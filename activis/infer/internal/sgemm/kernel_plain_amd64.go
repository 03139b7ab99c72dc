//go:build amd64 && !goexperiment.simd

package sgemm

// pickKernel returns the assembly AVX-512 micro-kernel when the CPU has
// AVX-512F, the AVX2 + FMA one when it has those; without either Gemm is
// blas32.Gemm.
func pickKernel() (microKernel, bool) {
	switch {
	case haveAVX512F:
		return kernelAVX512asm(), true
	case haveAVX2FMAasm:
		return kernelAVX2asm(), true
	}
	return microKernel{}, false
}
