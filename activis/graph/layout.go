package graph

// Layout is the axis order of a 4-D feature map: where its channels are.
type Layout int

const (
	// ChannelsFirst is ONNX's own layout, (N, C, H, W): what Conv, pooling
	// and BatchNormalization compute, and what PyTorch exports.
	ChannelsFirst Layout = iota
	// ChannelsLast is (N, H, W, C), TensorFlow's and Keras's layout: in
	// files written by tf2onnx or keras2onnx, tensors between a Transpose
	// with perm [0, 2, 3, 1] and the next one back.
	ChannelsLast
)

// String returns "NCHW" or "NHWC".
func (l Layout) String() string {
	if l == ChannelsLast {
		return "NHWC"
	}
	return "NCHW"
}

// Layout reports the axis order of a 4-D tensor, so that callers taking a
// per-channel view (activis.Model.Run's channel means) average over the
// right axes. ONNX operators compute channels first; a tensor is channels
// last when it comes from a Transpose with perm [0, 2, 3, 1] of a
// channels-first tensor, or is a 4-D graph input that the model transposes
// with perm [0, 3, 1, 2] (TensorFlow's image input), and layout-preserving
// operators (element-wise ones, activations, Dropout, Identity, Cast, Pad,
// Concat and Split along any axis) pass their first 4-D input's layout on.
// Any other tensor, including unknown names and other ranks, is
// ChannelsFirst.
func (g *Graph) Layout(tensor string) Layout {
	seen := map[string]bool{}
	return g.layout(tensor, seen)
}

func (g *Graph) layout(name string, seen map[string]bool) Layout {
	t := g.Tensors[name]
	if t == nil || len(t.Shape) != 4 || seen[name] {
		return ChannelsFirst
	}
	seen[name] = true
	if t.Producer < 0 {
		for _, c := range t.Consumers {
			n := g.Nodes[c]
			if n.OpType == "Transpose" && isPerm(n, 0, 3, 1, 2) {
				return ChannelsLast
			}
		}
		return ChannelsFirst
	}
	n := g.Nodes[t.Producer]
	switch n.OpType {
	case "Transpose":
		in := g.layout(n.Input(0), seen)
		switch {
		case in == ChannelsFirst && isPerm(n, 0, 2, 3, 1):
			return ChannelsLast
		case in == ChannelsLast && isPerm(n, 0, 3, 1, 2):
			return ChannelsFirst
		}
		return ChannelsFirst
	case "Relu", "LeakyRelu", "Sigmoid", "Tanh", "Elu", "Selu", "Celu", "PRelu",
		"HardSigmoid", "HardSwish", "Softplus", "Softsign", "Clip", "Gelu", "Erf",
		"Exp", "Log", "Neg", "Abs", "Sqrt", "Reciprocal", "Floor", "Ceil",
		"Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Where",
		"Dropout", "Identity", "Cast", "Pad", "Concat", "Split":
		for _, in := range n.Inputs {
			if it := g.Tensors[in]; it != nil && len(it.Shape) == 4 && it.Kind != Weight {
				return g.layout(in, seen)
			}
		}
	}
	return ChannelsFirst
}

// isPerm reports whether Transpose node n has exactly the given perm.
func isPerm(n *Node, perm ...int64) bool {
	p, ok := n.Ints("perm")
	if !ok || len(p) != len(perm) {
		return false
	}
	for i := range p {
		if p[i] != perm[i] {
			return false
		}
	}
	return true
}
