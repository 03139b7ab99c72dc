package project_test

import (
	"context"
	"fmt"
	"log"

	"github.com/activis-go/activis/activis"
	"github.com/activis-go/activis/activis/project"
)

// Two tight groups of points in 3-D, far apart.
func twoGroups() *project.Matrix {
	x := &project.Matrix{Rows: 40, Cols: 3, Data: make([]float32, 40*3)}
	for i := 0; i < 40; i++ {
		off := float32(0)
		if i >= 20 {
			off = 100
		}
		copy(x.Row(i), []float32{off + float32(i%5), off + float32(i%7), off + float32(i%3)})
	}
	return x
}

func ExampleTSNE() {
	x := twoGroups()
	opt := project.DefaultOptions()
	opt.Iterations = 300
	opt.Seed = 1
	pr, err := project.TSNE(context.Background(), x, nil, opt) // nil: every row
	if err != nil {
		log.Fatal(err)
	}
	// With 40 points the perplexity falls back to (40-1)/3.
	fmt.Println(pr.Method, len(pr.X), pr.Params.Perplexity)
	// Every point's five nearest neighbours in 2-D are from its own group.
	emb := &project.Matrix{Rows: 40, Cols: 2, Data: make([]float32, 40*2)}
	for i := range pr.X {
		copy(emb.Row(i), []float32{float32(pr.X[i]), float32(pr.Y[i])})
	}
	nb, err := project.Neighbors(emb, 5)
	if err != nil {
		log.Fatal(err)
	}
	separated := true
	for i := 0; i < 40; i++ {
		for _, j := range nb[i*5 : (i+1)*5] {
			separated = separated && (i < 20) == (j < 20)
		}
	}
	fmt.Println("groups separated:", separated)
	// Output:
	// tsne 40 13
	// groups separated: true
}

// A sample of a layer's activations (float32, memory-mapped when loaded
// from a .npy) goes to TSNE as it is: only the sampled rows are read.
func ExampleTSNE_activations() {
	n, d := 1000, 3
	vals := make([]float32, n*d)
	for i := range n {
		off := float32(0)
		if i%2 == 1 {
			off = 50
		}
		for j := range d {
			vals[i*d+j] = off + float32((i*7+j*3)%11)
		}
	}
	acts := activis.NewActivations(vals, n, d) // or activis.LoadActivations("fc1.npy")
	sample := []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30}
	opt := project.DefaultOptions()
	opt.Iterations = 300
	pr, err := project.TSNE(context.Background(), acts, sample, opt)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(pr.X), pr.IDs[0], pr.IDs[29])
	// Output:
	// 30 1 30
}

func ExamplePCA() {
	x, err := project.NewMatrix(4, 2, []float32{
		1, 1,
		2, 2,
		3, 3,
		4, 4,
	})
	if err != nil {
		log.Fatal(err)
	}
	scores, err := project.PCA(x, nil, 1) // 4×1, row-major
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%.3f\n", scores)
	// Output:
	// [-2.121 -0.707 0.707 2.121]
}
