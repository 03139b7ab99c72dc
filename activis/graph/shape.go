package graph

import "fmt"

// shapeOpRules are the shape rules of the operators that read or change
// only a tensor's shape: Shape, Size, Reshape, Flatten, Squeeze,
// Unsqueeze, Expand and Identity. Known integer values pass through.
var shapeOpRules = map[string]shapeRule{
	"Shape": inferShape, "Size": inferSize, "Reshape": inferReshape, "Flatten": inferFlatten,
	"Squeeze": inferSqueeze, "Unsqueeze": inferUnsqueeze, "Expand": inferExpand, "Identity": inferUnary,
}

func inferShape(n *Node, opset int, in []*Info) ([]*Info, error) {
	if err := need(in, 1); err != nil {
		return nil, err
	}
	x := in[0].Shape
	start, end := int(n.Int("start", 0)), int(n.Int("end", int64(len(x))))
	if start < 0 {
		start += len(x)
	}
	if end < 0 {
		end += len(x)
	}
	start, end = clamp(start, 0, len(x)), clamp(end, 0, len(x))
	v := []int64{}
	for _, d := range x[start:max(start, end)] {
		v = append(v, int64(d))
	}
	return one(n, "int64", []int{len(v)}, v)
}

func inferSize(n *Node, opset int, in []*Info) ([]*Info, error) {
	if err := need(in, 1); err != nil {
		return nil, err
	}
	return outputs(n, &Info{DType: "int64", Shape: []int{}, Value: []int64{int64(prod(in[0].Shape))}})
}

func inferReshape(n *Node, opset int, in []*Info) ([]*Info, error) {
	if err := need(in, 2); err != nil {
		return nil, err
	}
	spec := in[1].Value
	if spec == nil {
		return nil, fmt.Errorf("shape input %q is not a known constant", n.Input(1))
	}
	s, err := reshape(in[0].Shape, spec, n.Int("allowzero", 0) == 1)
	if err != nil {
		return nil, err
	}
	return one(n, dtypeOf(in), s, in[0].Value)
}

func inferFlatten(n *Node, opset int, in []*Info) ([]*Info, error) {
	if err := need(in, 1); err != nil {
		return nil, err
	}
	x := in[0].Shape
	ax := n.Int("axis", 1)
	if ax < 0 {
		ax += int64(len(x))
	}
	if ax < 0 || int(ax) > len(x) {
		return nil, fmt.Errorf("axis %d out of range for %v", n.Int("axis", 1), x)
	}
	return one(n, dtypeOf(in), []int{prod(x[:ax]), prod(x[ax:])}, in[0].Value)
}

func inferSqueeze(n *Node, opset int, in []*Info) ([]*Info, error) {
	if err := need(in, 1); err != nil {
		return nil, err
	}
	x := in[0].Shape
	axes, has, err := axesOf(n, in, 1)
	if err != nil {
		return nil, err
	}
	drop := make([]bool, len(x))
	if has {
		for _, a := range axes {
			d, err := normAxis(a, len(x))
			if err != nil {
				return nil, err
			}
			if x[d] != 1 {
				return nil, fmt.Errorf("cannot squeeze axis %d of size %d", d, x[d])
			}
			drop[d] = true
		}
	} else {
		for d := range x {
			drop[d] = x[d] == 1
		}
	}
	s := []int{}
	for d := range x {
		if !drop[d] {
			s = append(s, x[d])
		}
	}
	return one(n, dtypeOf(in), s, in[0].Value)
}

func inferUnsqueeze(n *Node, opset int, in []*Info) ([]*Info, error) {
	if err := need(in, 1); err != nil {
		return nil, err
	}
	x := in[0].Shape
	axes, has, err := axesOf(n, in, 1)
	if err != nil {
		return nil, err
	}
	if !has {
		return nil, fmt.Errorf("no axes")
	}
	r := len(x) + len(axes)
	ins := make([]bool, r)
	for _, a := range axes {
		d, err := normAxis(a, r)
		if err != nil {
			return nil, err
		}
		if ins[d] {
			return nil, fmt.Errorf("axis %d repeated", d)
		}
		ins[d] = true
	}
	s := make([]int, r)
	j := 0
	for d := range s {
		if ins[d] {
			s[d] = 1
		} else {
			s[d] = x[j]
			j++
		}
	}
	return one(n, dtypeOf(in), s, in[0].Value)
}

func inferExpand(n *Node, opset int, in []*Info) ([]*Info, error) {
	if err := need(in, 2); err != nil {
		return nil, err
	}
	if in[1].Value == nil {
		return nil, fmt.Errorf("shape input %q is not a known constant", n.Input(1))
	}
	want := make([]int, len(in[1].Value))
	for i, v := range in[1].Value {
		if v < 0 {
			return nil, fmt.Errorf("negative dimension in shape %v", in[1].Value)
		}
		want[i] = int(v)
	}
	s, err := Broadcast(in[0].Shape, want)
	if err != nil {
		return nil, err
	}
	var v []int64
	if in[0].Value != nil && len(in[0].Value) == 1 && prod(s) <= maxTracked {
		for i := 0; i < prod(s); i++ {
			v = append(v, in[0].Value[0])
		}
	}
	return one(n, dtypeOf(in), s, v)
}

// reshape applies an ONNX Reshape spec (0 copies, -1 infers) to shape x.
func reshape(x []int, spec []int64, allowZero bool) ([]int, error) {
	s := make([]int, len(spec))
	infer := -1
	known := 1
	for i, v := range spec {
		switch {
		case v == -1:
			if infer >= 0 {
				return nil, fmt.Errorf("shape %v has two -1", spec)
			}
			infer = i
			continue
		case v == 0 && !allowZero:
			if i >= len(x) {
				return nil, fmt.Errorf("shape %v copies axis %d of %v", spec, i, x)
			}
			s[i] = x[i]
		case v < 0:
			return nil, fmt.Errorf("shape %v has a negative entry", spec)
		default:
			s[i] = int(v)
		}
		known *= s[i]
	}
	total := prod(x)
	if infer >= 0 {
		if known == 0 || total%known != 0 {
			return nil, fmt.Errorf("cannot reshape %v to %v", x, spec)
		}
		s[infer] = total / known
	} else if known != total {
		return nil, fmt.Errorf("cannot reshape %v (%d elements) to %v", x, total, spec)
	}
	return s, nil
}
