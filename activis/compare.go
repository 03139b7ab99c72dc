package activis

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ErrRunMismatch is returned (wrapped, naming what differs) when two runs
// compared by Compare are not over the same instances: different counts,
// ids, classes or true labels.
var ErrRunMismatch = errors.New("runs are not over the same instances")

// Agreement is one instance's category in a comparison of two models:
// which of them predicts its true class.
type Agreement uint8

const (
	// BothRight: both models predict the true class.
	BothRight Agreement = iota
	// OnlyARight: model A is right, model B wrong.
	OnlyARight
	// OnlyBRight: model A is wrong, model B right.
	OnlyBRight
	// BothWrong: neither model predicts the true class (they may still
	// agree with each other).
	BothWrong
)

// agreementKinds lists the categories in order.
var agreementKinds = [...]Agreement{BothRight, OnlyARight, OnlyBRight, BothWrong}

// String returns the category's name with the models called A and B:
// "both right", "A right, B wrong", "A wrong, B right", "both wrong".
func (a Agreement) String() string { return a.name("A", "B") }

func (a Agreement) name(na, nb string) string {
	switch a {
	case BothRight:
		return "both right"
	case OnlyARight:
		return na + " right, " + nb + " wrong"
	case OnlyBRight:
		return na + " wrong, " + nb + " right"
	case BothWrong:
		return "both wrong"
	}
	return fmt.Sprintf("Agreement(%d)", int(a))
}

// CompareOptions configures Compare.
type CompareOptions struct {
	// NameA and NameB name the two models in the agreement categories and
	// the comparison's rows, e.g. "6 epochs" and "1 epoch" ("A" and "B"
	// when empty).
	NameA, NameB string
	// Subsets are extra rows of every comparison matrix. Each is evaluated
	// on each run separately: `predicted != label` holds A's errors in A's
	// columns and B's errors in B's.
	Subsets []*Subset
}

// Comparison is two runs over the same instances, e.g. two models or two
// checkpoints of one model on a test set, with each instance's Agreement
// category. Made by Compare.
type Comparison struct {
	// A and B are the compared runs.
	A, B *Run
	// NameA and NameB name the models ("A" and "B" unless set in
	// CompareOptions).
	NameA, NameB string
	// Agreement holds each instance's category, one per instance.
	Agreement []Agreement
	// Counts holds the number of instances in each category, indexed by
	// Agreement; they sum to the number of instances.
	Counts [4]int

	members [4]*IndexSet
	subsets []*Subset
}

// Compare compares two runs over the same instances (same number, same
// ids in the same order, same classes and true labels; the error wraps
// ErrRunMismatch and names the first difference). Every instance must have a
// true label and a prediction in both runs: correctness is undefined
// otherwise. opt may be omitted.
func Compare(a, b *Run, opt ...CompareOptions) (*Comparison, error) {
	var o CompareOptions
	if len(opt) > 1 {
		return nil, errors.New("compare: at most one CompareOptions")
	}
	if len(opt) == 1 {
		o = opt[0]
	}
	if o.NameA == "" {
		o.NameA = "A"
	}
	if o.NameB == "" {
		o.NameB = "B"
	}
	if o.NameA == o.NameB {
		return nil, fmt.Errorf("compare: both runs are named %q", o.NameA)
	}
	if a == nil || a.Instances == nil || b == nil || b.Instances == nil {
		return nil, errors.New("compare: nil run")
	}
	ia, ib := a.Instances, b.Instances
	if ia.Len() != ib.Len() {
		return nil, fmt.Errorf("compare: run %s has %d instances, run %s has %d: %w", o.NameA, ia.Len(), o.NameB, ib.Len(), ErrRunMismatch)
	}
	if !slices.Equal(ia.Classes, ib.Classes) {
		return nil, fmt.Errorf("compare: run %s has classes %s, run %s has %s: %w", o.NameA, quoteList(ia.Classes), o.NameB, quoteList(ib.Classes), ErrRunMismatch)
	}
	n := ia.Len()
	c := &Comparison{A: a, B: b, NameA: o.NameA, NameB: o.NameB, Agreement: make([]Agreement, n), subsets: slices.Clone(o.Subsets)}
	for k := range c.members {
		c.members[k] = NewIndexSet(n)
	}
	nc := len(ia.Classes)
	for i := range n {
		if ia.IDs[i] != ib.IDs[i] {
			return nil, fmt.Errorf("compare: instance %d has id %q in run %s and %q in run %s: %w", i, ia.IDs[i], o.NameA, ib.IDs[i], o.NameB, ErrRunMismatch)
		}
		l := ia.Labels[i]
		if l != ib.Labels[i] {
			return nil, fmt.Errorf("compare: instance %d (id %q) is labelled %q in run %s and %q in run %s: %w",
				i, ia.IDs[i], ia.ClassName(l), o.NameA, ib.ClassName(ib.Labels[i]), o.NameB, ErrRunMismatch)
		}
		if l < 0 || l >= nc {
			return nil, fmt.Errorf("compare: instance %d (id %q) has no true label", i, ia.IDs[i])
		}
		pa, pb := ia.Predicted[i], ib.Predicted[i]
		if pa < 0 || pa >= nc {
			return nil, fmt.Errorf("compare: run %s has no prediction for instance %d (id %q)", o.NameA, i, ia.IDs[i])
		}
		if pb < 0 || pb >= nc {
			return nil, fmt.Errorf("compare: run %s has no prediction for instance %d (id %q)", o.NameB, i, ia.IDs[i])
		}
		var g Agreement
		switch ra, rb := pa == l, pb == l; {
		case ra && rb:
			g = BothRight
		case ra:
			g = OnlyARight
		case rb:
			g = OnlyBRight
		default:
			g = BothWrong
		}
		c.Agreement[i] = g
		c.Counts[g]++
		c.members[g].Add(i)
	}
	return c, nil
}

// Len returns the number of instances.
func (c *Comparison) Len() int { return len(c.Agreement) }

// Categories returns the names of the four agreement categories, indexed
// by Agreement, with the models' names: "both right", "A right, B
// wrong", "A wrong, B right", "both wrong".
func (c *Comparison) Categories() []string {
	out := make([]string, len(agreementKinds))
	for k, g := range agreementKinds {
		out[k] = g.name(c.NameA, c.NameB)
	}
	return out
}

// Members returns the instances of one agreement category (a copy). The
// four sets partition the instances.
func (c *Comparison) Members(g Agreement) *IndexSet {
	if int(g) >= len(c.members) {
		return NewIndexSet(c.Len())
	}
	return c.members[g].Clone()
}

// Subsets returns the four agreement categories as subsets named by
// Categories, ready to add as rows of an explorer over either run
// (Explorer.Add). They hold their members as indices (see IndexSubset),
// so they mean the same instances in both runs.
func (c *Comparison) Subsets() []*Subset {
	names := c.Categories()
	out := make([]*Subset, len(agreementKinds))
	for k, g := range agreementKinds {
		out[k] = IndexSubset(names[k], c.members[g].Indices()...)
	}
	return out
}

// Accuracy returns the fraction of instances each model predicts right.
func (c *Comparison) Accuracy() (a, b float64) {
	n := c.Len()
	if n == 0 {
		return 0, 0
	}
	ra := c.Counts[BothRight] + c.Counts[OnlyARight]
	rb := c.Counts[BothRight] + c.Counts[OnlyBRight]
	return float64(ra) / float64(n), float64(rb) / float64(n)
}

// Layers returns the tensor names both runs have, sorted.
func (c *Comparison) Layers() []string {
	var out []string
	for _, name := range c.A.TensorNames() {
		if _, ok := c.B.Tensors[name]; ok {
			out = append(out, name)
		}
	}
	return out
}

// String summarises the comparison: accuracies and category sizes.
func (c *Comparison) String() string {
	aa, ab := c.Accuracy()
	var b strings.Builder
	fmt.Fprintf(&b, "activis.Comparison of %d instances: %s %.2f%% right, %s %.2f%% right", c.Len(), c.NameA, 100*aa, c.NameB, 100*ab)
	for k, name := range c.Categories() {
		fmt.Fprintf(&b, "; %s %d", name, c.Counts[k])
	}
	return b.String()
}

// AgreementRun returns a run over the same instances and tensors as run A
// (or B, when b is true) whose classes are the four agreement categories
// (Categories) and whose true and predicted class of every instance is its
// category, so that a view colouring by class colours by which model is
// right. The original true class and both predictions are categorical
// attributes ("true class", "<NameA> predicts", "<NameB> predicts"),
// followed by the run's own attributes. Tensors and the data set are
// shared, not copied.
func (c *Comparison) AgreementRun(b bool) (*Run, error) {
	src := c.A
	if b {
		src = c.B
	}
	n := c.Len()
	in := NewInstances(c.Categories(), n)
	copy(in.IDs, src.Instances.IDs)
	for i, g := range c.Agreement {
		in.Labels[i], in.Predicted[i] = int(g), int(g)
	}
	ia, ib := c.A.Instances, c.B.Instances
	names := func(set *Instances, idx []int) []string {
		out := make([]string, n)
		for i := range n {
			out[i] = set.ClassName(idx[i])
		}
		return out
	}
	attrs := []struct {
		name string
		vals []string
	}{
		{"true class", names(ia, ia.Labels)},
		{c.NameA + " predicts", names(ia, ia.Predicted)},
		{c.NameB + " predicts", names(ib, ib.Predicted)},
	}
	for _, a := range attrs {
		if err := in.SetText(a.name, a.vals, true); err != nil {
			return nil, fmt.Errorf("agreement run: %w", err)
		}
	}
	for _, a := range src.Instances.Attrs {
		if in.Attribute(a.Name) == nil {
			in.Attrs = append(in.Attrs, a)
		}
	}
	r, err := NewRun(in, src.Tensors)
	if err != nil {
		return nil, fmt.Errorf("agreement run: %w", err)
	}
	r.Data = src.Data
	return r, nil
}

// ComparisonMatrix is ActiVis's activation matrix for two runs side by
// side: the same rows (the agreement categories, the comparison's extra
// subsets, the classes) with each run's per-neuron statistics of one
// layer. When both layers have the same name and width (two checkpoints
// of one architecture), column j is the same neuron in both and Shared is
// true; otherwise each run has its own columns.
type ComparisonMatrix struct {
	// LayerA and LayerB are the compared layers of runs A and B.
	LayerA, LayerB string
	// Shared tells whether the layers have the same name and width, so that
	// MeanA[r][j] and MeanB[r][j] are the same neuron.
	Shared bool
	// Rows names the rows: the agreement categories, the extra subsets,
	// then the classes. Kinds tells each row's kind (SubsetRow or ClassRow).
	Rows  []string
	Kinds []RowKind
	// CountA and CountB are the rows' member counts in each run (they
	// differ only for subsets that depend on predictions).
	CountA, CountB []int
	// MeanA and MeanB are the rows × neurons mean activations of each run
	// (NaN where a row has no member).
	MeanA, MeanB [][]float32
	// StatsA and StatsB hold every statistic of the rows (Std, Active,
	// Min, Max), rows in the order of Rows.
	StatsA, StatsB *Stats
}

// Matrix computes the comparison matrix of a layer both runs have
// (MatrixOf with the same name twice).
func (c *Comparison) Matrix(layer string) (*ComparisonMatrix, error) {
	return c.MatrixOf(layer, layer)
}

// MatrixOf computes the comparison matrix of run A's layerA and run B's
// layerB, in one streaming pass over each run's activations. The error
// names an unknown layer and the run it is missing from.
func (c *Comparison) MatrixOf(layerA, layerB string) (*ComparisonMatrix, error) {
	actsA, err := c.A.Tensor(layerA)
	if err != nil {
		return nil, fmt.Errorf("comparison matrix, run %s: %w", c.NameA, err)
	}
	actsB, err := c.B.Tensor(layerB)
	if err != nil {
		return nil, fmt.Errorf("comparison matrix, run %s: %w", c.NameB, err)
	}
	m := &ComparisonMatrix{LayerA: layerA, LayerB: layerB, Shared: layerA == layerB && actsA.Dim() == actsB.Dim()}
	m.Rows = append(m.Rows, c.Categories()...)
	for _, s := range c.subsets {
		m.Rows = append(m.Rows, s.Name())
	}
	m.Rows = append(m.Rows, c.A.Instances.Classes...)
	seen := map[string]bool{}
	for k, name := range m.Rows {
		if seen[name] {
			return nil, fmt.Errorf("comparison matrix: %w: %q names two rows", ErrDuplicateRow, name)
		}
		seen[name] = true
		kind := SubsetRow
		if k >= len(agreementKinds)+len(c.subsets) {
			kind = ClassRow
		}
		m.Kinds = append(m.Kinds, kind)
	}
	if m.StatsA, err = c.rowStats(c.A, c.NameA, layerA, actsA, m); err != nil {
		return nil, err
	}
	if m.StatsB, err = c.rowStats(c.B, c.NameB, layerB, actsB, m); err != nil {
		return nil, err
	}
	for k := range m.Rows {
		ra, rb := m.StatsA.Rows[k], m.StatsB.Rows[k]
		m.CountA, m.CountB = append(m.CountA, ra.Count), append(m.CountB, rb.Count)
		m.MeanA, m.MeanB = append(m.MeanA, ra.Mean), append(m.MeanB, rb.Mean)
	}
	return m, nil
}

// rowStats aggregates the matrix's rows over one run's activations.
func (c *Comparison) rowStats(r *Run, name, layer string, acts *Activations, m *ComparisonMatrix) (*Stats, error) {
	n := c.Len()
	groups := make([]*IndexSet, 0, len(m.Rows))
	for _, g := range agreementKinds {
		groups = append(groups, c.members[g])
	}
	for _, s := range c.subsets {
		mem, err := s.Members(r)
		if err != nil {
			return nil, fmt.Errorf("comparison matrix, run %s: %w", name, err)
		}
		groups = append(groups, mem)
	}
	classes := make([]*IndexSet, len(r.Instances.Classes))
	for k := range classes {
		classes[k] = NewIndexSet(n)
	}
	for i, l := range r.Instances.Labels {
		classes[l].Add(i) // Compare checked every label
	}
	groups = append(groups, classes...)
	acc, err := Aggregate(context.Background(), acts, groups, AggregateOptions{})
	if err != nil {
		return nil, fmt.Errorf("comparison matrix, run %s, layer %q: %w", name, layer, err)
	}
	nan, inf, _ := acc.NonFinite()
	st := &Stats{Layer: layer, Neurons: acts.Dim(), NaN: nan + inf, Inf: inf}
	for k := range groups {
		rs := acc.Row(k)
		rs.Name, rs.Kind = m.Rows[k], m.Kinds[k]
		if k >= len(agreementKinds) && k < len(agreementKinds)+len(c.subsets) {
			rs.Expr = c.subsets[k-len(agreementKinds)].Expr()
		} else if rs.Kind == ClassRow {
			rs.Expr = "label == " + fmt.Sprintf("%q", rs.Name)
		}
		st.Rows = append(st.Rows, rs)
	}
	return st, nil
}

// Row returns the index of the named row, or an error wrapping
// ErrUnknownRow that lists the rows.
func (m *ComparisonMatrix) Row(name string) (int, error) {
	for k, r := range m.Rows {
		if r == name {
			return k, nil
		}
	}
	return -1, fmt.Errorf("comparison matrix: %w %q (rows: %s)", ErrUnknownRow, name, quoteList(m.Rows))
}

// Diff returns a row's per-neuron change of mean activation, MeanB − MeanA.
// It needs Shared layers (otherwise neuron j of A is not neuron j of B).
func (m *ComparisonMatrix) Diff(row string) ([]float32, error) {
	k, err := m.Row(row)
	if err != nil {
		return nil, err
	}
	if !m.Shared {
		return nil, fmt.Errorf("comparison matrix: layers %q and %q do not share neurons (different names or widths)", m.LayerA, m.LayerB)
	}
	out := make([]float32, len(m.MeanA[k]))
	for j := range out {
		out[j] = m.MeanB[k][j] - m.MeanA[k][j]
	}
	return out, nil
}
