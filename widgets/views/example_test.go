package views_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/activis-go/activis/activis"
	"github.com/activis-go/activis/widgets/views"
)

// The bundle of the matrix view of a tiny run (4 instances of 2 classes,
// a 3-neuron layer, one subset) and the matrix rows of the payload its HTML
// embeds for the front end.
func ExampleMatrix() {
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
	b := views.Matrix(ex).Render()
	fmt.Println(slices.Sorted(maps.Keys(b.Data)))
	fmt.Println(b.Data["text/plain"])

	html := b.Data["text/html"].(string)
	const open = `<script type="application/json" class="activis-data">`
	i := strings.Index(html, open) + len(open)
	j := strings.Index(html[i:], "</script>")
	var payload struct {
		Classes []string
		Layers  []struct {
			Name    string
			Neurons int
			Rows    []struct {
				Name, Kind, Expr string
				Count            int
			}
			Proj struct{ Method string }
		}
	}
	if err := json.Unmarshal([]byte(html[i:i+j]), &payload); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("classes:", payload.Classes)
	for _, l := range payload.Layers {
		fmt.Printf("layer %s: %d neurons, projection by %s\n", l.Name, l.Neurons, l.Proj.Method)
		for _, r := range l.Rows {
			fmt.Printf("  %s %s n=%d (%s)\n", r.Kind, r.Name, r.Count, r.Expr)
		}
	}
	// Output:
	// [image/png text/html text/plain]
	// ActiVis matrix view: 2 classes, 4 sampled instances, 1 layer
	// selected layer fc: 3 neurons, 3 rows (wrong, cat, dog)
	// suggested subsets: fc cluster 1: cat → dog (1, 100.0% errors)
	// embedded data 0.0 MB
	// classes: [cat dog]
	// layer fc: 3 neurons, projection by t-SNE
	//   subset wrong n=1 (predicted != label)
	//   class cat n=2 (label == "cat")
	//   class dog n=2 (label == "dog")
}
