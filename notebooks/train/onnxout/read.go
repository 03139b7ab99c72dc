package onnxout

import (
	"fmt"
	"os"

	"github.com/activis-go/activis/notebooks/train/cnn"
	"github.com/advancedclimatesystems/gonnx/onnx"
	"google.golang.org/protobuf/proto"
)

// ReadFile reads a model written by WriteFile back into a network for the
// trainer's own forward pass (dropout is left at 0: inference only).
func ReadFile(path string) (*cnn.Net, *onnx.ModelProto, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("onnxout: %w", err)
	}
	net, m, err := Unmarshal(b)
	if err != nil {
		return nil, nil, fmt.Errorf("onnxout: %s: %w", path, err)
	}
	return net, m, nil
}

// Unmarshal parses a serialised model written by Marshal.
func Unmarshal(b []byte) (*cnn.Net, *onnx.ModelProto, error) {
	m := &onnx.ModelProto{}
	if err := proto.Unmarshal(b, m); err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrModel, err)
	}
	g := m.GetGraph()
	if g == nil || len(g.GetInput()) != 1 {
		return nil, nil, fmt.Errorf("%w: want a graph with one input", ErrModel)
	}
	params := map[string][]float32{}
	shapes := map[string][]int64{}
	for _, t := range g.GetInitializer() {
		if t.GetDataType() != int32(onnx.TensorProto_FLOAT) {
			return nil, nil, fmt.Errorf("%w: initializer %q is not float32", ErrModel, t.GetName())
		}
		v, err := onnx.ReadFloat32ArrayFromBytes(t.GetRawData())
		if err != nil {
			return nil, nil, fmt.Errorf("%w: initializer %q: %v", ErrModel, t.GetName(), err)
		}
		params[t.GetName()] = v
		shapes[t.GetName()] = t.GetDims()
	}
	dim := func(name string, i int) int {
		s := shapes[name]
		if i >= len(s) {
			return 0
		}
		return int(s[i])
	}
	in := g.GetInput()[0].GetType().GetTensorType().GetShape().GetDim()
	if len(in) != 4 {
		return nil, nil, fmt.Errorf("%w: input %q has rank %d, want 4", ErrModel, g.GetInput()[0].GetName(), len(in))
	}
	c := cnn.Config{
		H: int(in[2].GetDimValue()), W: int(in[3].GetDimValue()),
		Conv1: dim("conv1.weight", 0), Conv2: dim("conv2.weight", 0),
		Hidden: dim("fc1.weight", 0), Classes: dim("fc2.weight", 0),
	}
	net, err := cnn.FromTensors(c, params)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrModel, err)
	}
	return net, m, nil
}
