package cnn

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
)

// ErrConfig reports an invalid network configuration or input size.
var ErrConfig = errors.New("cnn: invalid configuration")

// Config fixes the architecture: Conv(1→Conv1, 3×3, pad 1)-ReLU-MaxPool(2),
// Conv(Conv1→Conv2, 3×3, pad 1)-ReLU-MaxPool(2), Flatten,
// Gemm(→Hidden)-ReLU-Dropout(Dropout), Gemm(→Classes).
type Config struct {
	// H and W are the input image size; both must be multiples of 4.
	H, W int
	// Conv1 and Conv2 are the channel counts of the two convolutions.
	Conv1, Conv2 int
	// Hidden is the width of the first fully connected layer.
	Hidden int
	// Classes is the number of outputs.
	Classes int
	// Dropout is the drop probability after the hidden layer while training.
	Dropout float32
}

// FashionConfig is the demo model's architecture for 28×28 Fashion-MNIST.
func FashionConfig() Config {
	return Config{H: 28, W: 28, Conv1: 16, Conv2: 32, Hidden: 128, Classes: 10, Dropout: 0.25}
}

// Validate reports whether c describes a buildable network.
func (c Config) Validate() error {
	switch {
	case c.H <= 0 || c.W <= 0 || c.H%4 != 0 || c.W%4 != 0:
		return fmt.Errorf("%w: input %d×%d must be positive multiples of 4", ErrConfig, c.H, c.W)
	case c.Conv1 <= 0 || c.Conv2 <= 0 || c.Hidden <= 0 || c.Classes <= 1:
		return fmt.Errorf("%w: layer sizes %d, %d, %d, %d must be positive (and classes > 1)", ErrConfig, c.Conv1, c.Conv2, c.Hidden, c.Classes)
	case c.Dropout < 0 || c.Dropout >= 1:
		return fmt.Errorf("%w: dropout %g must be in [0, 1)", ErrConfig, c.Dropout)
	}
	return nil
}

// Flat is the length of the flattened second pooling output (the input
// width of the first fully connected layer).
func (c Config) Flat() int { return c.Conv2 * (c.H / 4) * (c.W / 4) }

// Params holds the parameters in ONNX layout, named as PyTorch names them.
type Params struct {
	Conv1W, Conv1B []float32 // conv1.weight Conv1×1×3×3, conv1.bias
	Conv2W, Conv2B []float32 // conv2.weight Conv2×Conv1×3×3, conv2.bias
	FC1W, FC1B     []float32 // fc1.weight Hidden×Flat, fc1.bias
	FC2W, FC2B     []float32 // fc2.weight Classes×Hidden, fc2.bias
}

// Tensor is one named parameter with its shape.
type Tensor struct {
	Name  string
	Shape []int
	Data  []float32
}

// NewParams returns zeroed parameters for c.
func NewParams(c Config) *Params {
	return &Params{
		Conv1W: make([]float32, c.Conv1*9), Conv1B: make([]float32, c.Conv1),
		Conv2W: make([]float32, c.Conv2*c.Conv1*9), Conv2B: make([]float32, c.Conv2),
		FC1W: make([]float32, c.Hidden*c.Flat()), FC1B: make([]float32, c.Hidden),
		FC2W: make([]float32, c.Classes*c.Hidden), FC2B: make([]float32, c.Classes),
	}
}

// Tensors lists the parameters in graph order with their ONNX names and
// shapes; the Data slices alias p.
func (p *Params) Tensors(c Config) []Tensor {
	return []Tensor{
		{"conv1.weight", []int{c.Conv1, 1, 3, 3}, p.Conv1W},
		{"conv1.bias", []int{c.Conv1}, p.Conv1B},
		{"conv2.weight", []int{c.Conv2, c.Conv1, 3, 3}, p.Conv2W},
		{"conv2.bias", []int{c.Conv2}, p.Conv2B},
		{"fc1.weight", []int{c.Hidden, c.Flat()}, p.FC1W},
		{"fc1.bias", []int{c.Hidden}, p.FC1B},
		{"fc2.weight", []int{c.Classes, c.Hidden}, p.FC2W},
		{"fc2.bias", []int{c.Classes}, p.FC2B},
	}
}

func (p *Params) slices() [][]float32 {
	return [][]float32{p.Conv1W, p.Conv1B, p.Conv2W, p.Conv2B, p.FC1W, p.FC1B, p.FC2W, p.FC2B}
}

// Count returns the number of parameters.
func (p *Params) Count() int {
	n := 0
	for _, s := range p.slices() {
		n += len(s)
	}
	return n
}

// Net is the network: a configuration and its parameters.
type Net struct {
	Config Config
	Params *Params
}

// New returns a network with He-normal initialised weights and zero
// biases, drawn from a generator seeded with seed.
func New(c Config, seed uint64) (*Net, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	p := NewParams(c)
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	for _, w := range []struct {
		data  []float32
		fanIn int
	}{{p.Conv1W, 9}, {p.Conv2W, c.Conv1 * 9}, {p.FC1W, c.Flat()}, {p.FC2W, c.Hidden}} {
		std := math.Sqrt(2 / float64(w.fanIn))
		for i := range w.data {
			w.data[i] = float32(rng.NormFloat64() * std)
		}
	}
	return &Net{Config: c, Params: p}, nil
}

// FromTensors builds a network of configuration c from named parameters
// (as listed by Params.Tensors), checking every name and size.
func FromTensors(c Config, ts map[string][]float32) (*Net, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	p := NewParams(c)
	for _, t := range p.Tensors(c) {
		src, ok := ts[t.Name]
		if !ok {
			return nil, fmt.Errorf("%w: parameter %q missing", ErrConfig, t.Name)
		}
		if len(src) != len(t.Data) {
			return nil, fmt.Errorf("%w: parameter %q has %d values, want %d", ErrConfig, t.Name, len(src), len(t.Data))
		}
		copy(t.Data, src)
	}
	return &Net{Config: c, Params: p}, nil
}

// Workspace holds the activations and gradients of one forward/backward
// pass over at most Cap images. A Workspace is used by one goroutine at a
// time; training keeps one per data-parallel shard.
type Workspace struct {
	c   Config
	cap int

	cols1, a1, p1       []float32 // conv1 im2col, conv1+ReLU (NHWC), pool1
	arg1                []int32
	cols2, a2, p2, flat []float32 // conv2 im2col, conv2+ReLU, pool2 (NHWC), pool2 (CHW)
	arg2                []int32
	h, mask, logits     []float32 // fc1+ReLU(+dropout), dropout factors, fc2

	// gradients
	dlogits, dh, dflat, dp2, da2, dcols2, dp1, da1 []float32
	grad                                           *Params
}

// NewWorkspace allocates buffers for batches of up to capacity images.
func NewWorkspace(c Config, capacity int) *Workspace {
	h1, w1 := c.H, c.W
	h2, w2 := c.H/2, c.W/2
	n1 := capacity * h1 * w1
	n2 := capacity * h2 * w2
	f := func(n int) []float32 { return make([]float32, n) }
	return &Workspace{
		c: c, cap: capacity,
		cols1: f(n1 * 9), a1: f(n1 * c.Conv1), p1: f(n2 * c.Conv1), arg1: make([]int32, n2*c.Conv1),
		cols2: f(n2 * c.Conv1 * 9), a2: f(n2 * c.Conv2), p2: f(capacity * c.Flat()), flat: f(capacity * c.Flat()),
		arg2: make([]int32, capacity*c.Flat()),
		h:    f(capacity * c.Hidden), mask: f(capacity * c.Hidden), logits: f(capacity * c.Classes),
	}
}

func (ws *Workspace) allocGrad() {
	if ws.grad != nil {
		return
	}
	c, n := ws.c, ws.cap
	f := func(k int) []float32 { return make([]float32, k) }
	ws.dlogits, ws.dh, ws.dflat, ws.dp2 = f(n*c.Classes), f(n*c.Hidden), f(n*c.Flat()), f(n*c.Flat())
	ws.da2, ws.dcols2 = f(len(ws.a2)), f(len(ws.cols2))
	ws.dp1, ws.da1 = f(len(ws.p1)), f(len(ws.a1))
	ws.grad = NewParams(c)
}

// Forward runs the network on n images x (n×H×W pixels) and returns the
// n×Classes logits, which alias the workspace. When u is non-nil dropout is
// applied with u as its uniform random source (training); otherwise
// dropout is the identity (inference, as in ONNX).
func (net *Net) Forward(ws *Workspace, x []float32, n int, u func() float64) ([]float32, error) {
	c := net.Config
	if n > ws.cap || ws.c != c {
		return nil, fmt.Errorf("%w: batch of %d for a workspace of %d (or of another configuration)", ErrConfig, n, ws.cap)
	}
	if len(x) < n*c.H*c.W {
		return nil, fmt.Errorf("%w: %d pixels for %d images of %d×%d", ErrConfig, len(x), n, c.H, c.W)
	}
	p := net.Params
	h2, w2, h4, w4 := c.H/2, c.W/2, c.H/4, c.W/4

	im2col3x3(ws.cols1, x, n, c.H, c.W, 1)
	rows1 := n * c.H * c.W
	linearForward(ws.a1, ws.cols1, p.Conv1W, p.Conv1B, rows1, 9, c.Conv1)
	relu(ws.a1[:rows1*c.Conv1])
	maxPool2(ws.p1, ws.arg1, ws.a1, n, c.H, c.W, c.Conv1)

	rows2 := n * h2 * w2
	im2col3x3(ws.cols2, ws.p1, n, h2, w2, c.Conv1)
	linearForward(ws.a2, ws.cols2, p.Conv2W, p.Conv2B, rows2, c.Conv1*9, c.Conv2)
	relu(ws.a2[:rows2*c.Conv2])
	maxPool2(ws.p2, ws.arg2, ws.a2, n, h2, w2, c.Conv2)
	toCHW(ws.flat, ws.p2, n, h4*w4, c.Conv2)

	linearForward(ws.h, ws.flat, p.FC1W, p.FC1B, n, c.Flat(), c.Hidden)
	relu(ws.h[:n*c.Hidden])
	if u != nil && c.Dropout > 0 {
		dropout(ws.h[:n*c.Hidden], ws.mask, c.Dropout, u)
	}
	linearForward(ws.logits, ws.h, p.FC2W, p.FC2B, n, c.Hidden, c.Classes)
	return ws.logits[:n*c.Classes], nil
}

// Gradient runs a training forward and backward pass over n images and
// their labels, returning the summed cross-entropy loss and the gradient of
// scale × that sum (which aliases the workspace). u drives dropout; nil
// disables it.
func (net *Net) Gradient(ws *Workspace, x []float32, labels []uint8, n int, scale float32, u func() float64) (float64, *Params, error) {
	c := net.Config
	if len(labels) < n {
		return 0, nil, fmt.Errorf("%w: %d labels for %d images", ErrConfig, len(labels), n)
	}
	for i, l := range labels[:n] {
		if int(l) >= c.Classes {
			return 0, nil, fmt.Errorf("%w: label %d of image %d is not below %d classes", ErrConfig, l, i, c.Classes)
		}
	}
	if _, err := net.Forward(ws, x, n, u); err != nil {
		return 0, nil, err
	}
	ws.allocGrad()
	p, g := net.Params, ws.grad
	for _, s := range g.slices() {
		clear(s)
	}
	h2, w2, h4, w4 := c.H/2, c.W/2, c.H/4, c.W/4
	loss := softmaxXent(ws.dlogits, ws.logits, labels, n, c.Classes, scale)

	linearBackward(ws.dh, g.FC2W, g.FC2B, ws.dlogits, ws.h, p.FC2W, n, c.Hidden, c.Classes)
	dh := ws.dh[:n*c.Hidden]
	if u != nil && c.Dropout > 0 {
		for i := range dh {
			dh[i] *= ws.mask[i]
		}
	}
	reluBackward(dh, ws.h[:n*c.Hidden])
	linearBackward(ws.dflat, g.FC1W, g.FC1B, dh, ws.flat, p.FC1W, n, c.Flat(), c.Hidden)

	fromCHW(ws.dp2, ws.dflat, n, h4*w4, c.Conv2)
	rows2 := n * h2 * w2
	maxPool2Backward(ws.da2, rows2*c.Conv2, ws.dp2[:n*c.Flat()], ws.arg2[:n*c.Flat()])
	reluBackward(ws.da2[:rows2*c.Conv2], ws.a2[:rows2*c.Conv2])
	linearBackward(ws.dcols2, g.Conv2W, g.Conv2B, ws.da2, ws.cols2, p.Conv2W, rows2, c.Conv1*9, c.Conv2)
	col2im3x3(ws.dp1, ws.dcols2, n, h2, w2, c.Conv1)

	rows1 := n * c.H * c.W
	maxPool2Backward(ws.da1, rows1*c.Conv1, ws.dp1[:rows2*c.Conv1], ws.arg1[:rows2*c.Conv1])
	reluBackward(ws.da1[:rows1*c.Conv1], ws.a1[:rows1*c.Conv1])
	linearBackward(nil, g.Conv1W, g.Conv1B, ws.da1, ws.cols1, p.Conv1W, rows1, 9, c.Conv1)
	return loss, g, nil
}

// Activations returns, for the images of the last Forward call, the
// per-image activations of a named tensor in NCHW order ("conv1", "pool1",
// "conv2", "pool2" post-ReLU/pool, "fc1" post-ReLU, "logits"), matching the
// tensor names of the exported ONNX graph. It returns a new n×D slice.
func (ws *Workspace) Activations(name string, n int) ([]float32, error) {
	c := ws.c
	var src []float32
	var hw, ch int
	switch name {
	case "conv1":
		src, hw, ch = ws.a1, c.H*c.W, c.Conv1
	case "pool1":
		src, hw, ch = ws.p1, c.H*c.W/4, c.Conv1
	case "conv2":
		src, hw, ch = ws.a2, c.H*c.W/4, c.Conv2
	case "pool2":
		src, hw, ch = ws.p2, c.H*c.W/16, c.Conv2
	case "fc1":
		return append([]float32(nil), ws.h[:n*c.Hidden]...), nil
	case "logits":
		return append([]float32(nil), ws.logits[:n*c.Classes]...), nil
	default:
		return nil, fmt.Errorf("%w: no tensor %q", ErrConfig, name)
	}
	out := make([]float32, n*hw*ch)
	toCHW(out, src, n, hw, ch)
	return out, nil
}
