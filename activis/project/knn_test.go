package project

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
)

// clustered returns n points in d dimensions around c Gaussian centres
// (spread 1, centres sep apart along random directions) and their cluster
// labels.
func clustered(n, d, c int, sep float64, seed uint64) ([]float64, []int) {
	rng := rand.New(rand.NewPCG(seed, 2))
	centres := make([]float64, c*d)
	for i := range centres {
		centres[i] = rng.NormFloat64() * sep
	}
	data := make([]float64, n*d)
	labels := make([]int, n)
	for i := 0; i < n; i++ {
		labels[i] = i % c
		for j := 0; j < d; j++ {
			data[i*d+j] = centres[labels[i]*d+j] + rng.NormFloat64()
		}
	}
	return data, labels
}

// TestKNNMatchesBruteForce compares the tree with the brute-force search,
// by distance (ties may be broken differently), including data with
// duplicated rows.
func TestKNNMatchesBruteForce(t *testing.T) {
	dup, _ := clustered(300, 5, 3, 4, 9)
	for i := 0; i < 60; i++ {
		copy(dup[(i+100)*5:(i+101)*5], dup[i*5:(i+1)*5])
	}
	for _, test := range []struct {
		name    string
		data    []float64
		n, d, k int
	}{
		{"gaussian 3-D", func() []float64 { x, _ := clustered(500, 3, 1, 0, 1); return x }(), 500, 3, 10},
		{"clusters 20-D", func() []float64 { x, _ := clustered(800, 20, 5, 3, 2); return x }(), 800, 20, 31},
		{"duplicates", dup, 300, 5, 12},
		{"k = n-1", func() []float64 { x, _ := clustered(40, 4, 2, 3, 3); return x }(), 40, 4, 39},
	} {
		t.Run(test.name, func(t *testing.T) {
			idx, d2, err := knn(context.Background(), test.data, test.n, test.d, test.k, 2, 5)
			if err != nil {
				t.Fatal(err)
			}
			_, want := knnBrute(test.data, test.n, test.d, test.k, 2)
			for i := range want {
				if !scalar.EqualWithinAbsOrRel(d2[i], want[i], 1e-12, 1e-12) {
					t.Fatalf("row %d neighbour %d: squared distance %v, brute force %v", i/test.k, i%test.k, d2[i], want[i])
				}
			}
			for i := 0; i < test.n; i++ {
				for _, j := range idx[i*test.k : (i+1)*test.k] {
					if int(j) == i {
						t.Fatalf("row %d lists itself as a neighbour", i)
					}
				}
			}
		})
	}
}

func TestKNNCancelled(t *testing.T) {
	data, _ := clustered(2000, 10, 2, 3, 4)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := knn(ctx, data, 2000, 10, 5, 2, 0); !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
}

func TestNeighbors(t *testing.T) {
	x := mat.NewDense(4, 1, []float64{0, 10, 1, 3})
	got, err := neighborsDense(x, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := []int{2, 3, 3, 2, 0, 3, 2, 0}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("neighbours %v, want %v", got, want)
		}
	}
	if _, err := neighborsDense(x, 4); !errors.Is(err, ErrTooFewPoints) {
		t.Errorf("k = rows: error %v, want ErrTooFewPoints", err)
	}
}
