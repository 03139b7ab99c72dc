package graph

import "fmt"

// reduceRules are the shape rules of the operators that reduce or scan
// along axes: Reduce*, ArgMax/ArgMin, TopK and CumSum.
var reduceRules = map[string]shapeRule{
	"ReduceMean": inferReduce, "ReduceSum": inferReduce, "ReduceMax": inferReduce, "ReduceMin": inferReduce,
	"ReduceProd": inferReduce, "ReduceL1": inferReduce, "ReduceL2": inferReduce, "ReduceLogSum": inferReduce,
	"ReduceLogSumExp": inferReduce, "ReduceSumSquare": inferReduce,
	"ArgMax": inferArgExtreme, "ArgMin": inferArgExtreme, "TopK": inferTopK,
	"CumSum": inferUnary,
}

// inferReduce is the rule of Reduce* (axes as attribute or input, keepdims).
func inferReduce(n *Node, opset int, in []*Info) ([]*Info, error) {
	if err := need(in, 1); err != nil {
		return nil, err
	}
	x := in[0].Shape
	axes, has, err := axesOf(n, in, 1)
	if err != nil {
		return nil, err
	}
	red, err := reduceAxes(x, axes, has, n.Int("noop_with_empty_axes", 0) == 1)
	if err != nil {
		return nil, err
	}
	keep := n.Int("keepdims", 1) == 1
	var s []int
	for d := range x {
		switch {
		case !red[d]:
			s = append(s, x[d])
		case keep:
			s = append(s, 1)
		}
	}
	if s == nil {
		s = []int{}
	}
	return one(n, dtypeOf(in), s, nil)
}

func inferArgExtreme(n *Node, opset int, in []*Info) ([]*Info, error) {
	if err := need(in, 1); err != nil {
		return nil, err
	}
	x := in[0].Shape
	ax, err := normAxis(n.Int("axis", 0), len(x))
	if err != nil {
		return nil, err
	}
	s := []int{}
	for d := range x {
		switch {
		case d != ax:
			s = append(s, x[d])
		case n.Int("keepdims", 1) == 1:
			s = append(s, 1)
		}
	}
	return outputs(n, &Info{DType: "int64", Shape: s})
}

func inferTopK(n *Node, opset int, in []*Info) ([]*Info, error) {
	if err := need(in, 1); err != nil {
		return nil, err
	}
	x := in[0].Shape
	ax, err := normAxis(n.Int("axis", -1), len(x))
	if err != nil {
		return nil, err
	}
	k, err := TopKCount(n, in)
	if err != nil {
		return nil, err
	}
	if k < 0 || k > x[ax] {
		return nil, fmt.Errorf("k %d out of range for axis %d of %v", k, ax, x)
	}
	s := append([]int{}, x...)
	s[ax] = k
	return outputs(n, &Info{DType: dtypeOf(in), Shape: s}, &Info{DType: "int64", Shape: append([]int{}, s...)})
}

// reduceAxes returns which axes of x a Reduce* node reduces.
func reduceAxes(x []int, axes []int64, has, noop bool) ([]bool, error) {
	red := make([]bool, len(x))
	if !has || len(axes) == 0 {
		if !noop {
			for d := range red {
				red[d] = true
			}
		}
		return red, nil
	}
	for _, a := range axes {
		d, err := normAxis(a, len(x))
		if err != nil {
			return nil, err
		}
		red[d] = true
	}
	return red, nil
}

// ReduceAxes reports which axes of a tensor of shape x node n (a Reduce*
// node) reduces, given the value of its optional axes input (nil if absent).
func ReduceAxes(n *Node, x []int, axesInput []int64) ([]bool, error) {
	axes, has := n.Ints("axes")
	if !has && axesInput != nil {
		axes, has = axesInput, true
	}
	return reduceAxes(x, axes, has, n.Int("noop_with_empty_axes", 0) == 1)
}

// TopKCount returns k of a TopK node: attribute before opset 10, input 1 after.
func TopKCount(n *Node, in []*Info) (int, error) {
	if a, ok := n.Attrs["k"]; ok && a.Type == AttrInt {
		return int(a.I), nil
	}
	if len(in) < 2 || in[1] == nil || in[1].Value == nil || len(in[1].Value) != 1 {
		return 0, fmt.Errorf("k input %q is not a known constant", n.Input(1))
	}
	return int(in[1].Value[0]), nil
}
