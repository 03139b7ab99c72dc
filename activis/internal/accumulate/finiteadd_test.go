package accumulate

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestFiniteAdd(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, d := range []int{64, 128, 512, 100, 7} {
		for trial := 0; trial < 200; trial++ {
			x := make([]float32, d)
			for j := range x {
				x[j] = float32(r.NormFloat64() * 10)
			}
			switch trial % 5 {
			case 1:
				x[r.IntN(d)] = float32(math.NaN())
			case 2:
				x[r.IntN(d)] = float32(math.Inf(-1))
			case 3:
				for j := range x {
					x[j] = 3e38
				}
			}
			acc := make([]float32, d)
			want := make([]float32, d)
			for j := range acc {
				acc[j] = float32(j)
				want[j] = float32(j)
			}
			wf := Finite(x)
			if wf {
				for j := range want {
					want[j] += x[j]
				}
			}
			if got := FiniteAdd(acc, x); got != wf {
				t.Fatalf("d %d trial %d: %v want %v", d, trial, got, wf)
			}
			for j := range acc {
				if acc[j] != want[j] {
					t.Fatalf("d %d: acc[%d] %v want %v", d, j, acc[j], want[j])
				}
			}
			if FiniteAdd(nil, x) != wf {
				t.Fatal("nil acc")
			}
		}
	}
}
