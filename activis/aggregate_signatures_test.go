package activis

import (
	"math/rand/v2"
	"testing"
)

// TestTranspose64 checks transpose64 against a bit-by-bit transpose.
func TestTranspose64(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 100; trial++ {
		var a, want [64]uint64
		for i := range a {
			switch trial % 3 {
			case 0:
				a[i] = r.Uint64()
			case 1:
				a[i] = r.Uint64() & r.Uint64() & r.Uint64()
			default:
				if i < trial%64 {
					a[i] = 1 << uint(r.IntN(64))
				}
			}
		}
		for i, w := range a {
			for j := 0; j < 64; j++ {
				want[j] |= (w >> uint(j) & 1) << uint(i)
			}
		}
		got := a
		transpose64(&got)
		if got != want {
			t.Fatalf("trial %d: transpose64 differs at %v", trial, diffRows(got, want))
		}
	}
}

func diffRows(a, b [64]uint64) []int {
	var d []int
	for i := range a {
		if a[i] != b[i] {
			d = append(d, i)
		}
	}
	return d
}
