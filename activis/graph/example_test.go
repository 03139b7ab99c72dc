package graph_test

import (
	"fmt"
	"log"
	"sort"

	"github.com/activis-go/activis/activis/graph"
)

// Load a model, list its inputs and outputs with their shapes (-1 is the
// batch) and count its nodes by operator.
func ExampleLoad() {
	g, err := graph.Load("../testdata/mlp_op11.onnx")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("opset", g.Opset, "parameters", g.Params())
	for _, name := range g.Inputs {
		fmt.Println("input", name, g.Tensors[name].Shape)
	}
	for _, name := range g.Outputs {
		fmt.Println("output", name, g.Tensors[name].Shape)
	}
	count := map[string]int{}
	for _, n := range g.Nodes {
		count[n.OpType]++
	}
	var ops []string
	for op := range count {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	for _, op := range ops {
		fmt.Println(op, count[op])
	}
	// Output:
	// opset 11 parameters 1305
	// input input [-1 20]
	// output output [-1 5]
	// Constant 2
	// Div 1
	// Gemm 3
	// Mul 1
	// Relu 1
	// Squeeze 1
	// Sub 1
	// Tanh 1
	// Unsqueeze 1
}

// Infer the output shape of a strided, padded convolution from its
// inputs' shapes, as graph loading does for tensors the file leaves
// without one.
func ExampleInferNode() {
	n := &graph.Node{Name: "conv1", OpType: "Conv", Inputs: []string{"x", "w"}, Outputs: []string{"y"},
		Attrs: map[string]*graph.Attr{
			"strides": {Name: "strides", Type: graph.AttrInts, Ints: []int64{2, 2}},
			"pads":    {Name: "pads", Type: graph.AttrInts, Ints: []int64{1, 1, 1, 1}},
		}}
	x := &graph.Info{DType: "float32", Shape: []int{8, 3, 32, 32}} // batch, channels, height, width
	w := &graph.Info{DType: "float32", Shape: []int{16, 3, 3, 3}}  // 16 filters of 3×3 over 3 channels
	outs, err := graph.InferNode(n, 13, []*graph.Info{x, w})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(outs[0].DType, outs[0].Shape)

	// Bad input gives an error naming the node.
	_, err = graph.InferNode(n, 13, []*graph.Info{x, {DType: "float32", Shape: []int{16, 4, 3, 3}}})
	fmt.Println(err)
	// Output:
	// float32 [8 16 16 16]
	// node "conv1" (Conv): Conv channels: input [8 3 32 32], weight [16 4 3 3], group 1
}

// Resolve the names a user writes (a module's scope, its last element, an
// ONNX tensor name) to tensors, and group the nodes by scope.
func ExampleGraph_Resolve() {
	g, err := graph.Load("../testdata/mlp_op11.onnx")
	if err != nil {
		log.Fatal(err)
	}
	for _, name := range []string{"fc1", "output", "nope"} {
		t, err := g.Resolve(name)
		fmt.Printf("%q → %q (error: %v)\n", name, t, err != nil)
	}
	for _, gr := range g.Summary(12) {
		fmt.Println(gr.Path, gr.Leaf())
	}
	// Output:
	// "fc1" → "/fc1/Gemm_output_0" (error: false)
	// "output" → "output" (error: false)
	// "nope" → "" (error: true)
	// /Sub true
	// /Mul true
	// /Div true
	// /Unsqueeze true
	// /Squeeze true
	// fc1 false
	// relu1 false
	// fc2 false
	// act2 false
	// fc3 false
}
