//go:build amd64

#include "textflag.h"

// AVX-512 micro-kernels, 8 rows × 48, 32 or 16 columns of C (see
// kernel_amd64.go for the contract). The tile's accumulators live in
// Z8…Z31 (three, two or one per row); per step of k the kernel loads one
// row of the B panel (Z0…Z2), broadcasts each of the panel's eight values
// of A in turn (Z3…Z6) and multiplies-adds. A is packed (8 values per step
// of k, 32 bytes); B is read at a stride of ldb values. The k steps come
// in taps groups of kc: group t reads its kc rows of B from b + offs[t]
// values (one group at offset 0 is a plain GEMM; a convolution's kernel
// taps are shifted views of its padded input, see MulShifted).
//
// Arguments (ABI0 frame, 80 bytes):
//	kc+0(FP) a+8(FP) b+16(FP) ldb+24(FP) c+32(FP) ldc+40(FP) mode+48(FP) beta+56(FP) offs+64(FP) taps+72(FP)

// Row r of the tile, 3, 2 or 1 vectors wide: broadcast A[r] of this step
// into T and multiply-add with the B row.
#define ROW3(off, T, c0, c1, c2) VBROADCASTSS off(SI), T; VFMADD231PS Z0, T, c0; VFMADD231PS Z1, T, c1; VFMADD231PS Z2, T, c2
#define ROW2(off, T, c0, c1) VBROADCASTSS off(SI), T; VFMADD231PS Z0, T, c0; VFMADD231PS Z1, T, c1
#define ROW1(off, T, c0) VBROADCASTSS off(SI), T; VFMADD231PS Z0, T, c0

// Stores of one row of the tile at DI as the mode says: C = acc (STx),
// C += acc (ADDx), C = acc + β·C with β broadcast in Z0 (SCx); then DI
// moves to the next row.
#define ST3(c0, c1, c2) VMOVUPS c0, (DI); VMOVUPS c1, 64(DI); VMOVUPS c2, 128(DI); ADDQ R9, DI
#define ADD3(c0, c1, c2) VADDPS (DI), c0, c0; VADDPS 64(DI), c1, c1; VADDPS 128(DI), c2, c2; ST3(c0, c1, c2)
#define SC3(c0, c1, c2) VFMADD231PS (DI), Z0, c0; VFMADD231PS 64(DI), Z0, c1; VFMADD231PS 128(DI), Z0, c2; ST3(c0, c1, c2)
#define ST2(c0, c1) VMOVUPS c0, (DI); VMOVUPS c1, 64(DI); ADDQ R9, DI
#define ADD2(c0, c1) VADDPS (DI), c0, c0; VADDPS 64(DI), c1, c1; ST2(c0, c1)
#define SC2(c0, c1) VFMADD231PS (DI), Z0, c0; VFMADD231PS 64(DI), Z0, c1; ST2(c0, c1)
#define ST1(c0) VMOVUPS c0, (DI); ADDQ R9, DI
#define ADD1(c0) VADDPS (DI), c0, c0; ST1(c0)
#define SC1(c0) VFMADD231PS (DI), Z0, c0; ST1(c0)

// Loads the arguments: R13 = kc, SI = a, R12 = b, R8 = ldb in bytes,
// DI = c, R9 = ldc in bytes, AX = mode, R11 = offs, R10 = taps.
#define ARGS MOVQ kc+0(FP), R13; MOVQ a+8(FP), SI; MOVQ b+16(FP), R12; MOVQ ldb+24(FP), R8; SHLQ $2, R8; MOVQ c+32(FP), DI; MOVQ ldc+40(FP), R9; SHLQ $2, R9; MOVQ mode+48(FP), AX; MOVQ offs+64(FP), R11; MOVQ taps+72(FP), R10

// Starts the next group of kc steps: DX = b + offs[t] values, CX = kc.
#define TAP MOVQ (R11), DX; SHLQ $2, DX; ADDQ R12, DX; MOVQ R13, CX

// Ends a group: on to the next offset while groups remain.
#define NEXTTAP(label) ADDQ $8, R11; DECQ R10; JNZ label

// func kernel8x48asm(kc int, a, b *float32, ldb int, c *float32, ldc int, mode int, beta *float32, offs *int, taps int)
TEXT ·kernel8x48asm(SB), NOSPLIT, $0-80
	ARGS
	VPXORD Z8, Z8, Z8
	VPXORD Z9, Z9, Z9
	VPXORD Z10, Z10, Z10
	VPXORD Z11, Z11, Z11
	VPXORD Z12, Z12, Z12
	VPXORD Z13, Z13, Z13
	VPXORD Z14, Z14, Z14
	VPXORD Z15, Z15, Z15
	VPXORD Z16, Z16, Z16
	VPXORD Z17, Z17, Z17
	VPXORD Z18, Z18, Z18
	VPXORD Z19, Z19, Z19
	VPXORD Z20, Z20, Z20
	VPXORD Z21, Z21, Z21
	VPXORD Z22, Z22, Z22
	VPXORD Z23, Z23, Z23
	VPXORD Z24, Z24, Z24
	VPXORD Z25, Z25, Z25
	VPXORD Z26, Z26, Z26
	VPXORD Z27, Z27, Z27
	VPXORD Z28, Z28, Z28
	VPXORD Z29, Z29, Z29
	VPXORD Z30, Z30, Z30
	VPXORD Z31, Z31, Z31

tap48:
	TAP

loop48:
	VMOVUPS (DX), Z0
	VMOVUPS 64(DX), Z1
	VMOVUPS 128(DX), Z2
	ROW3(0, Z3, Z8, Z9, Z10)
	ROW3(4, Z4, Z11, Z12, Z13)
	ROW3(8, Z5, Z14, Z15, Z16)
	ROW3(12, Z6, Z17, Z18, Z19)
	ROW3(16, Z3, Z20, Z21, Z22)
	ROW3(20, Z4, Z23, Z24, Z25)
	ROW3(24, Z5, Z26, Z27, Z28)
	ROW3(28, Z6, Z29, Z30, Z31)
	ADDQ $32, SI
	ADDQ R8, DX
	DECQ CX
	JNZ  loop48
	NEXTTAP(tap48)

	CMPQ AX, $1
	JEQ  add48
	JGT  scale48
	ST3(Z8, Z9, Z10)
	ST3(Z11, Z12, Z13)
	ST3(Z14, Z15, Z16)
	ST3(Z17, Z18, Z19)
	ST3(Z20, Z21, Z22)
	ST3(Z23, Z24, Z25)
	ST3(Z26, Z27, Z28)
	ST3(Z29, Z30, Z31)
	VZEROUPPER
	RET

add48:
	ADD3(Z8, Z9, Z10)
	ADD3(Z11, Z12, Z13)
	ADD3(Z14, Z15, Z16)
	ADD3(Z17, Z18, Z19)
	ADD3(Z20, Z21, Z22)
	ADD3(Z23, Z24, Z25)
	ADD3(Z26, Z27, Z28)
	ADD3(Z29, Z30, Z31)
	VZEROUPPER
	RET

scale48:
	MOVQ beta+56(FP), BX
	VBROADCASTSS (BX), Z0
	SC3(Z8, Z9, Z10)
	SC3(Z11, Z12, Z13)
	SC3(Z14, Z15, Z16)
	SC3(Z17, Z18, Z19)
	SC3(Z20, Z21, Z22)
	SC3(Z23, Z24, Z25)
	SC3(Z26, Z27, Z28)
	SC3(Z29, Z30, Z31)
	VZEROUPPER
	RET

// func kernel8x32asm(kc int, a, b *float32, ldb int, c *float32, ldc int, mode int, beta *float32, offs *int, taps int)
TEXT ·kernel8x32asm(SB), NOSPLIT, $0-80
	ARGS
	VPXORD Z8, Z8, Z8
	VPXORD Z9, Z9, Z9
	VPXORD Z10, Z10, Z10
	VPXORD Z11, Z11, Z11
	VPXORD Z12, Z12, Z12
	VPXORD Z13, Z13, Z13
	VPXORD Z14, Z14, Z14
	VPXORD Z15, Z15, Z15
	VPXORD Z16, Z16, Z16
	VPXORD Z17, Z17, Z17
	VPXORD Z18, Z18, Z18
	VPXORD Z19, Z19, Z19
	VPXORD Z20, Z20, Z20
	VPXORD Z21, Z21, Z21
	VPXORD Z22, Z22, Z22
	VPXORD Z23, Z23, Z23

tap32:
	TAP

loop32:
	VMOVUPS (DX), Z0
	VMOVUPS 64(DX), Z1
	ROW2(0, Z3, Z8, Z9)
	ROW2(4, Z4, Z10, Z11)
	ROW2(8, Z5, Z12, Z13)
	ROW2(12, Z6, Z14, Z15)
	ROW2(16, Z3, Z16, Z17)
	ROW2(20, Z4, Z18, Z19)
	ROW2(24, Z5, Z20, Z21)
	ROW2(28, Z6, Z22, Z23)
	ADDQ $32, SI
	ADDQ R8, DX
	DECQ CX
	JNZ  loop32
	NEXTTAP(tap32)

	CMPQ AX, $1
	JEQ  add32
	JGT  scale32
	ST2(Z8, Z9)
	ST2(Z10, Z11)
	ST2(Z12, Z13)
	ST2(Z14, Z15)
	ST2(Z16, Z17)
	ST2(Z18, Z19)
	ST2(Z20, Z21)
	ST2(Z22, Z23)
	VZEROUPPER
	RET

add32:
	ADD2(Z8, Z9)
	ADD2(Z10, Z11)
	ADD2(Z12, Z13)
	ADD2(Z14, Z15)
	ADD2(Z16, Z17)
	ADD2(Z18, Z19)
	ADD2(Z20, Z21)
	ADD2(Z22, Z23)
	VZEROUPPER
	RET

scale32:
	MOVQ beta+56(FP), BX
	VBROADCASTSS (BX), Z0
	SC2(Z8, Z9)
	SC2(Z10, Z11)
	SC2(Z12, Z13)
	SC2(Z14, Z15)
	SC2(Z16, Z17)
	SC2(Z18, Z19)
	SC2(Z20, Z21)
	SC2(Z22, Z23)
	VZEROUPPER
	RET

// func kernel8x16asm(kc int, a, b *float32, ldb int, c *float32, ldc int, mode int, beta *float32, offs *int, taps int)
TEXT ·kernel8x16asm(SB), NOSPLIT, $0-80
	ARGS
	VPXORD Z8, Z8, Z8
	VPXORD Z9, Z9, Z9
	VPXORD Z10, Z10, Z10
	VPXORD Z11, Z11, Z11
	VPXORD Z12, Z12, Z12
	VPXORD Z13, Z13, Z13
	VPXORD Z14, Z14, Z14
	VPXORD Z15, Z15, Z15

tap16:
	TAP

loop16:
	VMOVUPS (DX), Z0
	ROW1(0, Z3, Z8)
	ROW1(4, Z4, Z9)
	ROW1(8, Z5, Z10)
	ROW1(12, Z6, Z11)
	ROW1(16, Z3, Z12)
	ROW1(20, Z4, Z13)
	ROW1(24, Z5, Z14)
	ROW1(28, Z6, Z15)
	ADDQ $32, SI
	ADDQ R8, DX
	DECQ CX
	JNZ  loop16
	NEXTTAP(tap16)

	CMPQ AX, $1
	JEQ  add16
	JGT  scale16
	ST1(Z8)
	ST1(Z9)
	ST1(Z10)
	ST1(Z11)
	ST1(Z12)
	ST1(Z13)
	ST1(Z14)
	ST1(Z15)
	VZEROUPPER
	RET

add16:
	ADD1(Z8)
	ADD1(Z9)
	ADD1(Z10)
	ADD1(Z11)
	ADD1(Z12)
	ADD1(Z13)
	ADD1(Z14)
	ADD1(Z15)
	VZEROUPPER
	RET

scale16:
	MOVQ beta+56(FP), BX
	VBROADCASTSS (BX), Z0
	SC1(Z8)
	SC1(Z9)
	SC1(Z10)
	SC1(Z11)
	SC1(Z12)
	SC1(Z13)
	SC1(Z14)
	SC1(Z15)
	VZEROUPPER
	RET

// func cpuid(eax, ecx uint32) (a, b, c, d uint32)
TEXT ·cpuid(SB), NOSPLIT, $0-24
	MOVL eax+0(FP), AX
	MOVL ecx+4(FP), CX
	CPUID
	MOVL AX, a+8(FP)
	MOVL BX, b+12(FP)
	MOVL CX, c+16(FP)
	MOVL DX, d+20(FP)
	RET

// func xgetbv() uint32
TEXT ·xgetbv(SB), NOSPLIT, $0-4
	MOVL $0, CX
	XGETBV
	MOVL AX, ret+0(FP)
	RET
