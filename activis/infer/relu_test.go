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
