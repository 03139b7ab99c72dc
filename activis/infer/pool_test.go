package infer

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestMaxPool2Row checks one row of the (vector) 2×2 max-pool kernel
// against the definition at every width around the vector length, with
// NaN, ±Inf and signed zeros in the windows.
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
		// One output row from input rows r0 and r1, laid out one after the other.
		maxPool2Rows(out[:w], append(append([]float32{}, r0...), r1...), 1, w, len(r0), 2*len(r0))
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

// TestMaxPool2Rows checks the many-row 2×2 max-pool kernel (whose vector
// steps spill into the next rows' outputs) against the portable one row at
// a time, for widths around the vector length, odd input widths and
// strides, and a sentinel past the output that must stay.
func TestMaxPool2Rows(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, rows := range []int{1, 2, 3, 7, 14, 33} {
		for ow := 1; ow <= 40; ow++ {
			for _, extra := range []int{0, 1} { // w = 2·ow (+1: an unused last column)
				w := 2*ow + extra
				for _, stride := range []int{2 * w, 2*w + 1} {
					src := make([]float32, (rows-1)*stride+2*w)
					for i := range src {
						src[i] = float32(r.NormFloat64())
						if r.IntN(20) == 0 {
							src[i] = float32(math.NaN())
						}
					}
					got := make([]float32, rows*ow+1)
					got[rows*ow] = 42
					want := make([]float32, rows*ow)
					maxPool2Rows(got[:rows*ow], src, rows, ow, w, stride)
					maxPool2RowsGo(want, src, rows, ow, w, stride)
					for i, v := range want {
						if g := got[i]; (v != v) != (g != g) || (v == v && g != v) {
							t.Fatalf("rows %d, ow %d, w %d, stride %d: output %d = %v, want %v", rows, ow, w, stride, i, g, v)
						}
					}
					if got[rows*ow] != 42 {
						t.Fatalf("rows %d, ow %d, w %d, stride %d: wrote past the output", rows, ow, w, stride)
					}
				}
			}
		}
	}
}
