package infer

import "github.com/activis-go/activis/activis/graph"

// shapeKernels are the kernels of the operators that read or change only
// a tensor's shape (the data is copied as is).
var shapeKernels = map[string]kernel{
	"Shape": shape, "Size": size, "Reshape": copyIn, "Flatten": copyIn, "Squeeze": copyIn,
	"Unsqueeze": copyIn, "Expand": expand, "Identity": copyIn,
}

// copyIn copies input 0 to output 0: operators that only change the shape.
func copyIn(x *Executor, n *graph.Node, in, out []*Tensor) error {
	copy(out[0].Data, in[0].Data)
	return nil
}

func expand(x *Executor, n *graph.Node, in, out []*Tensor) error {
	return broadcastInto(out[0], in[0])
}

func shape(x *Executor, n *graph.Node, in, out []*Tensor) error {
	s := in[0].Shape
	start, end := int(n.Int("start", 0)), int(n.Int("end", int64(len(s))))
	if start < 0 {
		start += len(s)
	}
	if end < 0 {
		end += len(s)
	}
	start = min(max(start, 0), len(s))
	for i := range out[0].Data {
		out[0].Data[i] = float32(s[start+i])
	}
	return nil
}

// size is Size: the number of elements of input 0.
func size(x *Executor, n *graph.Node, in, out []*Tensor) error {
	out[0].Data[0] = float32(in[0].Len())
	return nil
}
