package activis

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
)

// compareFixture builds two runs over the same n instances of 4 classes,
// each right with its own probability, with a d-neuron layer "fc" whose
// values depend on the instance and the run.
func compareFixture(n, d int, seed uint64) (a, b *Run) {
	rng := rand.New(rand.NewPCG(seed, 2))
	classes := []string{"c0", "c1", "c2", "c3"}
	mk := func(pRight float64, shift float32) *Run {
		in := NewInstances(classes, n)
		data := make([]float32, n*d)
		for i := range n {
			in.Labels[i] = i % 4
			in.Predicted[i] = i % 4
			if rng.Float64() >= pRight {
				in.Predicted[i] = (i%4 + 1 + rng.IntN(3)) % 4
			}
			for j := range d {
				data[i*d+j] = float32(i%7) + float32(j)*shift + float32(rng.NormFloat64())
			}
		}
		r, err := NewRun(in, map[string]*Activations{"fc": NewActivations(data, n, d)})
		if err != nil {
			panic(err)
		}
		return r
	}
	return mk(0.9, 0.1), mk(0.7, -0.2)
}

// checkPartition asserts that the comparison's four categories partition
// the instances and agree with the runs' predictions.
func checkPartition(t *testing.T, c *Comparison) {
	t.Helper()
	n := c.Len()
	if n != c.A.Len() {
		t.Fatalf("Len %d, runs have %d", n, c.A.Len())
	}
	union := NewIndexSet(n)
	sum := 0
	for _, g := range agreementKinds {
		m := c.Members(g)
		if m.Len() != n {
			t.Fatalf("%v members over %d instances, want %d", g, m.Len(), n)
		}
		if inter := m.Clone().Intersect(union); inter.Count() != 0 {
			t.Fatalf("%v overlaps an earlier category in %d instances", g, inter.Count())
		}
		union.Union(m)
		if m.Count() != c.Counts[g] {
			t.Errorf("%v: %d members, Counts says %d", g, m.Count(), c.Counts[g])
		}
		sum += m.Count()
	}
	if sum != n || union.Count() != n {
		t.Fatalf("category sizes sum to %d and cover %d instances, want %d", sum, union.Count(), n)
	}
	ia, ib := c.A.Instances, c.B.Instances
	for i := range n {
		ra := ia.Predicted[i] == ia.Labels[i]
		rb := ib.Predicted[i] == ib.Labels[i]
		want := map[[2]bool]Agreement{{true, true}: BothRight, {true, false}: OnlyARight, {false, true}: OnlyBRight, {false, false}: BothWrong}[[2]bool{ra, rb}]
		if c.Agreement[i] != want || !c.members[want].Has(i) {
			t.Fatalf("instance %d (A right %v, B right %v): %v, want %v", i, ra, rb, c.Agreement[i], want)
		}
	}
	// The subsets hold the same members, evaluated on either run.
	for k, s := range c.Subsets() {
		for _, r := range []*Run{c.A, c.B} {
			m, err := s.Members(r)
			if err != nil {
				t.Fatal(err)
			}
			if !m.Equal(c.members[k]) {
				t.Errorf("subset %q: %d members, category has %d", s.Name(), m.Count(), c.members[k].Count())
			}
		}
	}
}

func TestComparePartition(t *testing.T) {
	a, b := compareFixture(1003, 5, 1)
	c, err := Compare(a, b)
	if err != nil {
		t.Fatal(err)
	}
	checkPartition(t, c)
	for _, g := range agreementKinds {
		if c.Counts[g] == 0 {
			t.Errorf("fixture should fill every category; %v is empty", g)
		}
	}
	aa, ab := c.Accuracy()
	if math.Abs(aa-0.9) > 0.05 || math.Abs(ab-0.7) > 0.05 {
		t.Errorf("accuracies %.3f %.3f, want about 0.9 and 0.7", aa, ab)
	}
	if got := strings.Join(c.Categories(), "|"); got != "both right|A right, B wrong|A wrong, B right|both wrong" {
		t.Errorf("categories %q", got)
	}
}

func TestCompareMismatch(t *testing.T) {
	a, b := compareFixture(100, 3, 2)
	short, _ := compareFixture(99, 3, 2)
	for _, tc := range []struct {
		name string
		b    *Run
		edit func(in *Instances)
		want string
	}{
		{"count", short, nil, "run A has 100 instances, run B has 99"},
		{"id", nil, func(in *Instances) { in.IDs[17] = "x17" }, `instance 17 has id "17" in run A and "x17" in run B`},
		{"label", nil, func(in *Instances) { in.Labels[5] = (in.Labels[5] + 1) % 4 }, "instance 5 (id \"5\") is labelled"},
		{"classes", nil, func(in *Instances) { in.Classes = []string{"c0", "c1", "c2", "z"} }, `run B has "c0", "c1", "c2", "z"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rb := tc.b
			if rb == nil {
				in := *b.Instances
				in.IDs = append([]string(nil), in.IDs...)
				in.Labels = append([]int(nil), in.Labels...)
				tc.edit(&in)
				rb = &Run{Instances: &in, Tensors: b.Tensors}
			}
			_, err := Compare(a, rb)
			if !errors.Is(err, ErrRunMismatch) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want ErrRunMismatch saying %q", err, tc.want)
			}
		})
	}
	// No prediction: correctness is undefined.
	in := *b.Instances
	in.Predicted = append([]int(nil), in.Predicted...)
	in.Predicted[3] = -1
	if _, err := Compare(a, &Run{Instances: &in}, CompareOptions{NameB: "late"}); err == nil || !strings.Contains(err.Error(), `run late has no prediction for instance 3`) {
		t.Errorf("missing prediction: %v", err)
	}
	if _, err := Compare(a, b, CompareOptions{NameA: "x", NameB: "x"}); err == nil {
		t.Error("two runs named alike should be an error")
	}
}

// TestCompareMatrix checks the comparison matrix's means against a direct
// computation, for shared and unshared layers, with a subset that depends
// on each run's predictions.
func TestCompareMatrix(t *testing.T) {
	a, b := compareFixture(500, 4, 3)
	errs := NewSubset("errors", "predicted != label")
	c, err := Compare(a, b, CompareOptions{NameA: "new", NameB: "old", Subsets: []*Subset{errs}})
	if err != nil {
		t.Fatal(err)
	}
	m, err := c.Matrix("fc")
	if err != nil {
		t.Fatal(err)
	}
	wantRows := append(append(c.Categories(), "errors"), a.Instances.Classes...)
	if fmt.Sprint(m.Rows) != fmt.Sprint(wantRows) || !m.Shared {
		t.Fatalf("rows %q shared %v, want %q shared", m.Rows, m.Shared, wantRows)
	}
	for side, r := range []*Run{a, b} {
		acts := r.Tensors["fc"]
		means, counts := m.MeanA, m.CountA
		if side == 1 {
			means, counts = m.MeanB, m.CountB
		}
		for k, name := range m.Rows {
			var in func(i int) bool
			switch {
			case k < 4:
				in = func(i int) bool { return int(c.Agreement[i]) == k }
			case name == "errors":
				in = func(i int) bool { return r.Instances.Predicted[i] != r.Instances.Labels[i] }
			default:
				cls := k - 5
				in = func(i int) bool { return r.Instances.Labels[i] == cls }
			}
			sum := make([]float64, acts.Dim())
			cnt := 0
			for i := range r.Len() {
				if in(i) {
					cnt++
					for j, v := range acts.Row(i) {
						sum[j] += float64(v)
					}
				}
			}
			if cnt != counts[k] {
				t.Fatalf("side %d row %q: count %d, want %d", side, name, counts[k], cnt)
			}
			for j := range sum {
				if !near(float64(means[k][j]), sum[j]/float64(cnt), 1e-5) {
					t.Fatalf("side %d row %q neuron %d: mean %g, want %g", side, name, j, means[k][j], sum[j]/float64(cnt))
				}
			}
		}
	}
	if m.CountA[4] == m.CountB[4] {
		t.Errorf("the errors row should differ between the runs (A %d, B %d)", m.CountA[4], m.CountB[4])
	}
	d, err := m.Diff("both right")
	if err != nil || len(d) != 4 || d[0] != m.MeanB[0][0]-m.MeanA[0][0] {
		t.Errorf("Diff: %v %v", d, err)
	}
	if _, err := m.Diff("nope"); !errors.Is(err, ErrUnknownRow) {
		t.Errorf("Diff of an unknown row: %v", err)
	}
	if _, err := c.Matrix("conv"); !errors.Is(err, ErrUnknownTensor) || !strings.Contains(err.Error(), "run new") {
		t.Errorf("unknown layer: %v", err)
	}

	// Different widths: each run keeps its own columns.
	wide := NewActivations(make([]float32, 500*6), 500, 6)
	b2, err := NewRun(b.Instances, map[string]*Activations{"fc": b.Tensors["fc"], "wide": wide})
	if err != nil {
		t.Fatal(err)
	}
	c2, err := Compare(a, b2)
	if err != nil {
		t.Fatal(err)
	}
	m2, err := c2.MatrixOf("fc", "wide")
	if err != nil {
		t.Fatal(err)
	}
	if m2.Shared || len(m2.MeanA[0]) != 4 || len(m2.MeanB[0]) != 6 {
		t.Errorf("unshared layers: shared %v widths %d %d", m2.Shared, len(m2.MeanA[0]), len(m2.MeanB[0]))
	}
	if _, err := m2.Diff("both wrong"); err == nil {
		t.Error("Diff of unshared layers should be an error")
	}
}

func TestCompareAgreementRun(t *testing.T) {
	a, b := compareFixture(200, 3, 4)
	c, err := Compare(a, b, CompareOptions{NameA: "big", NameB: "small"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.AgreementRun(false)
	if err != nil {
		t.Fatal(err)
	}
	if r.Tensors["fc"] != a.Tensors["fc"] || r.Len() != 200 {
		t.Fatal("agreement run should share A's tensors")
	}
	for i := range 200 {
		x := r.At(i)
		if x.Label() != c.Agreement[i].name("big", "small") || !x.Correct() {
			t.Fatalf("instance %d: label %q", i, x.Label())
		}
		if x.Text("true class") != a.At(i).Label() || x.Text("small predicts") != b.At(i).Predicted() || x.Text("big predicts") != a.At(i).Predicted() {
			t.Fatalf("instance %d: attributes %q %q %q", i, x.Text("true class"), x.Text("big predicts"), x.Text("small predicts"))
		}
	}
	ex := NewExplorer(nil, a)
	for _, s := range c.Subsets() {
		if err := ex.Add(s); err != nil {
			t.Fatal(err)
		}
	}
	if rows := ex.Rows(); rows[0] != "both right" || rows[1] != "big right, small wrong" {
		t.Errorf("explorer rows %q", rows)
	}
}

// TestCompareDemoCheckpoints compares the demo CNN with its one-epoch
// checkpoint on the first 2,000 Fashion-MNIST test images (skipped when
// the data set is not installed): the categories partition the instances
// and match each model's own run.
func TestCompareDemoCheckpoints(t *testing.T) {
	const dir = "/usr/share/datasets/fashion-mnist/"
	img, lab := dir+"t10k-images-idx3-ubyte.gz", dir+"t10k-labels-idx1-ubyte.gz"
	if _, err := os.Stat(img); err != nil || testing.Short() {
		t.Skip("Fashion-MNIST not installed")
	}
	second := "../notebooks/data/fashion_cnn_epoch1.onnx"
	if _, err := os.Stat(second); err != nil {
		second = "testdata/fashion_cnn.onnx"
	}
	ds, err := LoadIDX(img, lab, FashionMNISTClasses)
	if err != nil {
		t.Fatal(err)
	}
	if ds, err = ds.Slice(0, 2000); err != nil {
		t.Fatal(err)
	}
	runs := make([]*Run, 2)
	for k, path := range []string{"../notebooks/data/fashion_cnn.onnx", second} {
		m, err := LoadONNX(path)
		if err != nil {
			t.Fatal(err)
		}
		if runs[k], err = m.Run(ds, "fc1"); err != nil {
			t.Fatal(err)
		}
	}
	c, err := Compare(runs[0], runs[1], CompareOptions{NameA: "final", NameB: "early"})
	if err != nil {
		t.Fatal(err)
	}
	checkPartition(t, c)
	t.Logf("%s vs %s: %v", "final", second, c)
	if c.Counts[OnlyARight]+c.Counts[OnlyBRight] == 0 {
		t.Error("two different models should disagree somewhere")
	}
	m, err := c.Matrix("fc1")
	if err != nil {
		t.Fatal(err)
	}
	if !m.Shared || len(m.MeanA[0]) != 128 || m.CountA[0] != c.Counts[BothRight] {
		t.Errorf("fc1 matrix: shared %v, width %d, both-right count %d", m.Shared, len(m.MeanA[0]), m.CountA[0])
	}
}

// BenchmarkCompare times Compare (the agreement categories) and
// Comparison.Matrix (the rows of both runs: 4 categories + 4 classes) on
// 1e5 instances × 128 neurons, against the baseline of one Aggregate pass
// per run over the same groups (what Matrix costs at least).
func BenchmarkCompare(b *testing.B) {
	const n, d = 100_000, 128
	a, r := compareFixture(n, d, 9)
	b.Run("categories", func(b *testing.B) {
		for b.Loop() {
			if _, err := Compare(a, r); err != nil {
				b.Fatal(err)
			}
		}
	})
	c, err := Compare(a, r)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("matrix", func(b *testing.B) {
		for b.Loop() {
			if _, err := c.Matrix("fc"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("baseline-aggregate", func(b *testing.B) {
		groups := make([]*IndexSet, 0, 8)
		for _, g := range agreementKinds {
			groups = append(groups, c.members[g])
		}
		for k := range 4 {
			cls := NewIndexSet(n)
			for i, l := range a.Instances.Labels {
				if l == k {
					cls.Add(i)
				}
			}
			groups = append(groups, cls)
		}
		for b.Loop() {
			for _, run := range []*Run{a, r} {
				if _, err := Aggregate(b.Context(), run.Tensors["fc"], groups, AggregateOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
