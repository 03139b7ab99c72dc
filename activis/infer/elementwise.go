package infer

import (
	"fmt"
	"math"

	"github.com/activis-go/activis/activis/graph"
)

// elementwiseKernels are the kernels of the elementwise operators: unary
// functions, numpy-broadcasting binary and variadic operators, Where, Cast,
// Dropout and Clip.
var elementwiseKernels = map[string]kernel{
	"Add":  binary(func(a, b float32) float32 { return a + b }),
	"Sub":  binary(func(a, b float32) float32 { return a - b }),
	"Mul":  binary(func(a, b float32) float32 { return a * b }),
	"Div":  div,
	"Pow":  binary(func(a, b float32) float32 { return float32(math.Pow(float64(a), float64(b))) }),
	"Relu": relu,
	"LeakyRelu": unaryOp(func(n *graph.Node) func(float32) float32 {
		alpha := n.Float("alpha", 0.01)
		return func(v float32) float32 {
			if v < 0 {
				return alpha * v
			}
			return v
		}
	}),
	"Sigmoid": unaryOp(func(n *graph.Node) func(float32) float32 { return sigmoid }),
	"Tanh": unaryOp(func(n *graph.Node) func(float32) float32 {
		return func(v float32) float32 { return float32(math.Tanh(float64(v))) }
	}),
	"Exp": unaryOp(func(n *graph.Node) func(float32) float32 {
		return func(v float32) float32 { return float32(math.Exp(float64(v))) }
	}),
	"Sqrt": unaryOp(func(n *graph.Node) func(float32) float32 {
		return func(v float32) float32 { return float32(math.Sqrt(float64(v))) }
	}),
	"Neg": unaryOp(func(n *graph.Node) func(float32) float32 {
		return func(v float32) float32 { return -v }
	}),
	"Erf": unaryOp(func(n *graph.Node) func(float32) float32 {
		return func(v float32) float32 { return float32(math.Erf(float64(v))) }
	}),
	"Log": unaryOp(func(n *graph.Node) func(float32) float32 {
		return func(v float32) float32 { return float32(math.Log(float64(v))) }
	}),
	"Abs": unaryOp(func(n *graph.Node) func(float32) float32 {
		return func(v float32) float32 { return float32(math.Abs(float64(v))) }
	}),
	"Reciprocal": unaryOp(func(n *graph.Node) func(float32) float32 {
		return func(v float32) float32 { return 1 / v }
	}),
	"Floor": unaryOp(func(n *graph.Node) func(float32) float32 {
		return func(v float32) float32 { return float32(math.Floor(float64(v))) }
	}),
	"Ceil": unaryOp(func(n *graph.Node) func(float32) float32 {
		return func(v float32) float32 { return float32(math.Ceil(float64(v))) }
	}),
	"HardSigmoid": unaryOp(func(n *graph.Node) func(float32) float32 {
		alpha, beta := n.Float("alpha", 0.2), n.Float("beta", 0.5)
		return func(v float32) float32 { return min(max(alpha*v+beta, 0), 1) }
	}),
	"HardSwish": unaryOp(func(n *graph.Node) func(float32) float32 {
		return func(v float32) float32 { return v * min(max(v/6+0.5, 0), 1) }
	}),
	"Softplus": unaryOp(func(n *graph.Node) func(float32) float32 {
		return func(v float32) float32 {
			if v > 20 {
				return v
			}
			return float32(math.Log1p(math.Exp(float64(v))))
		}
	}),
	"Elu": unaryOp(func(n *graph.Node) func(float32) float32 {
		alpha := n.Float("alpha", 1)
		return func(v float32) float32 {
			if v < 0 {
				return alpha * float32(math.Expm1(float64(v)))
			}
			return v
		}
	}),
	"PRelu": binary(func(a, slope float32) float32 {
		if a < 0 {
			return slope * a
		}
		return a
	}),
	"Max":     variadic(func(a, b float32) float32 { return max(a, b) }, false),
	"Min":     variadic(func(a, b float32) float32 { return min(a, b) }, false),
	"Equal":   binary(func(a, b float32) float32 { return b2f(a == b) }),
	"Less":    binary(func(a, b float32) float32 { return b2f(a < b) }),
	"Greater": binary(func(a, b float32) float32 { return b2f(a > b) }),
	"Sin":     unaryMath(math.Sin), "Cos": unaryMath(math.Cos),
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
	"Sum":            variadic(func(a, b float32) float32 { return a + b }, false),
	"Mean":           variadic(func(a, b float32) float32 { return a + b }, true),
	"Round": unaryOp(func(n *graph.Node) func(float32) float32 {
		return func(v float32) float32 { return float32(math.RoundToEven(float64(v))) }
	}),
	"Where": where, "Cast": cast, "Dropout": dropout, "Clip": clip,
}

// unaryMath builds an elementwise kernel from a float64 function.
func unaryMath(f func(float64) float64) kernel {
	return unaryOp(func(n *graph.Node) func(float32) float32 {
		return func(v float32) float32 { return float32(f(float64(v))) }
	})
}

// checkGelu refuses a Gelu approximation the kernel does not implement.
func checkGelu(n *graph.Node, opset int) error {
	if a := n.String("approximate", "none"); a != "none" && a != "tanh" {
		return fmt.Errorf("approximate %q", a)
	}
	return nil
}

func sigmoid(v float32) float32 {
	if v >= 0 {
		return float32(1 / (1 + math.Exp(-float64(v))))
	}
	e := math.Exp(float64(v))
	return float32(e / (1 + e))
}

// unaryOp builds an elementwise kernel; mk reads the node's attributes.
func unaryOp(mk func(n *graph.Node) func(float32) float32) kernel {
	return func(x *Executor, n *graph.Node, in, out []*Tensor) error {
		f := mk(n)
		src, dst := in[0].Data, out[0].Data
		for i, v := range src {
			dst[i] = f(v)
		}
		return nil
	}
}

// relu is max(x, 0) as PyTorch computes it: negative values (and -0)
// become 0, NaN stays NaN so that a broken model's NaNs reach the
// activation report instead of being hidden.
func relu(x *Executor, n *graph.Node, in, out []*Tensor) error {
	reluInto(out[0].Data[:len(in[0].Data)], in[0].Data)
	return nil
}

// reluInPlace applies relu to v.
func reluInPlace(v []float32) { reluInto(v, v) }

// addBiasGo is the portable addBias: v += b, then relu when relu is set.
func addBiasGo(v []float32, b float32, relu bool) {
	for i, f := range v {
		f += b
		if relu && f <= 0 {
			f = 0
		}
		v[i] = f
	}
}

// biasRowsGo is the portable biasRows: output row r, dst[r·w:(r+1)·w], is
// src[r·stride:r·stride+w] plus b when bias is set, through relu when
// relu is (as addBiasGo and reluGo compute them).
func biasRowsGo(dst, src []float32, rows, w, stride int, b float32, bias, relu bool) {
	for r := 0; r < rows; r++ {
		out, in := dst[r*w:(r+1)*w], src[r*stride:r*stride+w]
		for i, f := range in {
			if bias {
				f += b
			}
			if relu && f <= 0 {
				f = 0
			}
			out[i] = f
		}
	}
}

// copyRowsGo is the portable copyRows: row r of w values, src[r·w:],
// goes to dst[r·stride:], by a loop (cheaper than a memmove call for the
// short rows of small images).
func copyRowsGo(dst, src []float32, rows, w, stride int) {
	for r := 0; r < rows; r++ {
		in, out := src[r*w:(r+1)*w], dst[r*stride:r*stride+w]
		for i, v := range in {
			out[i] = v
		}
	}
}

// reluGo is the portable relu: dst and src have the same length and are
// the same slice or disjoint.
func reluGo(dst, src []float32) {
	dst = dst[:len(src)]
	for i, f := range src {
		if f <= 0 {
			f = 0
		}
		dst[i] = f
	}
}

// dropout is the identity at inference; the optional mask output is all ones.
func dropout(x *Executor, n *graph.Node, in, out []*Tensor) error {
	copy(out[0].Data, in[0].Data)
	if len(out) > 1 && out[1] != nil {
		for i := range out[1].Data {
			out[1].Data[i] = 1
		}
	}
	return nil
}

func clip(x *Executor, n *graph.Node, in, out []*Tensor) error {
	lo, hi := n.Float("min", float32(math.Inf(-1))), n.Float("max", float32(math.Inf(1)))
	if len(in) > 1 && in[1] != nil && len(in[1].Data) > 0 {
		lo = in[1].Data[0]
	}
	if len(in) > 2 && in[2] != nil && len(in[2].Data) > 0 {
		hi = in[2].Data[0]
	}
	for i, v := range in[0].Data {
		out[0].Data[i] = min(max(v, lo), hi)
	}
	return nil
}

// binary builds a numpy-broadcasting elementwise kernel.
func binary(f func(a, b float32) float32) kernel {
	return func(x *Executor, n *graph.Node, in, out []*Tensor) error {
		a, b, o := in[0], in[1], out[0]
		switch {
		case len(a.Data) == len(o.Data) && len(b.Data) == len(o.Data):
			for i := range o.Data {
				o.Data[i] = f(a.Data[i], b.Data[i])
			}
			return nil
		case len(b.Data) == 1 && len(a.Data) == len(o.Data):
			bv := b.Data[0]
			for i := range o.Data {
				o.Data[i] = f(a.Data[i], bv)
			}
			return nil
		case len(a.Data) == 1 && len(b.Data) == len(o.Data):
			av := a.Data[0]
			for i := range o.Data {
				o.Data[i] = f(av, b.Data[i])
			}
			return nil
		}
		sa, sb := bstrides(a.Shape, o.Shape), bstrides(b.Shape, o.Shape)
		eachIndex(o.Shape, func(i int, idx []int) {
			ia, ib := 0, 0
			for d, v := range idx {
				ia += v * sa[d]
				ib += v * sb[d]
			}
			o.Data[i] = f(a.Data[ia], b.Data[ib])
		})
		return nil
	}
}

func b2f(b bool) float32 {
	if b {
		return 1
	}
	return 0
}

// where selects from input 1 where the condition (input 0) is non-zero,
// else from input 2, with broadcasting.
func where(x *Executor, n *graph.Node, in, out []*Tensor) error {
	o := out[0]
	sc, sa, sb := bstrides(in[0].Shape, o.Shape), bstrides(in[1].Shape, o.Shape), bstrides(in[2].Shape, o.Shape)
	eachIndex(o.Shape, func(i int, idx []int) {
		ic, ia, ib := 0, 0, 0
		for d, v := range idx {
			ic += v * sc[d]
			ia += v * sa[d]
			ib += v * sb[d]
		}
		if in[0].Data[ic] != 0 {
			o.Data[i] = in[1].Data[ia]
		} else {
			o.Data[i] = in[2].Data[ib]
		}
	})
	return nil
}

// cast converts values: to integer types it truncates toward zero, to bool
// it maps non-zero to 1, to float types it copies.
func cast(x *Executor, n *graph.Node, in, out []*Tensor) error {
	to := n.Int("to", 1)
	src, dst := in[0].Data, out[0].Data
	switch to {
	case 1, 10, 11, 16: // float32, float16, float64, bfloat16
		copy(dst, src)
	case 9: // bool
		for i, v := range src {
			if v != 0 {
				dst[i] = 1
			} else {
				dst[i] = 0
			}
		}
	case 2, 3, 4, 5, 6, 7, 12, 13:
		for i, v := range src {
			dst[i] = float32(math.Trunc(float64(v)))
		}
	default:
		return fmt.Errorf("%w: Cast to data type %d", ErrUnsupported, to)
	}
	return nil
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
