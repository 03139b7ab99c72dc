package infer_test

import (
	"errors"
	"fmt"
	"log"
	"slices"

	"github.com/activis-go/activis/activis/graph"
	"github.com/activis-go/activis/activis/infer"
)

// Compile a model and run it on a batch, asking for an intermediate
// tensor (the first layer's output) beside the model's output.
func ExampleCompile() {
	g, err := graph.Load("../testdata/mlp_op11.onnx")
	if err != nil {
		log.Fatal(err)
	}
	p, err := infer.Compile(g) // fails naming any unsupported op and node
	if err != nil {
		log.Fatal(err)
	}
	x := p.NewExecutor() // one per goroutine
	// A batch of 3 instances of 20 features (the input is [-1 20]).
	data := make([]float32, 3*20)
	for i := range data {
		data[i] = float32(i%7) / 7
	}
	batch, err := infer.NewTensor([]int{3, 20}, data)
	if err != nil {
		log.Fatal(err)
	}
	fc1, err := g.Resolve("fc1")
	if err != nil {
		log.Fatal(err)
	}
	out, err := x.Run(map[string]*infer.Tensor{g.Inputs[0]: batch}, fc1, g.Outputs[0])
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(fc1, out[fc1].Shape)
	y := out[g.Outputs[0]]
	fmt.Println(g.Outputs[0], y.Shape)
	for i := 0; i < 3; i++ { // the class of each instance: the argmax of its row
		row := y.Data[i*5 : (i+1)*5]
		fmt.Printf("instance %d class %d output %.2f\n", i, slices.Index(row, slices.Max(row)), row)
	}
	// Output:
	// /fc1/Gemm_output_0 [3 32]
	// output [3 5]
	// instance 0 class 3 output [0.03 -0.05 -0.24 0.31 0.14]
	// instance 1 class 3 output [0.04 -0.02 -0.28 0.32 0.13]
	// instance 2 class 3 output [0.04 -0.03 -0.26 0.33 0.13]
}

// The operators the runtime implements; a graph with any other fails
// Compile with an error wrapping ErrUnsupported.
func ExampleSupported() {
	ops := infer.Supported()
	for _, op := range []string{"Conv", "LSTM", "Resize", "Tan"} {
		fmt.Println(op, slices.Contains(ops, op))
	}
	g := &graph.Graph{Nodes: []*graph.Node{{Name: "t", OpType: "Tan", Inputs: []string{"x"}, Outputs: []string{"y"}}}}
	_, err := infer.Compile(g)
	fmt.Println(errors.Is(err, infer.ErrUnsupported))
	// Output:
	// Conv true
	// LSTM true
	// Resize true
	// Tan false
	// true
}
