package graph

import "fmt"

// indexRules are the shape rules of the operators that gather or scatter
// by index tensors, OneHot, and Trilu (which keeps a triangle of positions).
var indexRules = map[string]shapeRule{
	"Gather": inferGather, "GatherElements": inferGatherElements, "GatherND": inferGatherND,
	"ScatterElements": inferScatterElements, "Scatter": inferScatterElements, "ScatterND": inferScatterND,
	"OneHot": inferOneHot, "Trilu": inferUnary,
}

// inferGather inserts the indices' shape at axis; known values of a 1-D
// input are gathered.
func inferGather(n *Node, opset int, in []*Info) ([]*Info, error) {
	if err := need(in, 2); err != nil {
		return nil, err
	}
	x, idx := in[0].Shape, in[1].Shape
	ax, err := normAxis(n.Int("axis", 0), len(x))
	if err != nil {
		return nil, err
	}
	s := append(append(append([]int{}, x[:ax]...), idx...), x[ax+1:]...)
	var v []int64
	if in[0].Value != nil && in[1].Value != nil && len(x) == 1 {
		for _, i := range in[1].Value {
			if i < 0 {
				i += int64(x[0])
			}
			if i < 0 || int(i) >= x[0] {
				return nil, fmt.Errorf("index %d out of range [0,%d)", i, x[0])
			}
			v = append(v, in[0].Value[i])
		}
	}
	return one(n, dtypeOf(in), s, v)
}

func inferGatherElements(n *Node, opset int, in []*Info) ([]*Info, error) {
	if err := need(in, 2); err != nil {
		return nil, err
	}
	if len(in[1].Shape) != len(in[0].Shape) {
		return nil, fmt.Errorf("indices %v and data %v ranks differ", in[1].Shape, in[0].Shape)
	}
	return outputs(n, &Info{DType: dtypeOf(in), Shape: append([]int{}, in[1].Shape...)})
}

func inferGatherND(n *Node, opset int, in []*Info) ([]*Info, error) {
	if err := need(in, 2); err != nil {
		return nil, err
	}
	d, i := in[0].Shape, in[1].Shape
	b := int(n.Int("batch_dims", 0))
	if len(i) == 0 || b < 0 || b >= len(i) || b > len(d) || i[len(i)-1] > len(d)-b {
		return nil, fmt.Errorf("indices shape %v does not fit data shape %v with %d batch dims", i, d, b)
	}
	for k := 0; k < b; k++ {
		if d[k] != i[k] {
			return nil, fmt.Errorf("batch dims of indices %v and data %v differ", i, d)
		}
	}
	s := append(append([]int{}, i[:len(i)-1]...), d[b+i[len(i)-1]:]...)
	return outputs(n, &Info{DType: dtypeOf(in), Shape: s})
}

func inferScatterElements(n *Node, opset int, in []*Info) ([]*Info, error) {
	if err := need(in, 3); err != nil {
		return nil, err
	}
	if fmt.Sprint(in[1].Shape) != fmt.Sprint(in[2].Shape) || len(in[1].Shape) != len(in[0].Shape) {
		return nil, fmt.Errorf("indices %v and updates %v must have the same shape, of data's rank %d", in[1].Shape, in[2].Shape, len(in[0].Shape))
	}
	return outputs(n, &Info{DType: dtypeOf(in), Shape: append([]int{}, in[0].Shape...)})
}

func inferScatterND(n *Node, opset int, in []*Info) ([]*Info, error) {
	if err := need(in, 3); err != nil {
		return nil, err
	}
	d, i, u := in[0].Shape, in[1].Shape, in[2].Shape
	if len(i) == 0 || i[len(i)-1] > len(d) {
		return nil, fmt.Errorf("indices shape %v does not fit data shape %v", i, d)
	}
	want := append(append([]int{}, i[:len(i)-1]...), d[i[len(i)-1]:]...)
	if fmt.Sprint(u) != fmt.Sprint(want) {
		return nil, fmt.Errorf("updates shape %v, want %v", u, want)
	}
	return outputs(n, &Info{DType: dtypeOf(in), Shape: append([]int{}, d...)})
}

// inferOneHot inserts an axis of size depth (input 1, a known scalar); the
// dtype is that of the values (input 2).
func inferOneHot(n *Node, opset int, in []*Info) ([]*Info, error) {
	if err := need(in, 3); err != nil {
		return nil, err
	}
	if in[1].Value == nil || len(in[1].Value) != 1 || in[1].Value[0] < 0 {
		if in[1].Floats == nil || len(in[1].Floats) != 1 || in[1].Floats[0] < 0 {
			return nil, fmt.Errorf("depth input %q is not a known non-negative scalar", n.Input(1))
		}
	}
	depth := 0
	if in[1].Value != nil {
		depth = int(in[1].Value[0])
	} else {
		depth = int(in[1].Floats[0])
	}
	x := in[0].Shape
	ax, err := normAxis(n.Int("axis", -1), len(x)+1)
	if err != nil {
		return nil, err
	}
	s := append(append(append([]int{}, x[:ax]...), depth), x[ax:]...)
	return outputs(n, &Info{DType: in[2].DType, Shape: s})
}
