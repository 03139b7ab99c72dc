package activis

import (
	"cmp"
	"container/heap"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
)

// SampleKey is the random key of an instance in a summary's sample: a
// seeded 64-bit hash of its id (FNV-1a, mixed with SplitMix64), the same on
// every machine. A class's sample is the instances with the smallest keys,
// so it is a uniform random sample of the class, and the sample of a union
// is the smallest keys of the parts' samples.
func SampleKey(seed uint64, id string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(id))
	return mix64(h.Sum64() ^ mix64(seed+0x9e3779b97f4a7c15))
}

// mix64 is SplitMix64's finaliser.
func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// SampleItem is one sampled instance: its key, metadata and activations.
type SampleItem struct {
	// Key is SampleKey of the id.
	Key uint64
	// ID is the instance id.
	ID string
	// Label and Predicted index the summary's classes (-1: unknown).
	Label, Predicted int
	// Scores are the per-class scores (nil when the summary has none).
	Scores []float32
	// Num holds the numeric attributes, Str the categorical and text ones,
	// each in the order of the summary's Attrs of that kind.
	Num []float64
	Str []string
	// Acts holds the activations at every layer, in the order of the
	// summary's Layers.
	Acts [][]float32
}

// less orders items by key, then id (a total order, so merging is exact).
func (a *SampleItem) less(b *SampleItem) bool {
	if a.Key != b.Key {
		return a.Key < b.Key
	}
	return a.ID < b.ID
}

// Reservoir is a mergeable class-stratified sample: for every class (and
// one more stratum for unknown labels) the PerClass instances with the
// smallest keys. Merging two reservoirs of disjoint instances gives the
// reservoir of their union, whatever the order of merges.
type Reservoir struct {
	// PerClass bounds each stratum.
	PerClass int
	// Strata holds, per class and then for unknown labels, the items in
	// ascending key order.
	Strata [][]SampleItem
}

// NewReservoir returns an empty reservoir over classes classes.
func NewReservoir(classes, perClass int) *Reservoir {
	return &Reservoir{PerClass: perClass, Strata: make([][]SampleItem, classes+1)}
}

// Len returns the number of sampled instances.
func (r *Reservoir) Len() int {
	n := 0
	for _, s := range r.Strata {
		n += len(s)
	}
	return n
}

// Items returns every sampled item, stratum by stratum, each in key order.
func (r *Reservoir) Items() []SampleItem {
	out := make([]SampleItem, 0, r.Len())
	for _, s := range r.Strata {
		out = append(out, s...)
	}
	return out
}

// stratum maps a label to its stratum index.
func (r *Reservoir) stratum(label int) int {
	if label < 0 || label >= len(r.Strata)-1 {
		return len(r.Strata) - 1
	}
	return label
}

// Merge adds the items of t (same strata and PerClass) into r.
func (r *Reservoir) Merge(t *Reservoir) error {
	if t == nil {
		return nil
	}
	if len(r.Strata) != len(t.Strata) || r.PerClass != t.PerClass {
		return fmt.Errorf("sample of %d strata × %d and of %d × %d: %w", len(r.Strata), r.PerClass, len(t.Strata), t.PerClass, ErrSummary)
	}
	for k := range r.Strata {
		r.Strata[k] = mergeItems(r.Strata[k], t.Strata[k], r.PerClass)
	}
	return nil
}

// mergeItems merges two key-ordered lists, keeping the first limit items;
// an item in both (same key and id) is kept once.
func mergeItems(a, b []SampleItem, limit int) []SampleItem {
	out := make([]SampleItem, 0, min(len(a)+len(b), limit))
	i, j := 0, 0
	for len(out) < limit && (i < len(a) || j < len(b)) {
		switch {
		case j == len(b) || (i < len(a) && a[i].less(&b[j])):
			out = append(out, a[i])
			i++
		case i == len(a) || b[j].less(&a[i]):
			out = append(out, b[j])
			j++
		default: // the same item twice
			out = append(out, a[i])
			i, j = i+1, j+1
		}
	}
	return out
}

// Add inserts items, each into the stratum of its label, keeping every
// stratum's PerClass smallest keys (as Merge does).
func (r *Reservoir) Add(items ...SampleItem) {
	part := NewReservoir(len(r.Strata)-1, r.PerClass)
	for _, it := range items {
		s := r.stratum(it.Label)
		part.Strata[s] = append(part.Strata[s], it)
	}
	for _, st := range part.Strata {
		slices.SortFunc(st, compareItems)
	}
	_ = r.Merge(part) // same shape by construction
}

func compareItems(a, b SampleItem) int {
	if c := cmp.Compare(a.Key, b.Key); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// SampleItemOf copies instance i of run (which fits spec) into a
// SampleItem: its key, metadata and activations at every layer of spec.
// Distributed runs choose the sample by key first and read only the
// chosen instances with it.
func SampleItemOf(run *Run, spec *SummarySpec, i int) (SampleItem, error) {
	if i < 0 || i >= run.Len() {
		return SampleItem{}, fmt.Errorf("sample: instance %d out of range [0,%d): %w", i, run.Len(), ErrRange)
	}
	return sampleItem(run, spec, i, SampleKey(spec.Seed, run.Instances.IDs[i]))
}

// keyHeap is a max-heap of (key, id, row) candidates.
type keyHeap []candidate

type candidate struct {
	key uint64
	id  string
	row int
}

func (h keyHeap) Len() int { return len(h) }
func (h keyHeap) Less(i, j int) bool {
	if h[i].key != h[j].key {
		return h[i].key > h[j].key
	}
	return h[i].id > h[j].id
}
func (h keyHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *keyHeap) Push(x any)   { *h = append(*h, x.(candidate)) }
func (h *keyHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// AddRun adds the instances of r (which fits spec) to the reservoir: the
// keys of all instances are computed, and only the instances that make a
// stratum's PerClass smallest are read, with their activations at every
// layer of spec.
func (r *Reservoir) AddRun(run *Run, spec *SummarySpec) error {
	in := run.Instances
	heaps := make([]keyHeap, len(r.Strata))
	for i := 0; i < in.Len(); i++ {
		s := r.stratum(in.Labels[i])
		c := candidate{key: SampleKey(spec.Seed, in.IDs[i]), id: in.IDs[i], row: i}
		h := &heaps[s]
		if h.Len() < r.PerClass {
			heap.Push(h, c)
		} else if h.Len() > 0 && (c.key < (*h)[0].key || (c.key == (*h)[0].key && c.id < (*h)[0].id)) {
			(*h)[0] = c
			heap.Fix(h, 0)
		}
	}
	part := NewReservoir(len(r.Strata)-1, r.PerClass)
	for s, h := range heaps {
		items := make([]SampleItem, len(h))
		for k, c := range h {
			it, err := sampleItem(run, spec, c.row, c.key)
			if err != nil {
				return err
			}
			items[k] = it
		}
		slices.SortFunc(items, compareItems)
		part.Strata[s] = items
	}
	return r.Merge(part)
}

// sampleItem copies instance i of run into a SampleItem.
func sampleItem(run *Run, spec *SummarySpec, i int, key uint64) (SampleItem, error) {
	in := run.Instances
	it := SampleItem{Key: key, ID: in.IDs[i], Label: in.Labels[i], Predicted: in.Predicted[i]}
	if spec.Scores {
		it.Scores = slices.Clone(in.At(i).Scores())
	}
	for _, a := range in.Attrs {
		if a.Kind == Numeric {
			it.Num = append(it.Num, a.Num[i])
		} else {
			it.Str = append(it.Str, a.Str[i])
		}
	}
	it.Acts = make([][]float32, len(spec.Layers))
	for k, l := range spec.Layers {
		acts := run.Tensors[l.Name]
		row := make([]float32, acts.Dim())
		if err := acts.RowInto(i, i+1, row); err != nil {
			return SampleItem{}, fmt.Errorf("sample: layer %q, instance %q: %w", l.Name, in.IDs[i], err)
		}
		it.Acts[k] = row
	}
	return it, nil
}

// SampleRun returns the summary's sample as a run: its instances (ids,
// labels, predictions, scores, attributes) and activations at every layer,
// in memory, stratum by stratum in key order.
func (s *Summary) SampleRun() (*Run, error) {
	items := s.Sample.Items()
	n := len(items)
	in := NewInstances(s.Classes, n)
	in.Source = "sample of " + fmt.Sprint(s.Instances()) + " instances"
	if s.Scores {
		in.Scores = make([]float32, 0, n*len(s.Classes))
	}
	for k, it := range items {
		in.IDs[k], in.Labels[k], in.Predicted[k] = it.ID, it.Label, it.Predicted
		if s.Scores {
			if len(it.Scores) != len(s.Classes) {
				return nil, fmt.Errorf("sample instance %q: %d scores for %d classes: %w", it.ID, len(it.Scores), len(s.Classes), ErrSummary)
			}
			in.Scores = append(in.Scores, it.Scores...)
		}
	}
	nk, sk := 0, 0
	for _, a := range s.Attrs {
		attr := &Attribute{Name: a.Name, Kind: a.Kind}
		for _, it := range items {
			if a.Kind == Numeric {
				v := math.NaN()
				if nk < len(it.Num) {
					v = it.Num[nk]
				}
				attr.Num = append(attr.Num, v)
			} else {
				v := ""
				if sk < len(it.Str) {
					v = it.Str[sk]
				}
				attr.Str = append(attr.Str, v)
			}
		}
		if a.Kind == Numeric {
			nk++
		} else {
			sk++
			if a.Kind == Categorical {
				attr.Levels = levels(attr.Str)
			}
		}
		in.Attrs = append(in.Attrs, attr)
	}
	acts := map[string]*Activations{}
	for k, l := range s.Layers {
		data := make([]float32, 0, n*l.Dim)
		for _, it := range items {
			if len(it.Acts) != len(s.Layers) || len(it.Acts[k]) != l.Dim {
				return nil, fmt.Errorf("sample instance %q: layer %q has the wrong size: %w", it.ID, l.Name, ErrSummary)
			}
			data = append(data, it.Acts[k]...)
		}
		acts[l.Name] = NewActivations(data, n, l.Dim)
	}
	return NewRun(in, acts)
}
