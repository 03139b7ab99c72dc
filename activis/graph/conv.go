package graph

import "fmt"

// convRules are the shape rules of the convolutions.
var convRules = map[string]shapeRule{"Conv": inferConv, "ConvTranspose": inferConvTranspose}

func inferConv(n *Node, opset int, in []*Info) ([]*Info, error) {
	if err := need(in, 2); err != nil {
		return nil, err
	}
	x, w := in[0].Shape, in[1].Shape
	if len(x) < 3 || len(w) != len(x) {
		return nil, fmt.Errorf("Conv input %v and weight %v ranks differ or are < 3", x, w)
	}
	group := int(n.Int("group", 1))
	if group <= 0 || x[1] != w[1]*group || w[0]%group != 0 {
		return nil, fmt.Errorf("Conv channels: input %v, weight %v, group %d", x, w, group)
	}
	geo, err := Geometry(n, x[2:], w[2:])
	if err != nil {
		return nil, err
	}
	return one(n, dtypeOf(in), append([]int{x[0], w[0]}, geo.Out...), nil)
}

func inferConvTranspose(n *Node, opset int, in []*Info) ([]*Info, error) {
	if err := need(in, 2); err != nil {
		return nil, err
	}
	x, w := in[0].Shape, in[1].Shape
	if len(x) < 3 || len(w) != len(x) {
		return nil, fmt.Errorf("ConvTranspose input %v and weight %v ranks differ or are < 3", x, w)
	}
	group := int(n.Int("group", 1))
	if group <= 0 || x[1] != w[0] {
		return nil, fmt.Errorf("ConvTranspose channels: input %v, weight %v, group %d", x, w, group)
	}
	geo, err := TransposeGeometry(n, x[2:], w[2:])
	if err != nil {
		return nil, err
	}
	return outputs(n, &Info{DType: dtypeOf(in), Shape: append([]int{x[0], w[1] * group}, geo.Out...)})
}

// PoolGeometry is the spatial geometry of a Conv or pooling node.
type PoolGeometry struct {
	Kernel, Strides, Dilations []int
	// PadsBegin and PadsEnd are the paddings per spatial axis.
	PadsBegin, PadsEnd []int
	// Out is the output spatial size.
	Out []int
}

// Geometry computes the spatial geometry of a Conv, MaxPool or AveragePool
// node over an input with the given spatial sizes; kernel is the kernel
// size from the weights (Conv) or nil to use kernel_shape.
func Geometry(n *Node, spatial []int, kernel []int) (*PoolGeometry, error) {
	r := len(spatial)
	g := &PoolGeometry{Kernel: make([]int, r), Strides: make([]int, r), Dilations: make([]int, r),
		PadsBegin: make([]int, r), PadsEnd: make([]int, r), Out: make([]int, r)}
	ks, ok := n.Ints("kernel_shape")
	switch {
	case ok && len(ks) == r:
		for i := range ks {
			g.Kernel[i] = int(ks[i])
		}
	case kernel != nil && len(kernel) == r:
		copy(g.Kernel, kernel)
	default:
		return nil, fmt.Errorf("kernel_shape %v does not match %d spatial dims", ks, r)
	}
	var err error
	if g.Strides, err = intsAttr(n, "strides", 1, r); err != nil {
		return nil, err
	}
	if g.Dilations, err = intsAttr(n, "dilations", 1, r); err != nil {
		return nil, err
	}
	if p, ok := n.Ints("pads"); ok {
		if len(p) != 2*r {
			return nil, fmt.Errorf("pads %v has %d values, want %d", p, len(p), 2*r)
		}
		for i := 0; i < r; i++ {
			g.PadsBegin[i], g.PadsEnd[i] = int(p[i]), int(p[i+r])
		}
	}
	ceil := n.Int("ceil_mode", 0) == 1
	autoPad := n.String("auto_pad", "NOTSET")
	for i := 0; i < r; i++ {
		if err := g.axis(i, spatial, autoPad, ceil); err != nil {
			return nil, err
		}
	}
	return g, nil
}

// axis computes the paddings and the output size of spatial axis i (of
// size spatial[i]) from the kernel, stride and dilation.
func (g *PoolGeometry) axis(i int, spatial []int, autoPad string, ceil bool) error {
	size := spatial[i]
	k := (g.Kernel[i]-1)*g.Dilations[i] + 1
	s := g.Strides[i]
	if s <= 0 || g.Kernel[i] <= 0 {
		return fmt.Errorf("bad kernel %v or strides %v", g.Kernel, g.Strides)
	}
	switch autoPad {
	case "SAME_UPPER", "SAME_LOWER":
		out := (size + s - 1) / s
		total := (out-1)*s + k - size
		if total < 0 {
			total = 0
		}
		if autoPad == "SAME_UPPER" {
			g.PadsBegin[i], g.PadsEnd[i] = total/2, total-total/2
		} else {
			g.PadsBegin[i], g.PadsEnd[i] = total-total/2, total/2
		}
		g.Out[i] = out
		return nil
	case "VALID":
		g.PadsBegin[i], g.PadsEnd[i] = 0, 0
	}
	span := size + g.PadsBegin[i] + g.PadsEnd[i] - k
	if span < 0 {
		return fmt.Errorf("kernel %v larger than padded input %v", g.Kernel, spatial)
	}
	if ceil {
		o := (span+s-1)/s + 1
		// The last window must start inside the input or the left padding.
		if (o-1)*s >= size+g.PadsBegin[i] {
			o--
		}
		g.Out[i] = o
	} else {
		g.Out[i] = span/s + 1
	}
	return nil
}

// intsAttr returns the ints attribute name of n as size ints, def for each
// when absent.
func intsAttr(n *Node, name string, def, size int) ([]int, error) {
	v, ok := n.Ints(name)
	out := make([]int, size)
	for i := range out {
		out[i] = def
	}
	if !ok {
		return out, nil
	}
	if len(v) != size {
		return nil, fmt.Errorf("%s %v has %d values, want %d", name, v, len(v), size)
	}
	for i := range v {
		out[i] = int(v[i])
	}
	return out, nil
}

// TransposeGeometry computes the spatial geometry of a ConvTranspose node
// over an input with the given spatial sizes and kernel: Out is the output
// size, PadsBegin/PadsEnd the padding cropped from the full result.
func TransposeGeometry(n *Node, spatial, kernel []int) (*PoolGeometry, error) {
	r := len(spatial)
	g := &PoolGeometry{Kernel: append([]int{}, kernel...), Strides: make([]int, r), Dilations: make([]int, r),
		PadsBegin: make([]int, r), PadsEnd: make([]int, r), Out: make([]int, r)}
	if ks, ok := n.Ints("kernel_shape"); ok {
		if len(ks) != r {
			return nil, fmt.Errorf("kernel_shape %v does not match %d spatial dims", ks, r)
		}
		for i := range ks {
			if int(ks[i]) != kernel[i] {
				return nil, fmt.Errorf("kernel_shape %v differs from the weight's %v", ks, kernel)
			}
		}
	}
	var err error
	if g.Strides, err = intsAttr(n, "strides", 1, r); err != nil {
		return nil, err
	}
	if g.Dilations, err = intsAttr(n, "dilations", 1, r); err != nil {
		return nil, err
	}
	outPad, err := intsAttr(n, "output_padding", 0, r)
	if err != nil {
		return nil, err
	}
	pads, err := intsAttr(n, "pads", 0, 2*r)
	if err != nil {
		return nil, err
	}
	outShape, hasOut := n.Ints("output_shape")
	if hasOut && len(outShape) != r {
		if len(outShape) != r+2 {
			return nil, fmt.Errorf("output_shape %v does not match %d spatial dims", outShape, r)
		}
		outShape = outShape[2:]
	}
	autoPad := n.String("auto_pad", "NOTSET")
	for i := 0; i < r; i++ {
		if g.Strides[i] <= 0 || g.Dilations[i] <= 0 || kernel[i] <= 0 {
			return nil, fmt.Errorf("bad kernel %v, strides %v or dilations %v", kernel, g.Strides, g.Dilations)
		}
		full := g.Strides[i]*(spatial[i]-1) + outPad[i] + (kernel[i]-1)*g.Dilations[i] + 1
		want := -1
		switch {
		case hasOut:
			want = int(outShape[i])
		case autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER":
			want = spatial[i] * g.Strides[i]
		}
		if want >= 0 {
			total := full - want
			if total < 0 {
				return nil, fmt.Errorf("output_shape %v larger than the full output", outShape)
			}
			if autoPad == "SAME_UPPER" {
				g.PadsBegin[i], g.PadsEnd[i] = total/2, total-total/2
			} else {
				g.PadsBegin[i], g.PadsEnd[i] = total-total/2, total/2
			}
		} else if autoPad != "VALID" {
			g.PadsBegin[i], g.PadsEnd[i] = pads[i], pads[i+r]
		}
		g.Out[i] = full - g.PadsBegin[i] - g.PadsEnd[i]
		if g.Out[i] < 0 || g.PadsBegin[i] < 0 || g.PadsEnd[i] < 0 {
			return nil, fmt.Errorf("pads %v crop more than the output", pads)
		}
	}
	return g, nil
}
