//go:build goexperiment.simd && amd64

#include "textflag.h"

// func finiteAddAVX512(acc, row *float32, n int) bool
//
// n is the number of 64-value groups of row (n ≥ 1). Pass one sums row in
// four chains of sixteen lanes and the lanes in order, as Finite does; when
// that sum is finite, pass two adds row (now in L1) into acc, when acc is
// not nil.
TEXT ·finiteAddAVX512(SB), NOSPLIT, $64-25
	MOVQ acc+0(FP), DI
	MOVQ row+8(FP), SI
	MOVQ n+16(FP), CX
	MOVQ SI, R8
	MOVQ CX, R9
	VXORPS Z0, Z0, Z0
	VMOVAPS Z0, Z1
	VMOVAPS Z0, Z2
	VMOVAPS Z0, Z3
check:
	VADDPS 0(SI), Z0, Z0
	VADDPS 64(SI), Z1, Z1
	VADDPS 128(SI), Z2, Z2
	VADDPS 192(SI), Z3, Z3
	ADDQ $256, SI
	DECQ CX
	JNZ check
	VADDPS Z1, Z0, Z0
	VADDPS Z3, Z2, Z2
	VADDPS Z2, Z0, Z0
	VMOVUPS Z0, 0(SP)
	VZEROUPPER
	XORPS X1, X1
	ADDSS 0(SP), X1
	ADDSS 4(SP), X1
	ADDSS 8(SP), X1
	ADDSS 12(SP), X1
	ADDSS 16(SP), X1
	ADDSS 20(SP), X1
	ADDSS 24(SP), X1
	ADDSS 28(SP), X1
	ADDSS 32(SP), X1
	ADDSS 36(SP), X1
	ADDSS 40(SP), X1
	ADDSS 44(SP), X1
	ADDSS 48(SP), X1
	ADDSS 52(SP), X1
	ADDSS 56(SP), X1
	ADDSS 60(SP), X1
	MOVAPS X1, X2
	SUBSS X1, X2
	XORPS X3, X3
	UCOMISS X3, X2
	JNE bad
	JPS bad
	TESTQ DI, DI
	JZ good
add:
	VMOVUPS 0(DI), Z4
	VMOVUPS 64(DI), Z5
	VMOVUPS 128(DI), Z6
	VMOVUPS 192(DI), Z7
	VADDPS 0(R8), Z4, Z4
	VADDPS 64(R8), Z5, Z5
	VADDPS 128(R8), Z6, Z6
	VADDPS 192(R8), Z7, Z7
	VMOVUPS Z4, 0(DI)
	VMOVUPS Z5, 64(DI)
	VMOVUPS Z6, 128(DI)
	VMOVUPS Z7, 192(DI)
	ADDQ $256, DI
	ADDQ $256, R8
	DECQ R9
	JNZ add
	VZEROUPPER
good:
	MOVB $1, ret+24(FP)
	RET
bad:
	MOVB $0, ret+24(FP)
	RET
