//go:build !amd64

package sgemm

// pickKernel reports that this build has no micro-kernel: off amd64, Gemm
// is blas32.Gemm.
func pickKernel() (microKernel, bool) { return microKernel{}, false }
