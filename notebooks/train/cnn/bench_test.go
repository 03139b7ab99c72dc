package cnn

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// directConv is the baseline for BenchmarkConv: a 3×3, pad 1 convolution
// of an NHWC tensor written as the textbook loop nest.
func directConv(y, x, w, b []float32, n, h, wd, c, k int) {
	for bi := range n {
		for yy := range h {
			for xx := range wd {
				out := y[((bi*h+yy)*wd+xx)*k : ((bi*h+yy)*wd+xx+1)*k]
				copy(out, b)
				for o := range k {
					s := out[o]
					for ci := range c {
						for kh := range 3 {
							sy := yy + kh - 1
							if sy < 0 || sy >= h {
								continue
							}
							for kw := range 3 {
								sx := xx + kw - 1
								if sx < 0 || sx >= wd {
									continue
								}
								s += w[((o*c+ci)*3+kh)*3+kw] * x[((bi*h+sy)*wd+sx)*c+ci]
							}
						}
					}
					out[o] = s
				}
			}
		}
	}
}

// BenchmarkConv compares the im2col + GEMM convolution with the direct
// loop nest (baseline) on the demo's conv2 (16→32 channels, 14×14) at
// several batch sizes:
//
//	go test -run - -bench Conv ./notebooks/train/cnn
func BenchmarkConv(b *testing.B) {
	h, w, c, k := 14, 14, 16, 32
	for _, n := range []int{1, 16, 64} {
		r := rand.New(rand.NewPCG(1, 1))
		x := randSlice(r, n*h*w*c, 1)
		wt := randSlice(r, k*c*9, 1)
		bias := randSlice(r, k, 1)
		y := make([]float32, n*h*w*k)
		cols := make([]float32, n*h*w*c*9)
		b.Run(fmt.Sprintf("direct/n=%d", n), func(b *testing.B) {
			for b.Loop() {
				directConv(y, x, wt, bias, n, h, w, c, k)
			}
		})
		b.Run(fmt.Sprintf("im2col-gemm/n=%d", n), func(b *testing.B) {
			for b.Loop() {
				im2col3x3(cols, x, n, h, w, c)
				linearForward(y, cols, wt, bias, n*h*w, c*9, k)
			}
		})
	}
}

// BenchmarkGradient measures one forward and backward pass of the demo
// network per shard size (images per second is b.N·n / time).
func BenchmarkGradient(b *testing.B) {
	c := FashionConfig()
	net, err := New(c, 1)
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{16, 64} {
		r := rand.New(rand.NewPCG(2, 2))
		x := make([]float32, n*c.H*c.W)
		for i := range x {
			x[i] = r.Float32()
		}
		labels := make([]uint8, n)
		for i := range labels {
			labels[i] = uint8(r.IntN(c.Classes))
		}
		ws := NewWorkspace(c, n)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, _, err := net.Gradient(ws, x, labels, n, 1, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestDirectConvBaseline keeps the benchmark's baseline honest: it must
// compute what the im2col path computes.
func TestDirectConvBaseline(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	n, h, w, c, k := 2, 5, 3, 2, 3
	x := randSlice(r, n*h*w*c, 1)
	wt := randSlice(r, k*c*9, 1)
	bias := randSlice(r, k, 1)
	a := make([]float32, n*h*w*k)
	bb := make([]float32, n*h*w*k)
	cols := make([]float32, n*h*w*c*9)
	directConv(a, x, wt, bias, n, h, w, c, k)
	im2col3x3(cols, x, n, h, w, c)
	linearForward(bb, cols, wt, bias, n*h*w, c*9, k)
	for i := range a {
		if d := a[i] - bb[i]; d > 1e-4 || d < -1e-4 {
			t.Fatalf("element %d: direct %g, im2col %g", i, a[i], bb[i])
		}
	}
}
