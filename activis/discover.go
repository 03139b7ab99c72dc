package activis

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// DiscoverOptions tunes Discover. The zero value of every field is a
// sensible default.
type DiscoverOptions struct {
	// Attrs names the features slices are made of: attribute names, and
	// "label" for the true class. Nil means every numeric and categorical
	// attribute and the true class; text attributes take part through
	// Words.
	Attrs []string
	// Words adds, for each text attribute among the features, its Words
	// most frequent words (in a sample of the instances) as predicates
	// `"word" in tokens(text("attr"))` (0: none).
	Words int
	// Bins is the number of quantile bins of a numeric attribute (default
	// 4: quartiles). Bin edges are rounded to 3 significant digits, so the
	// expressions read well and select exactly the counted instances. A
	// numeric attribute with at most Bins distinct values is treated as
	// categorical (one predicate per value).
	Bins int
	// MaxLevels bounds the values of a categorical attribute used as
	// predicates: the MaxLevels most frequent (default 32).
	MaxLevels int
	// Depth is the largest number of predicates in a conjunction: 1, 2
	// (default) or 3. Conjunctions of 3 extend the 16 worst slices of 2 in
	// a second pass over the instances.
	Depth int
	// MinSize is the smallest slice considered (default 30 instances).
	MinSize int
	// MinEffect is the smallest effect size reported: Cohen's h between the
	// slice's error rate and the rest's (default 0.2, "small").
	MinEffect float64
	// Alpha is the significance level after correction (default 0.05).
	Alpha float64
	// Bonferroni selects the Bonferroni correction (family-wise error)
	// instead of Benjamini–Hochberg (false discovery rate, the default).
	Bonferroni bool
	// Top bounds the slices returned (default 10).
	Top int
	// Within restricts discovery to the instances where this subset
	// expression holds, e.g. `label == "Shirt"` to explain one class's
	// errors; slices and the base rate are then relative to it.
	Within string

	// Layer is the tensor whose activations the misclassified instances
	// are clustered in; "" skips clustering (Explorer.Discover uses the
	// selected layer instead).
	Layer string
	// Clusters is the number of k-means clusters of misclassified
	// instances (default 6; negative: no clustering).
	Clusters int
	// ClusterSample bounds the misclassified instances k-means runs on
	// (default 4000); every misclassified instance is then assigned to its
	// nearest centre.
	ClusterSample int
	// Separating is the number of neurons listed per cluster (default 5).
	Separating int
	// Seed makes the cluster sample and k-means reproducible.
	Seed uint64

	// Threads is the number of goroutines counting (0: GOMAXPROCS).
	Threads int
	// Context cancels discovery between blocks of instances.
	Context context.Context
}

func (o DiscoverOptions) withDefaults() DiscoverOptions {
	if o.Bins <= 0 {
		o.Bins = 4
	}
	if o.MaxLevels <= 0 {
		o.MaxLevels = 32
	}
	if o.Depth <= 0 {
		o.Depth = 2
	}
	if o.MinSize <= 0 {
		o.MinSize = 30
	}
	if o.MinEffect <= 0 {
		o.MinEffect = 0.2
	}
	if o.Alpha <= 0 {
		o.Alpha = 0.05
	}
	if o.Top <= 0 {
		o.Top = 10
	}
	if o.Clusters == 0 {
		o.Clusters = 6
	}
	if o.ClusterSample <= 0 {
		o.ClusterSample = 4000
	}
	if o.Separating <= 0 {
		o.Separating = 5
	}
	if o.Threads <= 0 {
		o.Threads = runtime.GOMAXPROCS(0)
	}
	if o.Context == nil {
		o.Context = context.Background()
	}
	return o
}

// SuggestionKind tells how a Suggestion was found.
type SuggestionKind int

const (
	// SliceSuggestion is a conjunction of attribute predicates with a
	// significantly high error rate.
	SliceSuggestion SuggestionKind = iota
	// ClusterSuggestion is a cluster of misclassified instances in
	// activation space.
	ClusterSuggestion
)

// String returns "slice" or "cluster".
func (k SuggestionKind) String() string {
	if k == ClusterSuggestion {
		return "cluster"
	}
	return "slice"
}

// Suggestion is one subset Discover proposes, with what defines it and why
// it was chosen. Subset turns it into a row for Explorer.Add.
type Suggestion struct {
	// Kind tells a metadata slice from an activation cluster.
	Kind SuggestionKind
	// Name is a short readable name, e.g. `source = scanner_b & 0.31 ≤ x < 0.52`.
	Name string
	// Expr is the subset expression of a slice (see Subset), which selects
	// exactly the counted instances; "" for clusters, which keep Indices.
	Expr string
	// Predicates are the slice's predicates as readable text (the parts of
	// Name).
	Predicates []string
	// Size is the number of instances counted (those in
	// DiscoverOptions.Within with a known label and prediction).
	Size int
	// Errors is the number of them misclassified.
	Errors int
	// ErrorRate is Errors / Size; RestRate the error rate of the other
	// counted instances.
	ErrorRate, RestRate float64
	// Excess is the number of errors beyond the base rate, Errors − Size ×
	// base rate: how much of the model's error the slice accounts for. It
	// ranks the slices.
	Excess float64
	// Effect is Cohen's h between ErrorRate and RestRate.
	Effect float64
	// PValue is the one-sided two-proportion z-test p-value of the slice
	// against the rest, adjusted for the number of slices tested
	// (Benjamini–Hochberg or Bonferroni); 0 for clusters.
	PValue float64
	// Reason says in words why the subset was suggested.
	Reason string
	// Indices are a cluster's members, ascending (nil for slices).
	Indices []int
	// Label and Predicted are a cluster's dominant true and predicted
	// classes, with the fraction of members having them.
	Label, Predicted         string
	LabelShare, PredictShare float64
	// Neurons are the neurons separating a cluster from the correctly
	// classified instances of its dominant true class, largest effect
	// first.
	Neurons []NeuronDiff
}

// NeuronDiff is a neuron whose mean activation differs between a cluster
// and a reference group.
type NeuronDiff struct {
	// Neuron is the neuron's index in the layer.
	Neuron int
	// Mean and RefMean are its mean activation in the cluster and in the
	// reference group.
	Mean, RefMean float64
	// Effect is the difference of the means over the pooled standard
	// deviation (Cohen's d); its sign tells which is higher.
	Effect float64
}

// Subset returns the suggestion as a subset named by Name: its expression
// for a slice, its members (IndexSubset) for a cluster.
func (s Suggestion) Subset() *Subset {
	if s.Expr != "" {
		return NewSubset(s.Name, s.Expr)
	}
	return IndexSubset(s.Name, s.Indices...)
}

// Discovery is the result of Discover.
type Discovery struct {
	// Slices are the significant metadata slices, ranked by Excess.
	Slices []Suggestion
	// Clusters are the clusters of misclassified instances, largest
	// first (nil without a layer).
	Clusters []Suggestion
	// Instances and Errors count the instances considered (within
	// DiscoverOptions.Within, label and prediction known) and the
	// misclassified ones; BaseRate is Errors / Instances.
	Instances, Errors int
	BaseRate          float64
	// Tested is the number of slices tested (at least MinSize instances),
	// the size of the multiple-testing correction.
	Tested int
	// Features names the features slices were made of.
	Features []string
	// Layer is the tensor the clusters are in.
	Layer string
}

// Suggestions returns the slices, then the clusters.
func (d *Discovery) Suggestions() []Suggestion {
	return append(slices.Clone(d.Slices), d.Clusters...)
}

// Discover finds subsets of r's instances where the model errs more than
// on the whole set:
//
//   - slices of the metadata, as `SliceFinder` does (Chung et al., 2019):
//     every predicate of the features (a categorical value, a quantile bin
//     of a numeric attribute, a true class, a word of a text) and every
//     conjunction of up to
//     Depth of them from different features, counted in one streaming pass
//     over every instance. A slice is reported when its error rate is
//     above the rest's with an effect size (Cohen's h) of at least
//     MinEffect and a one-sided two-proportion z-test significant at Alpha
//     after the Benjamini–Hochberg (or Bonferroni) correction over all
//     slices tested. A conjunction is reported only when it is also
//     significantly worse (same test, same thresholds, uncorrected) than
//     the rest of each of its parts, so a slice inside a bad slice is not
//     repeated. Slices are ranked by Excess, the errors they hold beyond
//     the base rate.
//   - when opt.Layer is set, clusters of the misclassified instances in
//     that layer's activations: k-means (k-means++ start, seeded) on a
//     sample of them, then every misclassified instance assigned to its
//     nearest centre; each cluster is described by its dominant true and
//     predicted classes and by the neurons whose mean differs most (Cohen's
//     d) from the correctly classified instances of its dominant class.
//
// Instances with an unknown label or prediction are not counted.
func Discover(r *Run, opt DiscoverOptions) (*Discovery, error) {
	if r == nil || r.Instances == nil {
		return nil, errors.New("discover: no run")
	}
	opt = opt.withDefaults()
	if opt.Depth > 3 {
		return nil, fmt.Errorf("discover: depth %d: at most 3 predicates per slice", opt.Depth)
	}
	in := r.Instances
	if in.Len() >= 1<<32 {
		return nil, fmt.Errorf("discover: %d instances: at most 2^32", in.Len())
	}
	var within *IndexSet
	if opt.Within != "" {
		s, err := NewSubset("within", opt.Within).Members(r)
		if err != nil {
			return nil, fmt.Errorf("discover: %w", err)
		}
		within = s
	}
	feats, fillers, err := discoverFeatures(in, opt)
	if err != nil {
		return nil, fmt.Errorf("discover: %w", err)
	}
	d := &Discovery{}
	for _, f := range feats {
		d.Features = append(d.Features, f.name)
	}
	t := newSliceTable(feats, opt.Depth >= 2)
	if err := t.count(in, within, fillers, opt); err != nil {
		return nil, fmt.Errorf("discover: %w", err)
	}
	d.Instances, d.Errors = t.total()
	if d.Instances > 0 {
		d.BaseRate = float64(d.Errors) / float64(d.Instances)
	}
	cands := t.candidates(opt)
	if opt.Depth >= 3 {
		more, err := t.extend(in, within, fillers, opt)
		if err != nil {
			return nil, fmt.Errorf("discover: %w", err)
		}
		cands = append(cands, more...)
	}
	d.Tested = len(cands)
	d.Slices = t.select_(cands, opt)
	if opt.Layer != "" && opt.Clusters > 0 {
		cl, err := errorClusters(r, within, opt)
		if err != nil {
			return nil, fmt.Errorf("discover: %w", err)
		}
		d.Layer = opt.Layer
		d.Clusters = cl
	}
	return d, nil
}

// Discover runs Discover on the explorer's run; the clusters are in
// opt.Layer, or in the selected layer when opt.Layer is "" (unless
// opt.Clusters is negative), and opt.Seed defaults to the explorer's.
func (ex *Explorer) Discover(opt DiscoverOptions) (*Discovery, error) {
	if err := ex.checkRun(); err != nil {
		return nil, err
	}
	if opt.Layer == "" && opt.Clusters >= 0 {
		opt.Layer = ex.Layer()
	}
	if opt.Seed == 0 {
		ex.mu.Lock()
		opt.Seed = ex.Seed
		ex.mu.Unlock()
	}
	return Discover(ex.run, opt)
}

// dlevel is one predicate of a feature.
type dlevel struct {
	expr, text string
}

// dfeature is a feature: predicates of which an instance satisfies at most
// one (its code; -1 for none).
type dfeature struct {
	name   string
	levels []dlevel
}

// filler writes the codes of instances lo..hi-1 into codes (row-major,
// stride features per instance).
type filler func(codes []int16, stride, lo, hi int)

// discoverFeatures builds the features and the functions that code
// instances by them.
func discoverFeatures(in *Instances, opt DiscoverOptions) ([]dfeature, []filler, error) {
	names := opt.Attrs
	if names == nil {
		names = append(names, "label")
		for _, a := range in.Attrs {
			if a.Kind != Text || opt.Words > 0 {
				names = append(names, a.Name)
			}
		}
	}
	var feats []dfeature
	var fill []filler
	for _, name := range names {
		col := len(feats)
		if name == "label" && in.Attribute("label") == nil {
			f := dfeature{name: "label"}
			for _, c := range in.Classes {
				f.levels = append(f.levels, dlevel{expr: "label == " + strconv.Quote(c), text: "label = " + c})
			}
			labels := in.Labels
			nc := len(in.Classes)
			feats = append(feats, f)
			fill = append(fill, func(codes []int16, stride, lo, hi int) {
				for i := lo; i < hi; i++ {
					c := labels[i]
					if c < 0 || c >= nc {
						c = -1
					}
					codes[(i-lo)*stride+col] = int16(c)
				}
			})
			continue
		}
		a := in.Attribute(name)
		if a == nil {
			return nil, nil, in.CheckAttr(name)
		}
		switch a.Kind {
		case Numeric:
			f, fl := numericFeature(a, opt.Bins, col)
			if len(f.levels) > 1 {
				feats = append(feats, f)
				fill = append(fill, fl)
			}
		case Categorical:
			f, fl := categoricalFeature(a, in.Len(), opt.MaxLevels, col)
			if len(f.levels) > 0 {
				feats = append(feats, f)
				fill = append(fill, fl)
			}
		case Text:
			fs, fl := wordFeatures(a, in.Len(), opt.Words, col)
			if len(fs) > 0 {
				feats = append(feats, fs...)
				fill = append(fill, fl)
			}
		}
	}
	if len(feats) > math.MaxInt16 {
		return nil, nil, fmt.Errorf("%d features: at most %d", len(feats), math.MaxInt16)
	}
	return feats, fill, nil
}

// strideSample returns up to k indices of [0, n) evenly spread.
func strideSample(n, k int) []int {
	if n <= k {
		k = n
	}
	out := make([]int, k)
	for j := range out {
		out[j] = int(int64(j) * int64(n) / int64(k))
	}
	return out
}

// round3 rounds v to 3 significant digits.
func round3(v float64) float64 {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return v
	}
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 3, 64), 64)
	return r
}

// numericFeature cuts a numeric attribute into quantile bins (from a
// sample of up to 100000 values), or into its values when it has at most
// bins distinct ones.
func numericFeature(a *Attribute, bins, col int) (dfeature, filler) {
	ref := "attr(" + strconv.Quote(a.Name) + ")"
	var vals []float64
	for _, i := range strideSample(len(a.Num), 100000) {
		if v := a.Num[i]; !math.IsNaN(v) {
			vals = append(vals, v)
		}
	}
	sort.Float64s(vals)
	distinct := slices.Compact(slices.Clone(vals))
	num := a.Num
	f := dfeature{name: a.Name}
	if len(distinct) <= bins {
		code := make(map[float64]int16, len(distinct))
		for k, v := range distinct {
			code[v] = int16(k)
			f.levels = append(f.levels, dlevel{expr: ref + " == " + formatFloat(v), text: a.Name + " = " + strconv.FormatFloat(v, 'g', -1, 64)})
		}
		return f, func(codes []int16, stride, lo, hi int) {
			for i := lo; i < hi; i++ {
				c, ok := code[num[i]]
				if !ok {
					c = -1
				}
				codes[(i-lo)*stride+col] = c
			}
		}
	}
	var edges []float64
	for j := 1; j < bins; j++ {
		e := round3(vals[j*len(vals)/bins])
		if e > vals[0] && (len(edges) == 0 || e > edges[len(edges)-1]) {
			edges = append(edges, e)
		}
	}
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	for k := 0; k <= len(edges); k++ {
		var l dlevel
		switch {
		case len(edges) == 0:
			l = dlevel{expr: ref + " == " + ref, text: a.Name + " known"}
		case k == 0:
			l = dlevel{expr: ref + " < " + formatFloat(edges[0]), text: a.Name + " < " + g(edges[0])}
		case k == len(edges):
			l = dlevel{expr: ref + " >= " + formatFloat(edges[k-1]), text: a.Name + " ≥ " + g(edges[k-1])}
		default:
			l = dlevel{expr: ref + " >= " + formatFloat(edges[k-1]) + " && " + ref + " < " + formatFloat(edges[k]),
				text: g(edges[k-1]) + " ≤ " + a.Name + " < " + g(edges[k])}
		}
		f.levels = append(f.levels, l)
	}
	return f, func(codes []int16, stride, lo, hi int) {
		for i := lo; i < hi; i++ {
			v := num[i]
			c := int16(-1)
			if v == v {
				c = 0
				for _, e := range edges {
					if v >= e {
						c++
					}
				}
			}
			codes[(i-lo)*stride+col] = c
		}
	}
}

// categoricalFeature makes one predicate per value among the maxLevels
// most frequent (in a sample of up to 100000 instances).
func categoricalFeature(a *Attribute, n, maxLevels, col int) (dfeature, filler) {
	freq := map[string]int{}
	for _, i := range strideSample(n, 100000) {
		freq[a.Str[i]]++
	}
	vals := make([]string, 0, len(freq))
	for v := range freq {
		vals = append(vals, v)
	}
	sort.Slice(vals, func(i, j int) bool {
		if freq[vals[i]] != freq[vals[j]] {
			return freq[vals[i]] > freq[vals[j]]
		}
		return vals[i] < vals[j]
	})
	if len(vals) > maxLevels {
		vals = vals[:maxLevels]
	}
	sort.Strings(vals)
	f := dfeature{name: a.Name}
	code := make(map[string]int16, len(vals))
	ref := "text(" + strconv.Quote(a.Name) + ")"
	for k, v := range vals {
		code[v] = int16(k)
		f.levels = append(f.levels, dlevel{expr: ref + " == " + strconv.Quote(v), text: a.Name + " = " + v})
	}
	str := a.Str
	return f, func(codes []int16, stride, lo, hi int) {
		for i := lo; i < hi; i++ {
			c, ok := code[str[i]]
			if !ok {
				c = -1
			}
			codes[(i-lo)*stride+col] = c
		}
	}
}

// wordFeatures makes one feature per word among the k most frequent
// words of a text attribute (in a sample of up to 20000 instances).
func wordFeatures(a *Attribute, n, k, col int) ([]dfeature, filler) {
	if k <= 0 {
		return nil, nil
	}
	freq := map[string]int{}
	for _, i := range strideSample(n, 20000) {
		seen := map[string]bool{}
		for _, w := range Tokens(a.Str[i]) {
			if !seen[w] {
				seen[w] = true
				freq[w]++
			}
		}
	}
	words := make([]string, 0, len(freq))
	for w := range freq {
		words = append(words, w)
	}
	sort.Slice(words, func(i, j int) bool {
		if freq[words[i]] != freq[words[j]] {
			return freq[words[i]] > freq[words[j]]
		}
		return words[i] < words[j]
	})
	words = words[:min(k, len(words))]
	feats := make([]dfeature, len(words))
	index := make(map[string]int, len(words))
	ref := "tokens(text(" + strconv.Quote(a.Name) + "))"
	for j, w := range words {
		index[w] = col + j
		feats[j] = dfeature{name: a.Name + ":" + w, levels: []dlevel{{expr: strconv.Quote(w) + " in " + ref,
			text: a.Name + " has \"" + w + "\""}}}
	}
	str := a.Str
	nw := len(words)
	return feats, func(codes []int16, stride, lo, hi int) {
		for i := lo; i < hi; i++ {
			row := codes[(i-lo)*stride:]
			for j := range nw {
				row[col+j] = -1
			}
			for _, w := range Tokens(str[i]) {
				if c, ok := index[w]; ok {
					row[c] = 0
				}
			}
		}
	}
}

// sliceTable holds the counts of every slice of one and two predicates:
// cells of uint64, the count in the low 32 bits and the errors in the
// high 32, so that one addition counts an instance.
type sliceTable struct {
	feats  []dfeature
	nl     []int // levels per feature
	off1   []int // first cell of each feature's single predicates
	offP   []int // first cell of each pair f < g, at f*F+g (-1 unused)
	pairs  bool
	ncells int
	cells  []uint64
	n, e   int // instances counted, errors
	// triples from extend: seeds and their cells
}

func newSliceTable(feats []dfeature, pairs bool) *sliceTable {
	F := len(feats)
	t := &sliceTable{feats: feats, nl: make([]int, F), off1: make([]int, F), pairs: pairs}
	for f := range feats {
		t.nl[f] = len(feats[f].levels)
		t.off1[f] = t.ncells
		t.ncells += t.nl[f]
	}
	if pairs {
		t.offP = make([]int, F*F)
		for f := range F {
			for g := range F {
				t.offP[f*F+g] = -1
				if f < g {
					t.offP[f*F+g] = t.ncells
					t.ncells += t.nl[f] * t.nl[g]
				}
			}
		}
	}
	return t
}

func (t *sliceTable) total() (int, int) { return t.n, t.e }

// discoverBlock is the number of instances coded and counted at a time.
const discoverBlock = 4096

// scanBlocks runs fn on the instances in blocks, on opt.Threads goroutines,
// each with its own codes buffer; fn reports instance i when it is
// counted (known label and prediction, in within).
func scanBlocks(in *Instances, within *IndexSet, fillers []filler, F int, opt DiscoverOptions,
	newWorker func() func(codes []int16, lo, hi int, counted func(i int) (ok, wrong bool))) error {
	n := in.Len()
	nb := (n + discoverBlock - 1) / discoverBlock
	threads := max(1, min(opt.Threads, nb))
	var next int
	var mu sync.Mutex
	var first error
	var wg sync.WaitGroup
	counted := func(i int) (bool, bool) {
		l, p := in.Labels[i], in.Predicted[i]
		if l < 0 || p < 0 || (within != nil && !within.Has(i)) {
			return false, false
		}
		return true, l != p
	}
	for range threads {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work := newWorker()
			codes := make([]int16, discoverBlock*F)
			for {
				mu.Lock()
				b := next
				next++
				stop := first != nil
				mu.Unlock()
				if b >= nb || stop {
					return
				}
				if err := opt.Context.Err(); err != nil {
					mu.Lock()
					first = err
					mu.Unlock()
					return
				}
				lo, hi := b*discoverBlock, min((b+1)*discoverBlock, n)
				for _, fl := range fillers {
					fl(codes, F, lo, hi)
				}
				work(codes, lo, hi, counted)
			}
		}()
	}
	wg.Wait()
	return first
}

// count fills the table in one pass over the instances.
func (t *sliceTable) count(in *Instances, within *IndexSet, fillers []filler, opt DiscoverOptions) error {
	F := len(t.feats)
	var mu sync.Mutex
	t.cells = make([]uint64, t.ncells)
	var total uint64
	var parts [][]uint64
	var totals []*uint64
	err := scanBlocks(in, within, fillers, F, opt, func() func([]int16, int, int, func(int) (bool, bool)) {
		cells := make([]uint64, t.ncells)
		tot := new(uint64)
		mu.Lock()
		parts = append(parts, cells)
		totals = append(totals, tot)
		mu.Unlock()
		off1, offP, nl := t.off1, t.offP, t.nl
		return func(codes []int16, lo, hi int, counted func(int) (bool, bool)) {
			for i := lo; i < hi; i++ {
				ok, wrong := counted(i)
				if !ok {
					continue
				}
				inc := uint64(1)
				if wrong {
					inc |= 1 << 32
				}
				*tot += inc
				c := codes[(i-lo)*F : (i-lo+1)*F]
				for f, cf := range c {
					if cf < 0 {
						continue
					}
					cells[off1[f]+int(cf)] += inc
					if offP == nil {
						continue
					}
					row := offP[f*F:]
					for g := f + 1; g < F; g++ {
						if cg := c[g]; cg >= 0 {
							cells[row[g]+int(cf)*nl[g]+int(cg)] += inc
						}
					}
				}
			}
		}
	})
	if err != nil {
		return err
	}
	for k, p := range parts {
		for j, v := range p {
			t.cells[j] += v
		}
		total += *totals[k]
	}
	t.n, t.e = int(uint32(total)), int(total>>32)
	return nil
}

// pred is one predicate: feature and level.
type pred struct{ f, l int }

// cand is a tested slice.
type cand struct {
	preds   []pred
	n, e    int
	p, h, z float64
	q       float64 // adjusted p-value
	parents [][2]int
}

// proportionTest is the one-sided pooled two-proportion z-test of e of n
// against the rest of E of N, with Cohen's h between the two rates.
func proportionTest(n, e, N, E int) (p, h float64) {
	m := N - n
	if n <= 0 || m <= 0 {
		return 1, 0
	}
	ps := float64(e) / float64(n)
	pc := float64(E-e) / float64(m)
	h = 2*math.Asin(math.Sqrt(ps)) - 2*math.Asin(math.Sqrt(pc))
	p0 := float64(E) / float64(N)
	se := math.Sqrt(p0 * (1 - p0) * (1/float64(n) + 1/float64(m)))
	if se == 0 {
		return 1, h
	}
	z := (ps - pc) / se
	return 0.5 * math.Erfc(z/math.Sqrt2), h
}

func (t *sliceTable) cell(c int) (n, e int) {
	v := t.cells[c]
	return int(uint32(v)), int(v >> 32)
}

// pairCell returns the cell of predicates a and b of different features.
func (t *sliceTable) pairCell(a, b pred) int {
	if a.f > b.f {
		a, b = b, a
	}
	return t.offP[a.f*len(t.feats)+b.f] + a.l*t.nl[b.f] + b.l
}

// candidates lists every slice of one or two predicates with at least
// MinSize instances and fewer than all, tested.
func (t *sliceTable) candidates(opt DiscoverOptions) []cand {
	var out []cand
	add := func(preds []pred, n, e int, parents [][2]int) {
		if n < opt.MinSize || n >= t.n {
			return
		}
		p, h := proportionTest(n, e, t.n, t.e)
		out = append(out, cand{preds: preds, n: n, e: e, p: p, h: h, parents: parents})
	}
	F := len(t.feats)
	for f := range F {
		for l := range t.nl[f] {
			n, e := t.cell(t.off1[f] + l)
			add([]pred{{f, l}}, n, e, nil)
		}
	}
	if !t.pairs {
		return out
	}
	for f := range F {
		for g := f + 1; g < F; g++ {
			for a := range t.nl[f] {
				for b := range t.nl[g] {
					n, e := t.cell(t.offP[f*F+g] + a*t.nl[g] + b)
					if n < opt.MinSize {
						continue
					}
					na, ea := t.cell(t.off1[f] + a)
					nb, eb := t.cell(t.off1[g] + b)
					add([]pred{{f, a}, {g, b}}, n, e, [][2]int{{na, ea}, {nb, eb}})
				}
			}
		}
	}
	return out
}

// extend counts conjunctions of three predicates in a second pass: the 16
// slices of two with the highest error rate (at least 2·MinSize
// instances) are each extended by every predicate of a third feature.
func (t *sliceTable) extend(in *Instances, within *IndexSet, fillers []filler, opt DiscoverOptions) ([]cand, error) {
	if !t.pairs {
		return nil, nil
	}
	F := len(t.feats)
	type seed struct {
		a, b pred
		rate float64
		off  int // first cell of its triples: third feature h, level l at off+off3[h]+l
	}
	var seeds []seed
	for f := range F {
		for g := f + 1; g < F; g++ {
			for a := range t.nl[f] {
				for b := range t.nl[g] {
					n, e := t.cell(t.offP[f*F+g] + a*t.nl[g] + b)
					if n >= 2*opt.MinSize {
						seeds = append(seeds, seed{a: pred{f, a}, b: pred{g, b}, rate: float64(e) / float64(n)})
					}
				}
			}
		}
	}
	sort.SliceStable(seeds, func(i, j int) bool { return seeds[i].rate > seeds[j].rate })
	seeds = seeds[:min(16, len(seeds))]
	per := 0
	for f := range F {
		per += t.nl[f]
	}
	for k := range seeds {
		seeds[k].off = k * per
	}
	ncells := len(seeds) * per
	cells := make([]uint64, ncells)
	var mu sync.Mutex
	err := scanBlocks(in, within, fillers, F, opt, func() func([]int16, int, int, func(int) (bool, bool)) {
		local := make([]uint64, ncells)
		return func(codes []int16, lo, hi int, counted func(int) (bool, bool)) {
			for i := lo; i < hi; i++ {
				ok, wrong := counted(i)
				if !ok {
					continue
				}
				inc := uint64(1)
				if wrong {
					inc |= 1 << 32
				}
				c := codes[(i-lo)*F : (i-lo+1)*F]
				for _, s := range seeds {
					if int(c[s.a.f]) != s.a.l || int(c[s.b.f]) != s.b.l {
						continue
					}
					for h, ch := range c {
						if ch >= 0 && h != s.a.f && h != s.b.f {
							local[s.off+t.off1[h]+int(ch)] += inc
						}
					}
				}
			}
			mu.Lock()
			for j, v := range local {
				cells[j] += v
			}
			clear(local)
			mu.Unlock()
		}
	})
	if err != nil {
		return nil, err
	}
	var out []cand
	for _, s := range seeds {
		for h := range F {
			if h == s.a.f || h == s.b.f {
				continue
			}
			for l := range t.nl[h] {
				v := cells[s.off+t.off1[h]+l]
				n, e := int(uint32(v)), int(v>>32)
				if n < opt.MinSize || n >= t.n {
					continue
				}
				c3 := pred{h, l}
				preds := []pred{s.a, s.b, c3}
				sort.Slice(preds, func(i, j int) bool { return preds[i].f < preds[j].f })
				var parents [][2]int
				for _, pc := range [][2]pred{{s.a, s.b}, {s.a, c3}, {s.b, c3}} {
					pn, pe := t.cell(t.pairCell(pc[0], pc[1]))
					parents = append(parents, [2]int{pn, pe})
				}
				p, hh := proportionTest(n, e, t.n, t.e)
				out = append(out, cand{preds: preds, n: n, e: e, p: p, h: hh, parents: parents})
			}
		}
	}
	return out, nil
}

// select_ corrects the p-values, keeps the significant slices with a
// large enough effect (conjunctions also against each part), and ranks
// them by excess errors.
func (t *sliceTable) select_(cands []cand, opt DiscoverOptions) []Suggestion {
	m := len(cands)
	order := make([]int, m)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return cands[order[i]].p < cands[order[j]].p })
	if opt.Bonferroni {
		for i := range cands {
			cands[i].q = min(1, cands[i].p*float64(m))
		}
	} else {
		q := 1.0
		for k := m - 1; k >= 0; k-- {
			c := &cands[order[k]]
			q = min(q, c.p*float64(m)/float64(k+1))
			c.q = q
		}
	}
	base := 0.0
	if t.n > 0 {
		base = float64(t.e) / float64(t.n)
	}
	method := "Benjamini–Hochberg"
	if opt.Bonferroni {
		method = "Bonferroni"
	}
	var out []Suggestion
	for _, c := range cands {
		if c.q > opt.Alpha || c.h < opt.MinEffect {
			continue
		}
		beatsParts := true
		var partRates []string
		for _, pa := range c.parents {
			p, h := proportionTest(c.n, c.e, pa[0], pa[1])
			if p > opt.Alpha || h < opt.MinEffect {
				beatsParts = false
				break
			}
			partRates = append(partRates, fmt.Sprintf("%.1f%%", 100*float64(pa[1])/float64(pa[0])))
		}
		if !beatsParts {
			continue
		}
		s := Suggestion{Kind: SliceSuggestion, Size: c.n, Errors: c.e, Effect: c.h, PValue: c.q}
		var exprs []string
		for _, pr := range c.preds {
			lv := t.feats[pr.f].levels[pr.l]
			s.Predicates = append(s.Predicates, lv.text)
			e := lv.expr
			if len(c.preds) > 1 && strings.Contains(e, "&&") {
				e = "(" + e + ")"
			}
			exprs = append(exprs, e)
		}
		s.Name = strings.Join(s.Predicates, " & ")
		s.Expr = strings.Join(exprs, " && ")
		s.ErrorRate = float64(c.e) / float64(c.n)
		s.RestRate = float64(t.e-c.e) / float64(t.n-c.n)
		s.Excess = float64(c.e) - float64(c.n)*base
		s.Reason = fmt.Sprintf("%d of %d misclassified (%.1f%%) against %.1f%% elsewhere; effect h = %.2f, p %s (%s over %d slices)",
			c.e, c.n, 100*s.ErrorRate, 100*s.RestRate, c.h, formatP(c.q), method, m)
		if len(partRates) > 0 {
			s.Reason += "; worse than each part alone (" + strings.Join(partRates, ", ") + ")"
		}
		out = append(out, s)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Excess != b.Excess {
			return a.Excess > b.Excess
		}
		if len(a.Predicates) != len(b.Predicates) {
			return len(a.Predicates) < len(b.Predicates)
		}
		return a.Name < b.Name
	})
	return out[:min(len(out), opt.Top)]
}

// errorClusters clusters the misclassified instances in opt.Layer.
func errorClusters(r *Run, within *IndexSet, opt DiscoverOptions) ([]Suggestion, error) {
	acts, err := r.Tensor(opt.Layer)
	if err != nil {
		return nil, err
	}
	in := r.Instances
	var mis []int
	for i := range in.Len() {
		l, p := in.Labels[i], in.Predicted[i]
		if l >= 0 && p >= 0 && l != p && (within == nil || within.Has(i)) {
			mis = append(mis, i)
		}
	}
	if len(mis) == 0 {
		return nil, nil
	}
	D := acts.Dim()
	k := min(opt.Clusters, len(mis))
	rng := rand.New(rand.NewPCG(opt.Seed, 0xc1a5))
	sample := slices.Clone(mis)
	if len(sample) > opt.ClusterSample {
		for j := range opt.ClusterSample {
			o := j + rng.IntN(len(sample)-j)
			sample[j], sample[o] = sample[o], sample[j]
		}
		sample = sample[:opt.ClusterSample]
	}
	X := make([]float32, len(sample)*D)
	for j, i := range sample {
		if err := acts.RowInto(i, i+1, X[j*D:(j+1)*D]); err != nil {
			return nil, err
		}
	}
	centres := kmeans(X, D, k, rng, 50)
	// Assign every misclassified instance.
	assign := make([]int, len(mis))
	buf := make([]float32, D)
	for j, i := range mis {
		if err := acts.RowInto(i, i+1, buf); err != nil {
			return nil, err
		}
		assign[j], _ = nearest(buf, centres, D, k)
	}
	groups := make([]*IndexSet, k)
	members := make([][]int, k)
	for c := range groups {
		groups[c] = NewIndexSet(in.Len())
	}
	for j, i := range mis {
		groups[assign[j]].Add(i)
		members[assign[j]] = append(members[assign[j]], i)
	}
	// Reference groups: the correctly classified instances of each class.
	nc := len(in.Classes)
	correct := make([]*IndexSet, nc)
	for c := range correct {
		correct[c] = NewIndexSet(in.Len())
	}
	for i := range in.Len() {
		l := in.Labels[i]
		if l >= 0 && l == in.Predicted[i] && (within == nil || within.Has(i)) {
			correct[l].Add(i)
		}
	}
	acc, err := Aggregate(opt.Context, acts, append(slices.Clone(groups), correct...), AggregateOptions{Threads: opt.Threads})
	if err != nil {
		return nil, err
	}
	var out []Suggestion
	for c := range k {
		if len(members[c]) == 0 {
			continue
		}
		lab := make([]int, nc)
		prd := make([]int, nc)
		for _, i := range members[c] {
			lab[in.Labels[i]]++
			prd[in.Predicted[i]]++
		}
		dl, dp := argmaxInt(lab), argmaxInt(prd)
		s := Suggestion{Kind: ClusterSuggestion, Size: len(members[c]), Errors: len(members[c]), ErrorRate: 1,
			Indices: members[c], Label: in.Classes[dl], Predicted: in.Classes[dp],
			LabelShare: float64(lab[dl]) / float64(len(members[c])), PredictShare: float64(prd[dp]) / float64(len(members[c]))}
		cs, ref := acc.Row(c), acc.Row(k+dl)
		var diffs []NeuronDiff
		if ref.Count > 0 {
			for j := range D {
				m1, m2 := float64(cs.Mean[j]), float64(ref.Mean[j])
				sd := math.Sqrt((float64(cs.Std[j])*float64(cs.Std[j]) + float64(ref.Std[j])*float64(ref.Std[j])) / 2)
				if math.IsNaN(m1) || math.IsNaN(m2) {
					continue
				}
				d := (m1 - m2) / max(sd, 1e-6)
				diffs = append(diffs, NeuronDiff{Neuron: j, Mean: m1, RefMean: m2, Effect: d})
			}
			sort.SliceStable(diffs, func(a, b int) bool { return math.Abs(diffs[a].Effect) > math.Abs(diffs[b].Effect) })
			s.Neurons = diffs[:min(opt.Separating, len(diffs))]
		}
		out = append(out, s)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Size > out[j].Size })
	for c := range out {
		s := &out[c]
		s.Name = fmt.Sprintf("%s cluster %d: %s → %s", opt.Layer, c+1, s.Label, s.Predicted)
		var parts []string
		for _, nd := range s.Neurons {
			dir := "higher"
			if nd.Effect < 0 {
				dir = "lower"
			}
			parts = append(parts, fmt.Sprintf("neuron %d %s (%.2f vs %.2f, d = %+.1f)", nd.Neuron, dir, nd.Mean, nd.RefMean, nd.Effect))
		}
		s.Reason = fmt.Sprintf("%d misclassified instances close together in %s: %.0f%% true %s, %.0f%% predicted %s",
			s.Size, opt.Layer, 100*s.LabelShare, s.Label, 100*s.PredictShare, s.Predicted)
		if len(parts) > 0 {
			s.Reason += "; against correctly classified " + s.Label + ": " + strings.Join(parts, ", ")
		}
	}
	return out, nil
}

// formatP writes a p-value for a reason: "= 0.0031", or "< 1e-300" when
// it underflowed.
func formatP(p float64) string {
	if p < 1e-300 {
		return "< 1e-300"
	}
	return "= " + strconv.FormatFloat(p, 'g', 2, 64)
}

func argmaxInt(v []int) int {
	best := 0
	for i, x := range v {
		if x > v[best] {
			best = i
		}
	}
	return best
}

// nearest returns the centre closest to x and the squared distance.
func nearest(x []float32, centres []float64, D, k int) (int, float64) {
	best, bd := 0, math.Inf(1)
	for c := range k {
		ctr := centres[c*D : (c+1)*D]
		var d float64
		for j, v := range x {
			t := float64(v) - ctr[j]
			d += t * t
		}
		if d < bd {
			best, bd = c, d
		}
	}
	return best, bd
}

// kmeans clusters the rows of X (n × D) into k clusters: k-means++
// seeding, then Lloyd iterations until no row changes cluster or iters
// passes. It returns the centres (k × D). An empty cluster takes the row
// farthest from its centre.
func kmeans(X []float32, D, k int, rng *rand.Rand, iters int) []float64 {
	n := len(X) / D
	centres := make([]float64, k*D)
	setCentre := func(c, i int) {
		for j := range D {
			centres[c*D+j] = float64(X[i*D+j])
		}
	}
	// k-means++.
	setCentre(0, rng.IntN(n))
	dist := make([]float64, n)
	for i := range n {
		_, dist[i] = nearest(X[i*D:(i+1)*D], centres, D, 1)
	}
	for c := 1; c < k; c++ {
		var sum float64
		for _, d := range dist {
			sum += d
		}
		pick := 0
		if sum > 0 {
			u := rng.Float64() * sum
			for i, d := range dist {
				u -= d
				if u <= 0 {
					pick = i
					break
				}
			}
		} else {
			pick = rng.IntN(n)
		}
		setCentre(c, pick)
		for i := range n {
			_, d := nearest(X[i*D:(i+1)*D], centres[c*D:(c+1)*D], D, 1)
			dist[i] = min(dist[i], d)
		}
	}
	assign := make([]int, n)
	for i := range assign {
		assign[i] = -1
	}
	sums := make([]float64, k*D)
	counts := make([]int, k)
	for range iters {
		changed := false
		for i := range n {
			c, d := nearest(X[i*D:(i+1)*D], centres, D, k)
			dist[i] = d
			if c != assign[i] {
				assign[i], changed = c, true
			}
		}
		if !changed {
			break
		}
		clear(sums)
		clear(counts)
		for i := range n {
			c := assign[i]
			counts[c]++
			for j := range D {
				sums[c*D+j] += float64(X[i*D+j])
			}
		}
		for c := range k {
			if counts[c] == 0 {
				far := 0
				for i := range n {
					if dist[i] > dist[far] {
						far = i
					}
				}
				setCentre(c, far)
				dist[far] = 0
				continue
			}
			for j := range D {
				centres[c*D+j] = sums[c*D+j] / float64(counts[c])
			}
		}
	}
	return centres
}
