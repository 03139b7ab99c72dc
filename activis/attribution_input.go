package activis

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"strings"

	"github.com/activis-go/activis/activis/graph"
	"github.com/activis-go/activis/activis/infer"
)

// Input attribution methods, as Attribution.Method reports them.
const (
	// MethodOcclusion: a patch of the image is set to a fill value; a
	// pixel's score is the mean drop of the class's score over the
	// patches covering it.
	MethodOcclusion = "occlusion"
	// MethodDeletion: one token of the text is deleted (the tokens after
	// it move left, a pad token fills the end); a token's score is the
	// drop of the class's score.
	MethodDeletion = "token deletion"
)

// Scores an Attribution measures the drop of.
const (
	// ScoreProbability: the class's probability, as Run's scores.
	ScoreProbability = "probability"
	// ScoreLogit: the class's logit (the input of the output's Softmax).
	ScoreLogit = "logit"
)

// AttributeOptions tunes Explorer.AttributeWith and Model.Attribute. The
// zero value of every field is a sensible default.
type AttributeOptions struct {
	// Patch is the side of the square patch occluded, in pixels (default
	// 4; at most the image's side).
	Patch int
	// Stride is the step between patches (default Patch: patches tile the
	// image; a smaller stride overlaps them). A last row and column of
	// patches flush with the image's edge are added when the stride does
	// not reach it, so every pixel is covered.
	Stride int
	// Fill is the value occluded pixels take, in the model's input units
	// (default 0: black for pixels scaled to [0, 1], the mean for inputs
	// normalised to zero mean).
	Fill float32
	// Logit measures the drop of the class's logit instead of its
	// probability.
	Logit bool
	// Pad is the token id of padding (default 0), written at the end of a
	// text when a token is deleted; the text ends before its trailing pads.
	Pad int
	// Vocab, when given, names token ids: Attribution.Words holds the
	// word of every token.
	Vocab []string
	// BatchSize bounds the copies per forward pass (default 256; a model
	// with a fixed batch size uses its own).
	BatchSize int
}

// Attribution scores the parts of one instance's input by how much hiding
// each lowers a class's score: pixels of an image (occlusion) or tokens
// of a text (deletion). Positive scores mark evidence for the class,
// negative ones evidence against it.
type Attribution struct {
	// Instance is the instance's index in the run (-1 from Model.Attribute).
	Instance int
	// Class is the class attributed and ClassName its name ("" when the
	// model's classes are not known).
	Class     int
	ClassName string
	// Method is MethodOcclusion or MethodDeletion; Score is
	// ScoreProbability or ScoreLogit.
	Method, Score string
	// Base is the class's score on the input as is.
	Base float64
	// Height and Width size Map: the image's, or 1 × the sequence length
	// for a text.
	Height, Width int
	// Map holds Height × Width scores, row-major: for an image, the mean
	// drop of the class's score over the patches covering each pixel; for
	// a text, the drop when each token is deleted (0 for padding).
	Map []float32
	// Tokens holds a text's token ids (Width of them; nil for images) and
	// Words their words when AttributeOptions.Vocab was given.
	Tokens []int
	Words  []string
	// Patch, Stride and Fill are the occlusion's (0 for a text).
	Patch, Stride int
	Fill          float32
	// Copies is the number of altered inputs run.
	Copies int
}

// Attribute scores the input of one instance of the run for a class; see
// AttributeWith.
func (ex *Explorer) Attribute(instance, class int) (*Attribution, error) {
	return ex.AttributeWith(instance, class, AttributeOptions{})
}

// AttributeWith scores the input of one instance (an index into the run)
// for a class: an occlusion map for an image model (a float input of one
// instance shaped C × H × W, H × W × C by graph.Graph.Layout, or H × W),
// token-deletion scores for a text model (an integer input of token ids).
// Every altered copy of the input runs through the in-process runtime in
// one batch (in batches of AttributeOptions.BatchSize). The error wraps
// ErrUnknownClass for a class out of range and ErrRange for an instance
// out of range, and names a run without inputs (not made by Model.Run).
func (ex *Explorer) AttributeWith(instance, class int, opt AttributeOptions) (*Attribution, error) {
	if err := ex.checkRun(); err != nil {
		return nil, err
	}
	if n := ex.run.Len(); instance < 0 || instance >= n {
		return nil, fmt.Errorf("attribute instance %d: out of range [0,%d): %w", instance, n, ErrRange)
	}
	classes := ex.run.Instances.Classes
	if class < 0 || class >= len(classes) {
		return nil, fmt.Errorf("attribute to class %d: %w (classes: %s)", class, ErrUnknownClass, describeClasses(classes))
	}
	if ex.model == nil || ex.model.Graph == nil {
		return nil, errors.New("attribute: the explorer has no model (made from activations only)")
	}
	if ex.run.Data == nil || ex.run.Data.Inputs == nil || ex.summary != nil {
		return nil, errors.New("attribute: the run has no inputs to run the model on (it was not made by Model.Run)")
	}
	p, err := ex.model.planRun(ex.run.Data, RunOptions{})
	if err != nil {
		return nil, fmt.Errorf("attribute: %w", err)
	}
	feed, err := gatherFeed(p, []int{instance}, 1)
	if err != nil {
		return nil, fmt.Errorf("attribute instance %d: %w", instance, err)
	}
	a, err := ex.model.attribute(feed, class, opt)
	if err != nil {
		return nil, fmt.Errorf("attribute instance %d: %w", instance, err)
	}
	a.Instance = instance
	a.ClassName = classes[class]
	return a, nil
}

// Attribute scores one input for a class of the model's output (see
// Explorer.AttributeWith): input holds the values of one instance of the
// model's first input, shape its shape without the batch axis (e.g. 1,
// 28, 28, or 64 token ids). Models with further inputs need the explorer.
func (m *Model) Attribute(input []float32, shape []int, class int, opt AttributeOptions) (*Attribution, error) {
	if err := m.Runnable(); err != nil {
		return nil, fmt.Errorf("attribute: %w", err)
	}
	if len(m.Graph.Inputs) != 1 {
		return nil, fmt.Errorf("attribute: %s has %d inputs; use Explorer.Attribute, which feeds the others from the run's data", m.Path, len(m.Graph.Inputs))
	}
	if prodInts(shape) != len(input) {
		return nil, fmt.Errorf("attribute: shape %v needs %d values, got %d", shape, prodInts(shape), len(input))
	}
	in := m.Graph.Inputs[0]
	feed := map[string]*infer.Tensor{in: {Shape: append([]int{1}, shape...), Data: input}}
	a, err := m.attribute(feed, class, opt)
	if err != nil {
		return nil, fmt.Errorf("attribute: %w", err)
	}
	a.Instance = -1
	return a, nil
}

// attribute scores the instance of feed (a batch of one).
func (m *Model) attribute(feed map[string]*infer.Tensor, class int, opt AttributeOptions) (*Attribution, error) {
	g := m.Graph
	in := g.Inputs[0]
	x := feed[in]
	sc, err := newClassScore(g, class, opt.Logit)
	if err != nil {
		return nil, err
	}
	if dt := g.Tensors[in].DType; strings.HasPrefix(dt, "int") || strings.HasPrefix(dt, "uint") {
		return m.deletion(feed, sc, opt)
	}
	shape := x.Shape[1:]
	var c, h, w int
	last := false
	switch len(shape) {
	case 2:
		c, h, w = 1, shape[0], shape[1]
	case 3:
		last = g.Layout(in) == graph.ChannelsLast
		c, h, w = shape[0], shape[1], shape[2]
		if last {
			h, w, c = shape[0], shape[1], shape[2]
		}
	default:
		return nil, fmt.Errorf("occlusion needs an image input (C × H × W or H × W), input %q has shape %v", in, shape)
	}
	patch := opt.Patch
	if patch <= 0 {
		patch = 4
	}
	patch = min(patch, h, w)
	stride := opt.Stride
	if stride <= 0 {
		stride = patch
	}
	ys, xs := patchStarts(h, patch, stride), patchStarts(w, patch, stride)
	copies := len(ys) * len(xs)
	per := c * h * w
	// pixel index of (channel ch, row y, column x)
	at := func(ch, y, x int) int {
		if last {
			return (y*w+x)*c + ch
		}
		return (ch*h+y)*w + x
	}
	mk := func(k int, dst []float32) {
		copy(dst, x.Data[:per])
		y0, x0 := ys[k/len(xs)], xs[k%len(xs)]
		for ch := 0; ch < c; ch++ {
			for y := y0; y < y0+patch; y++ {
				for xx := x0; xx < x0+patch; xx++ {
					dst[at(ch, y, xx)] = opt.Fill
				}
			}
		}
	}
	scores, base, err := m.runCopies(feed, copies, per, mk, nil, sc, opt.BatchSize)
	if err != nil {
		return nil, err
	}
	sum := make([]float64, h*w)
	cnt := make([]int, h*w)
	for k, s := range scores {
		y0, x0 := ys[k/len(xs)], xs[k%len(xs)]
		for y := y0; y < y0+patch; y++ {
			for xx := x0; xx < x0+patch; xx++ {
				sum[y*w+xx] += base - s
				cnt[y*w+xx]++
			}
		}
	}
	a := &Attribution{Class: class, Method: MethodOcclusion, Score: sc.name(), Base: base, Height: h, Width: w,
		Map: make([]float32, h*w), Patch: patch, Stride: stride, Fill: opt.Fill, Copies: copies}
	for i := range sum {
		if cnt[i] > 0 {
			a.Map[i] = float32(sum[i] / float64(cnt[i]))
		}
	}
	return a, nil
}

// patchStarts lists the first rows (or columns) of the patches along a
// side of n pixels: 0, stride, 2·stride, … while the patch fits, and n −
// patch when the last one does not reach the edge.
func patchStarts(n, patch, stride int) []int {
	var out []int
	for s := 0; s+patch <= n; s += stride {
		out = append(out, s)
	}
	if last := out[len(out)-1]; last+patch < n {
		out = append(out, n-patch)
	}
	return out
}

// deletion scores each token of a text by deleting it.
func (m *Model) deletion(feed map[string]*infer.Tensor, sc *classScore, opt AttributeOptions) (*Attribution, error) {
	in := m.Graph.Inputs[0]
	x := feed[in]
	t := len(x.Data)
	if len(x.Shape) != 2 {
		return nil, fmt.Errorf("token deletion needs one sequence of token ids per instance, input %q has shape %v", in, x.Shape[1:])
	}
	pad := float32(opt.Pad)
	n := t // the text ends before its trailing pads
	for n > 0 && x.Data[n-1] == pad {
		n--
	}
	if n == 0 {
		return nil, fmt.Errorf("token deletion: the text has no token (all %d are the pad id %d)", t, opt.Pad)
	}
	del := func(src, dst []float32, k int, fill float32) {
		copy(dst, src[:k])
		copy(dst[k:], src[k+1:])
		dst[len(dst)-1] = fill
	}
	mk := func(k int, dst []float32) { del(x.Data, dst, k, pad) }
	// Extra inputs of the same length (an attention mask) lose the same
	// position, padded with 0; others are copied.
	extra := func(name string, src *infer.Tensor, k int, dst []float32) {
		if len(src.Data) == t {
			del(src.Data, dst, k, 0)
			return
		}
		copy(dst, src.Data)
	}
	scores, base, err := m.runCopies(feed, n, t, mk, extra, sc, opt.BatchSize)
	if err != nil {
		return nil, err
	}
	a := &Attribution{Class: sc.class, Method: MethodDeletion, Score: sc.name(), Base: base, Height: 1, Width: t,
		Map: make([]float32, t), Tokens: make([]int, t), Copies: n}
	for k, s := range scores {
		a.Map[k] = float32(base - s)
	}
	for k, v := range x.Data {
		a.Tokens[k] = int(v)
	}
	if opt.Vocab != nil {
		a.Words = make([]string, t)
		for k, id := range a.Tokens {
			if id >= 0 && id < len(opt.Vocab) {
				a.Words[k] = opt.Vocab[id]
			}
		}
	}
	return a, nil
}

// runCopies runs the instance of feed as is and copies altered copies of
// it (mk writes copy k of the first input into dst; extra, when not nil,
// copy k of another input, else it is repeated), in batches, and returns
// the class's score for each copy and for the input as is. Batches run
// on up to GOMAXPROCS goroutines, each with its own executor.
func (m *Model) runCopies(feed map[string]*infer.Tensor, copies, per int, mk func(k int, dst []float32),
	extra func(name string, src *infer.Tensor, k int, dst []float32), sc *classScore, batch int) ([]float64, float64, error) {
	g := m.Graph
	in := g.Inputs[0]
	if batch <= 0 {
		batch = 256
		// At most 64 MB of inputs per batch (a 224 × 224 × 3 image: 111).
		one := 0
		for _, t := range feed {
			one += t.Len() / t.Shape[0]
		}
		batch = max(1, min(batch, (1<<24)/max(one, 1)))
	}
	fixed := 0
	if decl := g.Tensors[in].Shape; len(decl) > 0 && decl[0] > 0 {
		fixed = decl[0]
		batch = fixed
	}
	total := copies + 1 // copy -1 is the input as is
	all := make([]float64, total)
	nb := (total + batch - 1) / batch
	err := inParallel(nb, runtime.GOMAXPROCS(0), func() func(bi int) error {
		x := m.prog.NewExecutor()
		bufs := map[string][]float32{}
		return func(bi int) error {
			lo := bi * batch
			hi := min(lo+batch, total)
			b := hi - lo
			if fixed > 0 {
				b = fixed
			}
			batchFeed := make(map[string]*infer.Tensor, len(feed))
			for name, t := range feed {
				one := t.Len() / t.Shape[0]
				buf := bufs[name]
				if len(buf) < b*one {
					buf = make([]float32, b*one)
					bufs[name] = buf
				}
				buf = buf[:b*one]
				for r := 0; r < b; r++ {
					k := lo + r - 1 // -1: the input as is; rows past hi pad a fixed batch
					dst := buf[r*one : (r+1)*one]
					switch {
					case k < 0 || lo+r >= hi:
						copy(dst, t.Data[:one])
					case name == in:
						mk(k, dst)
					case extra != nil:
						extra(name, t, k, dst)
					default:
						copy(dst, t.Data[:one])
					}
				}
				batchFeed[name] = &infer.Tensor{Shape: append([]int{b}, t.Shape[1:]...), Data: buf}
			}
			out, err := x.Run(batchFeed, sc.tensor)
			if err == nil && out[sc.tensor].Len()/b != sc.width {
				err = fmt.Errorf("%s has %d values per instance, not %d", sc.tensor, out[sc.tensor].Len()/b, sc.width)
			}
			if err != nil {
				return err
			}
			o := out[sc.tensor].Data
			for r := 0; r < hi-lo; r++ {
				all[lo+r] = sc.score(o[r*sc.width : (r+1)*sc.width])
			}
			return nil
		}
	})
	if err != nil {
		return nil, 0, err
	}
	return all[1:], all[0], nil
}

// classScore computes one class's score from the logits.
type classScore struct {
	tensor  string // the logits
	width   int    // logits per instance
	class   int
	logit   bool
	sigmoid bool // the output is a Sigmoid of the logits (or a binary single logit)
}

// newClassScore finds the logits of g's first output and checks the class.
func newClassScore(g *graph.Graph, class int, logit bool) (*classScore, error) {
	out := g.Outputs[0]
	sc := &classScore{tensor: out, class: class, logit: logit}
	if p := g.Tensors[out].Producer; p >= 0 {
		switch n := g.Nodes[p]; n.OpType {
		case "Softmax", "LogSoftmax":
			sc.tensor = n.Inputs[0]
		case "Sigmoid":
			sc.tensor, sc.sigmoid = n.Inputs[0], true
		}
	}
	shape := g.Tensors[sc.tensor].Shape
	if len(shape) < 2 || prodInts(shape[1:]) <= 0 {
		return nil, fmt.Errorf("the logits %s have no static size per instance (shape %v)", sc.tensor, shape)
	}
	sc.width = prodInts(shape[1:])
	classes := sc.width
	if sc.width == 1 {
		classes, sc.sigmoid = 2, true // binary: p = sigmoid(z) for class 1
	}
	if class < 0 || class >= classes {
		return nil, fmt.Errorf("class %d: %w (the model has %d classes)", class, ErrUnknownClass, classes)
	}
	return sc, nil
}

func (sc *classScore) name() string {
	if sc.logit {
		return ScoreLogit
	}
	return ScoreProbability
}

// score returns the class's logit or probability from one row of logits.
func (sc *classScore) score(row []float32) float64 {
	if sc.width == 1 {
		z := float64(row[0])
		if sc.class == 0 {
			z = -z
		}
		if sc.logit {
			return z
		}
		return 1 / (1 + math.Exp(-z))
	}
	z := float64(row[sc.class])
	switch {
	case sc.logit:
		return z
	case sc.sigmoid:
		return 1 / (1 + math.Exp(-z))
	}
	mx := math.Inf(-1)
	for _, v := range row {
		mx = max(mx, float64(v))
	}
	var s float64
	for _, v := range row {
		s += math.Exp(float64(v) - mx)
	}
	return math.Exp(z-mx) / s
}
