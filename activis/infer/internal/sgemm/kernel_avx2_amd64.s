//go:build amd64

#include "textflag.h"

// AVX2 + FMA micro-kernels for CPUs without AVX-512: 6 rows × 16 or 8
// columns of C (see kernel_amd64.go for the contract, kernel_amd64.s for
// the AVX-512 ones). The 6×16 tile keeps its 12 accumulators in Y4…Y15;
// per step of k it loads one row of the B panel (Y0, Y1) and broadcasts
// each of the panel's six values of A (Y2, Y3). A is packed (6 values,
// 24 bytes, per step of k); B is read at a stride of ldb values, in taps
// groups of kc steps at the offsets offs.
//
// Arguments (ABI0 frame, 80 bytes):
//	kc+0(FP) a+8(FP) b+16(FP) ldb+24(FP) c+32(FP) ldc+40(FP) mode+48(FP) beta+56(FP) offs+64(FP) taps+72(FP)

#define YROW2(off, T, c0, c1) VBROADCASTSS off(SI), T; VFMADD231PS Y0, T, c0; VFMADD231PS Y1, T, c1
#define YROW1(off, T, c0) VBROADCASTSS off(SI), T; VFMADD231PS Y0, T, c0

#define YST2(c0, c1) VMOVUPS c0, (DI); VMOVUPS c1, 32(DI); ADDQ R9, DI
#define YADD2(c0, c1) VADDPS (DI), c0, c0; VADDPS 32(DI), c1, c1; YST2(c0, c1)
#define YSC2(c0, c1) VFMADD231PS (DI), Y0, c0; VFMADD231PS 32(DI), Y0, c1; YST2(c0, c1)
#define YST1(c0) VMOVUPS c0, (DI); ADDQ R9, DI
#define YADD1(c0) VADDPS (DI), c0, c0; YST1(c0)
#define YSC1(c0) VFMADD231PS (DI), Y0, c0; YST1(c0)

#define YARGS MOVQ kc+0(FP), R13; MOVQ a+8(FP), SI; MOVQ b+16(FP), R12; MOVQ ldb+24(FP), R8; SHLQ $2, R8; MOVQ c+32(FP), DI; MOVQ ldc+40(FP), R9; SHLQ $2, R9; MOVQ mode+48(FP), AX; MOVQ offs+64(FP), R11; MOVQ taps+72(FP), R10
#define YTAP MOVQ (R11), DX; SHLQ $2, DX; ADDQ R12, DX; MOVQ R13, CX
#define YNEXTTAP(label) ADDQ $8, R11; DECQ R10; JNZ label

// func kernel6x16avx2(kc int, a, b *float32, ldb int, c *float32, ldc int, mode int, beta *float32, offs *int, taps int)
TEXT ·kernel6x16avx2(SB), NOSPLIT, $0-80
	YARGS
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	VXORPS Y8, Y8, Y8
	VXORPS Y9, Y9, Y9
	VXORPS Y10, Y10, Y10
	VXORPS Y11, Y11, Y11
	VXORPS Y12, Y12, Y12
	VXORPS Y13, Y13, Y13
	VXORPS Y14, Y14, Y14
	VXORPS Y15, Y15, Y15

tapy16:
	YTAP

loopy16:
	VMOVUPS (DX), Y0
	VMOVUPS 32(DX), Y1
	YROW2(0, Y2, Y4, Y5)
	YROW2(4, Y3, Y6, Y7)
	YROW2(8, Y2, Y8, Y9)
	YROW2(12, Y3, Y10, Y11)
	YROW2(16, Y2, Y12, Y13)
	YROW2(20, Y3, Y14, Y15)
	ADDQ $24, SI
	ADDQ R8, DX
	DECQ CX
	JNZ  loopy16
	YNEXTTAP(tapy16)

	CMPQ AX, $1
	JEQ  addy16
	JGT  scaley16
	YST2(Y4, Y5)
	YST2(Y6, Y7)
	YST2(Y8, Y9)
	YST2(Y10, Y11)
	YST2(Y12, Y13)
	YST2(Y14, Y15)
	VZEROUPPER
	RET

addy16:
	YADD2(Y4, Y5)
	YADD2(Y6, Y7)
	YADD2(Y8, Y9)
	YADD2(Y10, Y11)
	YADD2(Y12, Y13)
	YADD2(Y14, Y15)
	VZEROUPPER
	RET

scaley16:
	MOVQ beta+56(FP), BX
	VBROADCASTSS (BX), Y0
	YSC2(Y4, Y5)
	YSC2(Y6, Y7)
	YSC2(Y8, Y9)
	YSC2(Y10, Y11)
	YSC2(Y12, Y13)
	YSC2(Y14, Y15)
	VZEROUPPER
	RET

// func kernel6x8avx2(kc int, a, b *float32, ldb int, c *float32, ldc int, mode int, beta *float32, offs *int, taps int)
TEXT ·kernel6x8avx2(SB), NOSPLIT, $0-80
	YARGS
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	VXORPS Y8, Y8, Y8
	VXORPS Y9, Y9, Y9

tapy8:
	YTAP

loopy8:
	VMOVUPS (DX), Y0
	YROW1(0, Y2, Y4)
	YROW1(4, Y3, Y5)
	YROW1(8, Y2, Y6)
	YROW1(12, Y3, Y7)
	YROW1(16, Y2, Y8)
	YROW1(20, Y3, Y9)
	ADDQ $24, SI
	ADDQ R8, DX
	DECQ CX
	JNZ  loopy8
	YNEXTTAP(tapy8)

	CMPQ AX, $1
	JEQ  addy8
	JGT  scaley8
	YST1(Y4)
	YST1(Y5)
	YST1(Y6)
	YST1(Y7)
	YST1(Y8)
	YST1(Y9)
	VZEROUPPER
	RET

addy8:
	YADD1(Y4)
	YADD1(Y5)
	YADD1(Y6)
	YADD1(Y7)
	YADD1(Y8)
	YADD1(Y9)
	VZEROUPPER
	RET

scaley8:
	MOVQ beta+56(FP), BX
	VBROADCASTSS (BX), Y0
	YSC1(Y4)
	YSC1(Y5)
	YSC1(Y6)
	YSC1(Y7)
	YSC1(Y8)
	YSC1(Y9)
	VZEROUPPER
	RET
