//go:build !amd64

package sgemm

// asmKernels returns no micro-kernels: this architecture has none.
func asmKernels() map[string]microKernel { return nil }
