package infer

import (
	"fmt"

	"github.com/activis-go/activis/activis/graph"
	"github.com/activis-go/activis/activis/infer/internal/sgemm"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
)

// matmulKernels are the kernels of the matrix products.
var matmulKernels = map[string]kernel{"Gemm": gemm, "MatMul": matmul, "Einsum": einsum}

// gemmRelu is Gemm followed by Relu, used when the plan fuses the two.
func gemmRelu(x *Executor, n *graph.Node, in, out []*Tensor) error {
	if err := gemm(x, n, in, out); err != nil {
		return err
	}
	reluInPlace(out[0].Data)
	return nil
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
