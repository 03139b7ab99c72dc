package infer

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/activis-go/activis/activis/infer/internal/sgemm"
	"gonum.org/v1/gonum/blas"
)

// TestConvShifted checks the convolution without im2col (convShifted)
// against a float64 direct convolution, and bit for bit against im2col
// followed by sgemm.Gemm and addBias (the path it replaces), over odd
// sizes, rectangular and asymmetric kernels and pads, one channel and
// several, filter counts that are not a multiple of the kernel's 8 rows,
// with and without bias and ReLU; and, with a 2×2/2 MaxPool after the
// ReLU, against the same pooling of the reference.
func TestConvShifted(t *testing.T) {
	if !sgemm.HasShifted() {
		t.Skip("no assembly kernel on this CPU: convShifted declines")
	}
	rng := rand.New(rand.NewPCG(21, 22))
	type geo struct{ h, w, kh, kw, ph, pw, phEnd, pwEnd int }
	geos := []geo{
		{28, 28, 3, 3, 1, 1, 1, 1}, {14, 14, 3, 3, 1, 1, 1, 1}, {7, 9, 3, 3, 1, 1, 1, 1},
		{5, 6, 3, 3, 0, 0, 0, 0}, {9, 8, 5, 5, 2, 2, 2, 2}, {6, 11, 1, 3, 0, 1, 0, 1},
		{8, 8, 3, 2, 1, 0, 0, 1}, {3, 3, 3, 3, 2, 2, 2, 2},
	}
	for gi, ge := range geos {
		for _, cm := range [][2]int{{1, 16}, {3, 5}, {4, 17}} {
			c, m := cm[0], cm[1]
			for variant := range 4 {
				withBias, relu := variant&1 == 1, variant&2 == 2
				name := fmt.Sprintf("geo%d_c%d_m%d_bias%v_relu%v", gi, c, m, withBias, relu)
				t.Run(name, func(t *testing.T) {
					g := &geom2{h: ge.h, w: ge.w, kh: ge.kh, kw: ge.kw, sh: 1, sw: 1, dh: 1, dw: 1, ph: ge.ph, pw: ge.pw,
						oh: ge.h + ge.ph + ge.phEnd - ge.kh + 1, ow: ge.w + ge.pw + ge.pwEnd - ge.kw + 1}
					batch := 2
					src := randSlice(rng, batch*c*g.h*g.w)
					w := &Tensor{Shape: []int{m, c, g.kh, g.kw}, Data: randSlice(rng, m*c*g.kh*g.kw)}
					var bias []float32
					if withBias {
						bias = randSlice(rng, m)
					}
					x := (&Program{isConst: map[*Tensor]bool{w: true}}).NewExecutor()
					p := g.oh * g.ow
					got := make([]float32, batch*m*p)
					if !convShifted(x, g, src, w, bias, batch, c, m, relu, nil, got) {
						t.Fatal("convShifted declined")
					}
					// im2col + Gemm + addBias, as convFused computes it.
					k := c * g.kh * g.kw
					col := make([]float32, k*p)
					viaGemm := make([]float32, batch*m*p)
					for b := range batch {
						im2col(src[b*c*g.h*g.w:(b+1)*c*g.h*g.w], c, g, col)
						o := viaGemm[b*m*p : (b+1)*m*p]
						sgemm.Gemm(blas.NoTrans, blas.NoTrans, 1, general(m, k, w.Data), general(k, p, col), 0, general(m, p, o))
						for j := range m {
							switch {
							case bias != nil:
								addBias(o[j*p:(j+1)*p], bias[j], relu)
							case relu:
								reluInPlace(o[j*p : (j+1)*p])
							}
						}
					}
					ref := directConv(g, src, w.Data, bias, batch, c, m, relu)
					for i, v := range got {
						if k <= 256 && v != viaGemm[i] && !(v == 0 && viaGemm[i] == 0) {
							t.Fatalf("value %d = %g, im2col+Gemm %g (want bit for bit)", i, v, viaGemm[i])
						}
						if d := math.Abs(float64(v) - ref[i]); d > 1e-5*(1+math.Abs(ref[i])) || math.IsNaN(float64(v)) {
							t.Fatalf("value %d = %g, direct convolution %g", i, v, ref[i])
						}
					}
					if !relu || g.oh < 2 || g.ow < 2 {
						return
					}
					// Fused 2×2/2 max pooling, pooled from the wide rows.
					pg := &poolGeom{g: &geom2{h: g.oh, w: g.ow, kh: 2, kw: 2, sh: 2, sw: 2, dh: 1, dw: 1, oh: g.oh / 2, ow: g.ow / 2}, isMax: true}
					pp := pg.g.oh * pg.g.ow
					pooled := make([]float32, batch*m*pp)
					if !convShifted(x, g, src, w, bias, batch, c, m, true, pg, pooled) {
						t.Fatal("convShifted declined the pooling")
					}
					want := make([]float32, batch*m*pp)
					pg.run(got, want, batch*m)
					for i, v := range pooled {
						if v != want[i] {
							t.Fatalf("pooled value %d = %g, want %g", i, v, want[i])
						}
					}
				})
			}
		}
	}
}

// randSlice returns n values uniform in [-1, 1).
func randSlice(rng *rand.Rand, n int) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = rng.Float32()*2 - 1
	}
	return v
}

// directConv is the float64 convolution of the definition (unit strides
// and dilations, zero padding), with bias and ReLU when asked.
func directConv(g *geom2, src, w, bias []float32, batch, c, m int, relu bool) []float64 {
	out := make([]float64, batch*m*g.oh*g.ow)
	for b := range batch {
		for j := range m {
			for oy := range g.oh {
				for ox := range g.ow {
					var s float64
					if bias != nil {
						s = float64(bias[j])
					}
					for ch := range c {
						for ki := range g.kh {
							for kj := range g.kw {
								iy, ix := oy-g.ph+ki, ox-g.pw+kj
								if iy < 0 || iy >= g.h || ix < 0 || ix >= g.w {
									continue
								}
								s += float64(w[((j*c+ch)*g.kh+ki)*g.kw+kj]) * float64(src[((b*c+ch)*g.h+iy)*g.w+ix])
							}
						}
					}
					if relu && s < 0 {
						s = 0
					}
					out[((b*m+j)*g.oh+oy)*g.ow+ox] = s
				}
			}
		}
	}
	return out
}
