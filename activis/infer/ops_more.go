package infer

import (
	"fmt"
	"math"
	"sort"

	"github.com/activis-go/activis/activis/graph"
)

// moreKernels returns the operators added for the layers PyTorch users
// bring beyond MLPs and plain CNNs: recurrent layers, transposed
// convolution, Resize, normalisation, splitting, index and logic ops.
func moreKernels() map[string]kernel {
	unary := func(f func(float64) float64) kernel {
		return unaryOp(func(n *graph.Node) func(float32) float32 {
			return func(v float32) float32 { return float32(f(float64(v))) }
		})
	}
	return map[string]kernel{
		"Sin": unary(math.Sin), "Cos": unary(math.Cos),
		"Sign": unaryOp(func(n *graph.Node) func(float32) float32 {
			return func(v float32) float32 {
				switch {
				case v > 0:
					return 1
				case v < 0:
					return -1
				case v != v:
					return v // NaN stays NaN, as in PyTorch
				}
				return 0
			}
		}),
		"Not": unaryOp(func(n *graph.Node) func(float32) float32 {
			return func(v float32) float32 { return b2f(v == 0) }
		}),
		"Softsign": unaryOp(func(n *graph.Node) func(float32) float32 {
			return func(v float32) float32 { return v / (1 + float32(math.Abs(float64(v)))) }
		}),
		"Selu": unaryOp(func(n *graph.Node) func(float32) float32 {
			alpha := float64(n.Float("alpha", 1.67326319217681884765625))
			gamma := float64(n.Float("gamma", 1.05070102214813232421875))
			return func(v float32) float32 {
				if v > 0 {
					return float32(gamma * float64(v))
				}
				return float32(gamma * alpha * math.Expm1(float64(v)))
			}
		}),
		"Celu": unaryOp(func(n *graph.Node) func(float32) float32 {
			alpha := float64(n.Float("alpha", 1))
			return func(v float32) float32 {
				if v > 0 {
					return v
				}
				return float32(alpha * math.Expm1(float64(v)/alpha))
			}
		}),
		"Gelu":           gelu,
		"And":            binary(func(a, b float32) float32 { return b2f(a != 0 && b != 0) }),
		"Or":             binary(func(a, b float32) float32 { return b2f(a != 0 || b != 0) }),
		"Xor":            binary(func(a, b float32) float32 { return b2f((a != 0) != (b != 0)) }),
		"LessOrEqual":    binary(func(a, b float32) float32 { return b2f(a <= b) }),
		"GreaterOrEqual": binary(func(a, b float32) float32 { return b2f(a >= b) }),
		"Mod":            mod,
		"Range":          rangeOp, "Split": split, "Tile": tile,
		"ArgMax": argExtreme(true), "ArgMin": argExtreme(false), "TopK": topK,
		"CumSum": cumSum, "Trilu": trilu, "InstanceNormalization": instanceNorm,
		"ReduceProd": reduce("prod"), "ReduceL1": reduce("l1"), "ReduceL2": reduce("l2"),
		"ReduceSumSquare": reduce("sumsq"), "ReduceLogSum": reduce("logsum"), "ReduceLogSumExp": reduce("logsumexp"),
		"ConvTranspose": convTranspose, "Resize": resize,
		"LSTM": lstm, "GRU": gru, "RNN": rnn,
		"ScatterElements": scatterElements, "GatherElements": gatherElements, "Einsum": einsum,
		"DepthToSpace": depthToSpace, "SpaceToDepth": spaceToDepth, "OneHot": oneHot,
		"Sum":  variadic(func(a, b float32) float32 { return a + b }, false),
		"Mean": variadic(func(a, b float32) float32 { return a + b }, true),
		"Round": unaryOp(func(n *graph.Node) func(float32) float32 {
			return func(v float32) float32 { return float32(math.RoundToEven(float64(v))) }
		}),
		"Size": size, "ScatterND": scatterND, "GatherND": gatherND,
	}
}

// checks holds Compile-time checks of attribute values: a node whose
// operator has a kernel but whose attributes ask for something the kernel
// does not implement fails Compile, naming the node, instead of failing on
// the first batch. The kernels check again (they may be called directly).
var checks = map[string]func(n *graph.Node, opset int) error{
	"Resize": checkResize,
	"LSTM":   checkRecurrent(lstmKind), "GRU": checkRecurrent(gruKind), "RNN": checkRecurrent(rnnPlain),
	"Gelu": func(n *graph.Node, opset int) error {
		if a := n.String("approximate", "none"); a != "none" && a != "tanh" {
			return fmt.Errorf("approximate %q", a)
		}
		return nil
	},
	"DepthToSpace": func(n *graph.Node, opset int) error {
		if m := n.String("mode", "DCR"); m != "DCR" && m != "CRD" {
			return fmt.Errorf("mode %q", m)
		}
		return nil
	},
	"ScatterND": func(n *graph.Node, opset int) error {
		switch r := n.String("reduction", "none"); r {
		case "none", "add", "mul", "max", "min":
			return nil
		default:
			return fmt.Errorf("reduction %q", r)
		}
	},
	"ScatterElements": func(n *graph.Node, opset int) error {
		switch r := n.String("reduction", "none"); r {
		case "none", "add", "mul", "max", "min":
			return nil
		default:
			return fmt.Errorf("reduction %q", r)
		}
	},
}

// gelu is the opset 20 Gelu: exact (erf) or, with approximate="tanh", the
// tanh approximation.
func gelu(x *Executor, n *graph.Node, in, out []*Tensor) error {
	approx := n.String("approximate", "none")
	if approx != "none" && approx != "tanh" {
		return fmt.Errorf("%w: Gelu approximate=%q", ErrUnsupported, approx)
	}
	for i, v := range in[0].Data {
		f := float64(v)
		if approx == "tanh" {
			out[0].Data[i] = float32(0.5 * f * (1 + math.Tanh(math.Sqrt(2/math.Pi)*(f+0.044715*f*f*f))))
		} else {
			out[0].Data[i] = float32(0.5 * f * (1 + math.Erf(f/math.Sqrt2)))
		}
	}
	return nil
}

// mod is Mod: with fmod=1 the remainder has the dividend's sign (C fmod),
// with fmod=0 (integers) the divisor's sign (Python %).
func mod(x *Executor, n *graph.Node, in, out []*Tensor) error {
	fm := n.Int("fmod", 0) != 0
	return binary(func(a, b float32) float32 {
		r := math.Mod(float64(a), float64(b))
		if !fm && r != 0 && (r < 0) != (b < 0) {
			r += float64(b)
		}
		return float32(r)
	})(x, n, in, out)
}

// rangeOp is Range: start, start+delta, … up to (excluding) limit.
func rangeOp(x *Executor, n *graph.Node, in, out []*Tensor) error {
	start, delta := float64(in[0].Data[0]), float64(in[2].Data[0])
	for i := range out[0].Data {
		out[0].Data[i] = float32(start + float64(i)*delta)
	}
	return nil
}

// split copies consecutive parts of input 0 along axis into the outputs;
// the part sizes were resolved by shape inference (graph.SplitSizes).
func split(x *Executor, n *graph.Node, in, out []*Tensor) error {
	s := in[0].Shape
	ax := int(n.Int("axis", 0))
	if ax < 0 {
		ax += len(s)
	}
	var sizes *graph.Info
	if len(in) > 1 && in[1] != nil {
		sizes = &graph.Info{Shape: in[1].Shape, Value: make([]int64, len(in[1].Data))}
		for i, v := range in[1].Data {
			sizes.Value[i] = toInt64(v)
		}
	}
	parts, err := graph.SplitSizes(n, []*graph.Info{nil, sizes}, s[ax])
	if err != nil {
		return err
	}
	outer, inner := numel(s[:ax]), numel(s[ax+1:])
	src := in[0].Data
	off := 0
	for i, o := range out {
		chunk := parts[i] * inner
		if o != nil {
			for b := 0; b < outer; b++ {
				copy(o.Data[b*chunk:(b+1)*chunk], src[b*s[ax]*inner+off:])
			}
		}
		off += chunk
	}
	return nil
}

// tile repeats input 0 along every axis.
func tile(x *Executor, n *graph.Node, in, out []*Tensor) error {
	s := in[0].Shape
	st := strides(s)
	src := in[0].Data
	eachIndex(out[0].Shape, func(i int, idx []int) {
		j := 0
		for d, v := range idx {
			j += (v % s[d]) * st[d]
		}
		out[0].Data[i] = src[j]
	})
	return nil
}

// argExtreme builds ArgMax or ArgMin: the index of the first (or, with
// select_last_index, the last) extreme value along axis.
func argExtreme(isMax bool) kernel {
	return func(x *Executor, n *graph.Node, in, out []*Tensor) error {
		s := in[0].Shape
		ax := int(n.Int("axis", 0))
		if ax < 0 {
			ax += len(s)
		}
		last := n.Int("select_last_index", 0) != 0
		outer, d, inner := numel(s[:ax]), s[ax], numel(s[ax+1:])
		if d == 0 {
			return fmt.Errorf("%s over an empty axis", n.OpType)
		}
		src := in[0].Data
		for o := 0; o < outer; o++ {
			for j := 0; j < inner; j++ {
				base := o*d*inner + j
				best, bi := src[base], 0
				for c := 1; c < d; c++ {
					v := src[base+c*inner]
					better := v > best
					if !isMax {
						better = v < best
					}
					if better || (last && v == best) {
						best, bi = v, c
					}
				}
				out[0].Data[o*inner+j] = float32(bi)
			}
		}
		return nil
	}
}

// topK returns the k largest (or smallest) values along axis and their
// indices, sorted; equal values keep the lower index first.
func topK(x *Executor, n *graph.Node, in, out []*Tensor) error {
	s := in[0].Shape
	ax := int(n.Int("axis", -1))
	if ax < 0 {
		ax += len(s)
	}
	largest := n.Int("largest", 1) != 0
	outer, d, inner := numel(s[:ax]), s[ax], numel(s[ax+1:])
	k := out[0].Shape[ax]
	src := in[0].Data
	idx := make([]int, d)
	for o := 0; o < outer; o++ {
		for j := 0; j < inner; j++ {
			base := o*d*inner + j
			for c := range idx {
				idx[c] = c
			}
			sort.SliceStable(idx, func(a, b int) bool {
				va, vb := src[base+idx[a]*inner], src[base+idx[b]*inner]
				if largest {
					return va > vb
				}
				return va < vb
			})
			for c := 0; c < k; c++ {
				p := o*k*inner + c*inner + j
				out[0].Data[p] = src[base+idx[c]*inner]
				if len(out) > 1 && out[1] != nil {
					out[1].Data[p] = float32(idx[c])
				}
			}
		}
	}
	return nil
}

// cumSum is CumSum along the axis given as input 1, with the exclusive and
// reverse attributes.
func cumSum(x *Executor, n *graph.Node, in, out []*Tensor) error {
	s := in[0].Shape
	if len(in) < 2 || in[1] == nil || len(in[1].Data) != 1 {
		return fmt.Errorf("axis input must be a scalar")
	}
	ax := int(in[1].Data[0])
	if ax < 0 {
		ax += len(s)
	}
	if ax < 0 || ax >= len(s) {
		return fmt.Errorf("axis %v out of range for shape %v", in[1].Data[0], s)
	}
	excl, rev := n.Int("exclusive", 0) != 0, n.Int("reverse", 0) != 0
	outer, d, inner := numel(s[:ax]), s[ax], numel(s[ax+1:])
	src, dst := in[0].Data, out[0].Data
	for o := 0; o < outer; o++ {
		for j := 0; j < inner; j++ {
			var acc float64
			for c := 0; c < d; c++ {
				cc := c
				if rev {
					cc = d - 1 - c
				}
				p := o*d*inner + cc*inner + j
				if excl {
					dst[p] = float32(acc)
					acc += float64(src[p])
				} else {
					acc += float64(src[p])
					dst[p] = float32(acc)
				}
			}
		}
	}
	return nil
}

// trilu keeps the upper (upper=1, the default) or lower triangle of the
// last two axes, shifted by the optional diagonal input k; zeros elsewhere.
func trilu(x *Executor, n *graph.Node, in, out []*Tensor) error {
	s := in[0].Shape
	if len(s) < 2 {
		return fmt.Errorf("input shape %v has rank < 2", s)
	}
	k := 0
	if len(in) > 1 && in[1] != nil {
		if len(in[1].Data) != 1 {
			return fmt.Errorf("k must be a scalar")
		}
		k = int(in[1].Data[0])
	}
	upper := n.Int("upper", 1) != 0
	r, c := s[len(s)-2], s[len(s)-1]
	src, dst := in[0].Data, out[0].Data
	for i := range src {
		col := i % c
		row := (i / c) % r
		keep := col-row >= k
		if !upper {
			keep = col-row <= k
		}
		if keep {
			dst[i] = src[i]
		} else {
			dst[i] = 0
		}
	}
	return nil
}

// instanceNorm normalises every (image, channel) over its spatial axes and
// applies the per-channel scale and bias (inputs 1 and 2).
func instanceNorm(x *Executor, n *graph.Node, in, out []*Tensor) error {
	s := in[0].Shape
	if len(s) < 3 {
		return fmt.Errorf("input shape %v has rank < 3", s)
	}
	c := s[1]
	if len(in) < 3 || in[1] == nil || in[2] == nil || len(in[1].Data) != c || len(in[2].Data) != c {
		return fmt.Errorf("scale and bias must have %d values (one per channel)", c)
	}
	eps := float64(n.Float("epsilon", 1e-5))
	inner := numel(s[2:])
	src, dst := in[0].Data, out[0].Data
	for b := 0; b < s[0]*c; b++ {
		row := src[b*inner : (b+1)*inner]
		var mean, sq float64
		for _, v := range row {
			mean += float64(v)
		}
		mean /= float64(inner)
		for _, v := range row {
			d := float64(v) - mean
			sq += d * d
		}
		ch := b % c
		k := float64(in[1].Data[ch]) / math.Sqrt(sq/float64(inner)+eps)
		for i, v := range row {
			dst[b*inner+i] = float32((float64(v)-mean)*k) + in[2].Data[ch]
		}
	}
	return nil
}

// isIntType reports whether an ONNX dtype name is an integer type.
func isIntType(dt string) bool {
	switch dt {
	case "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64":
		return true
	}
	return false
}

// div is Div; on integer tensors (shape arithmetic such as PyTorch's
// (dim + 2) / 3 when it splits a fused projection) it truncates toward
// zero, as integer division does.
func div(x *Executor, n *graph.Node, in, out []*Tensor) error {
	dt := ""
	if s, ok := x.p.slots[n.Outputs[0]]; ok {
		dt = x.p.dtypes[s]
	}
	if isIntType(dt) {
		return binary(func(a, b float32) float32 {
			if b == 0 {
				return 0
			}
			return float32(math.Trunc(float64(a) / float64(b)))
		})(x, n, in, out)
	}
	return binary(func(a, b float32) float32 { return a / b })(x, n, in, out)
}

// elementIndex returns the flat offset in a tensor of shape s (strides st)
// of the multi-index idx with axis ax replaced by the index value v, which
// may be negative (counted from the end).
func elementIndex(s, st, idx []int, ax int, v float32) (int, error) {
	i := int(v)
	if i < 0 {
		i += s[ax]
	}
	if i < 0 || i >= s[ax] {
		return 0, fmt.Errorf("index %v out of range [-%d,%d)", v, s[ax], s[ax])
	}
	j := 0
	for d, x := range idx {
		if d == ax {
			x = i
		}
		j += x * st[d]
	}
	return j, nil
}

// gatherElements is GatherElements: out[idx] = data[idx with idx[axis] = indices[idx]].
func gatherElements(x *Executor, n *graph.Node, in, out []*Tensor) error {
	return eachElement(n, in[0].Shape, in[1], func(i, j int) {
		out[0].Data[i] = in[0].Data[j]
	})
}

// scatterElements is ScatterElements: a copy of data with
// data[idx with idx[axis] = indices[idx]] = updates[idx], or combined with
// it by the reduction attribute (add, mul, max, min; opset 16 and 18).
func scatterElements(x *Executor, n *graph.Node, in, out []*Tensor) error {
	red := n.String("reduction", "none")
	var f func(a, b float32) float32
	switch red {
	case "none":
		f = func(a, b float32) float32 { return b }
	case "add":
		f = func(a, b float32) float32 { return a + b }
	case "mul":
		f = func(a, b float32) float32 { return a * b }
	case "max":
		f = func(a, b float32) float32 { return max(a, b) }
	case "min":
		f = func(a, b float32) float32 { return min(a, b) }
	default:
		return fmt.Errorf("%w: ScatterElements reduction %q", ErrUnsupported, red)
	}
	copy(out[0].Data, in[0].Data)
	return eachElement(n, in[0].Shape, in[1], func(i, j int) {
		out[0].Data[j] = f(out[0].Data[j], in[2].Data[i])
	})
}

// eachElement walks the indices tensor of GatherElements and
// ScatterElements: for its element i at position idx it calls fn(i, j) with
// j the flat index into data (shape s) of idx with idx[axis] replaced by
// the index value. Indices beyond data, off the axis or on it, are errors.
func eachElement(n *graph.Node, s []int, indices *Tensor, fn func(i, j int)) error {
	ax := int(n.Int("axis", 0))
	if ax < 0 {
		ax += len(s)
	}
	if ax < 0 || ax >= len(s) {
		return fmt.Errorf("axis %d out of range for shape %v", n.Int("axis", 0), s)
	}
	st := strides(s)
	var err error
	eachIndex(indices.Shape, func(i int, idx []int) {
		if err != nil {
			return
		}
		for d := range idx {
			if d != ax && idx[d] >= s[d] {
				err = fmt.Errorf("indices shape %v exceeds data shape %v", indices.Shape, s)
				return
			}
		}
		var j int
		if j, err = elementIndex(s, st, idx, ax, indices.Data[i]); err == nil {
			fn(i, j)
		}
	})
	return err
}

// einsum evaluates an Einsum equation (parsed by graph.Einsum) directly:
// for every output element it sums, over the labels not in the output, the
// product of the operands. It is meant for the small contractions
// attention code writes, not as a fast matrix product.
func einsum(x *Executor, n *graph.Node, in, out []*Tensor) error {
	shapes := make([][]int, len(in))
	for i, t := range in {
		if t == nil {
			return fmt.Errorf("operand %d missing", i)
		}
		shapes[i] = t.Shape
	}
	sp, err := graph.Einsum(n, shapes)
	if err != nil {
		return err
	}
	inOut := make([]bool, len(sp.Sizes))
	order := append([]int{}, sp.Output...)
	for _, l := range sp.Output {
		inOut[l] = true
	}
	for l := range sp.Sizes {
		if !inOut[l] {
			order = append(order, l)
		}
	}
	space := make([]int, len(order))
	for i, l := range order {
		space[i] = sp.Sizes[l]
	}
	// Per operand, the stride of each position of order (0 on broadcast axes).
	st := make([][]int, len(in))
	for k, t := range in {
		ts := strides(t.Shape)
		st[k] = make([]int, len(order))
		for a, l := range sp.Inputs[k] {
			if t.Shape[a] == 1 && sp.Sizes[l] != 1 {
				continue
			}
			for i, o := range order {
				if o == l {
					st[k][i] += ts[a]
				}
			}
		}
	}
	inner := numel(space[len(sp.Output):])
	acc := make([]float64, len(out[0].Data))
	eachIndex(space, func(i int, idx []int) {
		p := 1.0
		for k, t := range in {
			j := 0
			for d, v := range idx {
				j += v * st[k][d]
			}
			p *= float64(t.Data[j])
		}
		acc[i/max(inner, 1)] += p
	})
	for i, v := range acc {
		out[0].Data[i] = float32(v)
	}
	return nil
}

// depthToSpace is DepthToSpace (nn.PixelShuffle): blocks of channels become
// b×b spatial blocks, the block offset taken from the channel's high part
// (mode DCR, the default) or its low part (CRD, what PyTorch exports).
func depthToSpace(x *Executor, n *graph.Node, in, out []*Tensor) error {
	b := int(n.Int("blocksize", 0))
	crd := n.String("mode", "DCR") == "CRD"
	if !crd && n.String("mode", "DCR") != "DCR" {
		return fmt.Errorf("%w: DepthToSpace mode %q", ErrUnsupported, n.String("mode", ""))
	}
	s, o := in[0].Shape, out[0].Shape
	c, h, w := s[1], s[2], s[3]
	oc := o[1]
	eachIndex(o, func(i int, idx []int) {
		y, xx := idx[2], idx[3]
		by, bx := y%b, xx%b
		ci := (by*b+bx)*oc + idx[1]
		if crd {
			ci = idx[1]*b*b + by*b + bx
		}
		out[0].Data[i] = in[0].Data[((idx[0]*c+ci)*h+y/b)*w+xx/b]
	})
	return nil
}

// spaceToDepth is SpaceToDepth, the inverse of DepthToSpace in mode DCR.
func spaceToDepth(x *Executor, n *graph.Node, in, out []*Tensor) error {
	b := int(n.Int("blocksize", 0))
	s := in[0].Shape
	c, h, w := s[1], s[2], s[3]
	eachIndex(out[0].Shape, func(i int, idx []int) {
		blk, ch := idx[1]/c, idx[1]%c
		y, xx := idx[2]*b+blk/b, idx[3]*b+blk%b
		out[0].Data[i] = in[0].Data[((idx[0]*c+ch)*h+y)*w+xx]
	})
	return nil
}

// oneHot is OneHot: along the new axis, values[1] where the position equals
// the index (negative indices count from depth) and values[0] elsewhere;
// an index out of range gives a row of values[0].
func oneHot(x *Executor, n *graph.Node, in, out []*Tensor) error {
	if len(in[2].Data) != 2 {
		return fmt.Errorf("values must hold (off, on), has %d values", len(in[2].Data))
	}
	off, on := in[2].Data[0], in[2].Data[1]
	o := out[0].Shape
	ax := int(n.Int("axis", -1))
	if ax < 0 {
		ax += len(o)
	}
	depth := o[ax]
	outer, inner := numel(o[:ax]), numel(o[ax+1:])
	for a := 0; a < outer; a++ {
		for j := 0; j < inner; j++ {
			k := int(in[0].Data[a*inner+j])
			if k < 0 {
				k += depth
			}
			for c := 0; c < depth; c++ {
				v := off
				if c == k {
					v = on
				}
				out[0].Data[(a*depth+c)*inner+j] = v
			}
		}
	}
	return nil
}

// variadic builds Max, Min, Sum or Mean over any number of inputs with
// numpy broadcasting, folding them pairwise; mean divides by their count.
func variadic(f func(a, b float32) float32, mean bool) kernel {
	pair := binary(f)
	return func(x *Executor, n *graph.Node, in, out []*Tensor) error {
		var err error
		switch len(in) {
		case 0:
			return fmt.Errorf("no inputs")
		case 1:
			err = broadcastInto(out[0], in[0])
		case 2:
			err = pair(x, n, in, out)
		default:
			acc := in[0]
			for _, t := range in[1:] {
				s, err := graph.Broadcast(acc.Shape, t.Shape)
				if err != nil {
					return err
				}
				next := &Tensor{Shape: s, Data: make([]float32, numel(s))}
				if err := pair(x, n, []*Tensor{acc, t}, []*Tensor{next}); err != nil {
					return err
				}
				acc = next
			}
			err = broadcastInto(out[0], acc)
		}
		if mean {
			k := float32(len(in))
			for i := range out[0].Data {
				out[0].Data[i] /= k
			}
		}
		return err
	}
}

// size is Size: the number of elements of input 0.
func size(x *Executor, n *graph.Node, in, out []*Tensor) error {
	out[0].Data[0] = float32(in[0].Len())
	return nil
}

// ndOffset returns the offset in a tensor of shape s (strides st) of the
// first k coordinates given by idx (negative ones counted from the end).
func ndOffset(s, st []int, idx []float32) (int, error) {
	off := 0
	for d, v := range idx {
		i := int(v)
		if i < 0 {
			i += s[d]
		}
		if i < 0 || i >= s[d] {
			return 0, fmt.Errorf("index %v out of range [-%d,%d) on axis %d", v, s[d], s[d], d)
		}
		off += i * st[d]
	}
	return off, nil
}

// scatterND is ScatterND (what PyTorch exports for index assignment such as
// x[:, 0] = v): a copy of data where each index tuple (the last axis of
// indices) addresses a slice replaced by, or combined with (reduction
// add, mul, max, min), the matching slice of updates.
func scatterND(x *Executor, n *graph.Node, in, out []*Tensor) error {
	data, idx, upd := in[0], in[1], in[2]
	ds, is := data.Shape, idx.Shape
	if len(is) == 0 || is[len(is)-1] > len(ds) {
		return fmt.Errorf("indices shape %v does not fit data shape %v", is, ds)
	}
	k := is[len(is)-1]
	slice := numel(ds[k:])
	tuples := numel(is[:len(is)-1])
	if len(upd.Data) != tuples*slice {
		return fmt.Errorf("updates have %d values, want %d", len(upd.Data), tuples*slice)
	}
	var f func(a, b float32) float32
	switch r := n.String("reduction", "none"); r {
	case "none":
	case "add":
		f = func(a, b float32) float32 { return a + b }
	case "mul":
		f = func(a, b float32) float32 { return a * b }
	case "max":
		f = func(a, b float32) float32 { return max(a, b) }
	case "min":
		f = func(a, b float32) float32 { return min(a, b) }
	default:
		return fmt.Errorf("%w: ScatterND reduction %q", ErrUnsupported, r)
	}
	copy(out[0].Data, data.Data)
	st := strides(ds)
	for t := 0; t < tuples; t++ {
		off, err := ndOffset(ds, st, idx.Data[t*k:(t+1)*k])
		if err != nil {
			return err
		}
		dst, src := out[0].Data[off:off+slice], upd.Data[t*slice:(t+1)*slice]
		if f == nil {
			copy(dst, src)
			continue
		}
		for i, v := range src {
			dst[i] = f(dst[i], v)
		}
	}
	return nil
}

// gatherND is GatherND with batch_dims: each index tuple (the last axis of
// indices) selects a slice of data within its batch.
func gatherND(x *Executor, n *graph.Node, in, out []*Tensor) error {
	data, idx := in[0], in[1]
	ds, is := data.Shape, idx.Shape
	b := int(n.Int("batch_dims", 0))
	k := is[len(is)-1]
	batches := numel(ds[:b])
	inner := ds[b:]
	slice := numel(inner[k:])
	per := numel(is[b : len(is)-1]) // tuples per batch
	st := strides(inner)
	bsize := numel(inner)
	pos := 0
	for bi := 0; bi < batches; bi++ {
		for t := 0; t < per; t++ {
			row := (bi*per + t) * k
			off, err := ndOffset(inner, st, idx.Data[row:row+k])
			if err != nil {
				return err
			}
			copy(out[0].Data[pos:pos+slice], data.Data[bi*bsize+off:])
			pos += slice
		}
	}
	return nil
}
