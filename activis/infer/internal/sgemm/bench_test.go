package sgemm

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
)

// BenchmarkGemm times Gemm beside the baseline blas32.Gemm (gonum) at the
// products of one image or batch of the demo CNN
// (notebooks/data/fashion_cnn.onnx, batch 256, shapes as activis/infer
// calls them): the im2col GEMMs of its two convolutions (weights ·
// columns, bias preloaded in C so beta = 1), its two Gemm layers
// (activations · pre-transposed weights, bias in C), and a square 256³
// product. The fc layers' activations come after a ReLU, so about half of
// them are zero; gonum skips zeros of A, so they are zero here too. Run it
// with
//
//	GOEXPERIMENT=simd go test -run '^$' -bench . -cpu 1 ./activis/infer/internal/sgemm/
func BenchmarkGemm(b *testing.B) {
	shapes := []struct {
		name    string
		m, n, k int
		beta    float32
		relu    bool // A holds activations after a ReLU
	}{
		{"conv1", 16, 784, 9, 1, false},   // 16 filters 1×3×3, 28×28 outputs
		{"conv2", 32, 196, 144, 1, false}, // 32 filters 16×3×3, 14×14 outputs
		{"fc1", 256, 128, 1568, 1, true},  // 256 images, 1568 → 128
		{"fc2", 256, 10, 128, 1, true},    // 256 images, 128 → 10
		{"square", 256, 256, 256, 0, false},
	}
	impls := []struct {
		name string
		gemm func(tA, tB blas.Transpose, alpha float32, a, b blas32.General, beta float32, c blas32.General)
	}{{"gonum", blas32.Gemm}, {"sgemm", Gemm}}
	rng := rand.New(rand.NewPCG(5, 6))
	general := func(rows, cols int) blas32.General {
		g := blas32.General{Rows: rows, Cols: cols, Stride: cols, Data: make([]float32, rows*cols)}
		for i := range g.Data {
			g.Data[i] = rng.Float32()*2 - 1
		}
		return g
	}
	for _, s := range shapes {
		x, y, z := general(s.m, s.k), general(s.k, s.n), general(s.m, s.n)
		if s.relu {
			for i, v := range x.Data {
				x.Data[i] = max(v, 0)
			}
		}
		for _, impl := range impls {
			b.Run(fmt.Sprintf("%s_%dx%dx%d/%s", s.name, s.m, s.n, s.k, impl.name), func(b *testing.B) {
				for b.Loop() {
					impl.gemm(blas.NoTrans, blas.NoTrans, 1, x, y, s.beta, z)
				}
				flops := 2 * float64(s.m*s.n*s.k) * float64(b.N)
				b.ReportMetric(flops/b.Elapsed().Seconds()/1e9, "GFLOPS")
			})
		}
	}
}
