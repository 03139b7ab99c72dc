package activis_test

import (
	"fmt"
	"log"

	"github.com/activis-go/activis/activis"
)

// Activations and instances written by the PyTorch snippet of the package
// documentation, paired into a Run.
func ExampleNewRun() {
	meta, err := activis.LoadInstances("testdata/torchhook/instances.csv")
	if err != nil {
		log.Fatal(err)
	}
	fc1, err := activis.LoadActivations("testdata/torchhook/fc1.npy")
	if err != nil {
		log.Fatal(err)
	}
	run, err := activis.NewRun(meta, map[string]*activis.Activations{"fc1": fc1})
	if err != nil {
		log.Fatal(err)
	}
	defer run.Close()
	x := run.At(1)
	fmt.Println(run.Len(), "instances,", fc1.Dim(), "neurons in fc1")
	fmt.Printf("id %s: label %q, predicted %q, correct %v\n", x.ID(), x.Label(), x.Predicted(), x.Correct())
	fmt.Printf("score(cat) %.3f, fc1[1] %.3f\n", x.Score("cat"), x.Act("fc1", 1))
	// Output:
	// 12 instances, 5 neurons in fc1
	// id 1: label "dog & <b>bird</b>", predicted "cat", correct false
	// score(cat) 0.456, fc1[1] 0.248
}

// Streaming over activations in blocks: float32 files are served from the
// memory map without copying.
func ExampleActivations_Scan() {
	acts := activis.NewActivations([]float32{1, 2, 3, 4, 5, 6}, 3, 2)
	sums := make([]float64, acts.Dim())
	err := acts.Scan(0, acts.Len(), 2, func(first int, rows []float32) error {
		for k, v := range rows {
			sums[k%acts.Dim()] += float64(v)
		}
		return nil
	})
	fmt.Println(sums, err)
	// Output: [9 12] <nil>
}
