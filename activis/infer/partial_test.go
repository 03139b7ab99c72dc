package infer_test

import (
	"errors"
	"math"
	"testing"

	"github.com/activis-go/activis/activis/graph"
	"github.com/activis-go/activis/activis/infer"
)

// TestRunFrom runs the rest of the residual CNN from an intermediate
// tensor: from the unchanged value it gives the full run's output, a
// channel zeroed changes the output, and it names what it cannot do (the
// skip connection needs the graph input, which must then be given too).
func TestRunFrom(t *testing.T) {
	g, err := graph.Load("../testdata/residual_op13.onnx")
	if err != nil {
		t.Fatal(err)
	}
	p, err := infer.Compile(g)
	if err != nil {
		t.Fatal(err)
	}
	const b = 3
	in := &infer.Tensor{Shape: []int{b, 3, 8, 8}, Data: make([]float32, b*3*8*8)}
	for i := range in.Data {
		in.Data[i] = float32(math.Sin(float64(i) * 0.37))
	}
	mid := "/block1/relu1/Relu_output_0" // read by block1's conv2 only; the skip path reads the stem
	out := g.Outputs[0]
	x := p.NewExecutor()
	full, err := x.Run(map[string]*infer.Tensor{g.Inputs[0]: in}, mid, out)
	if err != nil {
		t.Fatal(err)
	}
	m := &infer.Tensor{Shape: full[mid].Shape, Data: append([]float32(nil), full[mid].Data...)}
	want := append([]float32(nil), full[out].Data...)

	y := p.NewExecutor()
	// The skip connection needs the input: without it, an error.
	if _, err := y.RunFrom(map[string]*infer.Tensor{mid: m}, out); !errors.Is(err, infer.ErrInput) {
		t.Fatalf("RunFrom without the input the skip path needs: %v, want ErrInput", err)
	}
	got, err := y.RunFrom(map[string]*infer.Tensor{mid: m, g.Inputs[0]: in}, out)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range want {
		if math.Abs(float64(got[out].Data[i]-v)) > 1e-5 {
			t.Fatalf("output[%d] = %v from the intermediate, %v from the input", i, got[out].Data[i], v)
		}
	}
	// Zero channel 2 of the intermediate: the output changes.
	c, hw := m.Shape[1], m.Shape[2]*m.Shape[3]
	for n := 0; n < b; n++ {
		clear(m.Data[(n*c+2)*hw : (n*c+3)*hw])
	}
	abl, err := y.RunFrom(map[string]*infer.Tensor{mid: m, g.Inputs[0]: in}, out)
	if err != nil {
		t.Fatal(err)
	}
	changed := false
	for i, v := range want {
		changed = changed || math.Abs(float64(abl[out].Data[i]-v)) > 1e-4
	}
	if !changed {
		t.Error("zeroing a channel of block1's first ReLU did not change the output")
	}
	// A given tensor that is a weight, and an unknown name.
	if _, err := y.RunFrom(map[string]*infer.Tensor{"fc.weight": m, g.Inputs[0]: in}, out); !errors.Is(err, infer.ErrInput) {
		t.Errorf("RunFrom with a weight given: %v, want ErrInput", err)
	}
	if _, err := y.RunFrom(map[string]*infer.Tensor{"nope": m}, out); !errors.Is(err, graph.ErrUnknownTensor) {
		t.Errorf("RunFrom with an unknown tensor: %v, want ErrUnknownTensor", err)
	}
}
