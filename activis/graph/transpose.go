package graph

import "fmt"

// transposeRules are the shape rules of the operators that permute axes
// or move elements between channels and space.
var transposeRules = map[string]shapeRule{
	"Transpose": inferTranspose, "DepthToSpace": inferDepthToSpace, "SpaceToDepth": inferSpaceToDepth,
}

func inferTranspose(n *Node, opset int, in []*Info) ([]*Info, error) {
	if err := need(in, 1); err != nil {
		return nil, err
	}
	x := in[0].Shape
	perm, ok := n.Ints("perm")
	if !ok {
		for i := len(x) - 1; i >= 0; i-- {
			perm = append(perm, int64(i))
		}
	}
	if len(perm) != len(x) {
		return nil, fmt.Errorf("perm %v does not match rank %d", perm, len(x))
	}
	s := make([]int, len(x))
	seen := make([]bool, len(x))
	for i, p := range perm {
		if p < 0 || int(p) >= len(x) || seen[p] {
			return nil, fmt.Errorf("perm %v is not a permutation", perm)
		}
		seen[p] = true
		s[i] = x[p]
	}
	return one(n, dtypeOf(in), s, nil)
}

// blockInput checks the input of DepthToSpace and SpaceToDepth and returns
// its shape and the block size.
func blockInput(n *Node, in []*Info) ([]int, int, error) {
	if err := need(in, 1); err != nil {
		return nil, 0, err
	}
	x := in[0].Shape
	b := int(n.Int("blocksize", 0))
	if len(x) != 4 || b <= 0 {
		return nil, 0, fmt.Errorf("%s needs a 4-D input and a positive blocksize, got %v and %d", n.OpType, x, b)
	}
	return x, b, nil
}

func inferDepthToSpace(n *Node, opset int, in []*Info) ([]*Info, error) {
	x, b, err := blockInput(n, in)
	if err != nil {
		return nil, err
	}
	if x[1]%(b*b) != 0 {
		return nil, fmt.Errorf("%d channels do not divide by blocksize² %d", x[1], b*b)
	}
	return outputs(n, &Info{DType: dtypeOf(in), Shape: []int{x[0], x[1] / (b * b), x[2] * b, x[3] * b}})
}

func inferSpaceToDepth(n *Node, opset int, in []*Info) ([]*Info, error) {
	x, b, err := blockInput(n, in)
	if err != nil {
		return nil, err
	}
	if x[2]%b != 0 || x[3]%b != 0 {
		return nil, fmt.Errorf("spatial size %v does not divide by blocksize %d", x[2:], b)
	}
	return outputs(n, &Info{DType: dtypeOf(in), Shape: []int{x[0], x[1] * b * b, x[2] / b, x[3] / b}})
}
