//go:build amd64

package sgemm

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
)

// asmKernels returns the assembly micro-kernels this CPU can run, by name.
func asmKernels() map[string]microKernel {
	ks := map[string]microKernel{}
	if haveAVX512F {
		ks["asm8x48"] = kernelAVX512asm()
	}
	if haveAVX2FMAasm {
		ks["asm6x16avx2"] = kernelAVX2asm()
	}
	return ks
}

// TestAsmBlocking runs each assembly kernel this CPU has through the
// driver with the production blocking (mcBlock rows is not a multiple of
// the AVX2 kernel's 6) and op(A) packed beforehand as PackA does, on
// products larger than one block in every dimension, so that a kernel
// the CPU would not pick here is still checked as Gemm would run it.
func TestAsmBlocking(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for name, kern := range asmKernels() {
		for _, tc := range []gemmCase{
			{tA: blas.NoTrans, tB: blas.NoTrans, m: 300, n: 2100, k: 300, alpha: 1, beta: 0.5},
			{tA: blas.Trans, tB: blas.Trans, m: 131, n: 70, k: 513, pad: 3, alpha: 1, beta: 0},
		} {
			t.Run(fmt.Sprintf("%s/%s", name, tc), func(t *testing.T) {
				a, b, c := operands(tc, rng)
				c0 := c
				c0.Data = append([]float32(nil), c.Data...)
				bl := blocking{mc: mcBlock, kc: kcBlock, nc: ncBlock}
				aT := tc.tA != blas.NoTrans
				pa := packAll(kern.mr, bl.kc, aT, tc.m, tc.k, 1, a.Data, a.Stride)
				gemm(kern, bl, aT, tc.tB != blas.NoTrans, tc.m, tc.n, tc.k, 1, a.Data, a.Stride, pa,
					b.Data, b.Stride, tc.beta, c.Data, c.Stride)
				check(t, tc, a, b, c0, c)
			})
		}
	}
}
