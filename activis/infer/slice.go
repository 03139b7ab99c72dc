package infer

import (
	"fmt"

	"github.com/activis-go/activis/activis/graph"
)

// sliceKernels are the kernels of the operators that cut, pad, join or
// repeat tensors along axes.
var sliceKernels = map[string]kernel{
	"Slice": slice, "Pad": pad, "Concat": concat, "Split": split, "Tile": tile,
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
