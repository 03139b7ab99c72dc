package infer

import (
	"fmt"

	"github.com/activis-go/activis/activis/graph"
)

// transposeKernels are the kernels of the operators that permute axes or
// move elements between channels and space.
var transposeKernels = map[string]kernel{
	"Transpose": transpose, "DepthToSpace": depthToSpace, "SpaceToDepth": spaceToDepth,
}

// checkDepthToSpace refuses a DepthToSpace mode the kernel does not implement.
func checkDepthToSpace(n *graph.Node, opset int) error {
	if m := n.String("mode", "DCR"); m != "DCR" && m != "CRD" {
		return fmt.Errorf("mode %q", m)
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
