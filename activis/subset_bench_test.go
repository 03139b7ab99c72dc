package activis

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkSubsetExpr evaluates typical subset expressions over 100,000
// instances (parallel over the cores), beside the same predicate as a Go
// function (SubsetFunc) as the baseline.
func BenchmarkSubsetExpr(b *testing.B) {
	n := 100_000
	classes := []string{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"}
	in := NewInstances(classes, n)
	r := rand.New(rand.NewPCG(1, 2))
	in.Scores = make([]float32, n*len(classes))
	for i := 0; i < n; i++ {
		in.Labels[i] = r.IntN(10)
		in.Predicted[i] = r.IntN(10)
		for c := range classes {
			in.Scores[i*len(classes)+c] = r.Float32()
		}
	}
	run, err := NewRun(in, nil)
	if err != nil {
		b.Fatal(err)
	}
	for _, bench := range []struct {
		name string
		s    *Subset
	}{
		{"expr/label", NewSubset("x", `label == "Shirt" && predicted != label`)},
		{"expr/score", NewSubset("x", `label == "Shirt" && predicted != label && score("Shirt") > 0.3`)},
		{"func/score", SubsetFunc("x", func(in Instance) bool {
			return in.Label() == "Shirt" && in.Predicted() != in.Label() && in.Score("Shirt") > 0.3
		})},
	} {
		b.Run(bench.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := bench.s.Members(run); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/instance")
		})
	}
}
