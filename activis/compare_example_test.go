package activis_test

import (
	"fmt"

	"github.com/activis-go/activis/activis"
)

// Two checkpoints of a model on six instances: the agreement categories,
// one as an index set, and the comparison matrix's rows.
func ExampleCompare() {
	run := func(pred []int, scale float32) *activis.Run {
		in := activis.NewInstances([]string{"cat", "dog"}, 6)
		copy(in.Labels, []int{0, 0, 0, 1, 1, 1})
		copy(in.Predicted, pred)
		x := []float32{1, 0, 2, 0, 3, 0, 0, 1, 0, 2, 0, 3}
		for k := range x {
			x[k] *= scale
		}
		acts := activis.NewActivations(x, 6, 2)
		r, err := activis.NewRun(in, map[string]*activis.Activations{"fc": acts})
		if err != nil {
			panic(err)
		}
		return r
	}
	late := run([]int{0, 0, 1, 1, 1, 0}, 1)
	early := run([]int{0, 1, 1, 1, 0, 1}, 0.5)
	cmp, err := activis.Compare(late, early, activis.CompareOptions{NameA: "late", NameB: "early"})
	if err != nil {
		panic(err)
	}
	fmt.Println(cmp)
	fmt.Println("fixed by training on:", cmp.Members(activis.OnlyARight).Indices())
	m, err := cmp.Matrix("fc")
	if err != nil {
		panic(err)
	}
	for k, row := range m.Rows {
		fmt.Printf("%-22s n=%d  late %v  early %v\n", row, m.CountA[k], m.MeanA[k], m.MeanB[k])
	}
	// Output:
	// activis.Comparison of 6 instances: late 66.67% right, early 50.00% right; both right 2; late right, early wrong 2; late wrong, early right 1; both wrong 1
	// fixed by training on: [1 4]
	// both right             n=2  late [0.5 0.5]  early [0.25 0.25]
	// late right, early wrong n=2  late [1 1]  early [0.5 0.5]
	// late wrong, early right n=1  late [0 3]  early [0 1.5]
	// both wrong             n=1  late [3 0]  early [1.5 0]
	// cat                    n=3  late [2 0]  early [1 0]
	// dog                    n=3  late [0 2]  early [0 1]
}
