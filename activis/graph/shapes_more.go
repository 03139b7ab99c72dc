package graph

import (
	"fmt"
	"math"
	"strings"
)

// cmpOps lists the comparison and logical operators, whose output is bool.
var cmpOps = map[string]bool{
	"Equal": true, "Less": true, "Greater": true, "LessOrEqual": true, "GreaterOrEqual": true,
	"And": true, "Or": true, "Xor": true,
}

// reduceOps lists the Reduce* operators (axes as attribute or input, keepdims).
var reduceOps = map[string]bool{
	"ReduceMean": true, "ReduceSum": true, "ReduceMax": true, "ReduceMin": true, "ReduceProd": true,
	"ReduceL1": true, "ReduceL2": true, "ReduceLogSum": true, "ReduceLogSumExp": true, "ReduceSumSquare": true,
}

// inferMore holds the shape rules of the operators added after the first
// set: recurrent layers, transposed convolution, Resize, Split, Tile,
// Range, ArgMax/ArgMin and TopK.
func inferMore(n *Node, opset int, in []*Info, dt string) ([]*Info, error) {
	op := n.OpType
	outs := func(infos ...*Info) ([]*Info, error) {
		res := make([]*Info, len(n.Outputs))
		copy(res, infos)
		return res, nil
	}
	switch op {
	case "ArgMax", "ArgMin":
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
		return outs(&Info{DType: "int64", Shape: s})
	case "TopK":
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
		return outs(&Info{DType: dt, Shape: s}, &Info{DType: "int64", Shape: append([]int{}, s...)})
	case "Split":
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
			res[i] = &Info{DType: dt, Shape: s}
		}
		return outs(res...)
	case "Tile":
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
		return outs(&Info{DType: dt, Shape: s})
	case "Range":
		if err := need(in, 3); err != nil {
			return nil, err
		}
		cnt, vals, err := rangeCount(in)
		if err != nil {
			return nil, err
		}
		return outs(&Info{DType: dt, Shape: []int{cnt}, Value: vals})
	case "ConvTranspose":
		if err := need(in, 2); err != nil {
			return nil, err
		}
		x, w := in[0].Shape, in[1].Shape
		if len(x) < 3 || len(w) != len(x) {
			return nil, fmt.Errorf("ConvTranspose input %v and weight %v ranks differ or are < 3", x, w)
		}
		group := int(n.Int("group", 1))
		if group <= 0 || x[1] != w[0] {
			return nil, fmt.Errorf("ConvTranspose channels: input %v, weight %v, group %d", x, w, group)
		}
		geo, err := TransposeGeometry(n, x[2:], w[2:])
		if err != nil {
			return nil, err
		}
		return outs(&Info{DType: dt, Shape: append([]int{x[0], w[1] * group}, geo.Out...)})
	case "Resize":
		if err := need(in, 1); err != nil {
			return nil, err
		}
		s, _, err := ResizeShape(n, opset, in)
		if err != nil {
			return nil, err
		}
		return outs(&Info{DType: dt, Shape: s})
	case "ScatterElements", "Scatter":
		if err := need(in, 3); err != nil {
			return nil, err
		}
		if fmt.Sprint(in[1].Shape) != fmt.Sprint(in[2].Shape) || len(in[1].Shape) != len(in[0].Shape) {
			return nil, fmt.Errorf("indices %v and updates %v must have the same shape, of data's rank %d", in[1].Shape, in[2].Shape, len(in[0].Shape))
		}
		return outs(&Info{DType: dt, Shape: append([]int{}, in[0].Shape...)})
	case "ScatterND":
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
		return outs(&Info{DType: dt, Shape: append([]int{}, d...)})
	case "GatherND":
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
		return outs(&Info{DType: dt, Shape: s})
	case "Size":
		if err := need(in, 1); err != nil {
			return nil, err
		}
		return outs(&Info{DType: "int64", Shape: []int{}, Value: []int64{int64(prod(in[0].Shape))}})
	case "GatherElements":
		if err := need(in, 2); err != nil {
			return nil, err
		}
		if len(in[1].Shape) != len(in[0].Shape) {
			return nil, fmt.Errorf("indices %v and data %v ranks differ", in[1].Shape, in[0].Shape)
		}
		return outs(&Info{DType: dt, Shape: append([]int{}, in[1].Shape...)})
	case "OneHot":
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
		return outs(&Info{DType: in[2].DType, Shape: s})
	case "DepthToSpace", "SpaceToDepth":
		if err := need(in, 1); err != nil {
			return nil, err
		}
		x := in[0].Shape
		b := int(n.Int("blocksize", 0))
		if len(x) != 4 || b <= 0 {
			return nil, fmt.Errorf("%s needs a 4-D input and a positive blocksize, got %v and %d", op, x, b)
		}
		if op == "DepthToSpace" {
			if x[1]%(b*b) != 0 {
				return nil, fmt.Errorf("%d channels do not divide by blocksize² %d", x[1], b*b)
			}
			return outs(&Info{DType: dt, Shape: []int{x[0], x[1] / (b * b), x[2] * b, x[3] * b}})
		}
		if x[2]%b != 0 || x[3]%b != 0 {
			return nil, fmt.Errorf("spatial size %v does not divide by blocksize %d", x[2:], b)
		}
		return outs(&Info{DType: dt, Shape: []int{x[0], x[1] * b * b, x[2] / b, x[3] / b}})
	case "Einsum":
		if err := need(in, len(in)); err != nil {
			return nil, err
		}
		shapes := make([][]int, len(in))
		for i, t := range in {
			shapes[i] = t.Shape
		}
		sp, err := Einsum(n, shapes)
		if err != nil {
			return nil, err
		}
		s := []int{}
		for _, l := range sp.Output {
			s = append(s, sp.Sizes[l])
		}
		return outs(&Info{DType: dt, Shape: s})
	case "LSTM", "GRU", "RNN":
		if err := need(in, 2); err != nil {
			return nil, err
		}
		x := in[0].Shape
		if len(x) != 3 {
			return nil, fmt.Errorf("%s input %v is not 3-D", op, x)
		}
		hidden := int(n.Int("hidden_size", 0))
		if hidden <= 0 {
			return nil, fmt.Errorf("hidden_size %d", hidden)
		}
		dirs := 1
		if n.String("direction", "forward") == "bidirectional" {
			dirs = 2
		}
		seq, batch := x[0], x[1]
		y := []int{seq, dirs, batch, hidden}
		h := []int{dirs, batch, hidden}
		if n.Int("layout", 0) == 1 {
			batch, seq = x[0], x[1]
			y = []int{batch, seq, dirs, hidden}
			h = []int{batch, dirs, hidden}
		}
		return outs(&Info{DType: dt, Shape: y}, &Info{DType: dt, Shape: h}, &Info{DType: dt, Shape: append([]int{}, h...)})
	}
	return nil, fmt.Errorf("no shape rule for operator %s", op)
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

// TransposeGeometry computes the spatial geometry of a ConvTranspose node
// over an input with the given spatial sizes and kernel: Out is the output
// size, PadsBegin/PadsEnd the padding cropped from the full result.
func TransposeGeometry(n *Node, spatial, kernel []int) (*PoolGeometry, error) {
	r := len(spatial)
	g := &PoolGeometry{Kernel: append([]int{}, kernel...), Strides: make([]int, r), Dilations: make([]int, r),
		PadsBegin: make([]int, r), PadsEnd: make([]int, r), Out: make([]int, r)}
	if ks, ok := n.Ints("kernel_shape"); ok {
		if len(ks) != r {
			return nil, fmt.Errorf("kernel_shape %v does not match %d spatial dims", ks, r)
		}
		for i := range ks {
			if int(ks[i]) != kernel[i] {
				return nil, fmt.Errorf("kernel_shape %v differs from the weight's %v", ks, kernel)
			}
		}
	}
	get := func(name string, def int, size int) ([]int, error) {
		v, ok := n.Ints(name)
		out := make([]int, size)
		for i := range out {
			out[i] = def
		}
		if !ok {
			return out, nil
		}
		if len(v) != size {
			return nil, fmt.Errorf("%s %v has %d values, want %d", name, v, len(v), size)
		}
		for i := range v {
			out[i] = int(v[i])
		}
		return out, nil
	}
	var err error
	if g.Strides, err = get("strides", 1, r); err != nil {
		return nil, err
	}
	if g.Dilations, err = get("dilations", 1, r); err != nil {
		return nil, err
	}
	outPad, err := get("output_padding", 0, r)
	if err != nil {
		return nil, err
	}
	pads, err := get("pads", 0, 2*r)
	if err != nil {
		return nil, err
	}
	outShape, hasOut := n.Ints("output_shape")
	if hasOut && len(outShape) != r {
		if len(outShape) != r+2 {
			return nil, fmt.Errorf("output_shape %v does not match %d spatial dims", outShape, r)
		}
		outShape = outShape[2:]
	}
	autoPad := n.String("auto_pad", "NOTSET")
	for i := 0; i < r; i++ {
		if g.Strides[i] <= 0 || g.Dilations[i] <= 0 || kernel[i] <= 0 {
			return nil, fmt.Errorf("bad kernel %v, strides %v or dilations %v", kernel, g.Strides, g.Dilations)
		}
		full := g.Strides[i]*(spatial[i]-1) + outPad[i] + (kernel[i]-1)*g.Dilations[i] + 1
		want := -1
		switch {
		case hasOut:
			want = int(outShape[i])
		case autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER":
			want = spatial[i] * g.Strides[i]
		}
		if want >= 0 {
			total := full - want
			if total < 0 {
				return nil, fmt.Errorf("output_shape %v larger than the full output", outShape)
			}
			if autoPad == "SAME_UPPER" {
				g.PadsBegin[i], g.PadsEnd[i] = total/2, total-total/2
			} else {
				g.PadsBegin[i], g.PadsEnd[i] = total-total/2, total/2
			}
		} else if autoPad != "VALID" {
			g.PadsBegin[i], g.PadsEnd[i] = pads[i], pads[i+r]
		}
		g.Out[i] = full - g.PadsBegin[i] - g.PadsEnd[i]
		if g.Out[i] < 0 || g.PadsBegin[i] < 0 || g.PadsEnd[i] < 0 {
			return nil, fmt.Errorf("pads %v crop more than the output", pads)
		}
	}
	return g, nil
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

// EinsumSpec is a parsed Einsum equation over operands of known shapes:
// every label (a letter, or one axis hidden in "...") is numbered; Inputs
// holds each operand's labels, Output the result's, Sizes each label's size.
type EinsumSpec struct {
	Inputs [][]int
	Output []int
	Sizes  []int
}

// Einsum parses the equation of an Einsum node for operands of the given
// shapes. It supports explicit ("ij,jk->ik") and implicit ("ij,jk") forms,
// repeated labels (diagonals, traces) and "..." with numpy broadcasting.
func Einsum(n *Node, shapes [][]int) (*EinsumSpec, error) {
	eq := ""
	for _, c := range n.String("equation", "") {
		if c != ' ' {
			eq += string(c)
		}
	}
	lhs, rhs, explicit := eq, "", false
	if i := strings.Index(eq, "->"); i >= 0 {
		lhs, rhs, explicit = eq[:i], eq[i+2:], true
	}
	terms := strings.Split(lhs, ",")
	if len(terms) != len(shapes) {
		return nil, fmt.Errorf("equation %q has %d operands, node has %d", eq, len(terms), len(shapes))
	}
	sp := &EinsumSpec{}
	ids := map[rune]int{}
	label := func(r rune) int {
		if id, ok := ids[r]; ok {
			return id
		}
		ids[r] = len(sp.Sizes)
		sp.Sizes = append(sp.Sizes, -1)
		return ids[r]
	}
	// Ellipsis axes are labelled by their position from the right, shared by all operands.
	ell := 0
	ellIDs := []int{} // ellIDs[k] is the label of the k-th axis from the right of "..."
	ellLabel := func(k int) int {
		for len(ellIDs) <= k {
			ellIDs = append(ellIDs, len(sp.Sizes))
			sp.Sizes = append(sp.Sizes, 1)
		}
		return ellIDs[k]
	}
	count := map[int]int{}
	for i, t := range terms {
		letters := 0
		hasEll := false
		for j := 0; j < len(t); j++ {
			if strings.HasPrefix(t[j:], "...") {
				if hasEll {
					return nil, fmt.Errorf("operand %d of %q has two ellipses", i, eq)
				}
				hasEll = true
				j += 2
				continue
			}
			letters++
		}
		ne := len(shapes[i]) - letters
		if ne < 0 || (!hasEll && ne != 0) {
			return nil, fmt.Errorf("operand %d of %q does not match shape %v", i, eq, shapes[i])
		}
		ell = max(ell, ne)
		var labs []int
		for j := 0; j < len(t); j++ {
			if strings.HasPrefix(t[j:], "...") {
				for k := ne - 1; k >= 0; k-- {
					labs = append(labs, ellLabel(k))
				}
				j += 2
				continue
			}
			r := rune(t[j])
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
				return nil, fmt.Errorf("equation %q: bad label %q", eq, r)
			}
			labs = append(labs, label(r))
			count[label(r)]++
		}
		for a, l := range labs {
			d := shapes[i][a]
			isEll := false
			for _, e := range ellIDs {
				isEll = isEll || e == l
			}
			switch {
			case sp.Sizes[l] == -1 || (isEll && sp.Sizes[l] == 1):
				sp.Sizes[l] = d
			case sp.Sizes[l] != d && !(isEll && d == 1):
				return nil, fmt.Errorf("equation %q: label sizes %d and %d differ", eq, sp.Sizes[l], d)
			}
		}
		sp.Inputs = append(sp.Inputs, labs)
	}
	if explicit {
		for j := 0; j < len(rhs); j++ {
			if strings.HasPrefix(rhs[j:], "...") {
				for k := ell - 1; k >= 0; k-- {
					sp.Output = append(sp.Output, ellLabel(k))
				}
				j += 2
				continue
			}
			id, ok := ids[rune(rhs[j])]
			if !ok {
				return nil, fmt.Errorf("equation %q: output label %q is not an input label", eq, rhs[j])
			}
			sp.Output = append(sp.Output, id)
		}
	} else {
		for k := ell - 1; k >= 0; k-- {
			sp.Output = append(sp.Output, ellLabel(k))
		}
		for r := 'A'; r <= 'z'; r++ {
			if id, ok := ids[r]; ok && count[id] == 1 {
				sp.Output = append(sp.Output, id)
			}
		}
	}
	return sp, nil
}
