//go:build !amd64

package sgemm

// haveShifted is false: this architecture has no assembly kernel.
const haveShifted = false

// mulShiftedAsm is never called here (haveShifted is false).
func mulShiftedAsm(pa []float32, mp, kc int, offs []int, b []float32, ldb, n int, c []float32, ldc int) {
	mulShiftedGo(pa, mp, kc, offs, b, ldb, n, c, ldc)
}
