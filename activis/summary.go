package activis

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ErrSummary is returned (wrapped, naming the difference) when summaries
// that do not describe the same rows, layers, classes or sample cannot be
// merged, or when a run does not fit a summary's spec.
var ErrSummary = errors.New("summaries do not match")

// DefaultSamplePerClass is the sample size per class of a summary when
// SummaryOptions.SamplePerClass is 0.
const DefaultSamplePerClass = 500

// Summary is everything the explorer needs of a run, in a size that does
// not grow with the number of instances: per layer and per row the
// mergeable sufficient statistics (member count and, per neuron, sum, sum
// of squares, active count, minimum and maximum; an Accumulator), a
// class-stratified sample of single instances (metadata and activations at
// every layer), and the run's metadata (layers, dimensions, class names,
// where the data came from).
//
// Rows are the classes (`label == "<class>"`), the predicted classes
// (`predicted == "<class>"`), the correctly classified and misclassified
// instances, and the subsets given by expression (SummaryOptions.Subsets),
// all in the subset expression language of the core (see Subset). Each
// layer's Accumulator has one more row than Rows: the last aggregates every
// instance (for NeuronReport and the explorer's all-instances row).
//
// Summaries of disjoint parts of the instances merge (Merge) into the
// summary of their union, commutatively and associatively: counts, minima,
// maxima and active counts exactly, sums up to float64 rounding, and the
// sample exactly (each instance carries a random key, a seeded hash of its
// id, and every class keeps the SamplePerClass smallest keys). Summarize
// makes one on one machine; the nested module activis/beam makes one with
// Apache Beam over sharded data; Save and LoadSummary store it;
// NewExplorerFromSummary opens it in the explorer.
type Summary struct {
	SummarySpec
	// Stats holds each layer's statistics, len(Rows)+1 rows (the last is
	// every instance) by Dim neurons.
	Stats map[string]*Accumulator
	// Sample is the class-stratified sample of instances.
	Sample *Reservoir
}

// SummarySpec is what summaries that merge must share: rows, layers,
// classes, the schema of the sampled metadata and the sample's size and
// seed. Sources is the exception: merging unites them.
type SummarySpec struct {
	// Sources describe where the instances came from (file names, globs),
	// sorted, without repeats.
	Sources []string
	// Classes names the classes, in the model's output order.
	Classes []string
	// Layers lists the layers (tensors) and their neuron counts, sorted by
	// name.
	Layers []SummaryLayer
	// Rows are the aggregated rows, in order: classes, predicted classes,
	// correct, misclassified, then the user's subsets.
	Rows []SummaryRow
	// Attrs is the schema of the sampled instances' attributes.
	Attrs []SummaryAttr
	// Scores tells whether the sampled instances carry per-class scores.
	Scores bool
	// SamplePerClass is the number of instances sampled per class (and for
	// the instances of unknown class).
	SamplePerClass int
	// Seed seeds the sample keys.
	Seed uint64
}

// SummaryLayer is one layer of a summary.
type SummaryLayer struct {
	// Name is the tensor name.
	Name string `json:"name"`
	// Dim is the number of neurons.
	Dim int `json:"dim"`
}

// SummaryRow is one aggregated row of a summary.
type SummaryRow struct {
	// Name is the row's name ("Shirt", "predicted Shirt", "correct",
	// "misclassified", or the user's name).
	Name string `json:"name"`
	// Kind is ClassRow for the classes, SubsetRow for the others.
	Kind RowKind `json:"kind"`
	// Expr is the subset expression that defines the row.
	Expr string `json:"expr"`
	// User marks the subsets given in SummaryOptions.Subsets (the explorer
	// shows them, with the classes, from the start).
	User bool `json:"user,omitempty"`
}

// SummaryAttr is one attribute column of the sampled instances.
type SummaryAttr struct {
	// Name is the column name.
	Name string `json:"name"`
	// Kind is Numeric, Categorical or Text.
	Kind AttrKind `json:"kind"`
}

// SummaryOptions configures Summarize.
type SummaryOptions struct {
	// Subsets are the user's subsets, aggregated besides the standard rows.
	// Each must have an expression (NewSubset and the helpers such as
	// AttrRange make them; Go predicates and index lists cannot be
	// evaluated where the data lives) and must not use `index`, which is
	// not the same on every machine of a distributed run.
	Subsets []*Subset
	// SamplePerClass bounds the sample per class (0: DefaultSamplePerClass).
	SamplePerClass int
	// Seed seeds the sample keys; the same seed and ids give the same
	// sample however the instances are split.
	Seed uint64
	// Source describes the data ("" takes the instances' Source).
	Source string
	// Progress, when not nil, receives "summarize <layer>" reports.
	Progress Progress
}

// SummaryRows returns the rows of a summary over the given classes:
// one per class, one per predicted class, correct and misclassified, then
// the subsets (which need an expression and a name no other row has).
func SummaryRows(classes []string, subsets []*Subset) ([]SummaryRow, error) {
	var rows []SummaryRow
	for _, c := range classes {
		s := ClassSubset(c)
		rows = append(rows, SummaryRow{Name: s.Name(), Kind: ClassRow, Expr: s.Expr()})
	}
	for _, c := range classes {
		s := PredictedSubset(c)
		rows = append(rows, SummaryRow{Name: s.Name(), Kind: SubsetRow, Expr: s.Expr()})
	}
	for _, ok := range []bool{true, false} {
		s := CorrectSubset(ok)
		rows = append(rows, SummaryRow{Name: s.Name(), Kind: SubsetRow, Expr: s.Expr()})
	}
	for _, s := range subsets {
		if s == nil {
			return nil, errors.New("summary: nil subset")
		}
		if s.Expr() == "" {
			return nil, fmt.Errorf("summary: subset %q has no expression (Go predicates and index lists cannot be summarized; use NewSubset)", s.Name())
		}
		if s.Name() == "" {
			return nil, fmt.Errorf("summary: subset %q has no name", s.Expr())
		}
		for _, r := range rows {
			if r.Name == s.Name() {
				return nil, fmt.Errorf("summary: subset %q: %w (a %v row has it)", s.Name(), ErrDuplicateRow, r.Kind)
			}
		}
		rows = append(rows, SummaryRow{Name: s.Name(), Kind: SubsetRow, Expr: s.Expr(), User: true})
	}
	return rows, nil
}

// NewSummarySpec returns the spec of a summary of runs shaped like r:
// its classes, layers (sorted), attribute schema and the rows of
// SummaryRows. Subset expressions are compiled against r, so a mistake is
// reported here with its position.
func NewSummarySpec(r *Run, opt SummaryOptions) (SummarySpec, error) {
	if r == nil || r.Instances == nil {
		return SummarySpec{}, errors.New("summary: no run")
	}
	in := r.Instances
	rows, err := SummaryRows(in.Classes, opt.Subsets)
	if err != nil {
		return SummarySpec{}, err
	}
	for _, row := range rows {
		if err := checkSummaryExpr(row, r); err != nil {
			return SummarySpec{}, err
		}
	}
	spec := SummarySpec{
		Classes:        slices.Clone(in.Classes),
		Rows:           rows,
		Scores:         in.Scores != nil,
		SamplePerClass: opt.SamplePerClass,
		Seed:           opt.Seed,
	}
	if spec.SamplePerClass <= 0 {
		spec.SamplePerClass = DefaultSamplePerClass
	}
	src := opt.Source
	if src == "" {
		src = in.Source
	}
	if src != "" {
		spec.Sources = []string{src}
	}
	for _, name := range r.TensorNames() {
		spec.Layers = append(spec.Layers, SummaryLayer{Name: name, Dim: r.Tensors[name].Dim()})
	}
	for _, a := range in.Attrs {
		spec.Attrs = append(spec.Attrs, SummaryAttr{Name: a.Name, Kind: a.Kind})
	}
	return spec, nil
}

// checkSummaryExpr compiles a row's expression against r and refuses
// `index`, whose value depends on how the instances are split.
func checkSummaryExpr(row SummaryRow, r *Run) error {
	e, err := CompileExpr(row.Expr, r)
	if err != nil {
		return fmt.Errorf("summary: subset %q: %w", row.Name, err)
	}
	if e.uses["index"] {
		return fmt.Errorf("summary: subset %q: %w: `index` depends on how the data is split; use id", row.Name, ErrExpr)
	}
	return nil
}

// Fits reports whether r has the spec's classes, layers and attribute
// schema (the error names the first difference). Every shard of a
// distributed run is checked against the spec made from the first.
func (s *SummarySpec) Fits(r *Run) error {
	if r == nil || r.Instances == nil {
		return errors.New("summary: no run")
	}
	in := r.Instances
	if !slices.Equal(in.Classes, s.Classes) {
		return fmt.Errorf("classes %s, want %s: %w", quoteList(in.Classes), quoteList(s.Classes), ErrSummary)
	}
	if (in.Scores != nil) != s.Scores {
		return fmt.Errorf("scores present: %v, want %v: %w", in.Scores != nil, s.Scores, ErrSummary)
	}
	names := r.TensorNames()
	if len(names) != len(s.Layers) {
		return fmt.Errorf("layers %s, want %s: %w", quoteList(names), quoteList(s.layerNames()), ErrSummary)
	}
	for k, l := range s.Layers {
		if names[k] != l.Name {
			return fmt.Errorf("layers %s, want %s: %w", quoteList(names), quoteList(s.layerNames()), ErrSummary)
		}
		if d := r.Tensors[l.Name].Dim(); d != l.Dim {
			return fmt.Errorf("layer %q has %d neurons, want %d: %w", l.Name, d, l.Dim, ErrSummary)
		}
	}
	if len(in.Attrs) != len(s.Attrs) {
		return fmt.Errorf("%d attribute columns, want %d (%s): %w", len(in.Attrs), len(s.Attrs), quoteList(s.attrNames()), ErrSummary)
	}
	for k, a := range s.Attrs {
		if in.Attrs[k].Name != a.Name || in.Attrs[k].Kind != a.Kind {
			return fmt.Errorf("attribute %d is %q (%v), want %q (%v): %w", k, in.Attrs[k].Name, in.Attrs[k].Kind, a.Name, a.Kind, ErrSummary)
		}
	}
	return nil
}

func (s *SummarySpec) layerNames() []string {
	out := make([]string, len(s.Layers))
	for k, l := range s.Layers {
		out[k] = l.Name
	}
	return out
}

func (s *SummarySpec) attrNames() []string {
	out := make([]string, len(s.Attrs))
	for k, a := range s.Attrs {
		out[k] = a.Name
	}
	return out
}

// Subsets returns the spec's rows as subsets (for Members).
func (s *SummarySpec) Subsets() []*Subset {
	out := make([]*Subset, len(s.Rows))
	for k, r := range s.Rows {
		out[k] = NewSubset(r.Name, r.Expr)
	}
	return out
}

// Layer returns the named layer's index in Layers, or -1.
func (s *SummarySpec) Layer(name string) int {
	for k, l := range s.Layers {
		if l.Name == name {
			return k
		}
	}
	return -1
}

// Compatible returns nil when summaries of specs s and t can be merged
// (everything but Sources equal), else an error naming the difference.
func (s *SummarySpec) Compatible(t *SummarySpec) error {
	switch {
	case !slices.Equal(s.Classes, t.Classes):
		return fmt.Errorf("classes %s and %s: %w", quoteList(s.Classes), quoteList(t.Classes), ErrSummary)
	case !slices.Equal(s.Layers, t.Layers):
		return fmt.Errorf("layers %v and %v: %w", s.Layers, t.Layers, ErrSummary)
	case !slices.Equal(s.Rows, t.Rows):
		return fmt.Errorf("rows differ (%d and %d rows): %w", len(s.Rows), len(t.Rows), ErrSummary)
	case !slices.Equal(s.Attrs, t.Attrs):
		return fmt.Errorf("attributes %s and %s: %w", quoteList(s.attrNames()), quoteList(t.attrNames()), ErrSummary)
	case s.Scores != t.Scores:
		return fmt.Errorf("scores in one sample and not the other: %w", ErrSummary)
	case s.SamplePerClass != t.SamplePerClass || s.Seed != t.Seed:
		return fmt.Errorf("sample of %d per class with seed %d and of %d with seed %d: %w",
			s.SamplePerClass, s.Seed, t.SamplePerClass, t.Seed, ErrSummary)
	}
	return nil
}

// NewSummary returns the empty summary of a spec (the identity of Merge).
func NewSummary(spec SummarySpec) *Summary {
	s := &Summary{SummarySpec: spec, Stats: map[string]*Accumulator{}, Sample: NewReservoir(len(spec.Classes), spec.SamplePerClass)}
	s.Sources = slices.Clone(spec.Sources)
	for _, l := range spec.Layers {
		s.Stats[l.Name] = NewAccumulator(len(spec.Rows)+1, l.Dim)
	}
	return s
}

// Summarize makes the summary of a run on this machine: for every layer
// one streaming pass (Aggregate) over every instance for all rows at once,
// and the class-stratified sample. It is what the Beam pipeline of the
// nested module activis/beam computes over sharded data, and gives the
// same summary up to float64 rounding of the sums.
func Summarize(ctx context.Context, r *Run, opt SummaryOptions) (*Summary, error) {
	spec, err := NewSummarySpec(r, opt)
	if err != nil {
		return nil, err
	}
	return SummarizeSpec(ctx, r, spec, opt.Progress)
}

// SummarizeSpec is Summarize with a given spec, for a part of a larger
// data set (a shard, a range of rows): the run must fit the spec (see
// Fits), and the result merges with the summaries of the other parts.
func SummarizeSpec(ctx context.Context, r *Run, spec SummarySpec, progress Progress) (*Summary, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := spec.Fits(r); err != nil {
		src := r.Instances.Source
		if src == "" {
			src = "run"
		}
		return nil, fmt.Errorf("summary of %s: %w", src, err)
	}
	n := r.Len()
	groups := make([]*IndexSet, 0, len(spec.Rows)+1)
	std := standardRows(spec.Classes)
	for k, sub := range spec.Subsets() {
		if f, ok := std[spec.Rows[k].Expr]; ok {
			groups = append(groups, membersWhere(r.Instances, f))
			continue
		}
		m, err := sub.Members(r)
		if err != nil {
			return nil, fmt.Errorf("summary: %w", err)
		}
		groups = append(groups, m)
	}
	groups = append(groups, NewIndexSet(n).Complement())
	s := NewSummary(spec)
	for _, l := range spec.Layers {
		opt := AggregateOptions{}
		if progress != nil {
			task := "summarize " + l.Name
			opt.Progress = ProgressFunc(func(_ string, done, total int) { progress.Step(task, done, total) })
		}
		acc, err := Aggregate(ctx, r.Tensors[l.Name], groups, opt)
		if err != nil {
			return nil, fmt.Errorf("summary of layer %q: %w", l.Name, err)
		}
		s.Stats[l.Name] = acc
	}
	if err := s.Sample.AddRun(r, &spec); err != nil {
		return nil, err
	}
	return s, nil
}

// standardRows maps the expressions of the standard rows (classes,
// predicted classes, correct, misclassified) to their direct test on an
// instance's label and prediction: the same membership as evaluating the
// expression, without the expression machine (which costs most of a
// summary's time otherwise).
func standardRows(classes []string) map[string]func(label, pred int) bool {
	m := map[string]func(label, pred int) bool{
		CorrectSubset(true).Expr():  func(l, p int) bool { return l >= 0 && l == p },
		CorrectSubset(false).Expr(): func(l, p int) bool { return !(l >= 0 && l == p) },
	}
	for c, name := range classes {
		m[ClassSubset(name).Expr()] = func(l, _ int) bool { return l == c }
		m[PredictedSubset(name).Expr()] = func(_, p int) bool { return p == c }
	}
	return m
}

// membersWhere returns the instances of in for which f holds.
func membersWhere(in *Instances, f func(label, pred int) bool) *IndexSet {
	out := NewIndexSet(in.Len())
	for i := range in.Len() {
		if f(in.Labels[i], in.Predicted[i]) {
			out.Add(i)
		}
	}
	return out
}

// Instances returns the number of instances summarized.
func (s *Summary) Instances() int {
	for _, l := range s.Layers {
		return s.Stats[l.Name].Instances()
	}
	return 0
}

// Merge adds the summary of other instances into s (same spec but for
// Sources, which are united). Merging is commutative and associative: see
// Summary. other is not modified.
func (s *Summary) Merge(t *Summary) error {
	if t == nil {
		return nil
	}
	if err := s.Compatible(&t.SummarySpec); err != nil {
		return fmt.Errorf("merge summaries: %w", err)
	}
	for _, l := range s.Layers {
		if err := s.Stats[l.Name].Merge(t.Stats[l.Name]); err != nil {
			return fmt.Errorf("merge summaries, layer %q: %w", l.Name, err)
		}
	}
	if err := s.Sample.Merge(t.Sample); err != nil {
		return fmt.Errorf("merge summaries: %w", err)
	}
	s.Sources = mergeSorted(s.Sources, t.Sources)
	return nil
}

// mergeSorted unites two string sets into a sorted one without repeats.
func mergeSorted(a, b []string) []string {
	out := append(slices.Clone(a), b...)
	slices.Sort(out)
	return slices.Compact(out)
}

// Row returns the statistics of the named row at a layer (Name, Kind and
// Expr filled in), or an error naming the unknown row or layer.
func (s *Summary) Row(layer, name string) (RowStats, error) {
	acc, ok := s.Stats[layer]
	if !ok {
		return RowStats{}, fmt.Errorf("summary: %w %q (layers: %s)", ErrUnknownTensor, layer, quoteList(s.layerNames()))
	}
	for k, r := range s.Rows {
		if r.Name == name {
			rs := acc.Row(k)
			rs.Name, rs.Kind, rs.Expr = r.Name, r.Kind, r.Expr
			return rs, nil
		}
	}
	names := make([]string, len(s.Rows))
	for k, r := range s.Rows {
		names[k] = r.Name
	}
	return RowStats{}, fmt.Errorf("summary: %w %q (rows: %s)", ErrUnknownRow, name, quoteList(names))
}

// String describes the summary in one line.
func (s *Summary) String() string {
	layers := make([]string, len(s.Layers))
	for k, l := range s.Layers {
		layers[k] = fmt.Sprintf("%s(%d)", l.Name, l.Dim)
	}
	return fmt.Sprintf("activis.Summary: %d instances, %d classes, %d rows, layers %s, sample of %d (%d per class), from %s",
		s.Instances(), len(s.Classes), len(s.Rows), strings.Join(layers, " "), s.Sample.Len(), s.SamplePerClass, strings.Join(s.Sources, ", "))
}
