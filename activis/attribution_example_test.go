package activis_test

import (
	"fmt"
	"log"
	"math"

	"github.com/activis-go/activis/activis"
)

// exampleRun runs the demo CNN over 60 synthetic 28×28 images (stripes of
// a few widths; labels cycling through the classes), keeping fc1 and conv2.
func exampleRun() (*activis.Model, *activis.Run) {
	model, err := activis.LoadONNX("../notebooks/data/fashion_cnn.onnx")
	if err != nil {
		log.Fatal(err)
	}
	const n = 60
	meta := activis.NewInstances(activis.FashionMNISTClasses, n)
	x := make([]float32, n*784)
	for i := 0; i < n; i++ {
		meta.Labels[i] = i % 10
		for p := 0; p < 784; p++ {
			if (p%28/(1+i%5)+p/28/(1+i%3))%2 == 0 {
				x[i*784+p] = 0.8
			}
		}
	}
	data, err := activis.NewDataset(meta, activis.NewActivations(x, n, 784), 1, 28, 28)
	if err != nil {
		log.Fatal(err)
	}
	run, err := model.Run(data, "conv2", "fc1")
	if err != nil {
		log.Fatal(err)
	}
	return model, run
}

// Contributions of fc1's neurons to the "Shirt" logit are exact (fc1
// reaches the logits through Dropout and a Gemm): per row they add up to
// the row's mean logit minus the bias. conv2's channels are followed by a
// ReLU-ed fully connected layer, so theirs are estimated by ablation.
func ExampleExplorer_Contributions() {
	model, run := exampleRun()
	ex := activis.NewExplorer(model, run)
	if err := ex.AddInstances(3); err != nil {
		log.Fatal(err)
	}
	c, err := ex.Contributions("fc1", 6)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.Method, c.ClassName, len(c.Rows), "rows ×", len(c.Values[0]), "neurons; first row", c.Rows[0])
	sum := c.Bias
	for _, v := range c.Values[0] {
		sum += float64(v)
	}
	fmt.Println("sum + bias = logit:", math.Abs(sum-c.Logit[0]) < 1e-4)
	a, err := ex.Contributions("conv2", 6)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.Method, len(a.Values[0]), "channels, sample of", a.Sample)
	// Output:
	// linear Shirt 11 rows × 128 neurons; first row 3
	// sum + bias = logit: true
	// ablation 32 channels, sample of 60
}

// An occlusion map of one image: 49 copies, each with one 4×4 patch
// blacked out, run in one batch; the map is the drop of the class's
// probability.
func ExampleExplorer_Attribute() {
	model, run := exampleRun()
	ex := activis.NewExplorer(model, run)
	class := run.Instances.Predicted[7]
	a, err := ex.Attribute(7, class)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.Method, a.Score, a.Height, "×", a.Width, "from", a.Copies, "copies")
	fmt.Println("base = run's score:", math.Abs(a.Base-float64(run.Instances.Scores[7*10+class])) < 1e-6)
	// Output:
	// occlusion probability 28 × 28 from 49 copies
	// base = run's score: true
}
