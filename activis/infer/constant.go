package infer

import (
	"fmt"

	"github.com/activis-go/activis/activis/graph"
)

// constantKernels are the kernels of the operators that make tensors from
// attributes or scalars.
var constantKernels = map[string]kernel{
	"Constant": constant, "ConstantOfShape": constantOfShape, "Range": rangeOp,
}

func constantOfShape(x *Executor, n *graph.Node, in, out []*Tensor) error {
	var v float32
	if a, ok := n.Attrs["value"]; ok && a.Type == graph.AttrTensor {
		if f := a.T.Float32s(); len(f) > 0 {
			v = f[0]
		}
	}
	for i := range out[0].Data {
		out[0].Data[i] = v
	}
	return nil
}

func constant(x *Executor, n *graph.Node, in, out []*Tensor) error {
	for _, name := range []string{"value", "value_float", "value_floats", "value_int", "value_ints"} {
		a, ok := n.Attrs[name]
		if !ok {
			continue
		}
		switch a.Type {
		case graph.AttrTensor:
			copy(out[0].Data, a.T.Float32s())
		case graph.AttrFloat:
			out[0].Data[0] = a.F
		case graph.AttrFloats:
			copy(out[0].Data, a.Floats)
		case graph.AttrInt:
			out[0].Data[0] = float32(a.I)
		case graph.AttrInts:
			for i, v := range a.Ints {
				out[0].Data[i] = float32(v)
			}
		}
		return nil
	}
	return fmt.Errorf("%w: Constant without a supported value attribute", ErrUnsupported)
}

// rangeOp is Range: start, start+delta, … up to (excluding) limit.
func rangeOp(x *Executor, n *graph.Node, in, out []*Tensor) error {
	start, delta := float64(in[0].Data[0]), float64(in[2].Data[0])
	for i := range out[0].Data {
		out[0].Data[i] = float32(start + float64(i)*delta)
	}
	return nil
}
