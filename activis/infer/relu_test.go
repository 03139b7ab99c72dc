package infer

import (
	"math"
	"testing"
)

// TestRelu checks relu against its definition on every kind of value, at
// lengths that exercise the vector loop and its tail, in place and not.
func TestRelu(t *testing.T) {
	nan := float32(math.NaN())
	kinds := []float32{-2, 3, 0, float32(math.Copysign(0, -1)), nan, float32(math.Inf(1)), float32(math.Inf(-1)), 1e-40, -1e-40, 0.5}
	for _, n := range []int{0, 1, 15, 16, 17, 37, 64} {
		src := make([]float32, n)
		for i := range src {
			src[i] = kinds[(i*7)%len(kinds)]
		}
		dst := make([]float32, n)
		reluInto(dst, src)
		in := append([]float32(nil), src...)
		reluInPlace(in)
		for i, v := range src {
			want := v
			if v < 0 || v == 0 {
				want = 0
			}
			for _, got := range []float32{dst[i], in[i]} {
				switch {
				case v != v:
					if got == got {
						t.Errorf("n=%d: relu(NaN) = %v, want NaN", n, got)
					}
				case got != want:
					t.Errorf("n=%d: relu(%v) = %v, want %v", n, v, got, want)
				}
			}
		}
	}
}

// TestAddBias checks the bias (and ReLU) epilogue of convolutions against
// its definition at lengths around the vector width.
func TestAddBias(t *testing.T) {
	nan := float32(math.NaN())
	kinds := []float32{-2, 3, 0.25, -0.25, nan, float32(math.Inf(-1)), 1e-30}
	for _, n := range []int{0, 3, 16, 21, 48} {
		for _, relu := range []bool{false, true} {
			v := make([]float32, n)
			for i := range v {
				v[i] = kinds[(i*3)%len(kinds)]
			}
			orig := append([]float32(nil), v...)
			addBias(v, 0.5, relu)
			for i, x := range orig {
				want := x + 0.5
				if relu && want <= 0 {
					want = 0
				}
				if x != x {
					if v[i] == v[i] {
						t.Errorf("n=%d relu=%v: NaN became %v", n, relu, v[i])
					}
					continue
				}
				if v[i] != want {
					t.Errorf("n=%d relu=%v: %v + 0.5 gave %v, want %v", n, relu, x, v[i], want)
				}
			}
		}
	}
}
