//go:build !(goexperiment.simd && amd64)

package sgemm

// pickKernel reports that this build has no micro-kernel: without
// GOEXPERIMENT=simd on amd64, Gemm is blas32.Gemm.
func pickKernel() (microKernel, bool) { return microKernel{}, false }
