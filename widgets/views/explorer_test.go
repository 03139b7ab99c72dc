package views

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/activis-go/activis/activis"
	"github.com/activis-go/activis/widgets/comm"
)

// realExplorer builds an activis.Explorer over the fixture's data (hostile
// class names included) with the fashion_cnn model's graph, and the
// Dataset that gives thumbnails.
func realExplorer(t testing.TB) (*activis.Explorer, *activis.Dataset) {
	t.Helper()
	f := smallFixture(t)
	acts := map[string]*activis.Activations{}
	for _, l := range f.d.Layers {
		acts[l.Name] = l.Acts
	}
	run, err := activis.NewRun(f.d.Instances, acts)
	if err != nil {
		t.Fatal(err)
	}
	m, err := activis.LoadONNX("../../activis/testdata/fashion_cnn.onnx")
	if err != nil {
		t.Fatal(err)
	}
	ex := activis.NewExplorer(m, run)
	ex.SampleSize = 300
	ex.Seed = 1
	if err := ex.SelectLayer("/relu3/Relu_output_0"); err != nil {
		t.Fatal(err)
	}
	ds := &activis.Dataset{Instances: f.d.Instances, Inputs: f.d.Inputs, InputShape: f.d.InputShape}
	return ex, ds
}

func TestExplorerPayload(t *testing.T) {
	ex, ds := realExplorer(t)
	src := newExplorerSource(ex, ds)
	d, err := src.data()
	if err != nil {
		t.Fatal(err)
	}
	if d.Layers[0].Name != "/relu3/Relu_output_0" || d.Layers[0].ProjX == nil {
		t.Fatalf("selected layer %q first with a projection: got %q, proj %v", ex.Layer(), d.Layers[0].Name, d.Layers[0].ProjX != nil)
	}
	// Other layers come in graph order, embedded (small) but not projected.
	var names []string
	for _, l := range d.Layers[1:] {
		names = append(names, l.Name)
		if l.Stats == nil || l.ProjX == nil || !strings.HasPrefix(l.ProjMethod, "PCA") {
			t.Errorf("layer %s: stats %v, projection %q, want statistics and a PCA stand-in", l.Name, l.Stats != nil, l.ProjMethod)
		}
	}
	if !slices.Equal(names, []string{"/fc1/Gemm_output_0", "output"}) {
		t.Errorf("other layers %v", names)
	}
	p, err := buildPayload(d, Options{}, kindAll, "activis-x")
	if err != nil {
		t.Fatal(err)
	}
	if p.Points.Thumbs == nil || len(p.Points.Index) != 300 {
		t.Errorf("thumbs %v, points %d (sample 300)", p.Points.Thumbs != nil, len(p.Points.Index))
	}
	if p.Layers[0].Orders["variance"] == nil || p.Layers[0].Orders["clustered"] == nil {
		t.Errorf("orders not shipped: %v", p.Layers[0].Orders)
	}
}

func TestExplorerLive(t *testing.T) {
	ex, _ := realExplorer(t)
	reg := &fakeRegistry{handlers: map[string]comm.Handler{}}
	pub := commPub{&fakePub{reg: reg}}
	b, ok := Convert(ex, pub)
	if !ok {
		t.Fatal("explorer not converted")
	}
	if !strings.Contains(b.Data["text/plain"].(string), "300 sampled instances") {
		t.Errorf("summary: %s", b.Data["text/plain"])
	}
	if err := ex.AddSubset("trousers", `label == "Trouser"`); err != nil {
		t.Fatal(err)
	}
	if len(pub.updates) != 1 || pub.updates[0].DisplayID != b.DisplayID {
		t.Fatalf("after AddSubset: %d updates", len(pub.updates))
	}
	if !strings.Contains(pub.updates[0].Data["text/html"].(string), `"name":"trousers","kind":"subset"`) {
		t.Errorf("update lacks the subset row")
	}
	c := &fakeComm{}
	h := reg.handlers[CommTarget]
	h.Message(c, map[string]any{"display_id": b.DisplayID, "type": "select", "indices": []any{5.0, 3.0}}, nil)
	if got := ex.Selection(); !slices.Equal(got, []int{3, 5}) {
		t.Errorf("selection %v after the view selected 5 and 3", got)
	}
	if len(pub.updates) != 1 {
		t.Errorf("a selection from the view redrew the output")
	}
	h.Message(c, map[string]any{"display_id": b.DisplayID, "type": "subset", "name": "shirts?", "expr": `label == "nope"`}, nil)
	if last := c.sent[len(c.sent)-1]; last["type"] != "error" {
		t.Errorf("bad expression reply %v", last)
	}
	start := time.Now()
	h.Message(c, map[string]any{"display_id": b.DisplayID, "type": "layer", "layer": "/fc1/Gemm_output_0"}, nil)
	if ex.Layer() != "/fc1/Gemm_output_0" || len(pub.updates) != 2 {
		t.Errorf("layer from the view: explorer at %q, %d updates", ex.Layer(), len(pub.updates))
	}
	t.Logf("layer switch with t-SNE of 300 points: %v", time.Since(start))
}
