package project_test

import (
	"context"
	"fmt"
	"log"

	"github.com/activis-go/activis/activis/project"
	"gonum.org/v1/gonum/mat"
)

// Two tight groups of points in 3-D, far apart.
func twoGroups() *mat.Dense {
	x := mat.NewDense(40, 3, nil)
	for i := 0; i < 40; i++ {
		off := 0.0
		if i >= 20 {
			off = 100
		}
		x.SetRow(i, []float64{off + float64(i%5), off + float64(i%7), off + float64(i%3)})
	}
	return x
}

func ExampleTSNE() {
	x := twoGroups()
	opt := project.DefaultOptions()
	opt.Iterations = 300
	opt.Seed = 1
	pr, err := project.TSNE(context.Background(), x, opt)
	if err != nil {
		log.Fatal(err)
	}
	// With 40 points the perplexity falls back to (40-1)/3.
	fmt.Println(pr.Method, len(pr.X), pr.Params.Perplexity)
	// Every point's five nearest neighbours in 2-D are from its own group.
	emb := mat.NewDense(40, 2, nil)
	for i := range pr.X {
		emb.SetRow(i, []float64{pr.X[i], pr.Y[i]})
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

func ExamplePCA() {
	x := mat.NewDense(4, 2, []float64{
		1, 1,
		2, 2,
		3, 3,
		4, 4,
	})
	scores, err := project.PCA(x, 1)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%.3f\n", mat.Col(nil, 0, scores))
	// Output:
	// [-2.121 -0.707 0.707 2.121]
}
