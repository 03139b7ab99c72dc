package activis

import (
	"errors"
	"fmt"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"weak"

	"github.com/activis-go/activis/activis/graph"
	"github.com/activis-go/activis/activis/infer"
)

// DefaultAblationSample is the number of instances ablated by default
// (ContributionOptions.Sample).
const DefaultAblationSample = 500

// maxAblations bounds neurons × instances of one ablation (each is a
// forward pass of the rest of the graph for one instance): about a
// million, e.g. 500 instances of a layer of 2,000 neurons.
const maxAblations = 1 << 20

// ablation holds the logit drops of every sampled instance, neuron and
// class for one layer: what every class's contributions are averaged from.
type ablation struct {
	idx              []int // the sampled instances, ascending
	neurons, classes int
	base             []float32 // len(idx) × classes: the logits
	drop             []float32 // len(idx) × neurons × classes: logit − logit with the neuron zeroed
}

// ablationCache keeps each explorer's ablations (by layer and sample), so
// that asking for another class costs no forward pass. Entries go when the
// explorer is collected.
var ablationCache = struct {
	sync.Mutex
	m map[weak.Pointer[Explorer]]map[string]*ablation
}{m: map[weak.Pointer[Explorer]]map[string]*ablation{}}

func cachedAblation(ex *Explorer, key string) *ablation {
	ablationCache.Lock()
	defer ablationCache.Unlock()
	return ablationCache.m[weak.Make(ex)][key]
}

func storeAblation(ex *Explorer, key string, a *ablation) {
	wp := weak.Make(ex)
	ablationCache.Lock()
	defer ablationCache.Unlock()
	m := ablationCache.m[wp]
	if m == nil {
		m = map[string]*ablation{}
		ablationCache.m[wp] = m
		runtime.AddCleanup(ex, func(wp weak.Pointer[Explorer]) {
			ablationCache.Lock()
			delete(ablationCache.m, wp)
			ablationCache.Unlock()
		}, wp)
	}
	m[key] = a
}

// ablationContributions estimates each neuron's contribution by ablation
// on a sample and averages it per row.
func (ex *Explorer) ablationContributions(layer string, class int, opt ContributionOptions) (*Contributions, error) {
	if ex.run.Data == nil || ex.run.Data.Inputs == nil {
		return nil, fmt.Errorf("contributions of %q by ablation: the run has no inputs to run the model on (it was not made by Model.Run)", layer)
	}
	if ex.summary != nil {
		return nil, fmt.Errorf("contributions of %q by ablation: an explorer of a summary has no inputs to run the model on", layer)
	}
	idx := ex.ablationSample(opt.Sample)
	key := fmt.Sprint(layer, idx)
	a := cachedAblation(ex, key)
	if a == nil {
		var err error
		if a, err = ex.model.ablate(ex.run, layer, idx, opt, ex.taskProgress("ablate "+layer)); err != nil {
			return nil, fmt.Errorf("contributions of %q by ablation: %w", layer, err)
		}
		storeAblation(ex, key, a)
	}
	c := &Contributions{Layer: layer, Class: class, ClassName: ex.run.Instances.Classes[class],
		Method: MethodAblation, Sample: len(a.idx)}
	ex.mu.Lock()
	rows := append([]*exRow(nil), ex.rows...)
	ex.mu.Unlock()
	for _, kind := range []RowKind{InstanceRow, SubsetRow, ClassRow} {
		for _, r := range rows {
			if r.kind != kind {
				continue
			}
			sum := make([]float64, a.neurons)
			var logit float64
			n := 0
			for k, i := range a.idx {
				if (kind == InstanceRow && i != r.index) || (kind != InstanceRow && (r.members == nil || !r.members.Has(i))) {
					continue
				}
				n++
				logit += float64(a.base[k*a.classes+class])
				d := a.drop[k*a.neurons*a.classes:]
				for j := range sum {
					sum[j] += float64(d[j*a.classes+class])
				}
			}
			v := make([]float32, a.neurons)
			if n > 0 {
				for j, s := range sum {
					v[j] = float32(s / float64(n))
				}
				logit /= float64(n)
			}
			c.Rows = append(c.Rows, r.name)
			c.Counts = append(c.Counts, n)
			c.Values = append(c.Values, v)
			c.Logit = append(c.Logit, logit)
		}
	}
	return c, nil
}

// ablationSample draws the instances to ablate: a class-stratified sample
// of size (default DefaultAblationSample, at most the explorer's sample
// size) with the explorer's seed, holding the instances shown as rows.
func (ex *Explorer) ablationSample(size int) []int {
	limit := ex.SampleSize
	if limit <= 0 {
		limit = DefaultSampleSize
	}
	if size <= 0 {
		size = DefaultAblationSample
	}
	size = min(size, limit)
	ex.mu.Lock()
	var include []int
	for _, r := range ex.rows {
		if r.kind == InstanceRow {
			include = append(include, r.index)
		}
	}
	ex.mu.Unlock()
	sort.Ints(include)
	return StratifiedSample(ex.run.Instances, SampleOptions{Size: size, Seed: ex.Seed, Include: include})
}

// logitsTensor returns the tensor holding the logits: the first output,
// or the input of the Softmax or LogSoftmax computing it.
func logitsTensor(g *graph.Graph) string {
	out := g.Outputs[0]
	if p := g.Tensors[out].Producer; p >= 0 {
		if n := g.Nodes[p]; n.OpType == "Softmax" || n.OpType == "LogSoftmax" {
			return n.Inputs[0]
		}
	}
	return out
}

// ablate zeroes each neuron of layer in turn, for the instances idx of
// run, runs the rest of the graph and records the logits' drops. A neuron
// is what the run's activations of the layer hold: a value of the
// flattened tensor, or a channel (its whole map) when the run keeps
// channel means of a 4-D layer.
func (m *Model) ablate(run *Run, layer string, idx []int, opt ContributionOptions, prog Progress) (*ablation, error) {
	acts, err := run.Tensor(layer)
	if err != nil {
		return nil, err
	}
	t, err := m.Resolve(layer)
	if err != nil {
		return nil, err
	}
	g := m.Graph
	if !reaches(g, t, g.Outputs[0]) {
		return nil, fmt.Errorf("%w %q (no path from %s to it)", ErrUnreachable, g.Outputs[0], t)
	}
	p, err := m.planRun(run.Data, RunOptions{BatchSize: opt.BatchSize, Workers: opt.Workers})
	if err != nil {
		return nil, err
	}
	if len(idx) == 0 {
		return nil, errors.New("no instance to ablate")
	}
	nc := len(run.Instances.Classes)
	a := &ablation{idx: idx, neurons: acts.Dim(), classes: nc}
	if a.neurons*len(idx) > maxAblations {
		return nil, fmt.Errorf("%d neurons × %d instances is more than %d forward passes: set ContributionOptions.Sample to at most %d (or keep channel means: Model.Run without RunOptions.Flatten)",
			a.neurons, len(idx), maxAblations, maxAblations/a.neurons)
	}
	a.base, a.drop = make([]float32, len(idx)*nc), make([]float32, len(idx)*a.neurons*nc)
	ab := &ablator{m: m, p: p, acts: acts, layer: t, logits: logitsTensor(g), a: a}
	nb := (len(idx) + p.batch - 1) / p.batch
	var done atomic.Int64
	err = inParallel(nb, p.workers, func() func(b int) error {
		x := m.prog.NewExecutor()
		return func(b int) error {
			lo, hi := b*p.batch, min((b+1)*p.batch, len(idx))
			if err := ab.batch(x, lo, hi); err != nil {
				return fmt.Errorf("instances %v: %w", idx[lo:hi], err)
			}
			report(prog, "", int(done.Add(int64(hi-lo))), len(idx))
			return nil
		}
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// ablator is one ablation's shared, read-only state.
type ablator struct {
	m             *Model
	p             *runPlan
	acts          *Activations
	layer, logits string
	a             *ablation
}

// batch ablates the sampled instances lo..hi-1 as one batch.
func (ab *ablator) batch(x *infer.Executor, lo, hi int) error {
	p, a := ab.p, ab.a
	cnt := hi - lo
	b := cnt
	if p.fixed {
		b = p.batch
	}
	feed, err := gatherFeed(p, a.idx[lo:hi], b)
	if err != nil {
		return err
	}
	res, err := x.Run(feed, ab.layer, ab.logits)
	if err != nil {
		return err
	}
	lt := res[ab.layer]
	if len(lt.Shape) == 0 || lt.Shape[0] != b {
		return fmt.Errorf("layer tensor %s has shape %v, not a batch of %d first (ablation needs the batch on axis 0)", ab.layer, lt.Shape, b)
	}
	zero, err := neuronPositions(ab.m.Graph, ab.layer, lt.Shape, a.neurons)
	if err != nil {
		return err
	}
	work := &infer.Tensor{Shape: append([]int(nil), lt.Shape...), Data: append([]float32(nil), lt.Data...)}
	per := lt.Len() / b
	base, err := logitRows(res[ab.logits], b, a.classes)
	if err != nil {
		return err
	}
	base = append([]float32(nil), base...) // the executor's buffer is reused by RunFrom
	for k := 0; k < cnt; k++ {
		copy(a.base[(lo+k)*a.classes:(lo+k+1)*a.classes], base[k*a.classes:(k+1)*a.classes])
	}
	var pos, live []int
	saved := make([]float32, 0, per)
	sub := map[string]*infer.Tensor{}
	for j := 0; j < a.neurons; j++ {
		pos = zero(pos[:0], j)
		// Zeroing a neuron that is already zero changes nothing: its drop
		// is 0 (a.drop starts so), and only the other instances run.
		live = live[:0]
		for n := 0; n < cnt; n++ {
			for _, q := range pos {
				if work.Data[n*per+q] != 0 {
					live = append(live, n)
					break
				}
			}
		}
		if len(live) == 0 {
			continue
		}
		saved = saved[:0]
		for _, n := range live {
			for _, q := range pos {
				saved = append(saved, work.Data[n*per+q])
				work.Data[n*per+q] = 0
			}
		}
		feed[ab.layer] = work
		run, rows := feed, b
		if len(live) < cnt && !p.fixed {
			compact(sub, feed, live)
			run, rows = sub, len(live)
		}
		out, err := x.RunFrom(run, ab.logits)
		if err != nil {
			return err
		}
		abl, err := logitRows(out[ab.logits], rows, a.classes)
		if err != nil {
			return err
		}
		for k, n := range live {
			r := n // the row of instance n in the batch run
			if rows != b {
				r = k
			}
			d := a.drop[((lo+n)*a.neurons+j)*a.classes:]
			for c := 0; c < a.classes; c++ {
				d[c] = base[n*a.classes+c] - abl[r*a.classes+c]
			}
		}
		s := 0
		for _, n := range live {
			for _, q := range pos {
				work.Data[n*per+q] = saved[s]
				s++
			}
		}
	}
	return nil
}

// compact fills dst with the rows live of every tensor of src (batch
// first), reusing dst's buffers.
func compact(dst, src map[string]*infer.Tensor, live []int) {
	for name, t := range src {
		one := t.Len() / t.Shape[0]
		d := dst[name]
		if d == nil || cap(d.Data) < len(live)*one {
			d = &infer.Tensor{Data: make([]float32, len(live)*one, t.Len())}
			dst[name] = d
		}
		d.Data = d.Data[:len(live)*one]
		d.Shape = append(append(d.Shape[:0], len(live)), t.Shape[1:]...)
		for k, n := range live {
			copy(d.Data[k*one:(k+1)*one], t.Data[n*one:(n+1)*one])
		}
	}
}

// gatherFeed reads the instances idx into a batch of b inputs (padded
// with copies of the first when b > len(idx)), with the extra inputs.
func gatherFeed(p *runPlan, idx []int, b int) (map[string]*infer.Tensor, error) {
	dim := p.data.Inputs.Dim()
	in := make([]float32, b*dim)
	for k := 0; k < b; k++ {
		i := idx[0]
		if k < len(idx) {
			i = idx[k]
		}
		if err := p.data.Inputs.RowInto(i, i+1, in[k*dim:(k+1)*dim]); err != nil {
			return nil, err
		}
	}
	feed := map[string]*infer.Tensor{p.inName: {Shape: append([]int{b}, p.inst...), Data: in}}
	for _, e := range p.extras {
		ed := e.acts.Dim()
		eb := make([]float32, b*ed)
		for k := 0; k < b; k++ {
			i := idx[0]
			if k < len(idx) {
				i = idx[k]
			}
			if err := e.acts.RowInto(i, i+1, eb[k*ed:(k+1)*ed]); err != nil {
				return nil, fmt.Errorf("input %q: %w", e.name, err)
			}
		}
		feed[e.name] = &infer.Tensor{Shape: append([]int{b}, e.shape...), Data: eb}
	}
	return feed, nil
}

// logitRows returns the b × classes logits of an output tensor; a single
// logit z for two classes (a binary model) gives the rows [−z, z].
func logitRows(t *infer.Tensor, b, classes int) ([]float32, error) {
	k := t.Len() / max(b, 1)
	switch {
	case k == classes:
		return t.Data[:b*classes], nil
	case k == 1 && classes == 2:
		out := make([]float32, 2*b)
		for i := 0; i < b; i++ {
			out[2*i], out[2*i+1] = -t.Data[i], t.Data[i]
		}
		return out, nil
	}
	return nil, fmt.Errorf("the logits have %d values per instance for %d classes", k, classes)
}

// neuronPositions returns a function listing the positions, within one
// instance's values of the layer tensor (shape, batch first), that make
// up neuron j: the value j when the run keeps every value (neurons ==
// values per instance), or channel j's map when it keeps channel means of
// a 4-D map (channels first or, per graph.Graph.Layout, last).
func neuronPositions(g *graph.Graph, tensor string, shape []int, neurons int) (func(dst []int, j int) []int, error) {
	per := 1
	for _, d := range shape[1:] {
		per *= d
	}
	switch {
	case neurons == per:
		return func(dst []int, j int) []int { return append(dst, j) }, nil
	case len(shape) == 4 && g.Layout(tensor) == graph.ChannelsLast && shape[3] == neurons:
		return func(dst []int, j int) []int {
			for q := j; q < per; q += neurons {
				dst = append(dst, q)
			}
			return dst
		}, nil
	case len(shape) == 4 && shape[1] == neurons:
		hw := shape[2] * shape[3]
		return func(dst []int, j int) []int {
			for q := j * hw; q < (j+1)*hw; q++ {
				dst = append(dst, q)
			}
			return dst
		}, nil
	}
	return nil, fmt.Errorf("the run has %d neurons for tensor %s of shape %v (neither its values nor its channels)", neurons, tensor, shape)
}
