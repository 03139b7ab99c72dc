package activis

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/activis-go/activis/activis/graph"
	"github.com/activis-go/activis/activis/infer"
)

// Model is an ONNX model: its graph, for the views, and when every operator
// is supported, a compiled program to run it over a Dataset.
type Model struct {
	// Graph is the decoded model graph with its scope hierarchy.
	Graph *graph.Graph
	// Progress, when not nil, receives a report after every batch of a Run.
	Progress Progress
	// Path is the file the model was loaded from.
	Path string

	prog       *infer.Program
	compileErr error
}

// LoadONNX reads an ONNX model file. A file whose graph decodes but uses an
// operator the runtime lacks still loads (its graph can be shown and
// activations computed elsewhere imported); Run then returns the error that
// names the operator and node. Truncated or corrupt files give an error
// naming the file and wrapping graph.ErrFormat.
func LoadONNX(path string) (*Model, error) {
	g, err := graph.Load(path)
	if err != nil {
		return nil, fmt.Errorf("LoadONNX: %w", err)
	}
	m := &Model{Graph: g, Path: path}
	m.prog, m.compileErr = infer.Compile(g)
	if m.compileErr != nil && !errors.Is(m.compileErr, infer.ErrUnsupported) {
		return nil, fmt.Errorf("LoadONNX: %s: %w", path, m.compileErr)
	}
	return m, nil
}

// Runnable reports whether the model can run in-process, and if not, why.
func (m *Model) Runnable() error {
	if m.compileErr != nil {
		return fmt.Errorf("%s: %w", m.Path, m.compileErr)
	}
	return nil
}

// Resolve maps a tensor, scope or node name to the ONNX tensor it stands
// for; see graph.Graph.Resolve for the rule.
func (m *Model) Resolve(name string) (string, error) { return m.Graph.Resolve(name) }

// RunOptions tunes RunWith. The zero value of every field is a sensible default.
type RunOptions struct {
	// Tensors names the tensors whose activations to keep: ONNX tensor
	// names, scope names ("fc1", "layer1/conv1") or node names; see Resolve.
	// Run.Tensors is keyed by these names exactly as given.
	Tensors []string
	// Flatten keeps the whole flattened feature map of 4-D (N, C, H, W)
	// tensors, C·H·W neurons per instance. By default (Flatten false) a
	// neuron is a channel and its activation the spatial mean of the
	// channel's map.
	// Tensors of other ranks are always flattened.
	Flatten bool
	// BatchSize is the number of instances per forward pass (default 64).
	// A model whose input has a fixed batch dimension always runs with
	// batches of that size; the last batch is padded.
	BatchSize int
	// Workers is the number of batches run at once (default GOMAXPROCS).
	Workers int
	// Context cancels the run between batches (default context.Background()).
	Context context.Context
}

// Run runs the model over every instance of data and keeps, for every
// instance, the predicted class and the class scores (Run.Instances) and,
// per named tensor (Run.Tensors), one float32 row of:
//
//   - 4-D feature maps (N, C, H, W), or channels-last (N, H, W, C) from
//     TensorFlow/Keras exports: one value per channel, the spatial mean of
//     its map (C neurons); RunWith with RunOptions{Flatten: true} keeps
//     the whole map (C·H·W neurons);
//   - recurrent outputs whose batch is not the first axis (ONNX LSTM, GRU,
//     RNN: [T, directions, N, H]): every step's hidden state (T·dirs·H);
//   - tensors of any other rank: the instance's values flattened.
//
// See RunWith for the scores and the options.
func (m *Model) Run(data *Dataset, tensors ...string) (*Run, error) {
	return m.RunWith(data, RunOptions{Tensors: tensors})
}

// tensorOut accumulates one requested tensor's activations.
type tensorOut struct {
	key, onnx string
	mean      bool // channel mean of a 4-D map
	last      bool // the map is channels last (N, H, W, C), as in TensorFlow exports
	batchAxis int  // the axis holding the batch (0 but for e.g. ONNX LSTM/GRU outputs)
	dim       int
	data      []float32
}

// extraInput is a model input beyond the first, fed from Dataset.Extra.
type extraInput struct {
	name  string
	acts  *Activations
	shape []int // one instance's shape
}

// extraInputs matches the model's inputs after the first with data.Extra:
// every one must be there with one row per instance, shaped like the
// input's declared shape with unknown dimensions taken from inst, the
// first input's instance shape.
func extraInputs(g *graph.Graph, data *Dataset, inst []int, n int) ([]extraInput, error) {
	var out []extraInput
	for _, name := range g.Inputs[1:] {
		a := data.Extra[name]
		if a == nil {
			have := make([]string, 0, len(data.Extra))
			for k := range data.Extra {
				have = append(have, k)
			}
			sort.Strings(have)
			return nil, fmt.Errorf("model input %q has no data: set Dataset.Extra[%q] (the model's inputs are %s; Extra has %v)",
				name, name, strings.Join(g.Inputs, ", "), have)
		}
		if a.Len() != n {
			return nil, fmt.Errorf("input %q has %d rows for %d instances: %w", name, a.Len(), n, ErrShape)
		}
		decl := g.Tensors[name].Shape
		var shape []int
		if len(decl) > 1 {
			shape = append([]int(nil), decl[1:]...)
			for d, v := range shape {
				if v < 0 && len(inst) == len(shape) {
					shape[d] = inst[d]
				}
			}
		}
		if shape == nil || prodInts(shape) != a.Dim() || slices.Min(shape) < 0 {
			shape = []int{a.Dim()}
			if len(decl) == len(inst)+1 && prodInts(inst) == a.Dim() {
				shape = append([]int(nil), inst...)
			}
		}
		out = append(out, extraInput{name: name, acts: a, shape: shape})
	}
	for k := range data.Extra {
		if !slices.Contains(g.Inputs[1:], k) {
			return nil, fmt.Errorf("Dataset.Extra[%q] is not an input of the model (its inputs are %s)", k, strings.Join(g.Inputs, ", "))
		}
	}
	return out, nil
}

// batchAxis finds the batch axis of a computed tensor of shape got, run
// with batches of b: the one axis whose static shape (static, from the
// graph; -1 where it depends on the batch) is dynamic and whose size is b,
// else axis 0 when its size is b, else the one axis of size b. ONNX's
// recurrent operators put the sequence first (LSTM's Y is [T, dirs, N,
// H]), so a user asking for an LSTM or GRU layer gets instance rows all
// the same.
func batchAxis(static, got []int, b int) (int, error) {
	if len(got) == 0 {
		return 0, fmt.Errorf("a scalar has no batch axis")
	}
	find := func(ok func(ax int) bool) []int {
		var axes []int
		for ax, d := range got {
			if d == b && ok(ax) {
				axes = append(axes, ax)
			}
		}
		return axes
	}
	if len(static) == len(got) {
		if axes := find(func(ax int) bool { return static[ax] < 0 }); len(axes) == 1 {
			return axes[0], nil
		}
	}
	if got[0] == b {
		return 0, nil
	}
	if axes := find(func(int) bool { return true }); len(axes) == 1 {
		return axes[0], nil
	}
	return 0, fmt.Errorf("shape %v has no single axis for the batch of %d instances (try another RunOptions.BatchSize)", got, b)
}

// batchFirst writes the first cnt instances of r, whose batch is on axis
// ax, as rows of dst (each instance's values in r's order without the
// batch axis).
func batchFirst(dst []float32, r *infer.Tensor, ax, cnt int) {
	b := r.Shape[ax]
	outer, inner := 1, 1
	for _, d := range r.Shape[:ax] {
		outer *= d
	}
	for _, d := range r.Shape[ax+1:] {
		inner *= d
	}
	row := outer * inner
	for i := 0; i < cnt; i++ {
		for o := 0; o < outer; o++ {
			copy(dst[i*row+o*inner:i*row+(o+1)*inner], r.Data[(o*b+i)*inner:(o*b+i+1)*inner])
		}
	}
}

// channelMeansLast writes into dst (instances × c) the per-channel means
// of src, instances of (H, W, c) channels-last maps.
func channelMeansLast(dst, src []float32, c int) {
	per := len(src) / max(len(dst)/c, 1) // values per instance
	acc := make([]float64, c)
	for i := 0; i < len(dst)/c; i++ {
		clear(acc)
		m := src[i*per : (i+1)*per]
		for p := 0; p+c <= len(m); p += c {
			for ch, v := range m[p : p+c] {
				acc[ch] += float64(v)
			}
		}
		hw := float64(per / c)
		for ch := range acc {
			dst[i*c+ch] = float32(acc[ch] / hw)
		}
	}
}

// RunWith runs the model over every instance of data in batches, on all
// cores: batches go to Workers goroutines, each with its own executor and
// buffers, and write disjoint rows of the results.
//
// The result's Instances are a copy of data.Instances with Predicted and
// Scores filled from the model's first output. The class is the argmax of
// the output. Scores are the output itself when the node computing it is a
// Softmax (or a Sigmoid with more than one unit), exp of it for a
// LogSoftmax, and otherwise the softmax of the output row (logits). A
// single-unit output with two classes is binary: p = sigmoid(output) (or
// the output itself after a Sigmoid) and the scores are [1-p, p]. When
// data.Instances has no Classes, classes are named "0", "1", ….
//
// Activations of each requested tensor are flattened per instance; for a
// 4-D (N, C, H, W) tensor a neuron is a channel (its spatial mean) unless
// opt.Flatten is set. Channels-last maps (N, H, W, C) of TensorFlow and
// Keras exports, recognised by graph.Graph.Layout, average over H and W
// the same way. Tensors whose batch is not the first axis, like the
// outputs of ONNX's LSTM, GRU and RNN ([T, directions, N, H]), give each
// instance its slice in the tensor's order (every step's hidden state). Unknown tensor names give an error that lists valid
// names.
func (m *Model) RunWith(data *Dataset, opt RunOptions) (*Run, error) {
	p, err := m.planRun(data, opt)
	if err != nil {
		return nil, err
	}
	if err := p.runPool(); err != nil {
		return nil, fmt.Errorf("Run: %s: %w", m.Path, err)
	}
	return p.result(), nil
}

// runPlan is what RunWith resolved before the first batch, and the
// results the batches fill in.
type runPlan struct {
	m       *Model
	g       *graph.Graph
	data    *Dataset
	ctx     context.Context
	flatten bool
	n       int // instances
	inName  string
	inst    []int // one instance's input shape
	extras  []extraInput
	batch   int
	fixed   bool // the model's batch size is static: every batch has it, the last one padded
	outName string
	outs    []*tensorOut
	want    []string // the output, then the requested tensors
	workers int
	nb      int // batches
	task    string

	// Filled from the first batch (setup), then by every batch (store).
	scores  []float32
	k       int // output values per instance
	classes []string
	binary  bool
	mode    string // how scores come from the output: softmax, prob, log or sigmoid-applied
}

// planRun validates the model and the dataset, resolves the input shape
// and the requested tensors, and sizes the batches and the worker pool.
func (m *Model) planRun(data *Dataset, opt RunOptions) (*runPlan, error) {
	n, err := m.validateRun(data)
	if err != nil {
		return nil, err
	}
	g := m.Graph
	p := &runPlan{m: m, g: g, data: data, ctx: opt.Context, flatten: opt.Flatten, n: n,
		inName: g.Inputs[0], outName: g.Outputs[0], classes: data.Instances.Classes,
		task: "run " + filepath.Base(m.Path)}
	if p.ctx == nil {
		p.ctx = context.Background()
	}
	decl := g.Tensors[p.inName].Shape
	if p.inst, err = m.instanceShape(data, p.inName, decl); err != nil {
		return nil, err
	}
	if p.extras, err = extraInputs(g, data, p.inst, n); err != nil {
		return nil, fmt.Errorf("Run: %s: %w", m.Path, err)
	}
	p.batch = opt.BatchSize
	if p.batch <= 0 {
		p.batch = 64
	}
	p.fixed = len(decl) > 0 && decl[0] > 0
	if p.fixed {
		p.batch = decl[0]
	}
	p.want = []string{p.outName}
	for _, key := range opt.Tensors {
		tn, err := g.Resolve(key)
		if err != nil {
			return nil, fmt.Errorf("Run: %w", err)
		}
		p.outs = append(p.outs, &tensorOut{key: key, onnx: tn})
		p.want = append(p.want, tn)
	}
	p.workers = opt.Workers
	if p.workers <= 0 {
		p.workers = runtime.GOMAXPROCS(0)
	}
	p.nb = (n + p.batch - 1) / p.batch
	p.workers = max(1, min(p.workers, p.nb))
	return p, nil
}

// validateRun checks that the model runs and has inputs and outputs, and
// that the dataset has as many inputs as instances, at least one; it
// returns their number.
func (m *Model) validateRun(data *Dataset) (int, error) {
	if err := m.Runnable(); err != nil {
		return 0, fmt.Errorf("Run: %w", err)
	}
	if data == nil || data.Inputs == nil || data.Instances == nil {
		return 0, errors.New("Run: dataset has no inputs or no instances")
	}
	if len(m.Graph.Inputs) == 0 {
		return 0, fmt.Errorf("Run: %s has no inputs", m.Path)
	}
	if len(m.Graph.Outputs) == 0 {
		return 0, fmt.Errorf("Run: %s has no outputs", m.Path)
	}
	n := data.Inputs.Len()
	if data.Instances.Len() != n {
		return 0, fmt.Errorf("Run: dataset has %d inputs but %d instances", n, data.Instances.Len())
	}
	if n == 0 {
		return 0, errors.New("Run: dataset has no instances")
	}
	return n, nil
}

// instanceShape resolves one instance's input shape: the model's declared
// input shape without the batch axis when static (data.InputShape must
// then have as many values), else data.InputShape; it must match the
// dataset's rows.
func (m *Model) instanceShape(data *Dataset, inName string, decl []int) ([]int, error) {
	inst := append([]int(nil), data.InputShape...)
	if len(decl) > 0 {
		known := true
		for _, d := range decl[1:] {
			known = known && d >= 0
		}
		if known {
			if inst != nil && prodInts(inst) != prodInts(decl[1:]) {
				return nil, fmt.Errorf("Run: instance shape %v does not fit input %q of shape %v", inst, inName, decl)
			}
			inst = append([]int(nil), decl[1:]...)
		}
	}
	if inst == nil {
		return nil, fmt.Errorf("Run: dataset has no InputShape and input %q of %s has no static shape", inName, m.Path)
	}
	if prodInts(inst) != data.Inputs.Dim() {
		return nil, fmt.Errorf("Run: dataset rows have %d values, input %q needs %v = %d", data.Inputs.Dim(), inName, inst, prodInts(inst))
	}
	return inst, nil
}

// setup sizes the results from the first batch's tensors (b instances).
func (p *runPlan) setup(res map[string]*infer.Tensor, b int) error {
	if err := p.setupScores(res[p.outName], b); err != nil {
		return err
	}
	for _, t := range p.outs {
		if err := p.setupTensor(t, res[t.onnx], b); err != nil {
			return err
		}
	}
	return nil
}

// setupScores checks the output against the classes (naming them "0",
// "1", … when the dataset has none) and picks how scores come from it.
func (p *runPlan) setupScores(o *infer.Tensor, b int) error {
	if len(o.Shape) == 0 || o.Shape[0] != b {
		return fmt.Errorf("output %q has shape %v, not a batch of %d", p.outName, o.Shape, b)
	}
	p.k = o.Len() / b
	switch {
	case len(p.classes) == 0:
		p.classes = make([]string, p.k)
		for i := range p.classes {
			p.classes[i] = strconv.Itoa(i)
		}
	case p.k == 1 && len(p.classes) == 2:
		p.binary = true
	case p.k != len(p.classes):
		return fmt.Errorf("output %q has %d values per instance but the dataset has %d classes", p.outName, p.k, len(p.classes))
	}
	p.mode = "softmax"
	if pr := p.g.Tensors[p.outName].Producer; pr >= 0 {
		switch op := p.g.Nodes[pr].OpType; {
		case op == "Softmax", op == "Sigmoid" && p.k > 1:
			p.mode = "prob"
		case op == "LogSoftmax":
			p.mode = "log"
		case op == "Sigmoid":
			p.mode = "sigmoid-applied"
		}
	}
	p.scores = make([]float32, p.n*len(p.classes))
	return nil
}

// setupTensor finds requested tensor t's batch axis and neurons per
// instance in its first batch r.
func (p *runPlan) setupTensor(t *tensorOut, r *infer.Tensor, b int) error {
	ax, err := batchAxis(p.g.Tensors[t.onnx].Shape, r.Shape, b)
	if err != nil {
		return fmt.Errorf("tensor %q (%s): %w", t.key, t.onnx, err)
	}
	t.batchAxis = ax
	t.mean = len(r.Shape) == 4 && !p.flatten && ax == 0
	t.last = t.mean && p.g.Layout(t.onnx) == graph.ChannelsLast
	switch {
	case t.last:
		t.dim = r.Shape[3]
	case t.mean:
		t.dim = r.Shape[1]
	default:
		t.dim = r.Len() / b
	}
	t.data = make([]float32, p.n*t.dim)
	return nil
}

// store writes rows r0..r0+cnt-1 of the results.
func (p *runPlan) store(res map[string]*infer.Tensor, r0, cnt int) {
	o := res[p.outName].Data
	nc := len(p.classes)
	for i := 0; i < cnt; i++ {
		p.scoreRow(p.scores[(r0+i)*nc:(r0+i+1)*nc], o[i*p.k:(i+1)*p.k])
	}
	for _, t := range p.outs {
		storeTensor(t, res[t.onnx], r0, cnt)
	}
}

// scoreRow writes into dst the class scores of one output row.
func (p *runPlan) scoreRow(dst, row []float32) {
	switch {
	case p.binary:
		pr := row[0]
		if p.mode != "sigmoid-applied" {
			pr = float32(1 / (1 + math.Exp(-float64(pr))))
		}
		dst[0], dst[1] = 1-pr, pr
	case p.mode == "prob":
		copy(dst, row)
	case p.mode == "log":
		for j, v := range row {
			dst[j] = float32(math.Exp(float64(v)))
		}
	default:
		mx := float32(math.Inf(-1))
		for _, v := range row {
			mx = max(mx, v)
		}
		var s float64
		for j, v := range row {
			e := math.Exp(float64(v - mx))
			dst[j] = float32(e)
			s += e
		}
		for j := range dst {
			dst[j] = float32(float64(dst[j]) / s)
		}
	}
}

// storeTensor writes rows r0..r0+cnt-1 of t from its batch r: batch-first
// copies, flattened rows or channel means.
func storeTensor(t *tensorOut, r *infer.Tensor, r0, cnt int) {
	dst := t.data[r0*t.dim : (r0+cnt)*t.dim]
	switch {
	case t.batchAxis > 0:
		batchFirst(dst, r, t.batchAxis, cnt)
	case !t.mean:
		copy(dst, r.Data[:cnt*t.dim])
	case t.last:
		channelMeansLast(dst, r.Data[:r.Len()/r.Shape[0]*cnt], t.dim)
	default:
		hw := r.Len() / (r.Shape[0] * r.Shape[1])
		for i := 0; i < cnt*t.dim; i++ {
			var s float64
			for _, v := range r.Data[i*hw : (i+1)*hw] {
				s += float64(v)
			}
			dst[i] = float32(s / float64(hw))
		}
	}
}

// runPool is the state the workers share: the next batch to take, the
// instances done, the first error, and the release of the workers waiting
// for batch 0 (which sizes the results).
type runPool struct {
	next, done atomic.Int64
	mu         sync.Mutex
	firstErr   error
	once       sync.Once
	ready      chan struct{}
}

// fail records err (the first one wins), stops the other workers and
// releases those waiting for batch 0.
func (pl *runPool) fail(nb int, err error) {
	pl.mu.Lock()
	if pl.firstErr == nil {
		pl.firstErr = err
	}
	pl.mu.Unlock()
	pl.next.Store(int64(nb))
	pl.once.Do(func() { close(pl.ready) })
}

func (pl *runPool) failed() bool {
	pl.mu.Lock()
	defer pl.mu.Unlock()
	return pl.firstErr != nil
}

// runPool runs the batches on p.workers goroutines, each with its own
// executor and buffers, writing disjoint rows of the results.
func (p *runPlan) runPool() error {
	pl := &runPool{ready: make(chan struct{})}
	var wg sync.WaitGroup
	for w := 0; w < p.workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.worker(pl)
		}()
	}
	wg.Wait()
	return pl.firstErr
}

// runBuffers are one worker's executor and input buffers.
type runBuffers struct {
	x     *infer.Executor
	in    []float32
	extra [][]float32
}

// worker takes batches until none is left or one fails.
func (p *runPlan) worker(pl *runPool) {
	bufs := &runBuffers{x: p.m.prog.NewExecutor(), in: make([]float32, p.batch*p.data.Inputs.Dim()),
		extra: make([][]float32, len(p.extras))}
	for k, e := range p.extras {
		bufs.extra[k] = make([]float32, p.batch*e.acts.Dim())
	}
	for {
		bi := int(pl.next.Add(1) - 1)
		if bi >= p.nb {
			return
		}
		if err := p.ctx.Err(); err != nil {
			pl.fail(p.nb, err)
			return
		}
		if !p.runBatch(pl, bufs, bi) {
			return
		}
	}
}

// runBatch runs batch bi and stores its rows; batch 0 sets the results up
// first, the others wait for it. It reports false when the worker stops.
func (p *runPlan) runBatch(pl *runPool, bufs *runBuffers, bi int) bool {
	r0 := bi * p.batch
	cnt := min(p.batch, p.n-r0)
	b := cnt
	if p.fixed {
		b = p.batch
	}
	feed, err := p.feed(bufs, r0, cnt, b)
	if err != nil {
		pl.fail(p.nb, err)
		return false
	}
	res, err := bufs.x.Run(feed, p.want...)
	if err != nil {
		pl.fail(p.nb, fmt.Errorf("instances %d..%d: %w", r0, r0+cnt-1, err))
		return false
	}
	if bi == 0 {
		err := p.setup(res, b)
		if err != nil {
			pl.fail(p.nb, err)
		}
		pl.once.Do(func() { close(pl.ready) })
		if err != nil {
			return false
		}
	} else {
		select {
		case <-pl.ready:
		case <-p.ctx.Done():
			pl.fail(p.nb, p.ctx.Err())
			return false
		}
		if pl.failed() {
			return false
		}
	}
	p.store(res, r0, cnt)
	// Count and report under one lock so that reports never go backwards
	// when two workers finish at once.
	pl.mu.Lock()
	d := pl.done.Add(int64(cnt))
	if p.m.Progress != nil {
		report(p.m.Progress, p.task, int(d), p.n)
	}
	pl.mu.Unlock()
	return true
}

// feed reads instances r0..r0+cnt-1 into the worker's buffers as a batch
// of b (a fixed-size last batch padded with copies of its first instance).
func (p *runPlan) feed(bufs *runBuffers, r0, cnt, b int) (map[string]*infer.Tensor, error) {
	dim := p.data.Inputs.Dim()
	in := bufs.in[:b*dim]
	if err := p.data.Inputs.RowInto(r0, r0+cnt, in); err != nil {
		return nil, err
	}
	for i := cnt; i < b; i++ {
		copy(in[i*dim:(i+1)*dim], in[:dim])
	}
	feed := map[string]*infer.Tensor{p.inName: {Shape: append([]int{b}, p.inst...), Data: in}}
	for k, e := range p.extras {
		ed := e.acts.Dim()
		eb := bufs.extra[k][:b*ed]
		if err := e.acts.RowInto(r0, r0+cnt, eb); err != nil {
			return nil, fmt.Errorf("input %q: %w", e.name, err)
		}
		for i := cnt; i < b; i++ {
			copy(eb[i*ed:(i+1)*ed], eb[:ed])
		}
		feed[e.name] = &infer.Tensor{Shape: append([]int{b}, e.shape...), Data: eb}
	}
	return feed, nil
}

// result assembles the Run: the dataset's instances with the classes,
// scores and predictions (argmax of the scores), and the tensors.
func (p *runPlan) result() *Run {
	meta := *p.data.Instances
	meta.Classes = p.classes
	meta.Scores = p.scores
	meta.Predicted = make([]int, p.n)
	nc := len(p.classes)
	for i := range meta.Predicted {
		best := 0
		row := p.scores[i*nc : (i+1)*nc]
		for j, v := range row {
			if v > row[best] {
				best = j
			}
		}
		meta.Predicted[i] = best
	}
	run := &Run{Instances: &meta, Tensors: map[string]*Activations{}, Data: p.data}
	for _, t := range p.outs {
		run.Tensors[t.key] = NewActivations(t.data, p.n, t.dim)
	}
	return run
}

func prodInts(s []int) int {
	p := 1
	for _, d := range s {
		p *= d
	}
	return p
}
