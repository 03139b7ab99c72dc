package activis

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"testing/quick"
)

// summaryRun builds a run of n instances over 4 classes (one class rare),
// some unknown labels, predictions, scores, a numeric, a categorical and a
// text attribute, and two layers (d and 3 neurons) with a few NaN values.
func summaryRun(t testing.TB, seed uint64, n, d int) *Run {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 7))
	classes := []string{"cat", "dog", "owl", "yak"}
	in := NewInstances(classes, n)
	in.Source = "summary fixture"
	in.Scores = make([]float32, n*len(classes))
	num := make([]float64, n)
	cat := make([]string, n)
	txt := make([]string, n)
	words := []string{"red", "green", "blue", "great", "poor"}
	for i := range n {
		in.IDs[i] = "inst-" + strconv.Itoa(i)
		switch l := rng.IntN(20); {
		case l == 0:
			in.Labels[i] = -1
		case l == 1:
			in.Labels[i] = 2 // the rare class
		default:
			in.Labels[i] = []int{0, 1, 3}[l%3]
		}
		in.Predicted[i] = rng.IntN(len(classes))
		if rng.IntN(3) > 0 && in.Labels[i] >= 0 {
			in.Predicted[i] = in.Labels[i]
		}
		for c := range classes {
			in.Scores[i*len(classes)+c] = rng.Float32()
		}
		num[i] = rng.NormFloat64()
		if i%17 == 0 {
			num[i] = math.NaN()
		}
		cat[i] = []string{"a", "b", "c"}[rng.IntN(3)]
		txt[i] = words[rng.IntN(5)] + " and " + words[rng.IntN(5)]
	}
	if err := in.SetNumeric("x", num); err != nil {
		t.Fatal(err)
	}
	if err := in.SetText("kind", cat, true); err != nil {
		t.Fatal(err)
	}
	if err := in.SetText("review", txt, false); err != nil {
		t.Fatal(err)
	}
	mk := func(d int, shift float32) *Activations {
		data := make([]float32, n*d)
		for k := range data {
			data[k] = float32(rng.NormFloat64())*2 + shift
		}
		data[5*d%len(data)] = float32(math.NaN())
		return NewActivations(data, n, d)
	}
	run, err := NewRun(in, map[string]*Activations{"fc": mk(d, 0.5), "logits": mk(3, -1)})
	if err != nil {
		t.Fatal(err)
	}
	return run
}

var summarySubsets = []*Subset{
	NewSubset("bright", `x > 0.5 && kind != "c"`),
	NewSubset("great", `"great" in words`),
	NewSubset("fc3 high", `act("fc", 3) > 1`),
}

func summaryOpts() SummaryOptions {
	return SummaryOptions{Subsets: summarySubsets, SamplePerClass: 40, Seed: 11}
}

// TestSummarizeMatchesExplorer: the summary's rows equal the local
// explorer's statistics of the same subsets.
func TestSummarizeMatchesExplorer(t *testing.T) {
	run := summaryRun(t, 1, 3000, 24)
	s, err := Summarize(context.Background(), run, summaryOpts())
	if err != nil {
		t.Fatal(err)
	}
	if s.Instances() != 3000 {
		t.Fatalf("instances %d", s.Instances())
	}
	ex := NewExplorer(nil, run)
	for _, sub := range append(summarySubsets, PredictedSubset("owl"), CorrectSubset(false)) {
		if err := ex.Add(sub); err != nil {
			t.Fatal(err)
		}
	}
	for _, layer := range []string{"fc", "logits"} {
		st, err := ex.Stats(layer)
		if err != nil {
			t.Fatal(err)
		}
		if len(st.Rows) != 4+5 {
			t.Fatalf("%d rows", len(st.Rows))
		}
		for _, want := range st.Rows {
			got, err := s.Row(layer, want.Name)
			if err != nil {
				t.Fatal(err)
			}
			checkRow(t, layer+"/"+want.Name, got, want, 1e-6)
			if got.Expr != want.Expr {
				t.Errorf("%s: expr %q, want %q", want.Name, got.Expr, want.Expr)
			}
		}
		if st.NaN != 1 {
			t.Errorf("%s: NaN %d", layer, st.NaN)
		}
	}
	if _, err := s.Row("fc", "nope"); !errors.Is(err, ErrUnknownRow) {
		t.Errorf("unknown row: %v", err)
	}
	if _, err := s.Row("nope", "cat"); !errors.Is(err, ErrUnknownTensor) {
		t.Errorf("unknown layer: %v", err)
	}
}

// TestStandardRowsMatchExpressions: the direct membership tests of the
// standard rows give the members their expressions give.
func TestStandardRowsMatchExpressions(t *testing.T) {
	run := summaryRun(t, 12, 3000, 2)
	rows, err := SummaryRows(run.Instances.Classes, nil)
	if err != nil {
		t.Fatal(err)
	}
	std := standardRows(run.Instances.Classes)
	if len(std) != len(rows) {
		t.Fatalf("%d direct tests for %d standard rows", len(std), len(rows))
	}
	for _, r := range rows {
		want, err := NewSubset(r.Name, r.Expr).Members(run)
		if err != nil {
			t.Fatal(err)
		}
		if got := membersWhere(run.Instances, std[r.Expr]); !got.Equal(want) || want.Count() == 0 {
			t.Errorf("%s: %d members, expression %d", r.Name, got.Count(), want.Count())
		}
	}
}

// TestSummarySampleStratified: every class keeps min(size, PerClass)
// instances, those with the smallest keys, with their metadata and
// activations.
func TestSummarySampleStratified(t *testing.T) {
	run := summaryRun(t, 2, 2000, 8)
	s, err := Summarize(context.Background(), run, summaryOpts())
	if err != nil {
		t.Fatal(err)
	}
	in := run.Instances
	strata := make([][]int, len(in.Classes)+1)
	for i, l := range in.Labels {
		if l < 0 {
			l = len(in.Classes)
		}
		strata[l] = append(strata[l], i)
	}
	fc := run.Tensors["fc"]
	for k, members := range strata {
		slices.SortFunc(members, func(a, b int) int {
			ka, kb := SampleKey(11, in.IDs[a]), SampleKey(11, in.IDs[b])
			if ka < kb {
				return -1
			}
			if ka > kb {
				return 1
			}
			return 0
		})
		want := members[:min(len(members), 40)]
		got := s.Sample.Strata[k]
		if len(got) != len(want) {
			t.Fatalf("stratum %d: %d sampled, want %d (of %d)", k, len(got), len(want), len(members))
		}
		for j, i := range want {
			it := got[j]
			if it.ID != in.IDs[i] || it.Label != in.Labels[i] || it.Predicted != in.Predicted[i] {
				t.Fatalf("stratum %d item %d: %+v, want instance %d", k, j, it.ID, i)
			}
			if !slices.Equal(it.Scores, in.At(i).Scores()) {
				t.Fatalf("scores of %s", it.ID)
			}
			if !slices.EqualFunc(it.Acts[0], fc.Row(i), func(a, b float32) bool { return a == b || (a != a && b != b) }) {
				t.Fatalf("activations of %s", it.ID)
			}
			if it.Str[1] != in.Attrs[2].Str[i] {
				t.Fatalf("text of %s: %q", it.ID, it.Str[1])
			}
		}
	}
	// The rare class (about 5% of 2000) has more than 40 here; a class
	// with fewer is kept whole.
	small := summaryRun(t, 3, 300, 4)
	s2, err := Summarize(context.Background(), small, summaryOpts())
	if err != nil {
		t.Fatal(err)
	}
	owls := 0
	for _, l := range small.Instances.Labels {
		if l == 2 {
			owls++
		}
	}
	if owls >= 40 || len(s2.Sample.Strata[2]) != owls {
		t.Errorf("rare class: %d sampled of %d", len(s2.Sample.Strata[2]), owls)
	}
}

// splitRun cuts run at the given sorted cut points.
func splitRun(t testing.TB, run *Run, cuts []int) []*Run {
	var parts []*Run
	lo := 0
	for _, hi := range append(cuts, run.Len()) {
		in, err := run.Instances.Slice(lo, hi)
		if err != nil {
			t.Fatal(err)
		}
		acts := map[string]*Activations{}
		for name, a := range run.Tensors {
			if acts[name], err = a.Slice(lo, hi); err != nil {
				t.Fatal(err)
			}
		}
		p, err := NewRun(in, acts)
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, p)
		lo = hi
	}
	return parts
}

// equalSummaries compares two summaries: everything exact but the sums
// (relative tol).
func equalSummaries(t testing.TB, what string, a, b *Summary, tol float64) bool {
	t.Helper()
	if !reflect.DeepEqual(a.SummarySpec, b.SummarySpec) {
		t.Errorf("%s: specs differ:\n%+v\n%+v", what, a.SummarySpec, b.SummarySpec)
		return false
	}
	for _, l := range a.Layers {
		x, y := a.Stats[l.Name], b.Stats[l.Name]
		if !slices.Equal(x.count, y.count) || !slices.Equal(x.active, y.active) || !slices.Equal(x.min, y.min) ||
			!slices.Equal(x.max, y.max) || !slices.Equal(x.bad, y.bad) || x.instances != y.instances || x.nan != y.nan ||
			x.inf != y.inf || x.badRows != y.badRows {
			t.Errorf("%s: layer %s: exact statistics differ", what, l.Name)
			return false
		}
		for k := range x.sum {
			if !near(x.sum[k], y.sum[k], tol*(1+math.Abs(y.sum[k]))) || !near(x.sumSq[k], y.sumSq[k], tol*(1+math.Abs(y.sumSq[k]))) {
				t.Errorf("%s: layer %s: sum %d: %v vs %v", what, l.Name, k, x.sum[k], y.sum[k])
				return false
			}
		}
	}
	if !sameSample(a.Sample, b.Sample) {
		t.Errorf("%s: samples differ (%d and %d items)", what, a.Sample.Len(), b.Sample.Len())
		return false
	}
	return true
}

// sameSample compares reservoirs item by item, activations bit for bit
// (NaN included).
func sameSample(a, b *Reservoir) bool {
	if a.PerClass != b.PerClass || len(a.Strata) != len(b.Strata) {
		return false
	}
	bits := func(x float32) uint32 { return math.Float32bits(x) }
	for k := range a.Strata {
		if len(a.Strata[k]) != len(b.Strata[k]) {
			return false
		}
		for j := range a.Strata[k] {
			x, y := a.Strata[k][j], b.Strata[k][j]
			if x.Key != y.Key || x.ID != y.ID || x.Label != y.Label || x.Predicted != y.Predicted ||
				!slices.Equal(x.Scores, y.Scores) || !slices.Equal(x.Str, y.Str) || len(x.Acts) != len(y.Acts) ||
				!slices.EqualFunc(x.Num, y.Num, func(p, q float64) bool { return math.Float64bits(p) == math.Float64bits(q) }) {
				return false
			}
			for l := range x.Acts {
				if !slices.EqualFunc(x.Acts[l], y.Acts[l], func(p, q float32) bool { return bits(p) == bits(q) }) {
					return false
				}
			}
		}
	}
	return true
}

// TestSummaryMergeAnySplit: summaries of random splits of a run, merged in
// random orders and groupings, equal the summary of the whole run
// (property test over seeds with testing/quick).
func TestSummaryMergeAnySplit(t *testing.T) {
	run := summaryRun(t, 4, 1500, 12)
	ctx := context.Background()
	whole, err := Summarize(ctx, run, summaryOpts())
	if err != nil {
		t.Fatal(err)
	}
	spec := whole.SummarySpec
	prop := func(seed uint64) bool {
		rng := rand.New(rand.NewPCG(seed, 3))
		k := 1 + rng.IntN(9)
		cuts := make([]int, 0, k)
		for range k {
			cuts = append(cuts, rng.IntN(run.Len()+1))
		}
		slices.Sort(cuts)
		var parts []*Summary
		for _, p := range splitRun(t, run, cuts) {
			s, err := SummarizeSpec(ctx, p, spec, nil)
			if err != nil {
				t.Fatal(err)
			}
			parts = append(parts, s)
		}
		// Merge in random pairs until one is left (random order and tree).
		for len(parts) > 1 {
			i, j := rng.IntN(len(parts)), rng.IntN(len(parts)-1)
			if j >= i {
				j++
			}
			if err := parts[i].Merge(parts[j]); err != nil {
				t.Fatal(err)
			}
			parts = append(parts[:j], parts[j+1:]...)
		}
		// The identity: an empty summary merged in changes nothing.
		if err := parts[0].Merge(NewSummary(spec)); err != nil {
			t.Fatal(err)
		}
		return equalSummaries(t, "seed "+strconv.FormatUint(seed, 10), parts[0], whole, 1e-12)
	}
	if err := quick.Check(prop, &quick.Config{MaxCount: 15}); err != nil {
		t.Error(err)
	}
}

// TestSummaryMergeCommutes: a.Merge(b) and b.Merge(a) are identical, bit
// for bit once saved.
func TestSummaryMergeCommutes(t *testing.T) {
	run := summaryRun(t, 5, 900, 6)
	ctx := context.Background()
	whole, err := Summarize(ctx, run, summaryOpts())
	if err != nil {
		t.Fatal(err)
	}
	prop := func(cut uint16) bool {
		parts := splitRun(t, run, []int{int(cut) % (run.Len() + 1)})
		sum := func(i int) *Summary {
			s, err := SummarizeSpec(ctx, parts[i], whole.SummarySpec, nil)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		ab, ba := sum(0), sum(1)
		if err := ab.Merge(sum(1)); err != nil {
			t.Fatal(err)
		}
		if err := ba.Merge(sum(0)); err != nil {
			t.Fatal(err)
		}
		x, err := ab.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		y, err := ba.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		return bytes.Equal(x, y)
	}
	if err := quick.Check(prop, &quick.Config{MaxCount: 20}); err != nil {
		t.Error(err)
	}
}

func TestSummaryMergeMismatch(t *testing.T) {
	ctx := context.Background()
	run := summaryRun(t, 6, 200, 6)
	a, err := Summarize(ctx, run, summaryOpts())
	if err != nil {
		t.Fatal(err)
	}
	opt := summaryOpts()
	opt.Seed = 12
	b, err := Summarize(ctx, run, opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Merge(b); !errors.Is(err, ErrSummary) {
		t.Errorf("other seed: %v", err)
	}
	opt = summaryOpts()
	opt.Subsets = opt.Subsets[:1]
	c, err := Summarize(ctx, run, opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Merge(c); !errors.Is(err, ErrSummary) {
		t.Errorf("other rows: %v", err)
	}
	// A shard with other layers does not fit the spec.
	other := summaryRun(t, 6, 50, 7)
	if _, err := SummarizeSpec(ctx, other, a.SummarySpec, nil); !errors.Is(err, ErrSummary) {
		t.Errorf("other dims: %v", err)
	}
}

func TestSummaryRowsErrors(t *testing.T) {
	run := summaryRun(t, 7, 100, 4)
	ctx := context.Background()
	for name, sub := range map[string]*Subset{
		"index":     NewSubset("first", "index < 10"),
		"predicate": SubsetFunc("f", func(Instance) bool { return true }),
		"list":      IndexSubset("l", 1, 2),
		"syntax":    NewSubset("bad", `label == `),
		"class":     NewSubset("bad", `label == "emu"`),
		"duplicate": NewSubset("cat", `label == "cat"`),
	} {
		if _, err := Summarize(ctx, run, SummaryOptions{Subsets: []*Subset{sub}}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestSummarySaveLoad(t *testing.T) {
	run := summaryRun(t, 8, 1200, 10)
	s, err := Summarize(context.Background(), run, SummaryOptions{Subsets: summarySubsets, SamplePerClass: 30, Seed: 1 << 63, Source: "shards/*.npy"})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "summary.npz")
	if err := s.Save(path); err != nil {
		t.Fatal(err)
	}
	got, err := LoadSummary(path)
	if err != nil {
		t.Fatal(err)
	}
	if !equalSummaries(t, "round trip", got, s, 0) {
		return
	}
	// The archive is an .npz of the documented members; float members
	// load with LoadNPZ.
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	zr.Close()
	for _, want := range []string{"summary.json", "stats/0/count.npy", "stats/0/sum.npy", "stats/0/sumsq.npy", "stats/0/active.npy",
		"stats/0/min.npy", "stats/0/max.npy", "stats/0/nonfinite.npy", "stats/1/sum.npy", "sample/keys.npy", "sample/scores.npy",
		"sample/num.npy", "sample/act/0.npy", "sample/act/1.npy"} {
		if !slices.Contains(names, want) {
			t.Errorf("member %s missing (have %v)", want, names)
		}
	}
	// Corrupt files fail with the file's name.
	b, _ := os.ReadFile(path)
	bad := filepath.Join(t.TempDir(), "bad.npz")
	os.WriteFile(bad, b[:len(b)/2], 0o644)
	if _, err := LoadSummary(bad); err == nil || !bytes.Contains([]byte(err.Error()), []byte("bad.npz")) {
		t.Errorf("truncated: %v", err)
	}
	os.WriteFile(bad, []byte("not a zip"), 0o644)
	if _, err := LoadSummary(bad); err == nil {
		t.Error("garbage: no error")
	}
}

func TestExplorerFromSummary(t *testing.T) {
	run := summaryRun(t, 9, 2500, 16)
	ctx := context.Background()
	s, err := Summarize(ctx, run, summaryOpts())
	if err != nil {
		t.Fatal(err)
	}
	ex, err := NewExplorerFromSummary(nil, s)
	if err != nil {
		t.Fatal(err)
	}
	local := NewExplorer(nil, run)
	for _, sub := range summarySubsets {
		if err := local.Add(sub); err != nil {
			t.Fatal(err)
		}
	}
	check := func() {
		t.Helper()
		got, err := ex.Stats("fc")
		if err != nil {
			t.Fatal(err)
		}
		want, err := local.Stats("fc")
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(rowNames(got), rowNames(want)) {
			t.Fatalf("rows %v, want %v", rowNames(got), rowNames(want))
		}
		for k := range want.Rows {
			if want.Rows[k].Kind == InstanceRow {
				continue
			}
			checkRow(t, want.Rows[k].Name, got.Rows[k], want.Rows[k], 1e-6)
		}
		if got.NaN != want.NaN {
			t.Errorf("NaN %d, want %d", got.NaN, want.NaN)
		}
	}
	check()
	// Standard rows of the summary come back by expression.
	for _, sub := range []*Subset{PredictedSubset("dog"), CorrectSubset(true)} {
		if err := ex.Add(sub); err != nil {
			t.Fatal(err)
		}
		if err := local.Add(sub); err != nil {
			t.Fatal(err)
		}
	}
	check()
	// Subsets the summary lacks are refused, not estimated from the sample.
	if err := ex.AddSubset("new", `x > 2`); !errors.Is(err, ErrNotInSummary) {
		t.Errorf("new subset: %v", err)
	}
	if err := ex.AddSubsetFunc("f", func(Instance) bool { return true }); !errors.Is(err, ErrNotInSummary) {
		t.Errorf("predicate: %v", err)
	}
	// A selection of sampled instances is aggregated from them.
	if err := ex.Add(IndexSubset("lasso", 0, 3, 5)); err != nil {
		t.Fatal(err)
	}
	st, err := ex.Stats("fc")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range st.Rows {
		if r.Name == "lasso" && r.Count != 3 {
			t.Errorf("lasso count %d", r.Count)
		}
	}
	// Instance rows, the sample and the projection come from the sample.
	if err := ex.AddInstances(7); err != nil {
		t.Fatal(err)
	}
	if got := len(ex.Sample()); got != s.Sample.Len() {
		t.Errorf("sample %d, want %d", got, s.Sample.Len())
	}
	p, err := ex.Projection("fc")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.IDs) < s.Sample.Len()-2 {
		t.Errorf("projection of %d", len(p.IDs))
	}
	rep, err := ex.Report("fc")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := local.Report("fc")
	if !reflect.DeepEqual(rep.Dead, want.Dead) {
		t.Errorf("report %+v, want %+v", rep, want)
	}
	if ex.Summary() != s || ex.Run().Len() != s.Sample.Len() {
		t.Error("Summary/Run")
	}
}

// synthetic returns a copy of s standing for a summary of scale times as
// many instances (counts, sums scaled; ids of the sample renamed by tag).
func synthetic(s *Summary, scale int64, tag string) *Summary {
	out := NewSummary(s.SummarySpec)
	for name, acc := range s.Stats {
		c := acc.Clone()
		for k := range c.count {
			c.count[k] *= scale
		}
		for k := range c.sum {
			c.sum[k] *= float64(scale)
			c.sumSq[k] *= float64(scale)
			c.active[k] *= scale
		}
		c.instances *= scale
		out.Stats[name] = c
	}
	for k, st := range s.Sample.Strata {
		for _, it := range st {
			it.ID = tag + it.ID
			it.Key = SampleKey(s.Seed, it.ID)
			out.Sample.Strata[k] = mergeItems(out.Sample.Strata[k], []SampleItem{it}, s.SamplePerClass)
		}
	}
	return out
}

// TestSummarySizeIndependentOfN: the summary of 1e9 instances (1,000
// synthetic summaries of 1e6 each, merged) is as small as one of 1e6.
func TestSummarySizeIndependentOfN(t *testing.T) {
	run := summaryRun(t, 10, 2000, 16)
	base, err := Summarize(context.Background(), run, summaryOpts())
	if err != nil {
		t.Fatal(err)
	}
	million := synthetic(base, 500, "m-") // 2000 × 500 = 1e6 instances
	small, err := million.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	total := NewSummary(base.SummarySpec)
	for k := range 1000 {
		if err := total.Merge(synthetic(base, 500, strconv.Itoa(k)+"-")); err != nil {
			t.Fatal(err)
		}
	}
	if total.Instances() != 1e9 || million.Instances() != 1e6 {
		t.Fatalf("instances %d and %d", total.Instances(), million.Instances())
	}
	big, err := total.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("summary of 1e6 instances: %d bytes; of 1e9: %d bytes", len(small), len(big))
	if float64(len(big)) > 1.01*float64(len(small)) {
		t.Errorf("1e9 summary %d bytes, 1e6 %d", len(big), len(small))
	}
	if total.Sample.Len() != million.Sample.Len() {
		t.Errorf("sample %d vs %d", total.Sample.Len(), million.Sample.Len())
	}
}

// BenchmarkSummaryMerge1000 merges 1,000 summaries (4 classes, 16 rows, two
// layers of 512 and 3 neurons, 40 sampled per class).
func BenchmarkSummaryMerge1000(b *testing.B) {
	run := summaryRun(b, 11, 2000, 512)
	base, err := Summarize(context.Background(), run, summaryOpts())
	if err != nil {
		b.Fatal(err)
	}
	parts := make([]*Summary, 1000)
	for k := range parts {
		parts[k] = synthetic(base, 1, strconv.Itoa(k)+"-")
	}
	b.ResetTimer()
	for range b.N {
		total := NewSummary(base.SummarySpec)
		for _, p := range parts {
			if err := total.Merge(p); err != nil {
				b.Fatal(err)
			}
		}
	}
}
