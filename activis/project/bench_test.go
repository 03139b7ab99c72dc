package project

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// Benchmarks pair each method with its baseline in the same run:
//
//	go test -run '^$' -bench . -benchmem ./activis/project/
//
// The end-to-end comparison with scikit-learn on Fashion-MNIST is
// `make bench-tsne` (internal/cmd/tsnebench and testdata/sklearn_baseline.py).

// embeddingLike returns n points in c 2-D Gaussian blobs spread over about
// ±40 units, the shape of a t-SNE embedding after early exaggeration.
func embeddingLike(n, c int, seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 4))
	y := make([]float64, 2*n)
	for i := 0; i < n; i++ {
		b := i % c
		y[2*i] = 30*float64(b%4) - 45 + 4*rng.NormFloat64()
		y[2*i+1] = 30*float64(b/4) - 30 + 4*rng.NormFloat64()
	}
	return y
}

// BenchmarkGradient: Barnes-Hut (theta 0.5) with one tree traversal per
// group of points (the default), with one per point (the previous method),
// and the exact O(n²) gradient, for a sparse P of 90 neighbours per point.
func BenchmarkGradient(b *testing.B) {
	for _, n := range []int{1000, 5000} {
		data, _ := clustered(n, 20, 10, 3, 1)
		idx, d2, err := knn(context.Background(), data, n, 20, 90, 0, 0)
		if err != nil {
			b.Fatal(err)
		}
		cond, _ := conditionalP(context.Background(), d2, n, 90, 30, 0)
		p := symmetrize(idx, cond, n, 90)
		y := embeddingLike(n, 10, 2)
		grad := make([]float64, len(y))
		for _, method := range []string{"barnes-hut", "barnes-hut-pointwise", "exact"} {
			b.Run(fmt.Sprintf("%s/n=%d", method, n), func(b *testing.B) {
				obj := newObjective(p, 0.5, threadsOrDefault(0))
				obj.exact = method == "exact"
				obj.pointwise = method == "barnes-hut-pointwise"
				for b.Loop() {
					obj.gradient(y, grad, 1, false)
				}
			})
		}
	}
}

// BenchmarkKNN: the vantage-point tree against brute force, k = 91 as for
// perplexity 30, on clustered 50-D data (the shape of PCA-reduced images).
func BenchmarkKNN(b *testing.B) {
	for _, n := range []int{2000, 8000} {
		data, _ := clustered(n, 50, 10, 2, 3)
		b.Run(fmt.Sprintf("vptree/n=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, _, err := knn(context.Background(), data, n, 50, 91, 0, 0); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("brute/n=%d", n), func(b *testing.B) {
			for b.Loop() {
				knnBrute(data, n, 50, 91, threadsOrDefault(0))
			}
		})
	}
}

// BenchmarkPCA: this package's blockwise covariance PCA against gonum's
// SVD-based stat.PC, to 50 components.
func BenchmarkPCA(b *testing.B) {
	x := randomMatrix(4000, 300, 9)
	b.Run("covariance", func(b *testing.B) {
		for b.Loop() {
			if _, err := pcaDense(x, 50); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("stat.PC", func(b *testing.B) {
		for b.Loop() {
			var pc stat.PC
			if !pc.PrincipalComponents(x, nil) {
				b.Fatal("stat.PC failed")
			}
			var v mat.Dense
			pc.VectorsTo(&v)
			var s mat.Dense
			s.Mul(x, v.Slice(0, 300, 0, 50))
		}
	})
}

// BenchmarkPCAFashion: PCA of Fashion-MNIST pixels to 50 dimensions (skips
// when the data are not installed). The goal is 70,000 × 784 in
// under 5 s; by default this runs 10,000 images so that `make bench` stays
// short, and TSNE_PCA_N=70000 runs all of them.
func BenchmarkPCAFashion(b *testing.B) {
	n := 10000
	if v, err := strconv.Atoi(os.Getenv("TSNE_PCA_N")); err == nil && v > 0 {
		n = v
	}
	data, _ := loadFashion(b, n)
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := pca(data, n, 784, 784, 50, threadsOrDefault(0)); err != nil {
			b.Fatal(err)
		}
	}
}
