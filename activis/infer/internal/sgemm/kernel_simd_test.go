//go:build goexperiment.simd && amd64

package sgemm

import (
	"fmt"
	"testing"
)

// simdKernels returns the micro-kernels this CPU can run, by name.
func simdKernels() map[string]microKernel {
	ks := map[string]microKernel{}
	if haveAVX2FMA {
		ks["avx2"] = kernelAVX2()
	}
	if haveAVX512 && haveAVX2FMA {
		ks["avx512"] = kernelAVX512()
	}
	return ks
}

// BenchmarkKernels runs the packed driver with each SIMD micro-kernel this
// CPU has (the AVX2 one is the baseline of the AVX-512 one) at the demo
// CNN's convolution shapes and 256³, for the choice in pickKernel:
//
//	GOEXPERIMENT=simd go test -run '^$' -bench Kernels -cpu 1 ./activis/infer/internal/sgemm/
func BenchmarkKernels(b *testing.B) {
	for _, s := range [][3]int{{16, 784, 9}, {32, 196, 144}, {256, 256, 256}} {
		m, n, k := s[0], s[1], s[2]
		x, y, z := make([]float32, m*k), make([]float32, k*n), make([]float32, m*n)
		for i := range x {
			x[i] = float32(i%7) - 3
		}
		for i := range y {
			y[i] = float32(i%5) - 2
		}
		ks := simdKernels()
		for name, k := range asmKernels() {
			ks[name] = k
		}
		for _, name := range []string{"avx2", "asm6x16avx2", "avx512", "asm8x48"} {
			kern, ok := ks[name]
			if !ok {
				continue
			}
			b.Run(fmt.Sprintf("%dx%dx%d/%s", m, n, k, name), func(b *testing.B) {
				bl := blocking{mc: mcBlock, kc: kcBlock, nc: ncBlock}
				for b.Loop() {
					gemm(kern, bl, false, false, m, n, k, 1, x, k, nil, y, n, 1, z, n)
				}
				b.ReportMetric(2*float64(m*n*k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOPS")
			})
		}
	}
}
