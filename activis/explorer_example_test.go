package activis_test

import (
	"fmt"

	"github.com/activis-go/activis/activis"
)

// Rows of the activation matrix for a tiny run: 4 instances of 2 classes
// with a 3-neuron layer.
func ExampleExplorer() {
	in := activis.NewInstances([]string{"cat", "dog"}, 4)
	copy(in.Labels, []int{0, 0, 1, 1})
	copy(in.Predicted, []int{0, 1, 1, 1})
	acts := activis.NewActivations([]float32{
		1, 0, 2,
		3, 0, 2,
		0, 4, 2,
		0, 6, 2,
	}, 4, 3)
	run, err := activis.NewRun(in, map[string]*activis.Activations{"fc": acts})
	if err != nil {
		fmt.Println(err)
		return
	}
	ex := activis.NewExplorer(nil, run)
	if err := ex.AddSubset("wrong", `predicted != label`); err != nil {
		fmt.Println(err)
		return
	}
	if err := ex.AddSubset("typo", `label == "cot"`); err != nil {
		fmt.Println("error:", err)
	}
	st, _ := ex.Stats("fc")
	for _, r := range st.Rows {
		fmt.Printf("%-6s %-7s n=%d mean=%v active=%v\n", r.Name, r.Kind, r.Count, r.Mean, r.Active)
	}
	order, _ := ex.Order("fc", activis.ByDifference("dog", "cat"))
	fmt.Println("neurons by dog − cat:", order)
	rep, _ := ex.Report("fc")
	fmt.Println("saturated:", rep.Saturated)
	// Output:
	// error: subset "typo": bad subset expression: unknown class "cot" (classes: "cat", "dog") (1:10)
	//  | label == "cot"
	//  | .........^
	// wrong  subset  n=1 mean=[3 0 2] active=[1 0 1]
	// cat    class   n=2 mean=[2 0 2] active=[1 0 1]
	// dog    class   n=2 mean=[0 5 2] active=[0 1 1]
	// neurons by dog − cat: [1 2 0]
	// saturated: [2]
}
