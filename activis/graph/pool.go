package graph

import "fmt"

// poolRules are the shape rules of the pooling operators.
var poolRules = map[string]shapeRule{
	"MaxPool": inferPool, "AveragePool": inferPool,
	"GlobalAveragePool": inferGlobalPool, "GlobalMaxPool": inferGlobalPool,
}

func inferPool(n *Node, opset int, in []*Info) ([]*Info, error) {
	if err := need(in, 1); err != nil {
		return nil, err
	}
	x := in[0].Shape
	if len(x) < 3 {
		return nil, fmt.Errorf("%s input %v has rank < 3", n.OpType, x)
	}
	geo, err := Geometry(n, x[2:], nil)
	if err != nil {
		return nil, err
	}
	return one(n, dtypeOf(in), append([]int{x[0], x[1]}, geo.Out...), nil)
}

func inferGlobalPool(n *Node, opset int, in []*Info) ([]*Info, error) {
	if err := need(in, 1); err != nil {
		return nil, err
	}
	x := in[0].Shape
	if len(x) < 3 {
		return nil, fmt.Errorf("%s input %v has rank < 3", n.OpType, x)
	}
	s := []int{x[0], x[1]}
	for range x[2:] {
		s = append(s, 1)
	}
	return one(n, dtypeOf(in), s, nil)
}
