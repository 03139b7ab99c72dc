package infer

import (
	"fmt"
	"math"

	"github.com/activis-go/activis/activis/graph"
	"github.com/activis-go/activis/activis/infer/internal/sgemm"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
)

// kernels maps an ONNX op type to its implementation. It is filled once at
// package initialisation and never modified afterwards.
var kernels map[string]kernel

func init() {
	kernels = map[string]kernel{
		"Gemm": gemm, "MatMul": matmul,
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
		"Where":   where, "Expand": expand, "ConstantOfShape": constantOfShape, "Slice": slice,
		"ReduceSum": reduce("sum"), "ReduceMax": reduce("max"), "ReduceMin": reduce("min"),
		"LayerNormalization": layerNorm, "GlobalMaxPool": globalMaxPool,
		"Softmax": softmax(false), "LogSoftmax": softmax(true),
		"Conv": conv, "MaxPool": pool(true), "AveragePool": pool(false),
		"GlobalAveragePool": globalAvgPool, "BatchNormalization": batchNorm,
		"Dropout": dropout, "Identity": copyIn, "Flatten": copyIn, "Reshape": copyIn,
		"Squeeze": copyIn, "Unsqueeze": copyIn,
		"Transpose": transpose, "Concat": concat, "Gather": gather, "ReduceMean": reduce("mean"),
		"Constant": constant, "Shape": shape, "Cast": cast, "Pad": pad, "Clip": clip,
	}
	for op, k := range moreKernels() {
		kernels[op] = k
	}
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

// gemmRelu is Gemm followed by Relu, used when the plan fuses the two.
func gemmRelu(x *Executor, n *graph.Node, in, out []*Tensor) error {
	if err := gemm(x, n, in, out); err != nil {
		return err
	}
	reluInPlace(out[0].Data)
	return nil
}

// fused maps an op type to its kernel with a following Relu folded in.
var fused = map[string]kernel{"Conv": convRelu, "Gemm": gemmRelu}

// copyIn copies input 0 to output 0: operators that only change the shape.
func copyIn(x *Executor, n *graph.Node, in, out []*Tensor) error {
	copy(out[0].Data, in[0].Data)
	return nil
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

// strides returns row-major strides of shape.
func strides(shape []int) []int {
	s := make([]int, len(shape))
	acc := 1
	for i := len(shape) - 1; i >= 0; i-- {
		s[i] = acc
		acc *= shape[i]
	}
	return s
}

// bstrides returns the strides of a tensor of shape s broadcast to rank r
// and output shape out (0 on broadcast axes).
func bstrides(s, out []int) []int {
	r := len(out)
	st := strides(s)
	b := make([]int, r)
	for i := range s {
		j := r - len(s) + i
		if s[i] != 1 || out[j] == 1 {
			b[j] = st[i]
		}
	}
	return b
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

// eachIndex calls f with every row-major position and multi-index of shape.
func eachIndex(shape []int, f func(i int, idx []int)) {
	n := numel(shape)
	idx := make([]int, len(shape))
	for i := 0; i < n; i++ {
		f(i, idx)
		for d := len(shape) - 1; d >= 0; d-- {
			idx[d]++
			if idx[d] < shape[d] {
				break
			}
			idx[d] = 0
		}
	}
}

func general(rows, cols int, data []float32) blas32.General {
	return blas32.General{Rows: rows, Cols: cols, Stride: cols, Data: data}
}

func trans(t bool) blas.Transpose {
	if t {
		return blas.Trans
	}
	return blas.NoTrans
}

// gemm computes Y = alpha·A'·B' + beta·C through gonum's BLAS.
func gemm(x *Executor, n *graph.Node, in, out []*Tensor) error {
	a, b, y := in[0], in[1], out[0]
	ta, tb := n.Int("transA", 0) != 0, n.Int("transB", 0) != 0
	alpha, beta := n.Float("alpha", 1), n.Float("beta", 1)
	m, nn := y.Shape[0], y.Shape[1]
	k := a.Shape[1]
	if ta {
		k = a.Shape[0]
	}
	var c *Tensor
	if len(in) > 2 && in[2] != nil && beta != 0 {
		c = in[2]
	}
	if c == nil {
		beta = 0
	} else {
		if err := broadcastInto(y, c); err != nil {
			return err
		}
	}
	if m == 0 || nn == 0 {
		return nil
	}
	if k == 0 {
		for i := range y.Data {
			y.Data[i] *= beta
		}
		return nil
	}
	bm := general(b.Shape[0], b.Shape[1], b.Data)
	if tb && x.p.isConst[b] {
		// PyTorch's Linear stores W as N×K (transB=1). With W transposed once
		// the GEMM runs as row updates, which skip the zero activations
		// (after a ReLU) that a dot-product formulation would multiply.
		bm, tb = general(b.Shape[1], b.Shape[0], x.transpose(b, b.Shape[0], b.Shape[1])), false
	}
	sgemm.Gemm(trans(ta), trans(tb), alpha, general(a.Shape[0], a.Shape[1], a.Data), bm, beta, general(m, nn, y.Data))
	return nil
}

// broadcastInto fills dst with src broadcast to dst's shape.
func broadcastInto(dst, src *Tensor) error {
	if _, err := graph.Broadcast(dst.Shape, src.Shape); err != nil {
		return err
	}
	switch {
	case len(src.Data) == len(dst.Data):
		copy(dst.Data, src.Data)
	case len(src.Data) == 1:
		for i := range dst.Data {
			dst.Data[i] = src.Data[0]
		}
	default:
		ss := bstrides(src.Shape, dst.Shape)
		eachIndex(dst.Shape, func(i int, idx []int) {
			j := 0
			for d, v := range idx {
				j += v * ss[d]
			}
			dst.Data[i] = src.Data[j]
		})
	}
	return nil
}

// matmul is numpy's matmul: batch dimensions broadcast, 1-D operands promoted.
func matmul(x *Executor, n *graph.Node, in, out []*Tensor) error {
	a, b, y := in[0], in[1], out[0]
	as, bs := a.Shape, b.Shape
	if len(as) == 1 {
		as = []int{1, as[0]}
	}
	if len(bs) == 1 {
		bs = []int{bs[0], 1}
	}
	m, k, nn := as[len(as)-2], as[len(as)-1], bs[len(bs)-1]
	if m == 0 || nn == 0 {
		return nil
	}
	if k == 0 {
		clear(y.Data)
		return nil
	}
	// Weights on the right (the Linear-on-sequence case): one GEMM.
	if len(bs) == 2 {
		rows := len(a.Data) / k
		sgemm.Gemm(blas.NoTrans, blas.NoTrans, 1, general(rows, k, a.Data), general(k, nn, b.Data), 0, general(rows, nn, y.Data))
		return nil
	}
	batch, err := graph.Broadcast(as[:len(as)-2], bs[:len(bs)-2])
	if err != nil {
		return err
	}
	sa := bstrides(as[:len(as)-2], batch)
	sb := bstrides(bs[:len(bs)-2], batch)
	eachIndex(batch, func(i int, idx []int) {
		oa, ob := 0, 0
		for d, v := range idx {
			oa += v * sa[d]
			ob += v * sb[d]
		}
		sgemm.Gemm(blas.NoTrans, blas.NoTrans, 1, general(m, k, a.Data[oa*m*k:(oa+1)*m*k]),
			general(k, nn, b.Data[ob*k*nn:(ob+1)*k*nn]), 0, general(m, nn, y.Data[i*m*nn:(i+1)*m*nn]))
	})
	return nil
}

// softmax builds Softmax or LogSoftmax. Before opset 13 the input is
// coerced to 2-D at axis (default 1) and normalised over all trailing
// elements; from opset 13 it is normalised along axis (default -1) only.
func softmax(log bool) kernel {
	return func(x *Executor, n *graph.Node, in, out []*Tensor) error {
		s := in[0].Shape
		old := x.p.g.Opset < 13
		def := int64(-1)
		if old {
			def = 1
		}
		ax := int(n.Int("axis", def))
		if ax < 0 {
			ax += len(s)
		}
		if ax < 0 || ax >= len(s) && len(s) > 0 {
			return fmt.Errorf("axis %d out of range for shape %v", n.Int("axis", def), s)
		}
		outer := numel(s[:ax])
		d, inner := 1, 1
		if old {
			d = numel(s[ax:])
		} else if len(s) > 0 {
			d, inner = s[ax], numel(s[ax+1:])
		}
		src, dst := in[0].Data, out[0].Data
		for o := 0; o < outer; o++ {
			for j := 0; j < inner; j++ {
				base := o*d*inner + j
				m := float32(math.Inf(-1))
				for c := 0; c < d; c++ {
					m = max(m, src[base+c*inner])
				}
				var sum float64
				for c := 0; c < d; c++ {
					e := math.Exp(float64(src[base+c*inner] - m))
					sum += e
					if !log {
						dst[base+c*inner] = float32(e)
					}
				}
				if log {
					ls := float32(math.Log(sum))
					for c := 0; c < d; c++ {
						dst[base+c*inner] = src[base+c*inner] - m - ls
					}
				} else {
					inv := float32(1 / sum)
					for c := 0; c < d; c++ {
						dst[base+c*inner] *= inv
					}
				}
			}
		}
		return nil
	}
}

// batchNorm is BatchNormalization in inference mode (running statistics).
func batchNorm(x *Executor, n *graph.Node, in, out []*Tensor) error {
	if len(in) < 5 {
		return fmt.Errorf("needs 5 inputs, has %d", len(in))
	}
	s := in[0].Shape
	if len(s) < 2 {
		return fmt.Errorf("input shape %v has rank < 2", s)
	}
	c := s[1]
	for i := 1; i < 5; i++ {
		if in[i] == nil || len(in[i].Data) != c {
			return fmt.Errorf("input %d must have %d values (one per channel)", i, c)
		}
	}
	eps := float64(n.Float("epsilon", 1e-5))
	scale, bias, mean, vr := in[1].Data, in[2].Data, in[3].Data, in[4].Data
	inner := numel(s[2:])
	src, dst := in[0].Data, out[0].Data
	for b := 0; b < s[0]; b++ {
		for ch := 0; ch < c; ch++ {
			k := float32(float64(scale[ch]) / math.Sqrt(float64(vr[ch])+eps))
			off := bias[ch] - mean[ch]*k
			base := (b*c + ch) * inner
			for i := base; i < base+inner; i++ {
				dst[i] = src[i]*k + off
			}
		}
	}
	return nil
}

func transpose(x *Executor, n *graph.Node, in, out []*Tensor) error {
	s := in[0].Shape
	perm, ok := n.Ints("perm")
	if !ok {
		for i := len(s) - 1; i >= 0; i-- {
			perm = append(perm, int64(i))
		}
	}
	st := strides(s)
	ps := make([]int, len(s))
	for i, p := range perm {
		ps[i] = st[p]
	}
	src, dst := in[0].Data, out[0].Data
	eachIndex(out[0].Shape, func(i int, idx []int) {
		j := 0
		for d, v := range idx {
			j += v * ps[d]
		}
		dst[i] = src[j]
	})
	return nil
}

func concat(x *Executor, n *graph.Node, in, out []*Tensor) error {
	s := out[0].Shape
	ax := int(n.Int("axis", 0))
	if ax < 0 {
		ax += len(s)
	}
	outer, inner := numel(s[:ax]), numel(s[ax+1:])
	dst := out[0].Data
	pos := 0
	for o := 0; o < outer; o++ {
		for _, t := range in {
			chunk := t.Shape[ax] * inner
			copy(dst[pos:pos+chunk], t.Data[o*chunk:(o+1)*chunk])
			pos += chunk
		}
	}
	return nil
}

func gather(x *Executor, n *graph.Node, in, out []*Tensor) error {
	s := in[0].Shape
	ax := int(n.Int("axis", 0))
	if ax < 0 {
		ax += len(s)
	}
	outer, inner := numel(s[:ax]), numel(s[ax+1:])
	dim := s[ax]
	idx := in[1].Data
	src, dst := in[0].Data, out[0].Data
	pos := 0
	for o := 0; o < outer; o++ {
		for _, fv := range idx {
			i := int(fv)
			if i < 0 {
				i += dim
			}
			if i < 0 || i >= dim {
				return fmt.Errorf("index %v out of range [-%d,%d)", fv, dim, dim)
			}
			base := (o*dim + i) * inner
			copy(dst[pos:pos+inner], src[base:base+inner])
			pos += inner
		}
	}
	return nil
}

// reduce builds ReduceMean, ReduceSum, ReduceMax, ReduceMin, ReduceProd,
// ReduceL1, ReduceL2, ReduceSumSquare, ReduceLogSum or ReduceLogSumExp over
// the axes given as attribute (before opset 18; ReduceSum before 13) or
// input.
func reduce(kind string) kernel {
	return func(x *Executor, n *graph.Node, in, out []*Tensor) error {
		s := in[0].Shape
		var axesIn []int64
		if len(in) > 1 && in[1] != nil {
			for _, v := range in[1].Data {
				axesIn = append(axesIn, toInt64(v))
			}
		}
		red, err := graph.ReduceAxes(n, s, axesIn)
		if err != nil {
			return err
		}
		// Strides of the output, indexed by input axis (0 on reduced axes).
		os := make([]int, len(s))
		acc := 1
		for d := len(s) - 1; d >= 0; d-- {
			if !red[d] {
				os[d] = acc
				acc *= s[d]
			}
		}
		acc64 := make([]float64, len(out[0].Data))
		init := 0.0
		switch kind {
		case "max", "logsumexp":
			init = math.Inf(-1)
		case "min":
			init = math.Inf(1)
		case "prod":
			init = 1
		}
		for i := range acc64 {
			acc64[i] = init
		}
		src := in[0].Data
		// shift holds the per-output maximum for logsumexp's second pass.
		var shift []float64
		each := func(f func(j int, v float64)) {
			eachIndex(s, func(i int, idx []int) {
				j := 0
				for d, v := range idx {
					j += v * os[d]
				}
				f(j, float64(src[i]))
			})
		}
		if kind == "logsumexp" {
			each(func(j int, v float64) { acc64[j] = math.Max(acc64[j], v) })
			shift = acc64
			acc64 = make([]float64, len(shift))
			for j, m := range shift {
				if math.IsInf(m, 0) {
					shift[j] = 0
				}
			}
		}
		each(func(j int, v float64) {
			switch kind {
			case "max":
				acc64[j] = math.Max(acc64[j], v)
			case "min":
				acc64[j] = math.Min(acc64[j], v)
			case "prod":
				acc64[j] *= v
			case "l1":
				acc64[j] += math.Abs(v)
			case "l2", "sumsq":
				acc64[j] += v * v
			case "logsumexp":
				acc64[j] += math.Exp(v - shift[j])
			default:
				acc64[j] += v
			}
		})
		div := 1.0
		if kind == "mean" && len(acc64) > 0 {
			div = float64(len(src)) / float64(len(acc64))
		}
		for i, v := range acc64 {
			switch kind {
			case "l2":
				v = math.Sqrt(v)
			case "logsum":
				v = math.Log(v)
			case "logsumexp":
				v = shift[i] + math.Log(v)
			}
			out[0].Data[i] = float32(v / div)
		}
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

func expand(x *Executor, n *graph.Node, in, out []*Tensor) error {
	return broadcastInto(out[0], in[0])
}

func constantOfShape(x *Executor, n *graph.Node, in, out []*Tensor) error {
	var v float32
	if a, ok := n.Attrs["value"]; ok && a.Type == graph.AttrTensor {
		if f := a.T.Float32s(); len(f) > 0 {
			v = f[0]
		}
	}
	for i := range out[0].Data {
		out[0].Data[i] = v
	}
	return nil
}

func slice(x *Executor, n *graph.Node, in, out []*Tensor) error {
	infos := make([]*graph.Info, len(in))
	for i, t := range in {
		if t == nil || i == 0 {
			continue
		}
		v := make([]int64, len(t.Data))
		for k, f := range t.Data {
			v[k] = toInt64(f)
		}
		infos[i] = &graph.Info{Shape: t.Shape, Value: v}
	}
	sp, err := graph.Slice(n, infos, in[0].Shape)
	if err != nil {
		return err
	}
	st := strides(in[0].Shape)
	base := 0
	step := make([]int, len(st))
	for d := range st {
		base += sp.Start[d] * st[d]
		step[d] = sp.Step[d] * st[d]
	}
	src, dst := in[0].Data, out[0].Data
	eachIndex(out[0].Shape, func(i int, idx []int) {
		j := base
		for d, v := range idx {
			j += v * step[d]
		}
		dst[i] = src[j]
	})
	return nil
}

// layerNorm normalises over the axes from axis (default -1) on, then
// scales and shifts with inputs 1 and 2 (broadcast over those axes).
func layerNorm(x *Executor, n *graph.Node, in, out []*Tensor) error {
	if len(out) > 1 {
		for _, o := range out[1:] {
			if o != nil {
				return fmt.Errorf("%w: LayerNormalization Mean/InvStdDev outputs", ErrUnsupported)
			}
		}
	}
	s := in[0].Shape
	ax := int(n.Int("axis", -1))
	if ax < 0 {
		ax += len(s)
	}
	if ax < 0 || ax >= len(s) {
		return fmt.Errorf("axis %d out of range for shape %v", n.Int("axis", -1), s)
	}
	inner := numel(s[ax:])
	norm := &Tensor{Shape: s[ax:]}
	scale, bias := make([]float32, inner), make([]float32, inner)
	norm.Data = scale
	if err := broadcastInto(norm, in[1]); err != nil {
		return fmt.Errorf("scale: %w", err)
	}
	if len(in) > 2 && in[2] != nil {
		norm.Data = bias
		if err := broadcastInto(norm, in[2]); err != nil {
			return fmt.Errorf("bias: %w", err)
		}
	}
	eps := float64(n.Float("epsilon", 1e-5))
	src, dst := in[0].Data, out[0].Data
	for o := 0; o < len(src)/max(inner, 1); o++ {
		row := src[o*inner : (o+1)*inner]
		var mean, sq float64
		for _, v := range row {
			mean += float64(v)
		}
		mean /= float64(inner)
		for _, v := range row {
			d := float64(v) - mean
			sq += d * d
		}
		inv := 1 / math.Sqrt(sq/float64(inner)+eps)
		for i, v := range row {
			dst[o*inner+i] = float32((float64(v)-mean)*inv)*scale[i] + bias[i]
		}
	}
	return nil
}

func constant(x *Executor, n *graph.Node, in, out []*Tensor) error {
	for _, name := range []string{"value", "value_float", "value_floats", "value_int", "value_ints"} {
		a, ok := n.Attrs[name]
		if !ok {
			continue
		}
		switch a.Type {
		case graph.AttrTensor:
			copy(out[0].Data, a.T.Float32s())
		case graph.AttrFloat:
			out[0].Data[0] = a.F
		case graph.AttrFloats:
			copy(out[0].Data, a.Floats)
		case graph.AttrInt:
			out[0].Data[0] = float32(a.I)
		case graph.AttrInts:
			for i, v := range a.Ints {
				out[0].Data[i] = float32(v)
			}
		}
		return nil
	}
	return fmt.Errorf("%w: Constant without a supported value attribute", ErrUnsupported)
}

func shape(x *Executor, n *graph.Node, in, out []*Tensor) error {
	s := in[0].Shape
	start, end := int(n.Int("start", 0)), int(n.Int("end", int64(len(s))))
	if start < 0 {
		start += len(s)
	}
	if end < 0 {
		end += len(s)
	}
	start = min(max(start, 0), len(s))
	for i := range out[0].Data {
		out[0].Data[i] = float32(s[start+i])
	}
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

// pad implements Pad in constant, reflect and edge modes.
func pad(x *Executor, n *graph.Node, in, out []*Tensor) error {
	s := in[0].Shape
	infos := make([]*graph.Info, len(in))
	for i, t := range in {
		if t == nil {
			continue
		}
		v := make([]int64, len(t.Data))
		for k, f := range t.Data {
			v[k] = toInt64(f)
		}
		infos[i] = &graph.Info{Shape: t.Shape, Value: v}
	}
	pads, err := graph.Pads(n, infos, len(s))
	if err != nil {
		return err
	}
	mode := n.String("mode", "constant")
	val := n.Float("value", 0)
	if len(in) > 2 && in[2] != nil && len(in[2].Data) > 0 {
		val = in[2].Data[0]
	}
	if mode != "constant" && mode != "reflect" && mode != "edge" {
		return fmt.Errorf("%w: Pad mode %q", ErrUnsupported, mode)
	}
	st := strides(s)
	src, dst := in[0].Data, out[0].Data
	eachIndex(out[0].Shape, func(i int, idx []int) {
		j := 0
		for d, v := range idx {
			p := v - pads[d]
			if p < 0 || p >= s[d] {
				switch mode {
				case "constant":
					j = -1
				case "edge":
					p = min(max(p, 0), s[d]-1)
				case "reflect":
					if s[d] == 1 {
						p = 0
					}
					for p < 0 || p >= s[d] {
						if p < 0 {
							p = -p
						}
						if p >= s[d] {
							p = 2*(s[d]-1) - p
						}
					}
				}
			}
			if j < 0 {
				break
			}
			j += p * st[d]
		}
		if j < 0 {
			dst[i] = val
		} else {
			dst[i] = src[j]
		}
	})
	return nil
}
