package graph

import "fmt"

// sliceRules are the shape rules of the operators that cut, pad, join or
// repeat tensors along axes: Slice, Pad, Concat, Split and Tile.
var sliceRules = map[string]shapeRule{
	"Slice": inferSlice, "Pad": inferPad, "Concat": inferConcat, "Split": inferSplit, "Tile": inferTile,
}

func inferSlice(n *Node, opset int, in []*Info) ([]*Info, error) {
	if err := need(in, 1); err != nil {
		return nil, err
	}
	x := in[0].Shape
	sl, err := sliceSpec(n, in, x)
	if err != nil {
		return nil, err
	}
	s := make([]int, len(x))
	for d := range x {
		s[d] = sl.Count[d]
	}
	var v []int64
	if in[0].Value != nil && len(x) == 1 {
		v = []int64{} // an empty slice of a shape is a known value too
		for i := 0; i < s[0]; i++ {
			v = append(v, in[0].Value[sl.Start[0]+i*sl.Step[0]])
		}
	}
	return one(n, dtypeOf(in), s, v)
}

func inferPad(n *Node, opset int, in []*Info) ([]*Info, error) {
	if err := need(in, 1); err != nil {
		return nil, err
	}
	x := in[0].Shape
	pads, err := padsOf(n, in, len(x))
	if err != nil {
		return nil, err
	}
	s := make([]int, len(x))
	for d := range x {
		s[d] = x[d] + pads[d] + pads[d+len(x)]
		if s[d] < 0 {
			return nil, fmt.Errorf("pads %v make axis %d negative", pads, d)
		}
	}
	return one(n, dtypeOf(in), s, nil)
}

// inferConcat joins the inputs along axis; known 1-D values are joined too.
func inferConcat(n *Node, opset int, in []*Info) ([]*Info, error) {
	if len(in) == 0 {
		return nil, fmt.Errorf("no inputs")
	}
	if err := need(in, len(in)); err != nil {
		return nil, err
	}
	x := in[0].Shape
	ax, err := normAxis(n.Int("axis", 0), len(x))
	if err != nil {
		return nil, err
	}
	s := append([]int{}, x...)
	s[ax] = 0
	var v []int64
	vals := true
	for i, t := range in {
		if len(t.Shape) != len(x) {
			return nil, fmt.Errorf("input %d has rank %d, input 0 rank %d", i, len(t.Shape), len(x))
		}
		for d := range x {
			if d != ax && t.Shape[d] != x[d] {
				return nil, fmt.Errorf("input %d shape %v does not match %v off axis %d", i, t.Shape, x, ax)
			}
		}
		s[ax] += t.Shape[ax]
		if t.Value == nil || len(x) != 1 {
			vals = false
		} else {
			v = append(v, t.Value...)
		}
	}
	if !vals {
		v = nil
	}
	return one(n, dtypeOf(in), s, v)
}

func inferSplit(n *Node, opset int, in []*Info) ([]*Info, error) {
	if err := need(in, 1); err != nil {
		return nil, err
	}
	x := in[0].Shape
	ax, err := normAxis(n.Int("axis", 0), len(x))
	if err != nil {
		return nil, err
	}
	parts, err := SplitSizes(n, in, x[ax])
	if err != nil {
		return nil, err
	}
	res := make([]*Info, len(parts))
	for i, p := range parts {
		s := append([]int{}, x...)
		s[ax] = p
		res[i] = &Info{DType: dtypeOf(in), Shape: s}
	}
	return outputs(n, res...)
}

func inferTile(n *Node, opset int, in []*Info) ([]*Info, error) {
	if err := need(in, 2); err != nil {
		return nil, err
	}
	x, rep := in[0].Shape, in[1].Value
	if rep == nil {
		return nil, fmt.Errorf("repeats input %q is not a known constant", n.Input(1))
	}
	if len(rep) != len(x) {
		return nil, fmt.Errorf("repeats %v do not match rank %d", rep, len(x))
	}
	s := make([]int, len(x))
	for d := range x {
		if rep[d] < 0 {
			return nil, fmt.Errorf("negative repeat in %v", rep)
		}
		s[d] = x[d] * int(rep[d])
	}
	return outputs(n, &Info{DType: dtypeOf(in), Shape: s})
}

// padsOf returns the pads of a Pad node (attribute before opset 11, input 1 after).
func padsOf(n *Node, in []*Info, rank int) ([]int, error) {
	var p []int64
	if a, ok := n.Ints("pads"); ok {
		p = a
	} else if len(in) > 1 && in[1] != nil {
		if in[1].Value == nil {
			return nil, fmt.Errorf("pads input %q is not a known constant", n.Input(1))
		}
		p = in[1].Value
	}
	out := make([]int, 2*rank)
	if len(in) > 3 && in[3] != nil && n.Input(3) != "" { // opset 18 axes
		if in[3].Value == nil || 2*len(in[3].Value) != len(p) {
			return nil, fmt.Errorf("axes input does not match pads %v", p)
		}
		for i, a := range in[3].Value {
			d, err := normAxis(a, rank)
			if err != nil {
				return nil, err
			}
			out[d], out[d+rank] = int(p[i]), int(p[i+len(in[3].Value)])
		}
		return out, nil
	}
	if len(p) != 2*rank {
		return nil, fmt.Errorf("pads %v has %d values, want %d", p, len(p), 2*rank)
	}
	for i := range p {
		out[i] = int(p[i])
	}
	return out, nil
}

// Pads returns the begin/end pads (length 2·rank, ONNX order) of a Pad node
// whose inputs have the given Info.
func Pads(n *Node, in []*Info, rank int) ([]int, error) { return padsOf(n, in, rank) }

// SliceSpec is the resolved geometry of a Slice node: per axis the first
// index, the step and the number of elements taken.
type SliceSpec struct {
	Start, Step, Count []int
}

// sliceSpec resolves a Slice node's starts/ends/axes/steps (attributes
// before opset 10, inputs from 10) against an input of shape x, clamping
// as the ONNX specification says.
func sliceSpec(n *Node, in []*Info, x []int) (*SliceSpec, error) {
	get := func(name string, k int) ([]int64, bool, error) {
		if a, ok := n.Ints(name); ok {
			return a, true, nil
		}
		if k < len(in) && in[k] != nil && n.Input(k) != "" {
			if in[k].Value == nil {
				return nil, false, fmt.Errorf("%s input %q is not a known constant", name, n.Input(k))
			}
			return in[k].Value, true, nil
		}
		return nil, false, nil
	}
	starts, ok1, err := get("starts", 1)
	if err != nil {
		return nil, err
	}
	ends, ok2, err := get("ends", 2)
	if err != nil {
		return nil, err
	}
	if !ok1 || !ok2 || len(starts) != len(ends) {
		return nil, fmt.Errorf("starts %v and ends %v missing or of different lengths", starts, ends)
	}
	axes, hasAxes, err := get("axes", 3)
	if err != nil {
		return nil, err
	}
	steps, hasSteps, err := get("steps", 4)
	if err != nil {
		return nil, err
	}
	if !hasAxes {
		for i := range starts {
			axes = append(axes, int64(i))
		}
	}
	if !hasSteps {
		for range starts {
			steps = append(steps, 1)
		}
	}
	if len(axes) != len(starts) || len(steps) != len(starts) {
		return nil, fmt.Errorf("axes %v or steps %v do not match starts %v", axes, steps, starts)
	}
	sp := &SliceSpec{Start: make([]int, len(x)), Step: make([]int, len(x)), Count: append([]int{}, x...)}
	for d := range x {
		sp.Step[d] = 1
	}
	seen := map[int]bool{}
	for i, a := range axes {
		d, err := normAxis(a, len(x))
		if err != nil {
			return nil, err
		}
		if seen[d] {
			return nil, fmt.Errorf("axis %d repeated", d)
		}
		seen[d] = true
		dim := int64(x[d])
		st, en, step := starts[i], ends[i], steps[i]
		if step == 0 {
			return nil, fmt.Errorf("step 0 on axis %d", d)
		}
		st, cnt := sliceAxis(st, en, step, dim)
		sp.Start[d], sp.Step[d], sp.Count[d] = int(st), int(step), int(cnt)
	}
	return sp, nil
}

// sliceAxis clamps a start and an end (negative ones counted from the
// end) to an axis of size dim as the ONNX specification says and returns
// the first index and the number of elements taken with step.
func sliceAxis(st, en, step, dim int64) (int64, int64) {
	if st < 0 {
		st += dim
	}
	if en < 0 {
		en += dim
	}
	var cnt int64
	if step > 0 {
		st = min(max(st, 0), dim)
		en = min(max(en, 0), dim)
		if en > st {
			cnt = (en - st + step - 1) / step
		}
	} else {
		st = min(max(st, -1), dim-1)
		en = min(max(en, -1), dim-1)
		if st > en {
			cnt = (st - en + (-step) - 1) / (-step)
		}
	}
	return st, cnt
}

// Slice resolves the geometry of a Slice node over an input of shape x,
// given its inputs' Info (for the starts/ends/axes/steps inputs).
func Slice(n *Node, in []*Info, x []int) (*SliceSpec, error) { return sliceSpec(n, in, x) }

// SplitSizes returns the sizes of a Split node's parts along an axis of
// size dim: from the split attribute (before opset 13) or input 1, else
// equal parts, one per output (num_outputs from opset 18, the last part
// smaller when dim does not divide).
func SplitSizes(n *Node, in []*Info, dim int) ([]int, error) {
	split, ok := n.Ints("split")
	if !ok && len(in) > 1 && in[1] != nil && n.Input(1) != "" {
		if in[1].Value == nil {
			return nil, fmt.Errorf("split input %q is not a known constant", n.Input(1))
		}
		split, ok = in[1].Value, true
	}
	if ok {
		sum := 0
		var parts []int
		for _, v := range split {
			if v < 0 {
				return nil, fmt.Errorf("negative split %v", split)
			}
			sum += int(v)
			parts = append(parts, int(v))
		}
		if sum != dim || len(parts) != len(n.Outputs) {
			return nil, fmt.Errorf("split %v does not divide %d into %d outputs", split, dim, len(n.Outputs))
		}
		return parts, nil
	}
	k := int(n.Int("num_outputs", int64(len(n.Outputs))))
	if k <= 0 || k != len(n.Outputs) {
		return nil, fmt.Errorf("%d outputs, num_outputs %d", len(n.Outputs), k)
	}
	size := dim / k
	if dim%k != 0 {
		if n.Int("num_outputs", 0) == 0 {
			return nil, fmt.Errorf("axis of size %d does not split into %d equal parts", dim, k)
		}
		size = (dim + k - 1) / k
	}
	parts := make([]int, k)
	left := dim
	for i := range parts {
		parts[i] = min(size, left)
		left -= parts[i]
	}
	return parts, nil
}
