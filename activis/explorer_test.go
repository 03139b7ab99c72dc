package activis

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/activis-go/activis/activis/project"
	"github.com/expr-lang/expr/file"
)

func rowNames(st *Stats) []string {
	var names []string
	for _, r := range st.Rows {
		names = append(names, r.Name)
	}
	return names
}

func TestExplorerFlow(t *testing.T) {
	r := exTestRun(t)
	ex := NewExplorer(nil, r)
	var changes atomic.Int32
	cancel := ex.OnChange(func() { changes.Add(1) })

	if got := ex.Layers(); !reflect.DeepEqual(got, []string{"fc1"}) || ex.Layer() != "fc1" {
		t.Fatalf("layers %v, selected %q", got, ex.Layer())
	}
	st, err := ex.Stats("fc1")
	exMust(t, err)
	if got := rowNames(st); !reflect.DeepEqual(got, []string{"T-shirt", "Shirt", "Bag"}) {
		t.Fatalf("initial rows %v, want the classes", got)
	}
	// Shirt = instances 1, 2, 4; neuron j of instance i is i - j.
	shirt := st.Rows[1]
	if shirt.Kind != ClassRow || shirt.Count != 3 || shirt.Expr != `label == "Shirt"` ||
		!reflect.DeepEqual(shirt.Mean, []float32{7.0 / 3, 4.0 / 3, 1.0 / 3, -2.0 / 3}) ||
		!reflect.DeepEqual(shirt.Min, []float32{1, 0, -1, -2}) || !reflect.DeepEqual(shirt.Active, []float32{1, 2.0 / 3, 1.0 / 3, 1.0 / 3}) {
		t.Errorf("Shirt row %+v", shirt)
	}

	exMust(t, ex.AddSubset("misclassified shirts", `label == "Shirt" && predicted != label`))
	exMust(t, ex.AddSubsetFunc("bright", func(in Instance) bool { return in.Attr("brightness") > 0.5 }))
	exMust(t, ex.Add(And("bright shirts", ClassSubset("Shirt"), NewSubset("b", "brightness > 0.5"))))
	exMust(t, ex.AddInstances(6, 2, 6))
	st2, err := ex.Stats("")
	exMust(t, err)
	want := []string{"g", "c", "misclassified shirts", "bright", "bright shirts", "T-shirt", "Shirt", "Bag"}
	if got := rowNames(st2); !reflect.DeepEqual(got, want) {
		t.Fatalf("rows %v, want %v", got, want)
	}
	// Cached class rows are reused, not recomputed.
	if &st2.Rows[6].Mean[0] != &shirt.Mean[0] {
		t.Error("class row recomputed after adding a subset")
	}
	inst := st2.Rows[0]
	if inst.Kind != InstanceRow || inst.Count != 1 || !reflect.DeepEqual(inst.Members, []int{6}) ||
		!reflect.DeepEqual(inst.Mean, []float32{6, 5, 4, 3}) || inst.Std[0] != 0 {
		t.Errorf("instance row %+v", inst)
	}
	mis := st2.Rows[2]
	if mis.Count != 2 || mis.Mean[0] != 2.5 || mis.Kind != SubsetRow || mis.Expr != `label == "Shirt" && predicted != label` {
		t.Errorf("subset row %+v", mis)
	}
	if st2.Rows[3].Expr != "" || st2.Rows[3].Count != 3 || st2.Rows[4].Count != 2 {
		t.Errorf("bright rows %+v %+v", st2.Rows[3], st2.Rows[4])
	}

	// Errors: position of a bad expression, duplicate and unknown names.
	err = ex.AddSubset("typo", "label == \"Shirt\" &&\n predicted == \"Shrt\"")
	var fe *file.Error
	if !errors.As(err, &fe) || fe.Line != 2 || !errors.Is(err, ErrUnknownClass) || !strings.Contains(err.Error(), `"Shrt"`) {
		t.Errorf("bad expression: %v", err)
	}
	if err := ex.AddSubset("Shirt", "correct"); !errors.Is(err, ErrDuplicateRow) {
		t.Errorf("duplicate of a class name: %v", err)
	}
	if err := ex.AddInstances(3, 100); !errors.Is(err, ErrRange) {
		t.Errorf("instance out of range: %v", err)
	}
	if err := ex.SelectLayer("fc9"); !errors.Is(err, ErrUnknownTensor) {
		t.Errorf("unknown layer: %v", err)
	}
	if err := ex.RemoveRow("nope"); !errors.Is(err, ErrUnknownRow) {
		t.Errorf("remove unknown: %v", err)
	}

	exMust(t, ex.RemoveRow("bright"))
	exMust(t, ex.RemoveRow("c"))
	st3, err := ex.Stats("fc1")
	exMust(t, err)
	if got := rowNames(st3); !reflect.DeepEqual(got, []string{"g", "misclassified shirts", "bright shirts", "T-shirt", "Shirt", "Bag"}) {
		t.Errorf("after removal %v", got)
	}

	// Orders and the neuron report go through the cached stats.
	o, err := ex.Order("", ByRow("misclassified shirts"))
	exMust(t, err)
	if !reflect.DeepEqual(o, []int{0, 1, 2, 3}) {
		t.Errorf("order %v", o)
	}
	if _, err := ex.Order("", ByRow("gone")); !errors.Is(err, ErrUnknownRow) {
		t.Errorf("order by unknown row: %v", err)
	}
	rep, err := ex.Report("fc1")
	exMust(t, err)
	if rep.Instances != 8 || len(rep.Dead) != 0 {
		t.Errorf("report %+v", rep)
	}

	ex.SetSelection([]int{5, 1, 5, -1, 99})
	if got := ex.Selection(); !reflect.DeepEqual(got, []int{1, 5}) {
		t.Errorf("selection %v", got)
	}
	// 6 successful changes so far: 3 adds, AddInstances, 2 removals, the
	// selection.
	if n := changes.Load(); n != 7 {
		t.Errorf("%d change notifications, want 7", n)
	}
	cancel()
	ex.SetSelection(nil)
	if n := changes.Load(); n != 7 {
		t.Errorf("notified after cancel")
	}
}

func TestExplorerNaNAndReport(t *testing.T) {
	in := NewInstances([]string{"a", "b"}, 6)
	in.Labels = []int{0, 0, 0, 1, 1, 1}
	nan := float32(math.NaN())
	data := []float32{
		1, 0, nan, 2,
		3, 0, 5, 2,
		nan, 0, 1, 2,
		4, 0, 1, 2,
		float32(math.Inf(1)), 0, 2, 2,
		6, 0, 3, 2,
	}
	r, err := NewRun(in, map[string]*Activations{"h": NewActivations(data, 6, 4)})
	exMust(t, err)
	ex := NewExplorer(nil, r)
	st, err := ex.Stats("h")
	exMust(t, err)
	if st.NaN != 3 || st.Inf != 1 {
		t.Errorf("NaN %d Inf %d, want 3 (one of them Inf) and 1", st.NaN, st.Inf)
	}
	a := st.Rows[0]
	if a.Mean[0] != 2 || a.Mean[2] != 3 || a.NonFinite != 2 || a.Count != 3 {
		t.Errorf("row a %+v: NaN must be excluded, not averaged", a)
	}
	// A subset added later is aggregated from its members alone; the
	// layer's NaN count stays the count over every instance.
	exMust(t, ex.AddSubset("first", "index == 1"))
	st, err = ex.Stats("h")
	exMust(t, err)
	if st.NaN != 3 || st.Inf != 1 || st.Rows[0].Name != "first" || st.Rows[0].Mean[0] != 3 {
		t.Errorf("after adding a subset: NaN %d Inf %d, row %+v", st.NaN, st.Inf, st.Rows[0])
	}
	rep, err := ex.Report("h")
	exMust(t, err)
	if !reflect.DeepEqual(rep.Dead, []int{1}) || !reflect.DeepEqual(rep.Saturated, []int{3}) {
		t.Errorf("dead %v saturated %v, want [1] [3]", rep.Dead, rep.Saturated)
	}
	// Instances with non-finite values are left out of the projection.
	p, err := ex.Reproject("h", project.Options{Iterations: 50})
	exMust(t, err)
	if !reflect.DeepEqual(p.IDs, []int{1, 3, 5}) {
		t.Errorf("projected %v, want the finite instances [1 3 5]", p.IDs)
	}
}

func TestExplorerSampleAndProjection(t *testing.T) {
	r := exTestRun(t)
	ex := NewExplorer(nil, r)
	ex.SampleSize = 4
	ex.Seed = 3
	exMust(t, ex.AddInstances(7))
	s := ex.Sample()
	if len(s) < 4 || len(s) > 5 || !containsInt(s, 7) {
		t.Errorf("sample %v: want 4 stratified + instance 7", s)
	}
	if again := ex.Sample(); !reflect.DeepEqual(again, s) {
		t.Errorf("sample changed without cause: %v then %v", s, again)
	}
	var steps atomic.Int32
	ex.Progress = ProgressFunc(func(task string, done, total int) {
		if strings.HasPrefix(task, "t-SNE fc1") {
			steps.Add(1)
		}
	})
	p, err := ex.Projection("")
	exMust(t, err)
	if !reflect.DeepEqual(p.IDs, s) || len(p.X) != len(s) {
		t.Errorf("projection ids %v, want the sample %v", p.IDs, s)
	}
	if steps.Load() == 0 {
		t.Error("no t-SNE progress reported")
	}
	p2, err := ex.Projection("fc1")
	exMust(t, err)
	if p2 != p {
		t.Error("projection recomputed without being asked")
	}
	p3, err := ex.Reproject("fc1", project.Options{Iterations: 100, Seed: 9})
	exMust(t, err)
	if p3 == p || p3.Params.Iterations != 100 {
		t.Error("Reproject did not recompute with the options")
	}
}

func containsInt(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func TestExplorerWithoutRun(t *testing.T) {
	ex := NewExplorer(nil, nil)
	if _, err := ex.Stats("x"); !errors.Is(err, ErrNoRun) {
		t.Errorf("Stats: %v", err)
	}
	if err := ex.AddSubset("x", "correct"); !errors.Is(err, ErrNoRun) {
		t.Errorf("AddSubset: %v", err)
	}
	if ex.Sample() != nil || ex.Layers() != nil || ex.Instances() != nil {
		t.Error("empty explorer returned data")
	}
	_ = ex.String()
}

func TestExplorerConcurrentReadWrite(t *testing.T) {
	r := exTestRun(t)
	ex := NewExplorer(nil, r)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for k := 0; k < 30; k++ {
			if _, err := ex.Stats("fc1"); err != nil {
				t.Error(err)
				return
			}
			_ = ex.Sample()
			_ = ex.Selection()
			_ = ex.String()
		}
	}()
	go func() {
		defer wg.Done()
		for k := 0; k < 30; k++ {
			name := "s" + string(rune('a'+k))
			if err := ex.AddSubset(name, "index >= "+string(rune('0'+k%8))); err != nil {
				t.Error(err)
				return
			}
			_ = ex.AddInstances(k % 8)
			ex.SetSelection([]int{k % 8})
			if k%3 == 0 {
				_ = ex.RemoveRow(name)
			}
		}
	}()
	wg.Wait()
	st, err := ex.Stats("fc1")
	exMust(t, err)
	// 3 classes + 30 subsets − 10 removed + 8 instances.
	if len(st.Rows) != 31 {
		t.Errorf("%d rows, want 31", len(st.Rows))
	}
	for _, row := range st.Rows {
		if row.Kind == SubsetRow && row.Count == 0 {
			t.Errorf("row %q empty", row.Name)
		}
	}
}

// TestExplorerAllRowFromClasses: the all-instances row that Stats derives
// from the class rows (plus the unlabelled instances) equals a direct
// aggregation of every instance, NaN rows and unknown labels included, and
// so does the fallback used once a class row is removed.
func TestExplorerAllRowFromClasses(t *testing.T) {
	const n, d = 3000, 7
	in := NewInstances([]string{"a", "b", "c"}, n)
	vals := make([]float32, n*d)
	for i := range n {
		in.Labels[i] = i%4 - 1 // -1 (unknown) for a quarter
		for j := range d {
			vals[i*d+j] = float32((i*31+j*7)%23) - 5
		}
	}
	vals[17*d+3] = float32(math.NaN())
	vals[40*d] = float32(math.Inf(1))
	acts := NewActivations(vals, n, d)
	r, err := NewRun(in, map[string]*Activations{"l": acts})
	if err != nil {
		t.Fatal(err)
	}
	want, err := Aggregate(nil, acts, []*IndexSet{NewIndexSet(n).Complement()}, AggregateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wantRow := want.Row(0)
	check := func(ex *Explorer, what string) {
		st, err := ex.Stats("l")
		if err != nil {
			t.Fatal(err)
		}
		got := ex.cache["l"].all
		if got.Count != n || got.NonFinite != wantRow.NonFinite || st.NaN != 2 {
			t.Fatalf("%s: count %d non-finite %d NaN %d", what, got.Count, got.NonFinite, st.NaN)
		}
		for j := range d {
			if math.Abs(float64(got.Mean[j]-wantRow.Mean[j])) > 1e-6 || math.Abs(float64(got.Std[j]-wantRow.Std[j])) > 1e-6 ||
				got.Min[j] != wantRow.Min[j] || got.Max[j] != wantRow.Max[j] || got.Active[j] != wantRow.Active[j] {
				t.Fatalf("%s: neuron %d: got %v/%v/%v/%v, want %v/%v/%v/%v", what, j,
					got.Mean[j], got.Std[j], got.Min[j], got.Max[j], wantRow.Mean[j], wantRow.Std[j], wantRow.Min[j], wantRow.Max[j])
			}
		}
	}
	check(NewExplorer(nil, r), "from the class rows")
	ex := NewExplorer(nil, r)
	if err := ex.RemoveRow("b"); err != nil {
		t.Fatal(err)
	}
	check(ex, "with a class row removed")
}

func TestExplorerRowsAndOnSelect(t *testing.T) {
	ex := NewExplorer(nil, exTestRun(t))
	exMust(t, ex.AddSubset("bright", "brightness > 0.5"))
	exMust(t, ex.AddInstances(6, 2, 6))
	st, err := ex.Stats("")
	exMust(t, err)
	if got, want := ex.Rows(), rowNames(st); !reflect.DeepEqual(got, want) {
		t.Errorf("Rows() = %v, Stats rows %v", got, want)
	}
	exMust(t, ex.RemoveRow("T-shirt"))
	if got, want := ex.Rows(), []string{"g", "c", "bright", "Shirt", "Bag"}; !reflect.DeepEqual(got, want) {
		t.Errorf("after RemoveRow: Rows() = %v, want %v", got, want)
	}
	var got [][]int
	cancel := ex.OnSelect(func(idx []int) {
		// The selection is readable from the callback.
		if !reflect.DeepEqual(idx, ex.Selection()) {
			t.Errorf("callback got %v, Selection() %v", idx, ex.Selection())
		}
		got = append(got, idx)
	})
	ex.SetSelection([]int{5, 1, 5, 99})
	ex.SetSelection(nil)
	cancel()
	ex.SetSelection([]int{3})
	if want := [][]int{{1, 5}, nil}; !reflect.DeepEqual(got, want) {
		t.Errorf("OnSelect saw %v, want %v", got, want)
	}
}
