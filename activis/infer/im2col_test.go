package infer

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestIm2colSame checks the shifted-plane im2col against the line-by-line
// one on every "same" geometry with kernels up to 5×5, including
// asymmetric padding and planes smaller than the kernel.
func TestIm2colSame(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	cases := 0
	for kh := 1; kh <= 5; kh++ {
		for kw := 1; kw <= 5; kw++ {
			for ph := 0; ph < kh; ph++ {
				for pw := 0; pw < kw; pw++ {
					for _, hw := range [][2]int{{1, 1}, {2, 3}, {4, 4}, {7, 5}, {9, 12}} {
						h, w := hw[0], hw[1]
						g := &geom2{h: h, w: w, kh: kh, kw: kw, sh: 1, sw: 1, dh: 1, dw: 1, ph: ph, pw: pw, oh: h, ow: w}
						if !(g.pw < g.w && g.kw-1-g.pw < g.w) {
							continue
						}
						const c = 2
						img := make([]float32, c*h*w)
						for i := range img {
							img[i] = float32(r.IntN(100) + 1)
						}
						k := c * kh * kw
						want := make([]float32, k*h*w)
						got := make([]float32, k*h*w)
						for i := range got {
							got[i] = -1 // every value must be written
						}
						im2colGeneric(img, c, g, want)
						im2colSame(img, c, g, got)
						if !slices.Equal(got, want) {
							t.Fatalf("kernel %d×%d pads %d,%d plane %d×%d:\n got %v\nwant %v", kh, kw, ph, pw, h, w, got, want)
						}
						cases++
					}
				}
			}
		}
	}
	if cases < 100 {
		t.Fatalf("only %d geometries checked", cases)
	}
}
