package activis

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"sync"

	"github.com/activis-go/activis/activis/internal/accumulate"
	"github.com/activis-go/activis/activis/project"
)

// ErrDuplicateRow is returned (wrapped, naming the row) when a subset is
// added under a name another row already has.
var ErrDuplicateRow = errors.New("duplicate row name")

// ErrNoRun is returned by an Explorer made without a run.
var ErrNoRun = errors.New("explorer has no run")

// Explorer is ActiVis's analysis state for one model run: the rows of the
// activation matrix (every class from the start, the user's subsets and
// single instances), the selected layer, a bounded sample of instances for
// the instance-level views, their 2-D projections, and the user's current
// selection. The views render it; a notebook cell modifies it.
//
// Statistics are computed lazily per layer and cached per row: the first
// request for a layer aggregates every row in one streaming pass over all
// instances; a subset added later is aggregated from its own members only
// (a lasso selection of a few instances costs next to nothing); removing a
// row drops it; instance rows are read directly. An Explorer is safe for
// concurrent use: a view goroutine may read it while a cell changes it.
// Long computations run outside the lock.
type Explorer struct {
	// Progress, when not nil, receives progress reports of aggregation
	// ("aggregate <layer>") and projection ("t-SNE <layer>").
	Progress Progress
	// SampleSize bounds the sample of single instances (0:
	// DefaultSampleSize); Seed makes it reproducible. Set them before the
	// first call to Sample.
	SampleSize int
	// Seed seeds the sample and the projections.
	Seed uint64

	mu        sync.Mutex // guards the fields below
	compute   sync.Mutex // serialises statistics passes
	model     *Model
	run       *Run
	rows      []*exRow
	nextRow   int
	layer     string
	selection []int
	listeners map[int]func()
	selectLis map[int]func([]int) // OnSelect's, keyed from nextLis too
	nextLis   int
	cache     map[string]*layerCache
	proj      map[string]*project.Projection
	sample    []int
	sampleKey string
	// summary is set by NewExplorerFromSummary: the run is the summary's
	// sample and the rows' statistics come from the summary.
	summary *Summary
}

// exRow is one row of the matrix and how to compute it.
type exRow struct {
	id      int // unique for the explorer's life, the cache key
	name    string
	kind    RowKind
	expr    string
	members *IndexSet // class and subset rows
	index   int       // instance rows
}

// layerCache holds one layer's computed rows.
type layerCache struct {
	rows     map[int]RowStats // by exRow.id
	all      *RowStats        // every instance, for Report
	nan, inf int
}

// NewExplorer returns an explorer over a run (m may be nil when only
// activations are available). Every class of the run's instances is a row
// from the start, named by the class, with the expression
// `label == "<class>"`. The selected layer is the deepest layer that is not a model output (see Layers, in graph order).
func NewExplorer(m *Model, r *Run) *Explorer {
	ex := &Explorer{model: m, run: r, listeners: map[int]func(){},
		cache: map[string]*layerCache{}, proj: map[string]*project.Projection{}}
	if r == nil || r.Instances == nil {
		return ex
	}
	in := r.Instances
	classes := make([]*IndexSet, len(in.Classes))
	for c := range classes {
		classes[c] = NewIndexSet(in.Len())
	}
	for i, l := range in.Labels {
		if l >= 0 && l < len(classes) {
			classes[l].Add(i)
		}
	}
	for c, name := range in.Classes {
		ex.rows = append(ex.rows, &exRow{id: ex.nextRow, name: name, kind: ClassRow,
			expr: "label == " + strconv.Quote(name), members: classes[c]})
		ex.nextRow++
	}
	ex.layer = defaultLayer(m, ex.Layers())
	return ex
}

// defaultLayer picks the layer selected first: the deepest layer that is not
// a model output (the output layer mostly repeats the scores), or the last
// layer when every one is an output or there is no graph.
func defaultLayer(m *Model, layers []string) string {
	if len(layers) == 0 {
		return ""
	}
	if m != nil && m.Graph != nil {
		for i := len(layers) - 1; i >= 0; i-- {
			t, err := m.Resolve(layers[i])
			if err != nil {
				continue
			}
			if ti := m.Graph.Tensors[t]; ti != nil && !ti.Output {
				return layers[i]
			}
		}
	}
	return layers[len(layers)-1]
}

// Model returns the model (nil when the explorer has activations only).
func (ex *Explorer) Model() *Model { return ex.model }

// Run returns the run the explorer analyses.
func (ex *Explorer) Run() *Run { return ex.run }

// Instances returns the run's instances (nil without a run).
func (ex *Explorer) Instances() *Instances {
	if ex.run == nil {
		return nil
	}
	return ex.run.Instances
}

// OnChange registers fn to be called after every change: a row added or
// removed, a layer selected, the selection set, a projection recomputed.
// fn runs on the goroutine that made the change, after the explorer's lock
// is released, so it may read the explorer. cancel unregisters it.
func (ex *Explorer) OnChange(fn func()) (cancel func()) {
	ex.mu.Lock()
	defer ex.mu.Unlock()
	id := ex.nextLis
	ex.nextLis++
	ex.listeners[id] = fn
	return func() {
		ex.mu.Lock()
		defer ex.mu.Unlock()
		delete(ex.listeners, id)
	}
}

// changed calls the listeners; the lock must not be held.
func (ex *Explorer) changed() {
	ex.mu.Lock()
	ids := make([]int, 0, len(ex.listeners))
	for id := range ex.listeners {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	fns := make([]func(), len(ids))
	for k, id := range ids {
		fns[k] = ex.listeners[id]
	}
	ex.mu.Unlock()
	for _, fn := range fns {
		if fn != nil {
			fn()
		}
	}
}

func (ex *Explorer) checkRun() error {
	if ex.run == nil || ex.run.Instances == nil {
		return ErrNoRun
	}
	return nil
}

// layerTensor returns the name and activations of layer (the selected
// layer when ""), after checkRun; what names the caller in errors.
func (ex *Explorer) layerTensor(layer, what string) (string, *Activations, error) {
	if err := ex.checkRun(); err != nil {
		return "", nil, err
	}
	if layer == "" {
		layer = ex.Layer()
	}
	acts, err := ex.run.Tensor(layer)
	if err != nil {
		return "", nil, fmt.Errorf("%s: %w", what, err)
	}
	return layer, acts, nil
}

// AddSubset adds a row for the instances where the expression is true
// (see Subset for the expression language). The expression is evaluated
// now, so a mistake is reported at once with its position; the name must
// not be taken by another row.
func (ex *Explorer) AddSubset(name, expression string) error {
	return ex.Add(NewSubset(name, expression))
}

// AddSubsetFunc adds a row for the instances where pred is true.
func (ex *Explorer) AddSubsetFunc(name string, pred func(Instance) bool) error {
	return ex.Add(SubsetFunc(name, pred))
}

// Add adds a row for any subset, for example a composition made with And,
// Or and Not.
func (ex *Explorer) Add(s *Subset) error {
	if err := ex.checkRun(); err != nil {
		return err
	}
	if s == nil {
		return errors.New("add subset: nil subset")
	}
	if err := ex.nameFree(s.Name()); err != nil {
		return err
	}
	if ex.summary != nil && s.Indices() == nil {
		return ex.addSummaryRow(s)
	}
	members, err := s.Members(ex.run)
	if err != nil {
		return err
	}
	ex.mu.Lock()
	if err := ex.nameFreeLocked(s.Name()); err != nil {
		ex.mu.Unlock()
		return err
	}
	ex.rows = append(ex.rows, &exRow{id: ex.nextRow, name: s.Name(), kind: SubsetRow, expr: s.Expr(), members: members})
	ex.nextRow++
	ex.mu.Unlock()
	ex.changed()
	return nil
}

func (ex *Explorer) nameFree(name string) error {
	ex.mu.Lock()
	defer ex.mu.Unlock()
	return ex.nameFreeLocked(name)
}

func (ex *Explorer) nameFreeLocked(name string) error {
	if name == "" {
		return errors.New("add subset: empty name")
	}
	for _, r := range ex.rows {
		if r.name == name {
			return fmt.Errorf("add subset %q: %w (a %v row has it)", name, ErrDuplicateRow, r.kind)
		}
	}
	return nil
}

// AddInstances adds one row per instance index (named by the instance's
// id). Indices already shown are skipped; an index out of range is an
// error and adds nothing.
func (ex *Explorer) AddInstances(idx ...int) error {
	if err := ex.checkRun(); err != nil {
		return err
	}
	n := ex.run.Len()
	for _, i := range idx {
		if i < 0 || i >= n {
			return fmt.Errorf("add instance %d: out of range [0,%d): %w", i, n, ErrRange)
		}
	}
	ex.mu.Lock()
	added := false
	for _, i := range idx {
		dup := false
		for _, r := range ex.rows {
			if r.kind == InstanceRow && r.index == i {
				dup = true
				break
			}
		}
		if dup {
			continue
		}
		ex.rows = append(ex.rows, &exRow{id: ex.nextRow, name: ex.run.Instances.IDs[i], kind: InstanceRow, index: i})
		ex.nextRow++
		added = true
	}
	ex.mu.Unlock()
	if added {
		ex.changed()
	}
	return nil
}

// RemoveRow removes the named row (an instance, subset or class row).
func (ex *Explorer) RemoveRow(name string) error {
	ex.mu.Lock()
	for k, r := range ex.rows {
		if r.name == name {
			ex.rows = append(ex.rows[:k:k], ex.rows[k+1:]...)
			for _, c := range ex.cache {
				delete(c.rows, r.id)
			}
			ex.mu.Unlock()
			ex.changed()
			return nil
		}
	}
	names := make([]string, len(ex.rows))
	for k, r := range ex.rows {
		names[k] = r.name
	}
	ex.mu.Unlock()
	return fmt.Errorf("remove row: %w %q (rows: %s)", ErrUnknownRow, name, quoteList(names))
}

// Layers lists the tensors with activations, sorted by name.
func (ex *Explorer) Layers() []string {
	if ex.run == nil {
		return nil
	}
	names := ex.run.TensorNames()
	if ex.model == nil || ex.model.Graph == nil {
		return names
	}
	// In graph order: by the index of the node computing each layer's tensor;
	// names the graph does not know keep their order after the others.
	pos := make(map[string]int, len(names))
	for _, name := range names {
		pos[name] = len(ex.model.Graph.Nodes)
		if t, err := ex.model.Resolve(name); err == nil {
			if ti := ex.model.Graph.Tensors[t]; ti != nil && ti.Producer >= 0 {
				pos[name] = ti.Producer
			}
		}
	}
	sort.SliceStable(names, func(a, b int) bool { return pos[names[a]] < pos[names[b]] })
	return names
}

// Layer returns the selected layer ("" when there is none).
func (ex *Explorer) Layer() string {
	ex.mu.Lock()
	defer ex.mu.Unlock()
	return ex.layer
}

// SelectLayer makes name the selected layer; the error names an unknown
// one and lists the others.
func (ex *Explorer) SelectLayer(name string) error {
	if err := ex.checkRun(); err != nil {
		return err
	}
	if err := ex.run.CheckTensor(name); err != nil {
		return fmt.Errorf("select layer: %w", err)
	}
	ex.mu.Lock()
	same := ex.layer == name
	ex.layer = name
	ex.mu.Unlock()
	if !same {
		ex.changed()
	}
	return nil
}

// Selection returns the instances the user selected (e.g. by lasso in the
// projection), ascending.
func (ex *Explorer) Selection() []int {
	ex.mu.Lock()
	defer ex.mu.Unlock()
	return append([]int(nil), ex.selection...)
}

// Rows returns the matrix row names in display order: added instances,
// subsets, classes (each group in the order added), as Stats and the views
// show them. An instance row is named by the instance's id.
func (ex *Explorer) Rows() []string {
	ex.mu.Lock()
	defer ex.mu.Unlock()
	var names []string
	for _, kind := range []RowKind{InstanceRow, SubsetRow, ClassRow} {
		for _, r := range ex.rows {
			if r.kind == kind {
				names = append(names, r.name)
			}
		}
	}
	return names
}

// OnSelect registers fn to be called with the new selection (ascending
// instance indices) whenever it changes: a lasso or an instance click in a
// view connected to the kernel, or SetSelection. fn runs on the goroutine
// that set the selection, after the explorer's lock is released. cancel
// unregisters it.
func (ex *Explorer) OnSelect(fn func(idx []int)) (cancel func()) {
	ex.mu.Lock()
	defer ex.mu.Unlock()
	id := ex.nextLis
	ex.nextLis++
	if ex.selectLis == nil {
		ex.selectLis = map[int]func([]int){}
	}
	ex.selectLis[id] = fn
	return func() {
		ex.mu.Lock()
		defer ex.mu.Unlock()
		delete(ex.selectLis, id)
	}
}

// SetSelection replaces the selection (indices out of range are dropped,
// duplicates removed).
func (ex *Explorer) SetSelection(idx []int) {
	n := 0
	if ex.run != nil {
		n = ex.run.Len()
	}
	seen := map[int]bool{}
	var sel []int
	for _, i := range idx {
		if i >= 0 && i < n && !seen[i] {
			seen[i] = true
			sel = append(sel, i)
		}
	}
	sort.Ints(sel)
	ex.mu.Lock()
	ex.selection = sel
	ids := make([]int, 0, len(ex.selectLis))
	for id := range ex.selectLis {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	fns := make([]func([]int), len(ids))
	for k, id := range ids {
		fns[k] = ex.selectLis[id]
	}
	ex.mu.Unlock()
	ex.changed()
	for _, fn := range fns {
		if fn != nil {
			fn(append([]int(nil), sel...))
		}
	}
}

// Stats returns the rows × neurons statistics of a layer ("" for the
// selected one), rows in display order: added instances, subsets, classes
// (each group in the order added). The first call for a layer aggregates
// all class and subset rows in one streaming pass over every instance;
// rows already computed are reused, and rows added since are aggregated
// from their members alone.
func (ex *Explorer) Stats(layer string) (*Stats, error) {
	layer, acts, err := ex.layerTensor(layer, "stats")
	if err != nil {
		return nil, err
	}
	// One computation at a time, so that a view and a cell asking at once
	// do not both make the pass; reads of the state do not wait for it.
	ex.compute.Lock()
	defer ex.compute.Unlock()
	// Which rows are missing?
	ex.mu.Lock()
	rows := append([]*exRow(nil), ex.rows...)
	c := ex.cache[layer]
	if c == nil {
		c = &layerCache{rows: map[int]RowStats{}}
		ex.cache[layer] = c
	}
	var missing []*exRow
	for _, r := range rows {
		if _, ok := c.rows[r.id]; !ok && r.kind != InstanceRow {
			missing = append(missing, r)
		}
	}
	needAll := c.all == nil
	ex.mu.Unlock()

	if len(missing) > 0 || needAll {
		groups := make([]*IndexSet, 0, len(missing)+1)
		for _, r := range missing {
			groups = append(groups, r.members)
		}
		// The all-instances row: when every class row is computed in
		// this pass, it is the merge of the class rows (classes partition
		// the labelled instances) and of a group of the unlabelled ones
		// (usually empty), so the pass adds no membership per instance;
		// otherwise a group of every instance.
		var classRows []int
		if needAll {
			classRows = classRowsOf(missing, len(ex.run.Instances.Classes))
			if classRows != nil {
				rest := NewIndexSet(acts.Len())
				for i, l := range ex.run.Instances.Labels {
					if (l < 0 || l >= len(ex.run.Instances.Classes)) && i < acts.Len() {
						rest.Add(i)
					}
				}
				groups = append(groups, rest)
			} else {
				groups = append(groups, NewIndexSet(acts.Len()).Complement())
			}
		}
		// The first pass of a layer reads every instance (for the
		// all-instances row and the NaN count); later ones, for subsets
		// added since, read only their members.
		acc, err := Aggregate(context.Background(), acts, groups,
			AggregateOptions{Progress: ex.taskProgress("aggregate " + layer), MembersOnly: !needAll})
		if err != nil {
			return nil, fmt.Errorf("stats of %q: %w", layer, err)
		}
		ex.mu.Lock()
		live := map[int]bool{}
		for _, r := range ex.rows {
			live[r.id] = true
		}
		for k, r := range missing {
			if live[r.id] {
				c.rows[r.id] = acc.Row(k)
			}
		}
		if needAll {
			if classRows != nil {
				for _, k := range classRows {
					acc.mergeRow(len(missing), acc, k)
				}
			}
			all := acc.Row(len(missing))
			c.all = &all
		}
		if needAll {
			c.nan, c.inf, _ = acc.NonFinite()
		}
		ex.mu.Unlock()
	}

	ex.mu.Lock()
	defer ex.mu.Unlock()
	st := &Stats{Layer: layer, Neurons: acts.Dim(), NaN: c.nan + c.inf, Inf: c.inf}
	for _, kind := range []RowKind{InstanceRow, SubsetRow, ClassRow} {
		for _, r := range rows {
			if r.kind != kind {
				continue
			}
			var rs RowStats
			if kind == InstanceRow {
				rs = instanceRow(acts, r.index)
				rs.Members = []int{r.index}
			} else {
				var ok bool
				if rs, ok = c.rows[r.id]; !ok {
					continue // removed meanwhile
				}
			}
			rs.Name, rs.Kind, rs.Expr = r.name, r.kind, r.expr
			st.Rows = append(st.Rows, rs)
		}
	}
	return st, nil
}

// instanceRow is the statistics row of one instance: its activations.
func instanceRow(acts *Activations, i int) RowStats {
	acc := NewAccumulator(1, acts.Dim())
	_ = acc.Add(acts.Row(i), 0) // lengths match by construction
	return acc.Row(0)
}

// taskProgress names the explorer's progress reports.
func (ex *Explorer) taskProgress(task string) Progress {
	if ex.Progress == nil {
		return nil
	}
	p := ex.Progress
	return ProgressFunc(func(_ string, done, total int) { p.Step(task, done, total) })
}

// Order returns a neuron order for a layer ("" for the selected one): see
// Ordering, ByRow, ByVariance, ByDifference and Clustered.
func (ex *Explorer) Order(layer string, by Ordering) ([]int, error) {
	st, err := ex.Stats(layer)
	if err != nil {
		return nil, err
	}
	o, err := st.Order(by)
	if err != nil {
		return nil, fmt.Errorf("order %q %v: %w", st.Layer, by, err)
	}
	return o, nil
}

// Report lists a layer's dead and saturated neurons over every instance
// (see NeuronReport).
func (ex *Explorer) Report(layer string) (NeuronReport, error) {
	st, err := ex.Stats(layer) // fills the all-instances row
	if err != nil {
		return NeuronReport{}, err
	}
	ex.mu.Lock()
	defer ex.mu.Unlock()
	return reportFromRow(st.Layer, *ex.cache[st.Layer].all), nil
}

// Sample returns the bounded, class-stratified sample of instances for the
// instance-level views (see StratifiedSample), always including the
// instances added as rows; ascending. It is recomputed only when the
// added instances change.
func (ex *Explorer) Sample() []int {
	if ex.run == nil {
		return nil
	}
	ex.mu.Lock()
	defer ex.mu.Unlock()
	var include []int
	for _, r := range ex.rows {
		if r.kind == InstanceRow {
			include = append(include, r.index)
		}
	}
	sort.Ints(include)
	key := fmt.Sprint(ex.SampleSize, ex.Seed, include)
	if ex.sample == nil || key != ex.sampleKey {
		ex.sample = StratifiedSample(ex.run.Instances, SampleOptions{Size: ex.SampleSize, Seed: ex.Seed, Include: include})
		ex.sampleKey = key
	}
	return append([]int(nil), ex.sample...)
}

// Projection returns the 2-D t-SNE projection of the sampled instances'
// activations at a layer ("" for the selected one), computed on first use
// and then cached: later changes to the sample do not recompute it (call
// Reproject). IDs holds the instance indices. Instances whose activations
// hold NaN or Inf are left out.
func (ex *Explorer) Projection(layer string) (*project.Projection, error) {
	if layer == "" {
		layer = ex.Layer()
	}
	ex.mu.Lock()
	p := ex.proj[layer]
	ex.mu.Unlock()
	if p != nil {
		return p, nil
	}
	opt := project.DefaultOptions()
	opt.Seed = int64(ex.Seed)
	return ex.Reproject(layer, opt)
}

// Reproject recomputes the projection of a layer ("" for the selected
// one) on the current sample with the given options, caches it and
// notifies the listeners. Fewer than 4 usable instances give a PCA
// projection instead of t-SNE.
func (ex *Explorer) Reproject(layer string, opt project.Options) (*project.Projection, error) {
	layer, acts, err := ex.layerTensor(layer, "projection")
	if err != nil {
		return nil, err
	}
	sample := ex.Sample()
	d := acts.Dim()
	ids := make([]int, 0, len(sample))
	for _, i := range sample {
		if accumulate.Finite(acts.Row(i)) {
			ids = append(ids, i)
		}
	}
	if len(ids) == 0 || d == 0 {
		return nil, fmt.Errorf("projection of %q: no instance with finite activations", layer)
	}
	var p *project.Projection
	if len(ids) < 4 {
		p, err = project.ProjectPCA(acts, ids)
	} else {
		if prog := ex.taskProgress("t-SNE " + layer); prog != nil && opt.Progress == nil {
			opt.Progress = func(iter, total int, _ float64) {
				if iter%10 == 0 || iter == total {
					prog.Step("", iter, total)
				}
			}
		}
		p, err = project.TSNE(context.Background(), acts, ids, opt)
	}
	if err != nil {
		return nil, fmt.Errorf("projection of %q: %w", layer, err)
	}
	ex.mu.Lock()
	ex.proj[layer] = p
	ex.mu.Unlock()
	ex.changed()
	return p, nil
}

// String summarises the explorer for text displays.
func (ex *Explorer) String() string {
	if ex.run == nil {
		return "activis.Explorer (no run)"
	}
	ex.mu.Lock()
	defer ex.mu.Unlock()
	counts := map[RowKind]int{}
	for _, r := range ex.rows {
		counts[r.kind]++
	}
	if ex.summary != nil {
		return fmt.Sprintf("activis.Explorer of a summary: %d instances (sample of %d), layer %q of %d, rows: %d classes, %d subsets, %d instances",
			ex.summary.Instances(), ex.run.Len(), ex.layer, len(ex.run.Tensors), counts[ClassRow], counts[SubsetRow], counts[InstanceRow])
	}
	return fmt.Sprintf("activis.Explorer: %d instances, layer %q of %d, rows: %d classes, %d subsets, %d instances",
		ex.run.Len(), ex.layer, len(ex.run.Tensors), counts[ClassRow], counts[SubsetRow], counts[InstanceRow])
}

// classRowsOf returns the positions in missing of the class rows of all
// nc classes (rows whose members are built from the labels in
// NewExplorer), or nil when any class row is not among them.
func classRowsOf(missing []*exRow, nc int) []int {
	var out []int
	for k, r := range missing {
		if r.kind == ClassRow {
			out = append(out, k)
		}
	}
	if len(out) != nc || nc == 0 {
		return nil
	}
	return out
}
