//go:build goexperiment.simd && amd64

package activis

import "simd/archsimd"

// fastSum is the AVX2 memory-read baseline: a float64 sum of p, eight
// float32 values per step.
var fastSum = func(p []float32) float64 {
	if !archsimd.X86.AVX2() {
		return sumRow(p)
	}
	a := archsimd.BroadcastFloat64x4(0)
	b, c, d := a, a, a
	i := 0
	for ; i+16 <= len(p); i += 16 {
		a = a.Add(archsimd.LoadFloat32x4Slice(p[i:]).ConvertToFloat64())
		b = b.Add(archsimd.LoadFloat32x4Slice(p[i+4:]).ConvertToFloat64())
		c = c.Add(archsimd.LoadFloat32x4Slice(p[i+8:]).ConvertToFloat64())
		d = d.Add(archsimd.LoadFloat32x4Slice(p[i+12:]).ConvertToFloat64())
	}
	var lanes [4]float64
	a.Add(b).Add(c.Add(d)).StoreSlice(lanes[:])
	archsimd.ClearAVXUpperBits()
	s := lanes[0] + lanes[1] + lanes[2] + lanes[3]
	for ; i < len(p); i++ {
		s += float64(p[i])
	}
	return s
}

// fastSum512 is the AVX-512 memory-read baseline: four chains of sixteen
// float32 lanes (the arithmetic of Aggregate's NaN/Inf check), so that
// the floor is the read and not the float64 conversions of fastSum; nil
// on CPUs without AVX-512.
var fastSum512 = func() func([]float32) float64 {
	if !archsimd.X86.AVX512() {
		return nil
	}
	return func(p []float32) float64 {
		a := archsimd.BroadcastFloat32x16(0)
		b, c, d := a, a, a
		i := 0
		for ; i+64 <= len(p); i += 64 {
			a = a.Add(archsimd.LoadFloat32x16Slice(p[i:]))
			b = b.Add(archsimd.LoadFloat32x16Slice(p[i+16:]))
			c = c.Add(archsimd.LoadFloat32x16Slice(p[i+32:]))
			d = d.Add(archsimd.LoadFloat32x16Slice(p[i+48:]))
		}
		var lanes [16]float32
		a.Add(b).Add(c.Add(d)).StoreSlice(lanes[:])
		archsimd.ClearAVXUpperBits()
		var s float64
		for _, v := range lanes {
			s += float64(v)
		}
		for ; i < len(p); i++ {
			s += float64(p[i])
		}
		return s
	}
}()
