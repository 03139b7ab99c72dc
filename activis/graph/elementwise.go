package graph

import "fmt"

// elementwiseRules are the shape rules of the elementwise operators:
// unary ones keep input 0's shape, binary and variadic ones broadcast.
var elementwiseRules = map[string]shapeRule{
	"Relu": inferUnary, "LeakyRelu": inferUnary, "Sigmoid": inferUnary, "Tanh": inferUnary,
	"Exp": inferUnary, "Log": inferUnary, "Sqrt": inferUnary, "Neg": inferUnary, "Abs": inferUnary,
	"Erf": inferUnary, "Clip": inferUnary, "Elu": inferUnary, "Selu": inferUnary, "HardSigmoid": inferUnary,
	"Softplus": inferUnary, "Reciprocal": inferUnary, "Floor": inferUnary, "Ceil": inferUnary,
	"Sin": inferUnary, "Cos": inferUnary, "PRelu": inferUnary, "Gelu": inferUnary, "HardSwish": inferUnary,
	"Celu": inferUnary, "Softsign": inferUnary, "Sign": inferUnary, "Not": inferUnary,
	"ThresholdedRelu": inferUnary, "Shrink": inferUnary, "Mish": inferUnary, "Round": inferUnary,
	"Tan": inferUnary, "Asin": inferUnary, "Acos": inferUnary, "Atan": inferUnary, "Sinh": inferUnary,
	"Cosh": inferUnary, "Asinh": inferUnary, "Acosh": inferUnary, "Atanh": inferUnary,
	"Dropout": inferDropout, "Cast": inferCast,
	"Add": binaryRule, "Sub": binaryRule, "Mul": binaryRule, "Div": binaryRule, "Pow": binaryRule,
	"Mod": binaryRule, "Equal": binaryRule, "Less": binaryRule, "Greater": binaryRule,
	"LessOrEqual": binaryRule, "GreaterOrEqual": binaryRule, "And": binaryRule, "Or": binaryRule, "Xor": binaryRule,
	"Max": variadicRule, "Min": variadicRule, "Sum": variadicRule, "Mean": variadicRule,
	"Where": inferWhere,
}

// cmpOps lists the comparison and logical operators, whose output is bool.
var cmpOps = map[string]bool{
	"Equal": true, "Less": true, "Greater": true, "LessOrEqual": true, "GreaterOrEqual": true,
	"And": true, "Or": true, "Xor": true,
}

// foldInt holds the binary operators whose results shape inference
// computes on known integer values (shape arithmetic).
var foldInt = map[string]func(x, y int64) int64{
	"Add": func(x, y int64) int64 { return x + y },
	"Sub": func(x, y int64) int64 { return x - y },
	"Mul": func(x, y int64) int64 { return x * y },
	"Div": func(x, y int64) int64 {
		if y != 0 {
			return x / y
		}
		return 0
	},
	"Equal":   func(x, y int64) int64 { return b2i(x == y) },
	"Less":    func(x, y int64) int64 { return b2i(x < y) },
	"Greater": func(x, y int64) int64 { return b2i(x > y) },
	"Max":     func(x, y int64) int64 { return max(x, y) },
	"Min":     func(x, y int64) int64 { return min(x, y) },
}

// inferUnary is the rule of operators whose outputs have the shape and
// dtype of input 0.
func inferUnary(n *Node, opset int, in []*Info) ([]*Info, error) {
	if err := need(in, 1); err != nil {
		return nil, err
	}
	return one(n, dtypeOf(in), append([]int{}, in[0].Shape...), nil)
}

// inferDropout is inferUnary with Dropout's optional mask output as bool.
func inferDropout(n *Node, opset int, in []*Info) ([]*Info, error) {
	outs, err := inferUnary(n, opset, in)
	if err == nil && len(outs) > 1 {
		outs[1].DType = "bool"
	}
	return outs, err
}

func inferCast(n *Node, opset int, in []*Info) ([]*Info, error) {
	if err := need(in, 1); err != nil {
		return nil, err
	}
	dt := dtypeName(int32(n.Int("to", 1)))
	var v []int64
	if !isFloat(dt) {
		v = in[0].Value
	}
	return one(n, dt, append([]int{}, in[0].Shape...), v)
}

// binaryRule is the rule of two-input operators with numpy broadcasting.
func binaryRule(n *Node, opset int, in []*Info) ([]*Info, error) { return broadcastRule(n, in, 2) }

// variadicRule is the rule of Max, Min, Sum and Mean: any number of
// inputs, broadcast together.
func variadicRule(n *Node, opset int, in []*Info) ([]*Info, error) {
	return broadcastRule(n, in, max(len(in), 1))
}

// broadcastRule broadcasts the shapes of the first k inputs and, for two
// known integer inputs, folds their values.
func broadcastRule(n *Node, in []*Info, k int) ([]*Info, error) {
	if err := need(in, k); err != nil {
		return nil, err
	}
	s, err := broadcastAll(in[:k])
	if err != nil {
		return nil, err
	}
	var v []int64
	if k == 2 && in[0].Value != nil && in[1].Value != nil && prod(s) <= maxTracked {
		v = foldValues(foldInt[n.OpType], in[0].Value, in[1].Value, prod(s))
	}
	dt := dtypeOf(in)
	if cmpOps[n.OpType] {
		dt = "bool"
	}
	return one(n, dt, s, v)
}

// broadcastAll is the broadcast shape of all the inputs.
func broadcastAll(in []*Info) ([]int, error) {
	s := in[0].Shape
	for i := 1; i < len(in); i++ {
		var err error
		if s, err = Broadcast(s, in[i].Shape); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// foldValues applies f to the known values a and b (each of one element
// or of the output's size) broadcast to size elements; nil when the sizes
// do not match or f is nil (an empty result is known whatever the operator).
func foldValues(f func(x, y int64) int64, a, b []int64, size int) []int64 {
	if len(a) != 1 && len(b) != 1 && len(a) != len(b) || f == nil && size > 0 {
		return nil
	}
	v := make([]int64, size)
	for i := range v {
		v[i] = f(a[i%len(a)], b[i%len(b)])
	}
	return v
}

// inferWhere broadcasts the condition and both branches; the dtype is the
// branches', and known integer values are selected.
func inferWhere(n *Node, opset int, in []*Info) ([]*Info, error) {
	if err := need(in, 3); err != nil {
		return nil, err
	}
	s, err := broadcastAll(in[:3])
	if err != nil {
		return nil, err
	}
	var v []int64
	if in[0].Value != nil && in[1].Value != nil && in[2].Value != nil && prod(s) <= maxTracked {
		c, a, b := in[0].Value, in[1].Value, in[2].Value
		p := prod(s)
		if (len(c) == 1 || len(c) == p) && (len(a) == 1 || len(a) == p) && (len(b) == 1 || len(b) == p) {
			v = make([]int64, p)
			for i := range v {
				if c[i%len(c)] != 0 {
					v[i] = a[i%len(a)]
				} else {
					v[i] = b[i%len(b)]
				}
			}
		}
	}
	return one(n, in[1].DType, s, v)
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

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
