package infer

import (
	"fmt"
	"math"
	"sort"

	"github.com/activis-go/activis/activis/graph"
)

// reduceKernels are the kernels of the operators that reduce or scan along
// axes: Reduce*, ArgMax/ArgMin, TopK and CumSum.
var reduceKernels = map[string]kernel{
	"ReduceMean": reduce("mean"), "ReduceSum": reduce("sum"), "ReduceMax": reduce("max"), "ReduceMin": reduce("min"),
	"ReduceProd": reduce("prod"), "ReduceL1": reduce("l1"), "ReduceL2": reduce("l2"),
	"ReduceSumSquare": reduce("sumsq"), "ReduceLogSum": reduce("logsum"), "ReduceLogSumExp": reduce("logsumexp"),
	"ArgMax": argExtreme(true), "ArgMin": argExtreme(false), "TopK": topK, "CumSum": cumSum,
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
		acc64, shift := reduceAccumulate(kind, s, os, in[0].Data, len(out[0].Data))
		div := 1.0
		if kind == "mean" && len(acc64) > 0 {
			div = float64(len(in[0].Data)) / float64(len(acc64))
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

// reduceAccumulate folds src (shape s) into size accumulators, element i
// going to the one at its multi-index times os. For logsumexp it first
// finds every output's maximum and returns it as shift.
func reduceAccumulate(kind string, s, os []int, src []float32, size int) (acc64, shift []float64) {
	acc64 = make([]float64, size)
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
	return acc64, shift
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
