package infer

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestMaxPool2Row checks the (vector) 2×2 max-pool row kernel against the
// definition at every width around the vector length, with NaN, ±Inf and
// signed zeros in the windows.
func TestMaxPool2Row(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	special := []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), 0, float32(math.Copysign(0, -1))}
	for w := 1; w <= 70; w++ {
		r0 := make([]float32, 2*w+1) // odd widths leave a last column unused
		r1 := make([]float32, 2*w+1)
		for i := range r0 {
			r0[i], r1[i] = float32(r.NormFloat64()), float32(r.NormFloat64())
			if r.IntN(10) == 0 {
				r0[i] = special[r.IntN(len(special))]
			}
		}
		out := make([]float32, w+1)
		out[w] = 42 // past the row: must stay
		maxPool2Row(out[:w], r0, r1)
		for x := 0; x < w; x++ {
			win := []float32{r0[2*x], r0[2*x+1], r1[2*x], r1[2*x+1]}
			want := win[0]
			nan := false
			for _, v := range win {
				nan = nan || v != v
				want = max(want, v)
			}
			if got := out[x]; (nan && got == got) || (!nan && got != want) {
				t.Fatalf("width %d, output %d: max%v = %v, want %v", w, x, win, got, want)
			}
		}
		if out[w] != 42 {
			t.Fatalf("width %d: wrote past the row", w)
		}
	}
}
