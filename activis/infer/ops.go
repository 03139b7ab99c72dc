package infer

import (
	"fmt"

	"github.com/activis-go/activis/activis/graph"
)

// kernelFamilies lists the operator families by name. A family's kernels
// are in the file of its name in this package, and its shape rules in the
// file of the same name in package graph.
var kernelFamilies = map[string]map[string]kernel{
	"constant":    constantKernels,
	"conv":        convKernels,
	"elementwise": elementwiseKernels,
	"index":       indexKernels,
	"matmul":      matmulKernels,
	"norm":        normKernels,
	"pool":        poolKernels,
	"recurrent":   recurrentKernels,
	"reduce":      reduceKernels,
	"resize":      resizeKernels,
	"shape":       shapeKernels,
	"slice":       sliceKernels,
	"transpose":   transposeKernels,
}

// kernels maps an ONNX op type to its implementation: the union of the
// families' tables, built once at package initialisation and never
// modified afterwards.
var kernels = func() map[string]kernel {
	all := map[string]kernel{}
	for name, f := range kernelFamilies {
		for op, k := range f {
			if _, dup := all[op]; dup {
				panic(fmt.Sprintf("infer: operator %s has kernels in two families (one is %s)", op, name))
			}
			all[op] = k
		}
	}
	return all
}()

// fused maps an op type to its kernel with a following Relu folded in.
var fused = map[string]kernel{"Conv": convRelu, "Gemm": gemmRelu}

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

// checks holds Compile-time checks of attribute values: a node whose
// operator has a kernel but whose attributes ask for something the kernel
// does not implement fails Compile, naming the node, instead of failing on
// the first batch. The kernels check again (they may be called directly).
var checks = map[string]func(n *graph.Node, opset int) error{
	"Resize": checkResize,
	"LSTM":   checkRecurrent(lstmKind), "GRU": checkRecurrent(gruKind), "RNN": checkRecurrent(rnnPlain),
	"Gelu": checkGelu, "DepthToSpace": checkDepthToSpace,
	"ScatterND": checkReduction, "ScatterElements": checkReduction,
}
