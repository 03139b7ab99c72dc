package graph

import (
	"fmt"
	"math"
)

// resizeRules are the shape rules of the resampling operators.
var resizeRules = map[string]shapeRule{"Resize": inferResize}

func inferResize(n *Node, opset int, in []*Info) ([]*Info, error) {
	if err := need(in, 1); err != nil {
		return nil, err
	}
	s, _, err := ResizeShape(n, opset, in)
	if err != nil {
		return nil, err
	}
	return outputs(n, &Info{DType: dtypeOf(in), Shape: s})
}

// ResizeShape returns the output shape of a Resize node (opset 11 on:
// inputs X, roi, scales, sizes) and the scale per axis used for its
// coordinate transformation: the given scales, or output/input size when
// sizes are given.
func ResizeShape(n *Node, opset int, in []*Info) ([]int, []float64, error) {
	if opset < 11 {
		return nil, nil, fmt.Errorf("Resize before opset 11")
	}
	if _, ok := n.Attrs["axes"]; ok {
		return nil, nil, fmt.Errorf("Resize with axes")
	}
	if p := n.String("keep_aspect_ratio_policy", "stretch"); p != "stretch" {
		return nil, nil, fmt.Errorf("keep_aspect_ratio_policy %q", p)
	}
	x := in[0].Shape
	s := make([]int, len(x))
	sc := make([]float64, len(x))
	switch {
	case len(in) > 3 && in[3] != nil && n.Input(3) != "" && len(in[3].Shape) == 1 && in[3].Shape[0] > 0:
		if in[3].Value == nil || len(in[3].Value) != len(x) {
			return nil, nil, fmt.Errorf("sizes input %q is not a known constant of %d values", n.Input(3), len(x))
		}
		for d := range x {
			s[d] = int(in[3].Value[d])
			if s[d] < 0 {
				return nil, nil, fmt.Errorf("negative size in %v", in[3].Value)
			}
			sc[d] = 1
			if x[d] > 0 {
				sc[d] = float64(s[d]) / float64(x[d])
			}
		}
	case len(in) > 2 && in[2] != nil && n.Input(2) != "":
		if in[2].Floats == nil || len(in[2].Floats) != len(x) {
			return nil, nil, fmt.Errorf("scales input %q is not a known constant of %d values", n.Input(2), len(x))
		}
		for d := range x {
			sc[d] = float64(in[2].Floats[d])
			if sc[d] <= 0 {
				return nil, nil, fmt.Errorf("scale %v is not positive", in[2].Floats)
			}
			s[d] = int(math.Floor(float64(x[d]) * sc[d]))
		}
	default:
		return nil, nil, fmt.Errorf("neither scales nor sizes given")
	}
	return s, sc, nil
}
