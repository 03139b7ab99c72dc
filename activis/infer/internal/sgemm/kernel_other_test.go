//go:build !(goexperiment.simd && amd64)

package sgemm

// simdKernels returns no micro-kernels: this build has none.
func simdKernels() map[string]microKernel { return nil }
