package activis

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/activis-go/activis/activis/graph"
	"github.com/activis-go/activis/activis/infer"
)

// LinearReadout is the affine map from a layer's activations to the
// model's logits, when every node between them is linear: Gemm and MatMul
// by constant weights, Add, Sub, Mul and Div by constants, Flatten,
// Reshape, Identity and Dropout, then at most a Softmax or LogSoftmax
// (whose input are the logits). For a chain of linear layers the weight
// is the product of theirs, so
//
//	logit[c] = Σ_i act[i]·Weight[i*Classes+c] + Bias[c]
//
// holds exactly (up to rounding), and act[i]·Weight[i*Classes+c] is
// neuron i's contribution to class c.
type LinearReadout struct {
	// Layer is the layer as named by the caller; Tensor its ONNX tensor.
	Layer, Tensor string
	// Logits is the ONNX tensor holding the logits: the model output, or
	// the input of the Softmax or LogSoftmax computing it.
	Logits string
	// Neurons is the number of values of the layer per instance (the
	// tensor flattened) and Classes the number of logits.
	Neurons, Classes int
	// Weight holds Neurons × Classes effective weights, row-major.
	Weight []float64
	// Bias holds the effective bias of each logit.
	Bias []float64
	// Path names the nodes from the layer to the logits, in order.
	Path []string
}

// ErrUnreachable is returned (wrapped, naming the layer and the output)
// when the model's output does not depend on a layer, so that no neuron
// of it contributes to a class.
var ErrUnreachable = errors.New("layer does not reach the model output")

// ErrNotLinear is returned (wrapped, naming the node) by Model.Linear when
// a node between the layer and the logits is not linear; contributions
// are then estimated by ablation (see Explorer.Contributions).
var ErrNotLinear = errors.New("path to the logits is not linear")

// Linear returns the linear readout from a layer (a tensor, scope or node
// name; see Resolve) to the logits of the model's first output. The error
// wraps ErrUnreachable when the output does not depend on the layer and
// ErrNotLinear, naming the first node that is not linear, when it does
// but not through linear nodes only (a ReLU, a convolution, a branch).
func (m *Model) Linear(layer string) (*LinearReadout, error) {
	if m == nil || m.Graph == nil {
		return nil, errors.New("linear readout: no model graph")
	}
	g := m.Graph
	t, err := m.Resolve(layer)
	if err != nil {
		return nil, fmt.Errorf("linear readout: %w", err)
	}
	if len(g.Outputs) == 0 {
		return nil, fmt.Errorf("linear readout: %s has no outputs", m.Path)
	}
	out := g.Outputs[0]
	if !reaches(g, t, out) {
		return nil, fmt.Errorf("linear readout of %q: %w %q (no path from %s to it)", layer, ErrUnreachable, out, t)
	}
	ti := g.Tensors[t]
	if ti == nil || len(ti.Shape) < 2 || slices.Min(ti.Shape[1:]) < 0 {
		return nil, fmt.Errorf("linear readout of %q: tensor %s has no static shape per instance", layer, t)
	}
	w := &linearWalk{g: g, m: m, d: prodInts(ti.Shape[1:])}
	w.k = w.d
	w.bias = make([]float64, w.k)
	w.shape = ti.Shape
	r := &LinearReadout{Layer: layer, Tensor: t, Neurons: w.d}
	cur := t
	for {
		if cur == out {
			break
		}
		if sm := softmaxOf(g, cur, out); sm != "" {
			r.Path = append(r.Path, sm)
			break
		}
		cons := g.Tensors[cur].Consumers
		if len(cons) != 1 {
			return nil, fmt.Errorf("linear readout of %q: %w: %s is read by %d nodes", layer, ErrNotLinear, cur, len(cons))
		}
		n := g.Nodes[cons[0]]
		if err := w.step(n, cur); err != nil {
			return nil, fmt.Errorf("linear readout of %q: %w", layer, err)
		}
		r.Path = append(r.Path, n.Name)
		cur = n.Outputs[0]
	}
	r.Logits = cur
	r.Classes = w.k
	r.Bias = w.bias
	r.Weight = w.weight()
	return r, nil
}

// Contributions writes into dst (grown to Neurons) each neuron's
// contribution act[i]·Weight[i, class] to the class's logit, for one
// instance's activations (Neurons values); their sum is the logit minus
// Bias[class].
func (r *LinearReadout) Contributions(dst []float64, act []float32, class int) []float64 {
	dst = slices.Grow(dst[:0], r.Neurons)[:r.Neurons]
	for i := range dst {
		dst[i] = float64(act[i]) * r.Weight[i*r.Classes+class]
	}
	return dst
}

// reaches reports whether tensor to depends on tensor from.
func reaches(g *graph.Graph, from, to string) bool {
	seen := map[string]bool{from: true}
	stack := []string{from}
	for len(stack) > 0 {
		t := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if t == to {
			return true
		}
		ti := g.Tensors[t]
		if ti == nil {
			continue
		}
		for _, c := range ti.Consumers {
			for _, o := range g.Nodes[c].Outputs {
				if o != "" && !seen[o] {
					seen[o] = true
					stack = append(stack, o)
				}
			}
		}
	}
	return false
}

// softmaxOf returns the name of the Softmax or LogSoftmax node reading t
// whose output is out (directly or through Identity nodes), or "".
func softmaxOf(g *graph.Graph, t, out string) string {
	ti := g.Tensors[t]
	if ti == nil || len(ti.Consumers) != 1 {
		return ""
	}
	n := g.Nodes[ti.Consumers[0]]
	if n.OpType != "Softmax" && n.OpType != "LogSoftmax" {
		return ""
	}
	o := n.Outputs[0]
	for o != out {
		oi := g.Tensors[o]
		if oi == nil || len(oi.Consumers) != 1 || g.Nodes[oi.Consumers[0]].OpType != "Identity" {
			return ""
		}
		o = g.Nodes[oi.Consumers[0]].Outputs[0]
	}
	return n.Name
}

// linearWalk composes the affine map from the layer (d values) to the
// current tensor (k values): y = x·W + bias, W d × k (nil while it is
// the identity).
type linearWalk struct {
	g     *graph.Graph
	m     *Model
	d, k  int
	w     []float64 // d × k, row-major; nil: identity (k == d)
	bias  []float64
	shape []int // the current tensor's static shape, batch first
}

// weight returns W, materialising the identity.
func (w *linearWalk) weight() []float64 {
	if w.w != nil {
		return w.w
	}
	id := make([]float64, w.d*w.d)
	for i := 0; i < w.d; i++ {
		id[i*w.d+i] = 1
	}
	return id
}

// constant returns the value of a constant input of n (a weight or a
// folded value), or an error naming it.
func (w *linearWalk) constant(n *graph.Node, name string) (*infer.Tensor, error) {
	if w.m.prog != nil {
		if c, ok := w.m.prog.Constant(name); ok {
			return c, nil
		}
	}
	if in := w.g.Initializers[name]; in != nil {
		return &infer.Tensor{Shape: append([]int(nil), in.Shape...), Data: in.Float32s()}, nil
	}
	return nil, fmt.Errorf("%w: node %q (%s) reads %s, which is not a constant", ErrNotLinear, n.Name, n.OpType, name)
}

// step folds node n, which reads the current tensor cur, into the map.
func (w *linearWalk) step(n *graph.Node, cur string) error {
	outShape := w.g.Tensors[n.Outputs[0]].Shape
	switch n.OpType {
	case "Identity", "Dropout":
		return nil
	case "Flatten":
		if n.Int("axis", 1) != 1 {
			return fmt.Errorf("%w: node %q flattens at axis %d, not after the batch", ErrNotLinear, n.Name, n.Int("axis", 1))
		}
		w.shape = []int{-1, w.k}
		return nil
	case "Reshape":
		if n.Input(0) != cur || len(outShape) < 2 || outShape[0] >= 0 || prodInts(outShape[1:]) != w.k || slices.Min(outShape[1:]) < 0 {
			return fmt.Errorf("%w: node %q reshapes %v to %v, not keeping the batch first", ErrNotLinear, n.Name, w.shape, outShape)
		}
		w.shape = outShape
		return nil
	case "Gemm":
		return w.gemm(n, cur)
	case "MatMul":
		if n.Input(0) != cur || len(w.shape) != 2 {
			return fmt.Errorf("%w: node %q (MatMul) multiplies %s of shape %v, not as the left operand of a matrix", ErrNotLinear, n.Name, cur, w.shape)
		}
		b, err := w.constant(n, n.Input(1))
		if err != nil {
			return err
		}
		if len(b.Shape) != 2 || b.Shape[0] != w.k {
			return fmt.Errorf("%w: node %q (MatMul) weight has shape %v, not %d × m", ErrNotLinear, n.Name, b.Shape, w.k)
		}
		w.multiply(b.Data, b.Shape[1], false, 1)
		w.shape = []int{-1, b.Shape[1]}
		return nil
	case "Add", "Sub", "Mul", "Div":
		return w.elementwise(n, cur)
	}
	return fmt.Errorf("%w: node %q (%s) between the layer and the logits", ErrNotLinear, n.Name, n.OpType)
}

// gemm folds Y = alpha·A·op(B) + beta·C with A the current tensor.
func (w *linearWalk) gemm(n *graph.Node, cur string) error {
	if n.Input(0) != cur || n.Int("transA", 0) != 0 || len(w.shape) != 2 {
		return fmt.Errorf("%w: node %q (Gemm) does not read %s as its untransposed first operand", ErrNotLinear, n.Name, cur)
	}
	b, err := w.constant(n, n.Input(1))
	if err != nil {
		return err
	}
	trans := n.Int("transB", 0) != 0
	if len(b.Shape) != 2 || (!trans && b.Shape[0] != w.k) || (trans && b.Shape[1] != w.k) {
		return fmt.Errorf("%w: node %q (Gemm) weight has shape %v for %d inputs", ErrNotLinear, n.Name, b.Shape, w.k)
	}
	m := b.Shape[1]
	if trans {
		m = b.Shape[0]
	}
	w.multiply(b.Data, m, trans, float64(n.Float("alpha", 1)))
	w.shape = []int{-1, m}
	if c := n.Input(2); c != "" {
		ct, err := w.constant(n, c)
		if err != nil {
			return err
		}
		if err := w.addConst(n, ct, float64(n.Float("beta", 1))); err != nil {
			return err
		}
	}
	return nil
}

// multiply replaces the map by its product with the k × m matrix b (m ×
// k when trans), scaled by alpha.
func (w *linearWalk) multiply(b []float32, m int, trans bool, alpha float64) {
	at := func(i, j int) float64 { // b[i][j] of the k × m operand
		if trans {
			return float64(b[j*w.k+i])
		}
		return float64(b[i*m+j])
	}
	nb := make([]float64, m)
	for j := range nb {
		var s float64
		for i, v := range w.bias {
			s += v * at(i, j)
		}
		nb[j] = alpha * s
	}
	nw := make([]float64, w.d*m)
	for r := 0; r < w.d; r++ {
		dst := nw[r*m : (r+1)*m]
		if w.w == nil { // identity: row r of the product is row r of b
			for j := range dst {
				dst[j] = alpha * at(r, j)
			}
			continue
		}
		for i, v := range w.w[r*w.k : (r+1)*w.k] {
			if v == 0 {
				continue
			}
			for j := range dst {
				dst[j] += alpha * v * at(i, j)
			}
		}
	}
	w.w, w.bias, w.k = nw, nb, m
}

// broadcastConst returns the constant c as k values when it broadcasts
// over one instance's k values (a scalar, [k], or [1, k]), else nil.
func (w *linearWalk) broadcastConst(c *infer.Tensor) []float64 {
	v := make([]float64, w.k)
	switch {
	case len(c.Data) == 1:
		for j := range v {
			v[j] = float64(c.Data[0])
		}
	case len(c.Data) == w.k && (len(c.Shape) <= 1 || c.Shape[0] == 1) && len(c.Shape) <= len(w.shape):
		for j := range v {
			v[j] = float64(c.Data[j])
		}
	default:
		return nil
	}
	return v
}

// addConst adds scale·c to the map's bias.
func (w *linearWalk) addConst(n *graph.Node, c *infer.Tensor, scale float64) error {
	v := w.broadcastConst(c)
	if v == nil {
		return fmt.Errorf("%w: node %q (%s) adds a constant of shape %v to values of shape %v", ErrNotLinear, n.Name, n.OpType, c.Shape, w.shape)
	}
	for j := range w.bias {
		w.bias[j] += scale * v[j]
	}
	return nil
}

// elementwise folds Add, Sub, Mul or Div of the current tensor and a
// constant that broadcasts over one instance.
func (w *linearWalk) elementwise(n *graph.Node, cur string) error {
	if len(n.Inputs) != 2 || (n.Inputs[0] == cur) == (n.Inputs[1] == cur) {
		return fmt.Errorf("%w: node %q (%s) does not combine %s with a constant", ErrNotLinear, n.Name, n.OpType, cur)
	}
	first := n.Inputs[0] == cur
	other := n.Inputs[1]
	if !first {
		other = n.Inputs[0]
	}
	c, err := w.constant(n, other)
	if err != nil {
		return err
	}
	if osh := w.g.Tensors[n.Outputs[0]].Shape; osh != nil && len(osh) != len(w.shape) {
		return fmt.Errorf("%w: node %q (%s) changes the rank from %v to %v", ErrNotLinear, n.Name, n.OpType, w.shape, osh)
	}
	switch {
	case n.OpType == "Add":
		return w.addConst(n, c, 1)
	case n.OpType == "Sub" && first:
		return w.addConst(n, c, -1)
	case n.OpType == "Sub": // c - x
		w.scale([]float64{-1})
		return w.addConst(n, c, 1)
	case n.OpType == "Mul" || (n.OpType == "Div" && first):
		v := w.broadcastConst(c)
		if v == nil {
			return fmt.Errorf("%w: node %q (%s) scales by a constant of shape %v values of shape %v", ErrNotLinear, n.Name, n.OpType, c.Shape, w.shape)
		}
		if n.OpType == "Div" {
			for j := range v {
				v[j] = 1 / v[j]
			}
		}
		w.scale(v)
		return nil
	}
	return fmt.Errorf("%w: node %q divides a constant by %s", ErrNotLinear, n.Name, cur)
}

// scale multiplies output j of the map by v[j] (v of length 1: every one).
func (w *linearWalk) scale(v []float64) {
	f := func(j int) float64 {
		if len(v) == 1 {
			return v[0]
		}
		return v[j]
	}
	w.w = w.weight()
	for r := 0; r < w.d; r++ {
		for j := 0; j < w.k; j++ {
			w.w[r*w.k+j] *= f(j)
		}
	}
	for j := range w.bias {
		w.bias[j] *= f(j)
	}
}

// describeClasses lists class names for error messages.
func describeClasses(classes []string) string {
	if len(classes) > 12 {
		return strings.Join(quoted(classes[:12]), ", ") + ", …"
	}
	return strings.Join(quoted(classes), ", ")
}

func quoted(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = fmt.Sprintf("%d %q", i, v)
	}
	return out
}
