package graph

import (
	"fmt"
	"math"
)

// constantRules are the shape rules of the operators that make tensors
// from attributes or known scalars: Constant, ConstantOfShape and Range.
var constantRules = map[string]shapeRule{
	"Constant": inferConstant, "ConstantOfShape": inferConstantOfShape, "Range": inferRange,
}

// inferConstant reads the first value attribute present; small integer
// (and float) values are tracked.
func inferConstant(n *Node, opset int, in []*Info) ([]*Info, error) {
	for _, name := range []string{"value", "value_float", "value_floats", "value_int", "value_ints"} {
		a, ok := n.Attrs[name]
		if !ok {
			continue
		}
		switch a.Type {
		case AttrTensor:
			var v []int64
			if !isFloat(a.T.DType) && a.T.Len() <= maxTracked {
				v = a.T.Int64s()
			}
			res, err := one(n, a.T.DType, append([]int{}, a.T.Shape...), v)
			if err == nil && isFloat(a.T.DType) && a.T.Len() <= maxTracked {
				res[0].Floats = a.T.Float32s()
			}
			return res, err
		case AttrFloat:
			return one(n, "float32", []int{}, nil)
		case AttrFloats:
			res, err := one(n, "float32", []int{len(a.Floats)}, nil)
			if err == nil && len(a.Floats) <= maxTracked {
				res[0].Floats = append([]float32(nil), a.Floats...)
			}
			return res, err
		case AttrInt:
			return one(n, "int64", []int{}, []int64{a.I})
		case AttrInts:
			return one(n, "int64", []int{len(a.Ints)}, append([]int64(nil), a.Ints...))
		}
	}
	return nil, fmt.Errorf("no supported value attribute")
}

func inferConstantOfShape(n *Node, opset int, in []*Info) ([]*Info, error) {
	if err := need(in, 1); err != nil {
		return nil, err
	}
	if in[0].Value == nil {
		return nil, fmt.Errorf("shape input is not a known constant")
	}
	s := make([]int, len(in[0].Value))
	for i, v := range in[0].Value {
		s[i] = int(v)
	}
	dt := "float32"
	fill := int64(0)
	if a, ok := n.Attrs["value"]; ok && a.Type == AttrTensor {
		dt = a.T.DType
		if iv := a.T.Int64s(); len(iv) > 0 {
			fill = iv[0]
		}
	}
	for _, d := range s {
		if d < 0 {
			return nil, fmt.Errorf("negative dimension in shape %v", in[0].Value)
		}
	}
	var v []int64
	if !isFloat(dt) && prod(s) <= maxTracked {
		v = make([]int64, prod(s))
		for i := range v {
			v[i] = fill
		}
	}
	return one(n, dt, s, v)
}

func inferRange(n *Node, opset int, in []*Info) ([]*Info, error) {
	if err := need(in, 3); err != nil {
		return nil, err
	}
	cnt, vals, err := rangeCount(in)
	if err != nil {
		return nil, err
	}
	return outputs(n, &Info{DType: dtypeOf(in), Shape: []int{cnt}, Value: vals})
}

// rangeCount returns the length of a Range and, for small integer ranges,
// its values. Float ranges need their float inputs.
func rangeCount(in []*Info) (int, []int64, error) {
	get := func(i int) (float64, bool) {
		switch {
		case in[i].Floats != nil && len(in[i].Floats) == 1:
			return float64(in[i].Floats[0]), true
		case in[i].Value != nil && len(in[i].Value) == 1 && !isFloat(in[i].DType):
			return float64(in[i].Value[0]), true
		}
		return 0, false
	}
	start, ok1 := get(0)
	limit, ok2 := get(1)
	delta, ok3 := get(2)
	if !ok1 || !ok2 || !ok3 {
		return 0, nil, fmt.Errorf("start, limit and delta are not known scalars")
	}
	if delta == 0 {
		return 0, nil, fmt.Errorf("delta is 0")
	}
	cnt := int(max(math.Ceil((limit-start)/delta), 0))
	var v []int64
	if !isFloat(in[0].DType) && cnt <= maxTracked {
		v = make([]int64, cnt)
		for i := range v {
			v[i] = int64(start) + int64(i)*int64(delta)
		}
	}
	return cnt, v, nil
}
