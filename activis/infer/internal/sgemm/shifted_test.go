package sgemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestMulShifted compares MulShifted (the assembly kernels where the CPU
// has them) and its Go loop with a float64 reference at odd row counts,
// widths that end in each edge kernel (16, 32, 48 columns past the last
// full tile), one and several taps at irregular offsets, and checks that
// the columns of C past n are untouched.
func TestMulShifted(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	type tc struct{ m, kc, n int }
	for _, s := range []tc{{1, 1, 16}, {7, 3, 32}, {8, 16, 48}, {9, 5, 64}, {16, 1, 848}, {32, 16, 224}, {17, 2, 112}, {3, 7, 80}} {
		for _, offs := range [][]int{{0}, {0, 1, 2, 16, 17, 18, 32, 33, 34}, {5, 0, 3}} {
			mp := (s.m + 7) / 8 * 8
			taps := len(offs)
			k := taps * s.kc
			a := make([]float32, s.m*k)
			for i := range a {
				a[i] = rng.Float32()*2 - 1
			}
			ldb := s.n + 40
			b := make([]float32, 40+(s.kc-1)*ldb+s.n)
			for i := range b {
				b[i] = rng.Float32()*2 - 1
			}
			ldc := s.n + 3
			pa := PackShifted(s.m, k, a)
			for _, impl := range []string{"asm", "go"} {
				if impl == "asm" && !HasShifted() {
					continue
				}
				t.Run(fmt.Sprintf("%s/m%d_kc%d_n%d/taps%d", impl, s.m, s.kc, s.n, taps), func(t *testing.T) {
					c := make([]float32, mp*ldc)
					for i := range c {
						c[i] = sentinel
					}
					if impl == "asm" {
						MulShifted(pa, s.m, s.kc, offs, b, ldb, s.n, c, ldc)
					} else {
						mulShiftedGo(pa, mp, s.kc, offs, b, ldb, s.n, c, ldc)
					}
					for i := 0; i < mp; i++ {
						for j := 0; j < ldc; j++ {
							got := float64(c[i*ldc+j])
							if j >= s.n {
								if got != sentinel {
									t.Fatalf("c[%d][%d] = %g past n, want it untouched", i, j, got)
								}
								continue
							}
							var want, mag float64
							if i < s.m {
								for tt, o := range offs {
									for p := 0; p < s.kc; p++ {
										v := float64(a[i*k+tt*s.kc+p]) * float64(b[o+p*ldb+j])
										want += v
										mag += math.Abs(v)
									}
								}
							}
							if math.Abs(got-want) > 1e-6*float64(k+1)*mag || math.IsNaN(got) {
								t.Fatalf("c[%d][%d] = %g, want %g", i, j, got, want)
							}
						}
					}
				})
			}
		}
	}
}

// TestMulShiftedPanics checks that short operands panic before any
// assembly runs.
func TestMulShiftedPanics(t *testing.T) {
	pa := PackShifted(8, 4, make([]float32, 32))
	b := make([]float32, 4*16)
	c := make([]float32, 8*16)
	for name, f := range map[string]func(){
		"n not a multiple of 16": func() { MulShifted(pa, 8, 4, []int{0}, b, 16, 15, c, 16) },
		"short B":                func() { MulShifted(pa, 8, 4, []int{1}, b, 16, 16, c, 16) },
		"short C":                func() { MulShifted(pa, 8, 4, []int{0}, b, 16, 16, c[:len(c)-1], 16) },
		"short A":                func() { MulShifted(pa[:31], 8, 4, []int{0}, b, 16, 16, c, 16) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}
