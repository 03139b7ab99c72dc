package graph

import (
	"fmt"
)

// Info is what shape inference knows about one tensor: its dtype, its
// concrete shape, and for small integer tensors (shape computations such as
// Shape → Gather → Concat → Reshape) its values.
type Info struct {
	DType string
	Shape []int
	// Value holds the elements of a small integer tensor, nil when unknown.
	Value []int64
	// Floats holds the elements of a small float tensor (such as Resize's
	// scales), nil when unknown.
	Floats []float32
}

// maxTracked is the largest integer tensor whose values inference tracks.
const maxTracked = 64

// InferNode computes the outputs' Info of node n at the given opset from its
// inputs' Info (nil entries for omitted optional inputs). The runtime uses it
// to size outputs; graph loading uses it to fill in shapes missing from the
// file. Errors name the node.
func InferNode(n *Node, opset int, in []*Info) ([]*Info, error) {
	outs, err := inferNode(n, opset, in)
	if err != nil {
		return nil, fmt.Errorf("node %q (%s): %w", n.Name, n.OpType, err)
	}
	return outs, nil
}

// inferNode runs the shape rule of n's operator.
func inferNode(n *Node, opset int, in []*Info) ([]*Info, error) {
	rule, ok := shapeRules[n.OpType]
	if !ok {
		return nil, fmt.Errorf("no shape rule for operator %s", n.OpType)
	}
	return rule(n, opset, in)
}

// dtypeOf is the dtype of input 0, "" when it is absent.
func dtypeOf(in []*Info) string {
	if len(in) > 0 && in[0] != nil {
		return in[0].DType
	}
	return ""
}

// one returns the outputs of n when output 0 has the given dtype, shape
// and values: the other outputs share its dtype and shape (values unknown).
func one(n *Node, dt string, shape []int, value []int64) ([]*Info, error) {
	outs := make([]*Info, len(n.Outputs))
	outs[0] = &Info{DType: dt, Shape: shape, Value: value}
	for i := 1; i < len(outs); i++ {
		outs[i] = &Info{DType: dt, Shape: shape}
	}
	return outs, nil
}

// outputs returns infos as n's outputs: nil for outputs beyond them, the
// extra infos dropped when n has fewer outputs.
func outputs(n *Node, infos ...*Info) ([]*Info, error) {
	res := make([]*Info, len(n.Outputs))
	copy(res, infos)
	return res, nil
}

func need(in []*Info, k int) error {
	if len(in) < k {
		return fmt.Errorf("needs %d inputs, has %d", k, len(in))
	}
	for i := 0; i < k; i++ {
		if in[i] == nil || in[i].Shape == nil {
			return fmt.Errorf("input %d has unknown shape", i)
		}
	}
	return nil
}

func prod(s []int) int {
	p := 1
	for _, d := range s {
		p *= d
	}
	return p
}

func normAxis(a int64, rank int) (int, error) {
	if a < 0 {
		a += int64(rank)
	}
	if a < 0 || int(a) >= rank {
		return 0, fmt.Errorf("axis %d out of range for rank %d", a, rank)
	}
	return int(a), nil
}

// axesOf returns the axes given as attribute (older opsets) or as input k.
func axesOf(n *Node, in []*Info, k int) ([]int64, bool, error) {
	if a, ok := n.Ints("axes"); ok {
		return a, true, nil
	}
	if k < len(in) && in[k] != nil && n.Input(k) != "" {
		if in[k].Value == nil {
			return nil, false, fmt.Errorf("axes input %q is not a known constant", n.Input(k))
		}
		return in[k].Value, true, nil
	}
	return nil, false, nil
}

func clamp(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

// inferShapes fills in the shapes and dtypes of tensors the file does not
// describe. It runs inference twice with two batch sizes for the inputs'
// unknown dimensions; a dimension that differs between the runs depends on
// the batch and is recorded as -1.
func (g *Graph) inferShapes() {
	runs := [2]map[string]*Info{g.inferRun(2), g.inferRun(3)}
	batchName := ""
	for _, name := range g.Inputs {
		for _, dn := range g.Tensors[name].DimNames {
			if dn != "" && batchName == "" {
				batchName = dn
			}
		}
	}
	for _, n := range g.Nodes {
		for _, out := range n.Outputs {
			if t := g.Tensors[out]; t != nil {
				t.fillShape(runs[0][out], runs[1][out], batchName)
			}
		}
	}
}

// inferRun infers every tensor's Info with batch for the inputs' unknown
// dimensions; tensors whose rule fails are left out.
func (g *Graph) inferRun(batch int) map[string]*Info {
	info := map[string]*Info{}
	for name, in := range g.Initializers {
		v := []int64(nil)
		if !isFloat(in.DType) && in.Len() <= maxTracked {
			v = in.Int64s()
		}
		info[name] = &Info{DType: in.DType, Shape: in.Shape, Value: v}
		if isFloat(in.DType) && in.Len() <= maxTracked {
			info[name].Floats = in.Float32s()
		}
	}
	for _, name := range g.Inputs {
		t := g.Tensors[name]
		if t.Shape == nil {
			continue
		}
		s := make([]int, len(t.Shape))
		for i, d := range t.Shape {
			if d < 0 {
				d = batch
			}
			s[i] = d
		}
		info[name] = &Info{DType: t.DType, Shape: s}
	}
	for _, n := range g.Nodes {
		ins := make([]*Info, len(n.Inputs))
		for i, name := range n.Inputs {
			ins[i] = info[name]
		}
		outs, err := inferNode(n, g.Opset, ins)
		if err != nil {
			continue
		}
		for i, o := range outs {
			if i < len(n.Outputs) && n.Outputs[i] != "" {
				info[n.Outputs[i]] = o
			}
		}
	}
	return info
}

// fillShape sets t's dtype when unknown and, unless the file gave a
// complete shape, its shape from the runs with batch 2 (a) and 3 (b): -1
// (named batchName) where they differ.
func (t *Tensor) fillShape(a, b *Info, batchName string) {
	if t.DType == "" && a != nil {
		t.DType = a.DType
	}
	if a == nil || b == nil || len(a.Shape) != len(b.Shape) {
		return
	}
	complete := t.Shape != nil
	for _, d := range t.Shape {
		complete = complete && d >= 0
	}
	if complete {
		return
	}
	s := make([]int, len(a.Shape))
	var names []string
	for i := range s {
		if a.Shape[i] == b.Shape[i] {
			s[i] = a.Shape[i]
			continue
		}
		s[i] = -1
		if a.Shape[i] == 2 && b.Shape[i] == 3 && batchName != "" {
			if names == nil {
				names = make([]string, len(s))
			}
			names[i] = batchName
		}
	}
	t.Shape, t.DimNames = s, names
}
