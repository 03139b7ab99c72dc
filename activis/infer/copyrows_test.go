package infer

import "testing"

// TestCopyRows checks copyRows against a plain loop at widths around the
// sixteen-value step (a row's last step overlaps the one before it) and
// that the padding between rows of dst is left alone.
func TestCopyRows(t *testing.T) {
	for _, w := range []int{1, 7, 15, 16, 17, 28, 31, 32, 33, 47} {
		for _, rows := range []int{1, 3} {
			stride := w + 5
			src := make([]float32, rows*w)
			for i := range src {
				src[i] = float32(i + 1)
			}
			dst := make([]float32, rows*stride)
			for i := range dst {
				dst[i] = -1
			}
			copyRows(dst, src, rows, w, stride)
			for r := 0; r < rows; r++ {
				for x := 0; x < stride; x++ {
					want := float32(-1)
					if x < w {
						want = src[r*w+x]
					}
					if got := dst[r*stride+x]; got != want {
						t.Fatalf("w=%d rows=%d: dst row %d col %d = %v, want %v", w, rows, r, x, got, want)
					}
				}
			}
		}
	}
}
