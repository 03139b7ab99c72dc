package infer

import (
	"fmt"

	"github.com/activis-go/activis/activis/graph"
)

// indexKernels are the kernels of the operators that gather or scatter by
// index tensors, OneHot and Trilu.
var indexKernels = map[string]kernel{
	"Gather": gather, "GatherElements": gatherElements, "GatherND": gatherND,
	"ScatterElements": scatterElements, "ScatterND": scatterND, "OneHot": oneHot, "Trilu": trilu,
}

// checkReduction refuses a scatter reduction the kernels do not implement.
func checkReduction(n *graph.Node, opset int) error {
	switch r := n.String("reduction", "none"); r {
	case "none", "add", "mul", "max", "min":
		return nil
	default:
		return fmt.Errorf("reduction %q", r)
	}
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
