//go:build amd64

package sgemm

// asmKernels returns the assembly micro-kernels this CPU can run, by name.
func asmKernels() map[string]microKernel {
	if !haveAVX512F {
		return nil
	}
	return map[string]microKernel{"asm8x48": kernelAVX512asm()}
}
