//go:build goexperiment.simd && amd64

package project

import "simd/archsimd"

// groupSums is groupSumsAVX2 where the CPU has AVX2, else
// groupSumsPortable.
var groupSums = func() func(tx, ty, sx, sy, sc, fx, fy, sq []float64) {
	if archsimd.X86.AVX2() {
		return groupSumsAVX2
	}
	return groupSumsPortable
}()

// groupSumsAVX2 is groupSumsPortable with four targets in the lanes of a
// vector, eight per step (two vectors, independent chains), one vector
// division per four weights.
func groupSumsAVX2(tx, ty, sx, sy, sc, fx, fy, sq []float64) {
	ty = ty[:len(tx)]
	sy, sc = sy[:len(sx)], sc[:len(sx)]
	fx, fy, sq = fx[:len(tx)], fy[:len(tx)], sq[:len(tx)]
	one := archsimd.BroadcastFloat64x4(1)
	k := 0
	for ; k+8 <= len(tx); k += 8 {
		xa := archsimd.LoadFloat64x4Slice(tx[k:])
		xb := archsimd.LoadFloat64x4Slice(tx[k+4:])
		ya := archsimd.LoadFloat64x4Slice(ty[k:])
		yb := archsimd.LoadFloat64x4Slice(ty[k+4:])
		fa, fb, ga, gb := archsimd.BroadcastFloat64x4(0), archsimd.BroadcastFloat64x4(0), archsimd.BroadcastFloat64x4(0), archsimd.BroadcastFloat64x4(0)
		qa, qb := fa, fb
		for j, x := range sx {
			bx := archsimd.BroadcastFloat64x4(x)
			by := archsimd.BroadcastFloat64x4(sy[j])
			c := archsimd.BroadcastFloat64x4(sc[j])
			dxa, dya := xa.Sub(bx), ya.Sub(by)
			dxb, dyb := xb.Sub(bx), yb.Sub(by)
			wa := one.Div(one.Add(dxa.Mul(dxa)).Add(dya.Mul(dya)))
			wb := one.Div(one.Add(dxb.Mul(dxb)).Add(dyb.Mul(dyb)))
			ca, cb := c.Mul(wa), c.Mul(wb)
			qa, qb = qa.Add(ca), qb.Add(cb)
			ca, cb = ca.Mul(wa), cb.Mul(wb)
			fa, fb = fa.Add(ca.Mul(dxa)), fb.Add(cb.Mul(dxb))
			ga, gb = ga.Add(ca.Mul(dya)), gb.Add(cb.Mul(dyb))
		}
		fa.StoreSlice(fx[k:])
		fb.StoreSlice(fx[k+4:])
		ga.StoreSlice(fy[k:])
		gb.StoreSlice(fy[k+4:])
		qa.StoreSlice(sq[k:])
		qb.StoreSlice(sq[k+4:])
	}
	archsimd.ClearAVXUpperBits()
	if k < len(tx) {
		groupSumsPortable(tx[k:], ty[k:], sx, sy, sc, fx[k:], fy[k:], sq[k:])
	}
}
