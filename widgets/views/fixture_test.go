package views

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/activis-go/activis/activis"
	"github.com/activis-go/activis/activis/graph"
)

// Hostile strings: data that must show as text everywhere.
const (
	evilScript = `<script>window.__pwned=1</script>`
	evilAttr   = `"><img src=x onerror="window.__pwned=2">`
)

// fixture is a source with synthetic but structured data: classes separate
// in activation space and in the projection, images are class patterns.
type fixture struct {
	mu        sync.Mutex
	d         *viewData
	acc       map[string]*activis.Accumulator
	listeners map[int]func()
	next      int
	selection []int
	subsets   []string
}

type fixtureLayer struct {
	name string
	dim  int
	relu bool
}

// newFixture builds n instances of the given classes with layers, a
// projection for every layer but the last, thumbnails and (optionally) the
// fashion_cnn graph.
func newFixture(t testing.TB, n int, classes []string, layers []fixtureLayer, withGraph bool) *fixture {
	t.Helper()
	rng := rand.New(rand.NewPCG(7, 9))
	nc := len(classes)
	in := activis.NewInstances(classes, n)
	text := make([]string, n)
	for i := range n {
		in.Labels[i] = i % nc
		in.Predicted[i] = i % nc
		if rng.Float64() < 0.15 {
			in.Predicted[i] = rng.IntN(nc)
		}
		in.IDs[i] = fmt.Sprintf("img-%d", i)
		text[i] = fmt.Sprintf("instance %d of %s", i, classes[i%nc])
	}
	in.IDs[3] = evilAttr
	text[3] = evilScript
	if err := in.SetText("caption", text, false); err != nil {
		t.Fatal(err)
	}
	// Extra CSV columns: a number (one missing) and a category with a hostile value.
	bright := make([]float64, n)
	source := make([]string, n)
	for i := range n {
		bright[i] = float64(i%10) / 4
		source[i] = []string{"camera", "scan", evilScript}[i%3]
	}
	bright[1] = math.NaN()
	if err := in.SetNumeric("brightness", bright); err != nil {
		t.Fatal(err)
	}
	if err := in.SetText("source", source, true); err != nil {
		t.Fatal(err)
	}
	// Inputs: 28×28 images, a bright bar whose position depends on the class.
	const side = 28
	inputs := make([]float32, n*side*side)
	for i := range n {
		c := i % nc
		for y := range side {
			for x := range side {
				v := float32(rng.Float64() * 0.2)
				if x/3 == c%9 || y/3 == c/9+4 {
					v += 0.8
				}
				inputs[i*side*side+y*side+x] = v
			}
		}
	}
	f := &fixture{listeners: map[int]func(){}, acc: map[string]*activis.Accumulator{}}
	d := &viewData{Title: "fixture " + evilScript, Instances: in, Inputs: activis.NewActivations(inputs, n, side*side), InputShape: []int{1, side, side}}
	for li, fl := range layers {
		vals := make([]float32, n*fl.dim)
		for i := range n {
			c := i % nc
			for j := range fl.dim {
				v := float32(rng.NormFloat64()*0.3) + float32(math.Sin(float64((j+1)*(c+1)+li)))
				if fl.relu {
					v = max(v, 0)
				}
				vals[i*fl.dim+j] = v
			}
		}
		acts := activis.NewActivations(vals, n, fl.dim)
		ld := layerData{Name: fl.name, Acts: acts, Orders: map[string][]int{}}
		if li < len(layers)-1 {
			ld.ProjMethod = "synthetic"
			for i := range n {
				c := i % nc
				a := 2 * math.Pi * float64(c) / float64(nc)
				ld.ProjIDs = append(ld.ProjIDs, i)
				ld.ProjX = append(ld.ProjX, 10*math.Cos(a)+rng.NormFloat64())
				ld.ProjY = append(ld.ProjY, 10*math.Sin(a)+rng.NormFloat64())
			}
		}
		// Variance order: reverse index is enough for a fixture.
		for j := range fl.dim {
			ld.Orders["variance"] = append(ld.Orders["variance"], fl.dim-1-j)
		}
		d.Layers = append(d.Layers, ld)
		d.Sample = nil
	}
	for i := range n {
		d.Sample = append(d.Sample, i)
	}
	d.Layer = layers[0].name
	if withGraph {
		g, err := graph.Load("../../activis/testdata/fashion_cnn.onnx")
		if err != nil {
			t.Fatal(err)
		}
		d.Graph = g
	}
	d.Suggest = fixtureSuggestions(n)
	f.d = d
	if err := f.recompute(); err != nil {
		t.Fatal(err)
	}
	return f
}

// recompute rebuilds every layer's stats: class rows and subset rows
// ("even" instances per subset name) — a stand-in for the explorer.
func (f *fixture) recompute() error {
	d := f.d
	in := d.Instances
	nc := len(in.Classes)
	for li := range d.Layers {
		l := &d.Layers[li]
		dim := l.Acts.Dim()
		rows := len(f.subsets) + nc
		acc := activis.NewAccumulator(rows, dim)
		for i := range in.Len() {
			rs := []int{len(f.subsets) + in.Labels[i]}
			for s := range f.subsets {
				if i%(s+2) == 0 {
					rs = append(rs, s)
				}
			}
			if err := acc.Add(l.Acts.Row(i), rs...); err != nil {
				return err
			}
		}
		st := &activis.Stats{Layer: l.Name, Neurons: dim}
		for r := range rows {
			rs := acc.Row(r)
			if r < len(f.subsets) {
				rs.Name, rs.Kind, rs.Expr = f.subsets[r], activis.SubsetRow, f.subsets[r]
			} else {
				rs.Name, rs.Kind, rs.Expr = in.Classes[r-len(f.subsets)], activis.ClassRow, fmt.Sprintf("label == %q", in.Classes[r-len(f.subsets)])
			}
			st.Rows = append(st.Rows, rs)
		}
		l.Stats = st
	}
	return nil
}

func (f *fixture) data() (*viewData, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	d := *f.d
	d.Selection = append([]int(nil), f.selection...)
	return &d, nil
}

func (f *fixture) fingerprint() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.d.Layer + "|" + strings.Join(f.subsets, "|")
}

func (f *fixture) onChange(fn func()) func() {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := f.next
	f.next++
	f.listeners[id] = fn
	return func() {
		f.mu.Lock()
		defer f.mu.Unlock()
		delete(f.listeners, id)
	}
}

func (f *fixture) changed() {
	f.mu.Lock()
	ls := make([]func(), 0, len(f.listeners))
	for _, l := range f.listeners {
		ls = append(ls, l)
	}
	f.mu.Unlock()
	for _, l := range ls {
		l()
	}
}

func (f *fixture) addSubset(name string) error {
	f.mu.Lock()
	f.subsets = append(f.subsets, name)
	err := f.recompute()
	f.mu.Unlock()
	f.changed()
	return err
}

func (f *fixture) setSelection(idx []int) {
	f.mu.Lock()
	f.selection = idx
	f.mu.Unlock()
	f.changed()
}

func (f *fixture) handle(msg map[string]any) (string, error) {
	if msg["type"] == "suggestion" {
		name, _ := msg["name"].(string)
		return addSuggestion(fixtureTarget{f}, f.d.Suggest, name)
	}
	return handleMessage(fixtureTarget{f}, msg)
}

// fixtureSuggestions are two suggested subsets over n instances, one with
// a hostile name: a slice (every third instance, from source = evilScript)
// and a cluster (every seventh).
func fixtureSuggestions(n int) *suggestData {
	slice, _ := activis.IndexSetOf(n)
	cluster, _ := activis.IndexSetOf(n)
	for i := range n {
		if i%3 == 2 {
			slice.Add(i)
		}
		if i%7 == 0 {
			cluster.Add(i)
		}
	}
	return &suggestData{
		Discovery: &activis.Discovery{Instances: n, Errors: n / 6, BaseRate: 1.0 / 6},
		Items: []activis.Suggestion{
			{Kind: activis.SliceSuggestion, Name: "source = " + evilScript, Expr: fmt.Sprintf("source == %q", evilScript), Size: slice.Count(), Errors: slice.Count() / 2,
				ErrorRate: 0.5, RestRate: 0.1, PValue: 1e-9, Reason: "half of them misclassified " + evilAttr},
			{Kind: activis.ClusterSuggestion, Name: "fc1 cluster 1: Coat → Shirt", Indices: cluster.Indices(), Size: cluster.Count(), Errors: cluster.Count(),
				ErrorRate: 1, Reason: "misclassified instances close together"},
		},
		Members: []*activis.IndexSet{slice, cluster},
	}
}

// Add adds a suggested subset as the fixture adds subsets (by name).
func (t fixtureTarget) Add(s *activis.Subset) error { return t.f.addSubset(s.Name()) }

// fixtureTarget adapts the fixture to the explorer operations messages use.
type fixtureTarget struct{ f *fixture }

func (t fixtureTarget) SetSelection(idx []int) { t.f.setSelection(idx) }
func (t fixtureTarget) AddSubset(name, expr string) error {
	if strings.Contains(expr, "bad") {
		return fmt.Errorf("expression %q: unknown name", expr)
	}
	return t.f.addSubset(name)
}
func (t fixtureTarget) RemoveRow(name string) error { return nil }
func (t fixtureTarget) AddInstances(idx ...int) error {
	for _, i := range idx {
		if i >= t.f.d.Instances.Len() {
			return fmt.Errorf("add instance %d: out of range", i)
		}
	}
	return nil
}
func (t fixtureTarget) SelectLayer(name string) error {
	for _, l := range t.f.d.Layers {
		if l.Name == name {
			t.f.mu.Lock()
			t.f.d.Layer = name
			t.f.mu.Unlock()
			t.f.changed()
			return nil
		}
	}
	return fmt.Errorf("unknown layer %q", name)
}

// fashion are Fashion-MNIST's classes with two hostile names mixed in.
var fashion = []string{"T-shirt/top", "Trouser", evilScript, "Dress", "Coat", "Sandal", evilAttr, "Sneaker", "Bag", "Ankle boot"}

func smallFixture(t testing.TB) *fixture {
	return newFixture(t, 600, fashion, []fixtureLayer{
		{"/relu3/Relu_output_0", 128, true},
		{"/fc1/Gemm_output_0", 64, false},
		{"output", 10, false},
	}, true)
}
