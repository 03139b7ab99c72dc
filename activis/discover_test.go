package activis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// discoverFixture builds n instances of 10 classes whose predictions are
// right 90% of the time, with distractor attributes (numeric and
// categorical, unrelated to the errors) and a planted attribute "batch":
// the instances of batch "b7" (3% of them) have their labels flipped, so
// the model is wrong on every one. nums and cats set the number of
// distractors.
func discoverFixture(n, nums, cats int, plant bool, seed uint64) *Instances {
	rng := rand.New(rand.NewPCG(seed, 1))
	classes := make([]string, 10)
	for c := range classes {
		classes[c] = fmt.Sprintf("c%d", c)
	}
	in := NewInstances(classes, n)
	batch := make([]string, n)
	for i := range n {
		l := rng.IntN(10)
		p := l
		if rng.Float64() < 0.1 {
			p = (l + 1 + rng.IntN(9)) % 10
		}
		batch[i] = fmt.Sprintf("b%d", rng.IntN(10))
		if plant && rng.Float64() < 0.03 {
			batch[i] = "b7x"
			l = (p + 1 + rng.IntN(9)) % 10 // a flipped label
		}
		in.Labels[i], in.Predicted[i] = l, p
	}
	if err := in.SetText("batch", batch, true); err != nil {
		panic(err)
	}
	for a := range nums {
		v := make([]float64, n)
		for i := range v {
			v[i] = rng.NormFloat64()
		}
		if err := in.SetNumeric(fmt.Sprintf("x%d", a), v); err != nil {
			panic(err)
		}
	}
	for a := range cats {
		v := make([]string, n)
		for i := range v {
			v[i] = fmt.Sprintf("v%d", rng.IntN(5))
		}
		if err := in.SetText(fmt.Sprintf("k%d", a), v, true); err != nil {
			panic(err)
		}
	}
	return in
}

func mustRun(t testing.TB, in *Instances) *Run {
	t.Helper()
	r, err := NewRun(in, nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// checkSlice checks that a slice's expression selects exactly the
// instances it reports.
func checkSlice(t *testing.T, r *Run, s Suggestion) {
	t.Helper()
	m, err := s.Subset().Members(r)
	if err != nil {
		t.Fatalf("slice %q: %v", s.Name, err)
	}
	n, e := 0, 0
	for i := range m.All() {
		if r.Instances.Labels[i] >= 0 && r.Instances.Predicted[i] >= 0 {
			n++
			if r.Instances.Labels[i] != r.Instances.Predicted[i] {
				e++
			}
		}
	}
	if n != s.Size || e != s.Errors {
		t.Errorf("slice %q (%s): expression selects %d instances with %d errors, reported %d with %d", s.Name, s.Expr, n, e, s.Size, s.Errors)
	}
}

func TestDiscoverPlantedSlice(t *testing.T) {
	in := discoverFixture(20000, 6, 6, true, 1)
	r := mustRun(t, in)
	for _, depth := range []int{1, 2, 3} {
		d, err := Discover(r, DiscoverOptions{Depth: depth})
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Slices) == 0 {
			t.Fatalf("depth %d: no slices", depth)
		}
		top := d.Slices[0]
		if top.Expr != `text("batch") == "b7x"` {
			t.Errorf("depth %d: top slice %q (%s), want the planted batch; all: %v", depth, top.Name, top.Expr, names(d.Slices))
		}
		if top.ErrorRate < 0.99 || top.PValue > 1e-10 {
			t.Errorf("depth %d: planted slice error rate %.3f p %.3g", depth, top.ErrorRate, top.PValue)
		}
		if !strings.Contains(top.Reason, "misclassified") {
			t.Errorf("reason %q", top.Reason)
		}
		for _, s := range d.Slices {
			checkSlice(t, r, s)
			if len(s.Predicates) > depth {
				t.Errorf("depth %d: slice %q has %d predicates", depth, s.Name, len(s.Predicates))
			}
		}
		// Conjunctions inside the planted slice are not repeated.
		for _, s := range d.Slices[1:] {
			if strings.Contains(s.Expr, "b7x") {
				t.Errorf("depth %d: redundant slice %q reported after the planted one", depth, s.Name)
			}
		}
		if d.Instances != 20000 || d.Tested == 0 {
			t.Errorf("instances %d tested %d", d.Instances, d.Tested)
		}
	}
}

func names(s []Suggestion) []string {
	var out []string
	for _, x := range s {
		out = append(out, x.Name)
	}
	return out
}

// TestDiscoverNull: with errors independent of every attribute, nothing
// is significant after the correction.
func TestDiscoverNull(t *testing.T) {
	for seed := range uint64(3) {
		in := discoverFixture(20000, 6, 6, false, seed+10)
		d, err := Discover(mustRun(t, in), DiscoverOptions{Attrs: []string{"batch", "x0", "x1", "x2", "x3", "x4", "x5", "k0", "k1", "k2", "k3", "k4", "k5"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Slices) != 0 {
			t.Errorf("seed %d: %d false discoveries: %v", seed, len(d.Slices), names(d.Slices))
		}
	}
}

// TestDiscoverInteraction plants errors in a conjunction whose parts are
// each only mildly worse; depth 2 finds the conjunction, depth 1 only the
// parts, depth 3 a planted triple.
func TestDiscoverInteraction(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	n := 30000
	in := NewInstances([]string{"a", "b"}, n)
	k := [3][]string{make([]string, n), make([]string, n), make([]string, n)}
	for i := range n {
		for j := range k {
			k[j][i] = fmt.Sprintf("v%d", rng.IntN(4))
		}
		in.Labels[i] = rng.IntN(2)
		in.Predicted[i] = in.Labels[i]
		wrong := rng.Float64() < 0.05
		if k[0][i] == "v1" && k[1][i] == "v2" && rng.Float64() < 0.5 {
			wrong = true
		}
		if k[0][i] == "v3" && k[1][i] == "v0" && k[2][i] == "v3" {
			wrong = true
		}
		if wrong {
			in.Predicted[i] = 1 - in.Labels[i]
		}
	}
	for j := range k {
		if err := in.SetText(fmt.Sprintf("k%d", j), k[j], true); err != nil {
			t.Fatal(err)
		}
	}
	r := mustRun(t, in)
	d, err := Discover(r, DiscoverOptions{Attrs: []string{"k0", "k1", "k2"}})
	if err != nil {
		t.Fatal(err)
	}
	want := `text("k0") == "v1" && text("k1") == "v2"`
	if len(d.Slices) == 0 || d.Slices[0].Expr != want {
		t.Fatalf("depth 2: want %s first, got %v", want, names(d.Slices))
	}
	d3, err := Discover(r, DiscoverOptions{Attrs: []string{"k0", "k1", "k2"}, Depth: 3})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, s := range d3.Slices {
		checkSlice(t, r, s)
		if s.Expr == `text("k0") == "v3" && text("k1") == "v0" && text("k2") == "v3"` {
			found = true
		}
	}
	if !found {
		t.Errorf("depth 3: planted triple not found in %v", names(d3.Slices))
	}
}

func TestDiscoverNumericBins(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	n := 10000
	in := NewInstances([]string{"a", "b"}, n)
	x := make([]float64, n)
	flag := make([]float64, n)
	for i := range n {
		x[i] = rng.Float64() * 100
		flag[i] = float64(rng.IntN(2))
		in.Labels[i] = 0
		in.Predicted[i] = 0
		if x[i] >= 75 && rng.Float64() < 0.4 || rng.Float64() < 0.05 {
			in.Predicted[i] = 1
		}
		if i%97 == 0 {
			x[i] = math.NaN()
		}
	}
	_ = in.SetNumeric("x", x)
	_ = in.SetNumeric("flag", flag)
	r := mustRun(t, in)
	d, err := Discover(r, DiscoverOptions{Depth: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Slices) == 0 || !strings.HasPrefix(d.Slices[0].Name, "x ≥ 7") {
		t.Fatalf("want the top quartile of x first, got %v", names(d.Slices))
	}
	for _, s := range d.Slices {
		checkSlice(t, r, s)
		if strings.Contains(s.Name, "flag") {
			t.Errorf("flag is unrelated to the errors: %q", s.Name)
		}
	}
	// Within restricts the counted instances.
	dw, err := Discover(r, DiscoverOptions{Depth: 1, Within: `attr("flag") == 1.0`})
	if err != nil {
		t.Fatal(err)
	}
	cnt := 0
	for _, v := range flag {
		if v == 1 {
			cnt++
		}
	}
	if dw.Instances != cnt {
		t.Errorf("within: %d instances, want %d", dw.Instances, cnt)
	}
	if _, err := Discover(r, DiscoverOptions{Within: `nosuch > 1`}); err == nil {
		t.Error("bad Within expression: no error")
	}
	if _, err := Discover(r, DiscoverOptions{Attrs: []string{"nosuch"}}); err == nil {
		t.Error("unknown attribute: no error")
	}
}

func TestDiscoverBonferroni(t *testing.T) {
	r := mustRun(t, discoverFixture(20000, 3, 3, true, 2))
	bh, err := Discover(r, DiscoverOptions{Top: 100})
	if err != nil {
		t.Fatal(err)
	}
	bf, err := Discover(r, DiscoverOptions{Top: 100, Bonferroni: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(bf.Slices) > len(bh.Slices) || len(bf.Slices) == 0 {
		t.Fatalf("Bonferroni kept %d slices, Benjamini–Hochberg %d", len(bf.Slices), len(bh.Slices))
	}
	if bf.Slices[0].PValue < bh.Slices[0].PValue {
		t.Errorf("Bonferroni p %g below BH p %g", bf.Slices[0].PValue, bh.Slices[0].PValue)
	}
}

// TestDiscoverWords: a word of a text attribute that the model gets wrong.
func TestDiscoverWords(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	n := 5000
	in := NewInstances([]string{"a", "b"}, n)
	vocab := []string{"alpha", "beta", "gamma", "delta", "eps", "zeta", "eta", "theta"}
	text := make([]string, n)
	for i := range n {
		var w []string
		for range 4 {
			w = append(w, vocab[rng.IntN(len(vocab))])
		}
		text[i] = strings.Join(w, " ")
		in.Labels[i] = 0
		in.Predicted[i] = 0
		if strings.Contains(text[i], "theta") && rng.Float64() < 0.5 || rng.Float64() < 0.05 {
			in.Predicted[i] = 1
		}
	}
	_ = in.SetText("text", text, false)
	r := mustRun(t, in)
	d, err := Discover(r, DiscoverOptions{Words: 8, Depth: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Slices) == 0 || d.Slices[0].Expr != `"theta" in tokens(text("text"))` {
		t.Fatalf("want the word theta first, got %v", names(d.Slices))
	}
	checkSlice(t, r, d.Slices[0])
}

// TestDiscoverClusters: misclassified instances in two groups, each with
// its own active neuron, against correct ones near zero.
func TestDiscoverClusters(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	n, D := 6000, 12
	in := NewInstances([]string{"a", "b", "c"}, n)
	acts := make([]float32, n*D)
	group := make([]int, n)
	for i := range n {
		in.Labels[i] = i % 3
		in.Predicted[i] = i % 3
		row := acts[i*D : (i+1)*D]
		for j := range row {
			row[j] = float32(rng.NormFloat64() * 0.3)
		}
		switch {
		case i%10 == 0: // wrong: a → b, neuron 3 high
			in.Labels[i], in.Predicted[i] = 0, 1
			row[3] += 4
			group[i] = 1
		case i%10 == 5: // wrong: c → a, neuron 7 low
			in.Labels[i], in.Predicted[i] = 2, 0
			row[7] -= 4
			group[i] = 2
		}
	}
	r, err := NewRun(in, map[string]*Activations{"fc": NewActivations(acts, n, D)})
	if err != nil {
		t.Fatal(err)
	}
	ex := NewExplorer(nil, r)
	d, err := ex.Discover(DiscoverOptions{Clusters: 2, ClusterSample: 300, Depth: 1})
	if err != nil {
		t.Fatal(err)
	}
	if d.Layer != "fc" || len(d.Clusters) != 2 {
		t.Fatalf("layer %q, %d clusters", d.Layer, len(d.Clusters))
	}
	seen := map[int]bool{}
	for _, c := range d.Clusters {
		g := group[c.Indices[0]]
		for _, i := range c.Indices {
			if seen[i] {
				t.Fatalf("instance %d in two clusters", i)
			}
			seen[i] = true
			if group[i] != g {
				t.Errorf("cluster %q mixes the planted groups", c.Name)
				break
			}
		}
		wantNeuron, wantLabel, wantPred := 3, "a", "b"
		if g == 2 {
			wantNeuron, wantLabel, wantPred = 7, "c", "a"
		}
		if c.Label != wantLabel || c.Predicted != wantPred || c.LabelShare != 1 {
			t.Errorf("cluster %q: %s → %s (%.2f)", c.Name, c.Label, c.Predicted, c.LabelShare)
		}
		if len(c.Neurons) == 0 || c.Neurons[0].Neuron != wantNeuron {
			t.Errorf("cluster %q: separating neurons %+v, want %d first", c.Name, c.Neurons, wantNeuron)
		}
		if err := ex.Add(c.Subset()); err != nil {
			t.Fatal(err)
		}
	}
	if len(seen) != 1200 {
		t.Errorf("%d misclassified instances assigned, want 1200", len(seen))
	}
	if !strings.Contains(d.Clusters[0].Reason, "neuron") {
		t.Errorf("reason %q", d.Clusters[0].Reason)
	}
	// A slice suggestion adds as a row too.
	in2 := discoverFixture(5000, 1, 1, true, 3)
	ex2 := NewExplorer(nil, mustRun(t, in2))
	d2, err := ex2.Discover(DiscoverOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(d2.Slices) == 0 {
		t.Fatal("no slices")
	}
	if err := ex2.Add(d2.Slices[0].Subset()); err != nil {
		t.Fatal(err)
	}
}

func TestProportionTest(t *testing.T) {
	for i, test := range []struct {
		n, e, N, E int
		wantP      float64
	}{
		{100, 50, 1000, 140, 3.9e-28}, // 0.5 against 0.1, pooled se 0.0366, z ≈ 10.94
		{100, 10, 1000, 100, 0.5},
		{0, 0, 10, 1, 1},
		{10, 10, 10, 10, 1},
	} {
		p, _ := proportionTest(test.n, test.e, test.N, test.E)
		if math.Abs(math.Log(max(p, 1e-300))-math.Log(max(test.wantP, 1e-300))) > 0.7 {
			t.Errorf("%d: p %g, want about %g", i, p, test.wantP)
		}
	}
}
