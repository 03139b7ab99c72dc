//go:build goexperiment.simd && amd64

package accumulate

import "simd/archsimd"

// This file is the AVX2 aggregation kernel, compiled only with
// GOEXPERIMENT=simd (Go's experimental simd/archsimd package, Go 1.26):
// the same arithmetic as addGo four neurons at a time. Without
// AVX2 at run time it falls back to the portable kernel.

// Every kernel here ends its vector part with archsimd.ClearAVXUpperBits
// (VZEROUPPER) before returning or running scalar code: Go compiles scalar
// float code to legacy SSE instructions, which run about twice as slow
// while the upper halves of the vector registers are dirty.

// hasAVX2 is read once: the CPU does not change.
var hasAVX2 = archsimd.X86.AVX2()

// Kernel names the aggregation kernel in use, for benchmarks.
const Kernel = "avx2"

// Finite reports whether every value of x is finite (see finiteGo:
// a float32 sum, here sixty-four lanes at a time with AVX-512 and eight
// with AVX2). A false result may also mean that the sum overflowed:
// callers then check each value.
func Finite(x []float32) bool {
	if !hasAVX2 {
		return finiteDot(x)
	}
	n := len(x)
	j := 0
	if hasAVX512 && n >= 64 {
		// Four chains of sixteen lanes: on a whole block (Aggregate's
		// check pass) the loop keeps up with memory.
		a := archsimd.BroadcastFloat32x16(0)
		b, c, e := a, a, a
		for ; j+64 <= n; j += 64 {
			a = a.Add(archsimd.LoadFloat32x16Slice(x[j:]))
			b = b.Add(archsimd.LoadFloat32x16Slice(x[j+16:]))
			c = c.Add(archsimd.LoadFloat32x16Slice(x[j+32:]))
			e = e.Add(archsimd.LoadFloat32x16Slice(x[j+48:]))
		}
		var lanes [16]float32
		a.Add(b).Add(c.Add(e)).StoreSlice(lanes[:])
		archsimd.ClearAVXUpperBits()
		var s float32
		for _, v := range lanes {
			s += v
		}
		if s-s != 0 {
			return false
		}
	}
	a := archsimd.BroadcastFloat32x8(0)
	b := a
	for ; j+16 <= n; j += 16 {
		a = a.Add(archsimd.LoadFloat32x8Slice(x[j:]))
		b = b.Add(archsimd.LoadFloat32x8Slice(x[j+8:]))
	}
	var lanes [8]float32
	a.Add(b).StoreSlice(lanes[:])
	archsimd.ClearAVXUpperBits() // see the note above hasAVX2
	var s float32
	for _, v := range lanes {
		s += v
	}
	for ; j < n; j++ {
		s += x[j]
	}
	return s-s == 0
}

// Add adds one finite row x to one row's statistics.
func Add(sum, sq []float64, act []int64, mn, mx []float32, x []float32) {
	if !hasAVX2 {
		addGo(sum, sq, act, mn, mx, x)
		return
	}
	n := len(x)
	sum, sq, act, mn, mx = sum[:n], sq[:n], act[:n], mn[:n], mx[:n]
	zero := archsimd.BroadcastFloat64x4(0)
	j := 0
	for ; j+4 <= n; j += 4 {
		a := archsimd.LoadFloat32x4Slice(x[j:])
		archsimd.LoadFloat32x4Slice(mn[j:]).Min(a).StoreSlice(mn[j:])
		archsimd.LoadFloat32x4Slice(mx[j:]).Max(a).StoreSlice(mx[j:])
		d := a.ConvertToFloat64()
		archsimd.LoadFloat64x4Slice(sum[j:]).Add(d).StoreSlice(sum[j:])
		archsimd.LoadFloat64x4Slice(sq[j:]).Add(d.Mul(d)).StoreSlice(sq[j:])
		archsimd.LoadInt64x4Slice(act[j:]).Sub(d.Greater(zero).ToInt64x4()).StoreSlice(act[j:])
	}
	archsimd.ClearAVXUpperBits()
	if j < n {
		addGo(sum[j:], sq[j:], act[j:], mn[j:], mx[j:], x[j:])
	}
}

// Add4 adds four finite rows to one row's statistics.
func Add4(sum, sq []float64, act []int64, mn, mx []float32, x0, x1, x2, x3 []float32) {
	if !hasAVX2 {
		add4Go(sum, sq, act, mn, mx, x0, x1, x2, x3)
		return
	}
	n := len(sum)
	sq, act, mn, mx = sq[:n], act[:n], mn[:n], mx[:n]
	x0, x1, x2, x3 = x0[:n], x1[:n], x2[:n], x3[:n]
	zero := archsimd.BroadcastFloat64x4(0)
	j := 0
	for ; j+4 <= n; j += 4 {
		a0 := archsimd.LoadFloat32x4Slice(x0[j:])
		a1 := archsimd.LoadFloat32x4Slice(x1[j:])
		a2 := archsimd.LoadFloat32x4Slice(x2[j:])
		a3 := archsimd.LoadFloat32x4Slice(x3[j:])
		lo := a0.Min(a1).Min(a2.Min(a3))
		hi := a0.Max(a1).Max(a2.Max(a3))
		archsimd.LoadFloat32x4Slice(mn[j:]).Min(lo).StoreSlice(mn[j:])
		archsimd.LoadFloat32x4Slice(mx[j:]).Max(hi).StoreSlice(mx[j:])
		d0, d1 := a0.ConvertToFloat64(), a1.ConvertToFloat64()
		d2, d3 := a2.ConvertToFloat64(), a3.ConvertToFloat64()
		s := d0.Add(d1).Add(d2.Add(d3))
		archsimd.LoadFloat64x4Slice(sum[j:]).Add(s).StoreSlice(sum[j:])
		q := d0.Mul(d0).Add(d1.Mul(d1)).Add(d2.Mul(d2).Add(d3.Mul(d3)))
		archsimd.LoadFloat64x4Slice(sq[j:]).Add(q).StoreSlice(sq[j:])
		c := d0.Greater(zero).ToInt64x4().Add(d1.Greater(zero).ToInt64x4()).
			Add(d2.Greater(zero).ToInt64x4().Add(d3.Greater(zero).ToInt64x4()))
		archsimd.LoadInt64x4Slice(act[j:]).Sub(c).StoreSlice(act[j:])
	}
	archsimd.ClearAVXUpperBits()
	if j < n {
		add4Go(sum[j:], sq[j:], act[j:], mn[j:], mx[j:], x0[j:], x1[j:], x2[j:], x3[j:])
	}
}

// hasFMA and hasAVX512 are read once, like hasAVX2.
var (
	hasFMA    = archsimd.X86.FMA()
	hasAVX512 = archsimd.X86.AVX512()
)

// Add8 adds eight finite rows to one row's statistics, loading and
// storing each accumulator once per eight values: minimum, maximum and the
// active test run on eight float32 neurons at a time, the float64 sums
// four at a time (with fused multiply-adds for the squares when the CPU
// has FMA).
func Add8(sum, sq []float64, act []int64, mn, mx []float32, x *[8][]float32) {
	switch {
	case hasAVX512:
		add8AVX512(sum, sq, act, mn, mx, x)
	case hasAVX2 && hasFMA:
		add8AVX2(sum, sq, act, mn, mx, x)
	default:
		add8Go(sum, sq, act, mn, mx, x)
	}
}

// add8AVX2 is Add8 for CPUs with AVX2 and FMA.
func add8AVX2(sum, sq []float64, act []int64, mn, mx []float32, x *[8][]float32) {
	n := len(sum)
	sq, act, mn, mx = sq[:n], act[:n], mn[:n], mx[:n]
	x0, x1, x2, x3 := x[0][:n], x[1][:n], x[2][:n], x[3][:n]
	x4, x5, x6, x7 := x[4][:n], x[5][:n], x[6][:n], x[7][:n]
	zero := archsimd.BroadcastFloat32x8(0)
	j := 0
	for ; j+8 <= n; j += 8 {
		a0 := archsimd.LoadFloat32x8Slice(x0[j:])
		a1 := archsimd.LoadFloat32x8Slice(x1[j:])
		a2 := archsimd.LoadFloat32x8Slice(x2[j:])
		a3 := archsimd.LoadFloat32x8Slice(x3[j:])
		a4 := archsimd.LoadFloat32x8Slice(x4[j:])
		a5 := archsimd.LoadFloat32x8Slice(x5[j:])
		a6 := archsimd.LoadFloat32x8Slice(x6[j:])
		a7 := archsimd.LoadFloat32x8Slice(x7[j:])
		lo := a0.Min(a1).Min(a2.Min(a3)).Min(a4.Min(a5).Min(a6.Min(a7)))
		hi := a0.Max(a1).Max(a2.Max(a3)).Max(a4.Max(a5).Max(a6.Max(a7)))
		archsimd.LoadFloat32x8Slice(mn[j:]).Min(lo).StoreSlice(mn[j:])
		archsimd.LoadFloat32x8Slice(mx[j:]).Max(hi).StoreSlice(mx[j:])
		// Active: each mask lane is -1 or 0, so c holds -(active count).
		c := a0.Greater(zero).ToInt32x8().Add(a1.Greater(zero).ToInt32x8()).
			Add(a2.Greater(zero).ToInt32x8().Add(a3.Greater(zero).ToInt32x8())).
			Add(a4.Greater(zero).ToInt32x8().Add(a5.Greater(zero).ToInt32x8()).
				Add(a6.Greater(zero).ToInt32x8().Add(a7.Greater(zero).ToInt32x8())))
		archsimd.LoadInt64x4Slice(act[j:]).Sub(c.GetLo().ExtendToInt64()).StoreSlice(act[j:])
		archsimd.LoadInt64x4Slice(act[j+4:]).Sub(c.GetHi().ExtendToInt64()).StoreSlice(act[j+4:])
		sum8Rows(sum[j:], sq[j:], x0[j:], x1[j:], x2[j:], x3[j:], x4[j:], x5[j:], x6[j:], x7[j:])
		sum8Rows(sum[j+4:], sq[j+4:], x0[j+4:], x1[j+4:], x2[j+4:], x3[j+4:], x4[j+4:], x5[j+4:], x6[j+4:], x7[j+4:])
	}
	archsimd.ClearAVXUpperBits()
	if j < n {
		var rest [8][]float32
		for r := range rest {
			rest[r] = x[r][j:]
		}
		add8Go(sum[j:], sq[j:], act[j:], mn[j:], mx[j:], &rest)
	}
}

// sum8Rows adds the first four values of eight rows to the float64 sums
// and sums of squares of four neurons. The values are loaded from the rows
// (from L1: add8AVX2 has just read them) and widened at once, rather
// than taken as halves of the eight-wide registers: passed that way, the
// compiler spilled the halves and reloaded them with legacy-SSE MOVUPS
// between AVX instructions, and on the project's machine (AMD EPYC, VM)
// those reloads made the whole eight-row kernel 5–8× slower than the
// portable one (BenchmarkAccumulate8: 58–99 ns/value against 8–16).
func sum8Rows(sum, sq []float64, x0, x1, x2, x3, x4, x5, x6, x7 []float32) {
	d0 := archsimd.LoadFloat32x4Slice(x0).ConvertToFloat64()
	d1 := archsimd.LoadFloat32x4Slice(x1).ConvertToFloat64()
	s := d0.Add(d1)
	q0 := d0.Mul(d0)
	q1 := d1.Mul(d1)
	d2 := archsimd.LoadFloat32x4Slice(x2).ConvertToFloat64()
	d3 := archsimd.LoadFloat32x4Slice(x3).ConvertToFloat64()
	s = s.Add(d2.Add(d3))
	q0 = d2.MulAdd(d2, q0)
	q1 = d3.MulAdd(d3, q1)
	d4 := archsimd.LoadFloat32x4Slice(x4).ConvertToFloat64()
	d5 := archsimd.LoadFloat32x4Slice(x5).ConvertToFloat64()
	d6 := archsimd.LoadFloat32x4Slice(x6).ConvertToFloat64()
	d7 := archsimd.LoadFloat32x4Slice(x7).ConvertToFloat64()
	s = s.Add(d4.Add(d5).Add(d6.Add(d7)))
	q0 = d4.MulAdd(d4, q0)
	q1 = d5.MulAdd(d5, q1)
	q0 = d6.MulAdd(d6, q0)
	q1 = d7.MulAdd(d7, q1)
	archsimd.LoadFloat64x4Slice(sum).Add(s).StoreSlice(sum)
	archsimd.LoadFloat64x4Slice(sq).Add(q0.Add(q1)).StoreSlice(sq)
}

// add8AVX512 is Add8 for CPUs with AVX-512: sixteen neurons
// at a time, the float64 sums eight at a time; the tail goes to
// add8AVX2.
func add8AVX512(sum, sq []float64, act []int64, mn, mx []float32, x *[8][]float32) {
	n := len(sum)
	sq, act, mn, mx = sq[:n], act[:n], mn[:n], mx[:n]
	x0, x1, x2, x3 := x[0][:n], x[1][:n], x[2][:n], x[3][:n]
	x4, x5, x6, x7 := x[4][:n], x[5][:n], x[6][:n], x[7][:n]
	zero := archsimd.BroadcastFloat32x16(0)
	j := 0
	for ; j+16 <= n; j += 16 {
		a0 := archsimd.LoadFloat32x16Slice(x0[j:])
		a1 := archsimd.LoadFloat32x16Slice(x1[j:])
		a2 := archsimd.LoadFloat32x16Slice(x2[j:])
		a3 := archsimd.LoadFloat32x16Slice(x3[j:])
		a4 := archsimd.LoadFloat32x16Slice(x4[j:])
		a5 := archsimd.LoadFloat32x16Slice(x5[j:])
		a6 := archsimd.LoadFloat32x16Slice(x6[j:])
		a7 := archsimd.LoadFloat32x16Slice(x7[j:])
		lo := a0.Min(a1).Min(a2.Min(a3)).Min(a4.Min(a5).Min(a6.Min(a7)))
		hi := a0.Max(a1).Max(a2.Max(a3)).Max(a4.Max(a5).Max(a6.Max(a7)))
		archsimd.LoadFloat32x16Slice(mn[j:]).Min(lo).StoreSlice(mn[j:])
		archsimd.LoadFloat32x16Slice(mx[j:]).Max(hi).StoreSlice(mx[j:])
		// Active: each mask lane is -1 or 0, so c holds -(active count).
		c := a0.Greater(zero).ToInt32x16().Add(a1.Greater(zero).ToInt32x16()).
			Add(a2.Greater(zero).ToInt32x16().Add(a3.Greater(zero).ToInt32x16())).
			Add(a4.Greater(zero).ToInt32x16().Add(a5.Greater(zero).ToInt32x16()).
				Add(a6.Greater(zero).ToInt32x16().Add(a7.Greater(zero).ToInt32x16())))
		archsimd.LoadInt64x8Slice(act[j:]).Sub(c.GetLo().ExtendToInt64()).StoreSlice(act[j:])
		archsimd.LoadInt64x8Slice(act[j+8:]).Sub(c.GetHi().ExtendToInt64()).StoreSlice(act[j+8:])
		for h := j; h < j+16; h += 8 {
			d0 := archsimd.LoadFloat32x8Slice(x0[h:]).ConvertToFloat64()
			d1 := archsimd.LoadFloat32x8Slice(x1[h:]).ConvertToFloat64()
			d2 := archsimd.LoadFloat32x8Slice(x2[h:]).ConvertToFloat64()
			d3 := archsimd.LoadFloat32x8Slice(x3[h:]).ConvertToFloat64()
			d4 := archsimd.LoadFloat32x8Slice(x4[h:]).ConvertToFloat64()
			d5 := archsimd.LoadFloat32x8Slice(x5[h:]).ConvertToFloat64()
			d6 := archsimd.LoadFloat32x8Slice(x6[h:]).ConvertToFloat64()
			d7 := archsimd.LoadFloat32x8Slice(x7[h:]).ConvertToFloat64()
			s := d0.Add(d1).Add(d2.Add(d3)).Add(d4.Add(d5).Add(d6.Add(d7)))
			archsimd.LoadFloat64x8Slice(sum[h:]).Add(s).StoreSlice(sum[h:])
			q0 := d0.Mul(d0)
			q1 := d1.Mul(d1)
			q0 = d2.MulAdd(d2, q0)
			q1 = d3.MulAdd(d3, q1)
			q0 = d4.MulAdd(d4, q0)
			q1 = d5.MulAdd(d5, q1)
			q0 = d6.MulAdd(d6, q0)
			q1 = d7.MulAdd(d7, q1)
			archsimd.LoadFloat64x8Slice(sq[h:]).Add(q0.Add(q1)).StoreSlice(sq[h:])
		}
	}
	archsimd.ClearAVXUpperBits()
	if j < n {
		var rest [8][]float32
		for r := range rest {
			rest[r] = x[r][j:]
		}
		add8AVX2(sum[j:], sq[j:], act[j:], mn[j:], mx[j:], &rest)
	}
}

// kernels8 returns the eight-row kernels this CPU can run, by
// name, so that tests check each one and not only the one Add8
// picks.
func kernels8() map[string]kernel8 {
	k := map[string]kernel8{"go": add8Go}
	if hasAVX2 && hasFMA {
		k["avx2"] = add8AVX2
	}
	if hasAVX512 {
		k["avx512"] = add8AVX512
	}
	return k
}
