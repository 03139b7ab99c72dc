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

// unary lists operators whose output has the shape and dtype of input 0.
var unary = map[string]bool{
	"Relu": true, "LeakyRelu": true, "Sigmoid": true, "Tanh": true, "Softmax": true, "LogSoftmax": true,
	"Dropout": true, "Identity": true, "BatchNormalization": true, "Exp": true, "Log": true, "Sqrt": true,
	"Neg": true, "Abs": true, "Erf": true, "Clip": true, "Elu": true, "Selu": true, "HardSigmoid": true,
	"Softplus": true, "Reciprocal": true, "Floor": true, "Ceil": true, "Sin": true, "Cos": true,
	"InstanceNormalization": true, "LayerNormalization": true, "PRelu": true, "Gelu": true, "HardSwish": true,
	"Celu": true, "Softsign": true, "Sign": true, "Not": true, "CumSum": true, "Trilu": true, "ThresholdedRelu": true,
	"Shrink": true, "Mish": true, "Round": true, "Tan": true, "Asin": true, "Acos": true,
	"Atan": true, "Sinh": true, "Cosh": true, "Asinh": true, "Acosh": true, "Atanh": true, "LpNormalization": true,
}

// broadcasting lists elementwise binary operators with numpy broadcasting.
var broadcasting = map[string]bool{
	"Add": true, "Sub": true, "Mul": true, "Div": true, "Pow": true, "Max": true, "Min": true,
	"Equal": true, "Less": true, "Greater": true, "Where": true,
	"And": true, "Or": true, "Xor": true, "Mod": true, "LessOrEqual": true, "GreaterOrEqual": true,
	"Sum": true, "Mean": true,
}

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

// Broadcast returns the numpy-broadcast shape of a and b.
func Broadcast(a, b []int) ([]int, error) {
	r := len(a)
	if len(b) > r {
		r = len(b)
	}
	out := make([]int, r)
	for i := 0; i < r; i++ {
		da, db := 1, 1
		if j := len(a) - r + i; j >= 0 {
			da = a[j]
		}
		if j := len(b) - r + i; j >= 0 {
			db = b[j]
		}
		switch {
		case da == db || db == 1:
			out[i] = da
		case da == 1:
			out[i] = db
		default:
			return nil, fmt.Errorf("shapes %v and %v do not broadcast", a, b)
		}
	}
	return out, nil
}

// PoolGeometry is the spatial geometry of a Conv or pooling node.
type PoolGeometry struct {
	Kernel, Strides, Dilations []int
	// PadsBegin and PadsEnd are the paddings per spatial axis.
	PadsBegin, PadsEnd []int
	// Out is the output spatial size.
	Out []int
}

// Geometry computes the spatial geometry of a Conv, MaxPool or AveragePool
// node over an input with the given spatial sizes; kernel is the kernel
// size from the weights (Conv) or nil to use kernel_shape.
func Geometry(n *Node, spatial []int, kernel []int) (*PoolGeometry, error) {
	r := len(spatial)
	g := &PoolGeometry{Kernel: make([]int, r), Strides: make([]int, r), Dilations: make([]int, r),
		PadsBegin: make([]int, r), PadsEnd: make([]int, r), Out: make([]int, r)}
	ks, ok := n.Ints("kernel_shape")
	switch {
	case ok && len(ks) == r:
		for i := range ks {
			g.Kernel[i] = int(ks[i])
		}
	case kernel != nil && len(kernel) == r:
		copy(g.Kernel, kernel)
	default:
		return nil, fmt.Errorf("kernel_shape %v does not match %d spatial dims", ks, r)
	}
	fill := func(name string, dst []int, def int) error {
		v, ok := n.Ints(name)
		for i := range dst {
			dst[i] = def
		}
		if !ok {
			return nil
		}
		if len(v) != len(dst) {
			return fmt.Errorf("%s %v has %d values, want %d", name, v, len(v), len(dst))
		}
		for i := range v {
			dst[i] = int(v[i])
		}
		return nil
	}
	if err := fill("strides", g.Strides, 1); err != nil {
		return nil, err
	}
	if err := fill("dilations", g.Dilations, 1); err != nil {
		return nil, err
	}
	if p, ok := n.Ints("pads"); ok {
		if len(p) != 2*r {
			return nil, fmt.Errorf("pads %v has %d values, want %d", p, len(p), 2*r)
		}
		for i := 0; i < r; i++ {
			g.PadsBegin[i], g.PadsEnd[i] = int(p[i]), int(p[i+r])
		}
	}
	ceil := n.Int("ceil_mode", 0) == 1
	autoPad := n.String("auto_pad", "NOTSET")
	for i := 0; i < r; i++ {
		k := (g.Kernel[i]-1)*g.Dilations[i] + 1
		s := g.Strides[i]
		if s <= 0 || g.Kernel[i] <= 0 {
			return nil, fmt.Errorf("bad kernel %v or strides %v", g.Kernel, g.Strides)
		}
		switch autoPad {
		case "SAME_UPPER", "SAME_LOWER":
			out := (spatial[i] + s - 1) / s
			total := (out-1)*s + k - spatial[i]
			if total < 0 {
				total = 0
			}
			if autoPad == "SAME_UPPER" {
				g.PadsBegin[i], g.PadsEnd[i] = total/2, total-total/2
			} else {
				g.PadsBegin[i], g.PadsEnd[i] = total-total/2, total/2
			}
			g.Out[i] = out
			continue
		case "VALID":
			g.PadsBegin[i], g.PadsEnd[i] = 0, 0
		}
		span := spatial[i] + g.PadsBegin[i] + g.PadsEnd[i] - k
		if span < 0 {
			return nil, fmt.Errorf("kernel %v larger than padded input %v", g.Kernel, spatial)
		}
		if ceil {
			o := (span+s-1)/s + 1
			// The last window must start inside the input or the left padding.
			if (o-1)*s >= spatial[i]+g.PadsBegin[i] {
				o--
			}
			g.Out[i] = o
		} else {
			g.Out[i] = span/s + 1
		}
	}
	return g, nil
}

func inferNode(n *Node, opset int, in []*Info) ([]*Info, error) {
	dt := ""
	if len(in) > 0 && in[0] != nil {
		dt = in[0].DType
	}
	one := func(shape []int, value []int64) ([]*Info, error) {
		outs := make([]*Info, len(n.Outputs))
		outs[0] = &Info{DType: dt, Shape: shape, Value: value}
		for i := 1; i < len(outs); i++ {
			outs[i] = &Info{DType: dt, Shape: shape}
		}
		if n.OpType == "Dropout" && len(outs) > 1 {
			outs[1].DType = "bool"
		}
		return outs, nil
	}
	op := n.OpType
	switch {
	case op == "Constant":
		for _, name := range []string{"value", "value_float", "value_floats", "value_int", "value_ints"} {
			a, ok := n.Attrs[name]
			if !ok {
				continue
			}
			switch a.Type {
			case AttrTensor:
				dt = a.T.DType
				var v []int64
				if !isFloat(a.T.DType) && a.T.Len() <= maxTracked {
					v = a.T.Int64s()
				}
				res, err := one(append([]int{}, a.T.Shape...), v)
				if err == nil && isFloat(a.T.DType) && a.T.Len() <= maxTracked {
					res[0].Floats = a.T.Float32s()
				}
				return res, err
			case AttrFloat:
				dt = "float32"
				return one([]int{}, nil)
			case AttrFloats:
				dt = "float32"
				res, err := one([]int{len(a.Floats)}, nil)
				if err == nil && len(a.Floats) <= maxTracked {
					res[0].Floats = append([]float32(nil), a.Floats...)
				}
				return res, err
			case AttrInt:
				dt = "int64"
				return one([]int{}, []int64{a.I})
			case AttrInts:
				dt = "int64"
				return one([]int{len(a.Ints)}, append([]int64(nil), a.Ints...))
			}
		}
		return nil, fmt.Errorf("no supported value attribute")
	case unary[op]:
		if err := need(in, 1); err != nil {
			return nil, err
		}
		return one(append([]int{}, in[0].Shape...), nil)
	case op == "Cast":
		if err := need(in, 1); err != nil {
			return nil, err
		}
		dt = dtypeName(int32(n.Int("to", 1)))
		var v []int64
		if !isFloat(dt) {
			v = in[0].Value
		}
		return one(append([]int{}, in[0].Shape...), v)
	case broadcasting[op]:
		k := 2
		switch op {
		case "Where":
			k = 3
		case "Max", "Min", "Sum", "Mean": // variadic
			k = max(len(in), 1)
		}
		if err := need(in, k); err != nil {
			return nil, err
		}
		if op == "Where" {
			dt = in[1].DType
		}
		s := in[0].Shape
		for i := 1; i < k; i++ {
			var err error
			if s, err = Broadcast(s, in[i].Shape); err != nil {
				return nil, err
			}
		}
		var v []int64
		if k == 2 && in[0].Value != nil && in[1].Value != nil && prod(s) <= maxTracked {
			v = make([]int64, prod(s))
			a, b := in[0].Value, in[1].Value
			for i := range v {
				x, y := a[i%len(a)], b[i%len(b)]
				switch op {
				case "Add":
					v[i] = x + y
				case "Sub":
					v[i] = x - y
				case "Mul":
					v[i] = x * y
				case "Div":
					if y != 0 {
						v[i] = x / y
					}
				case "Equal":
					v[i] = b2i(x == y)
				case "Less":
					v[i] = b2i(x < y)
				case "Greater":
					v[i] = b2i(x > y)
				case "Max":
					v[i] = max(x, y)
				case "Min":
					v[i] = min(x, y)
				default:
					v = nil
				}
				if v == nil {
					break
				}
			}
			if len(a) != 1 && len(b) != 1 && len(a) != len(b) {
				v = nil
			}
		}
		if k == 3 && in[0].Value != nil && in[1].Value != nil && in[2].Value != nil && prod(s) <= maxTracked {
			c, a, b := in[0].Value, in[1].Value, in[2].Value
			if (len(c) == 1 || len(c) == prod(s)) && (len(a) == 1 || len(a) == prod(s)) && (len(b) == 1 || len(b) == prod(s)) {
				v = make([]int64, prod(s))
				for i := range v {
					if c[i%len(c)] != 0 {
						v[i] = a[i%len(a)]
					} else {
						v[i] = b[i%len(b)]
					}
				}
			}
		}
		if cmpOps[op] {
			dt = "bool"
		}
		return one(s, v)
	case op == "Gemm":
		if err := need(in, 2); err != nil {
			return nil, err
		}
		a, b := in[0].Shape, in[1].Shape
		if len(a) != 2 || len(b) != 2 {
			return nil, fmt.Errorf("Gemm needs 2-D inputs, got %v and %v", a, b)
		}
		m, k := a[0], a[1]
		if n.Int("transA", 0) != 0 {
			m, k = k, m
		}
		k2, nn := b[0], b[1]
		if n.Int("transB", 0) != 0 {
			k2, nn = nn, k2
		}
		if k != k2 {
			return nil, fmt.Errorf("Gemm inner dimensions differ: %v and %v", a, b)
		}
		return one([]int{m, nn}, nil)
	case op == "MatMul":
		if err := need(in, 2); err != nil {
			return nil, err
		}
		a, b := in[0].Shape, in[1].Shape
		if len(a) == 0 || len(b) == 0 {
			return nil, fmt.Errorf("MatMul of a scalar")
		}
		a1, b1 := a, b
		if len(a) == 1 {
			a1 = []int{1, a[0]}
		}
		if len(b) == 1 {
			b1 = []int{b[0], 1}
		}
		if a1[len(a1)-1] != b1[len(b1)-2] {
			return nil, fmt.Errorf("MatMul inner dimensions differ: %v and %v", a, b)
		}
		batch, err := Broadcast(a1[:len(a1)-2], b1[:len(b1)-2])
		if err != nil {
			return nil, err
		}
		s := append(batch, a1[len(a1)-2], b1[len(b1)-1])
		if len(a) == 1 {
			s = append(s[:len(s)-2], s[len(s)-1])
		}
		if len(b) == 1 {
			s = s[:len(s)-1]
		}
		return one(s, nil)
	case op == "Conv":
		if err := need(in, 2); err != nil {
			return nil, err
		}
		x, w := in[0].Shape, in[1].Shape
		if len(x) < 3 || len(w) != len(x) {
			return nil, fmt.Errorf("Conv input %v and weight %v ranks differ or are < 3", x, w)
		}
		group := int(n.Int("group", 1))
		if group <= 0 || x[1] != w[1]*group || w[0]%group != 0 {
			return nil, fmt.Errorf("Conv channels: input %v, weight %v, group %d", x, w, group)
		}
		geo, err := Geometry(n, x[2:], w[2:])
		if err != nil {
			return nil, err
		}
		return one(append([]int{x[0], w[0]}, geo.Out...), nil)
	case op == "MaxPool" || op == "AveragePool":
		if err := need(in, 1); err != nil {
			return nil, err
		}
		x := in[0].Shape
		if len(x) < 3 {
			return nil, fmt.Errorf("%s input %v has rank < 3", op, x)
		}
		geo, err := Geometry(n, x[2:], nil)
		if err != nil {
			return nil, err
		}
		return one(append([]int{x[0], x[1]}, geo.Out...), nil)
	case op == "GlobalAveragePool" || op == "GlobalMaxPool":
		if err := need(in, 1); err != nil {
			return nil, err
		}
		x := in[0].Shape
		if len(x) < 3 {
			return nil, fmt.Errorf("%s input %v has rank < 3", op, x)
		}
		s := []int{x[0], x[1]}
		for range x[2:] {
			s = append(s, 1)
		}
		return one(s, nil)
	case op == "Flatten":
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
		return one([]int{prod(x[:ax]), prod(x[ax:])}, in[0].Value)
	case op == "Reshape":
		if err := need(in, 2); err != nil {
			return nil, err
		}
		x := in[0].Shape
		spec := in[1].Value
		if spec == nil {
			return nil, fmt.Errorf("shape input %q is not a known constant", n.Input(1))
		}
		s, err := reshape(x, spec, n.Int("allowzero", 0) == 1)
		if err != nil {
			return nil, err
		}
		return one(s, in[0].Value)
	case op == "Transpose":
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
		return one(s, nil)
	case op == "Concat":
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
		return one(s, v)
	case op == "Gather":
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
		return one(s, v)
	case reduceOps[op]:
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
		return one(s, nil)
	case op == "Squeeze":
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
		return one(s, in[0].Value)
	case op == "Unsqueeze":
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
		return one(s, in[0].Value)
	case op == "Shape":
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
		dt = "int64"
		return one([]int{len(v)}, v)
	case op == "Pad":
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
		return one(s, nil)
	case op == "Slice":
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
		return one(s, v)
	case op == "Expand":
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
		return one(s, v)
	case op == "ConstantOfShape":
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
		dt = "float32"
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
		return one(s, v)
	}
	return inferMore(n, opset, in, dt)
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

// inferShapes fills in the shapes and dtypes of tensors the file does not
// describe. It runs inference twice with two batch sizes for the inputs'
// unknown dimensions; a dimension that differs between the runs depends on
// the batch and is recorded as -1.
func (g *Graph) inferShapes() {
	runs := [2]map[string]*Info{}
	for r, batch := range []int{2, 3} {
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
		runs[r] = info
	}
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
			t := g.Tensors[out]
			if t == nil {
				continue
			}
			a, b := runs[0][out], runs[1][out]
			if t.DType == "" && a != nil {
				t.DType = a.DType
			}
			if a == nil || b == nil || len(a.Shape) != len(b.Shape) {
				continue
			}
			complete := t.Shape != nil
			for _, d := range t.Shape {
				complete = complete && d >= 0
			}
			if complete {
				continue
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
	}
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

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
		sp.Start[d], sp.Step[d], sp.Count[d] = int(st), int(step), int(cnt)
	}
	return sp, nil
}

// Slice resolves the geometry of a Slice node over an input of shape x,
// given its inputs' Info (for the starts/ends/axes/steps inputs).
func Slice(n *Node, in []*Info, x []int) (*SliceSpec, error) { return sliceSpec(n, in, x) }
