package views

import (
	"encoding/base64"
	"encoding/binary"
	"math"
	"testing"
	"time"

	"github.com/activis-go/activis/activis"
)

// modelExplorer runs the demo CNN over the fixture's first 60 images (so
// the run has inputs and Explorer.Attribute works) and explores fc1's
// ReLU, which reaches the logits through the last Gemm: contributions are
// exact.
func modelExplorer(t *testing.T) *activis.Explorer {
	t.Helper()
	f := smallFixture(t)
	const n = 60
	in := activis.NewInstances(f.d.Instances.Classes, n)
	copy(in.Labels, f.d.Instances.Labels[:n])
	copy(in.IDs, f.d.Instances.IDs[:n])
	vals := make([]float32, 0, n*784)
	for i := range n {
		vals = append(vals, f.d.Inputs.Row(i)...)
	}
	ds, err := activis.NewDataset(in, activis.NewActivations(vals, n, 784), 1, 28, 28)
	if err != nil {
		t.Fatal(err)
	}
	m, err := activis.LoadONNX("../../activis/testdata/fashion_cnn.onnx")
	if err != nil {
		t.Fatal(err)
	}
	run, err := m.Run(ds, "/relu3/Relu_output_0")
	if err != nil {
		t.Fatal(err)
	}
	ex := activis.NewExplorer(m, run)
	ex.SampleSize = 60
	ex.Seed = 1
	return ex
}

func floats(t *testing.T, s any) []float32 {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(s.(string))
	if err != nil || len(b)%4 != 0 {
		t.Fatalf("float32 field: %d bytes, %v", len(b), err)
	}
	out := make([]float32, len(b)/4)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return out
}

// TestAttributionQueries: the payload says what the kernel can attribute;
// {"type": "contributions"} answers Explorer.Contributions' values per row
// and {"type": "attribute"} Explorer.Attribute's map with the input in
// grey, through the live widget's custom messages; bad requests get an
// error naming the request.
func TestAttributionQueries(t *testing.T) {
	ex := modelExplorer(t)
	src := newExplorerSource(ex, nil)
	d, err := src.data()
	if err != nil {
		t.Fatal(err)
	}
	if d.Attrib == nil || !d.Attrib.Contrib || !d.Attrib.Input {
		t.Fatalf("attrib %+v, want contributions and input maps", d.Attrib)
	}
	var m *recModel
	mk := func(esm string, state map[string]any) (Model, error) {
		m = &recModel{esm: esm, state: state}
		return m, nil
	}
	w, p, err := newLiveWidget(src, kindAll, Options{}, mk, "id", nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.Attrib == nil || !p.Attrib.Input {
		t.Errorf("payload attrib %+v", p.Attrib)
	}
	// reply waits for the n-th message sent (queries are answered in a goroutine).
	reply := func(n int) map[string]any {
		t.Helper()
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			m.mu.Lock()
			if len(m.sent) >= n {
				r := m.sent[n-1]
				m.mu.Unlock()
				return r
			}
			m.mu.Unlock()
		}
		t.Fatalf("no reply %d", n)
		return nil
	}
	w.message(map[string]any{"type": "contributions", "layer": "/relu3/Relu_output_0", "class": 4.0}, nil)
	r := reply(1)
	want, err := ex.Contributions("/relu3/Relu_output_0", 4)
	if err != nil {
		t.Fatal(err)
	}
	vals := floats(t, r["values"])
	rows, _ := r["rows"].([]string)
	if r["type"] != "contributions" || r["method"] != activis.MethodLinear || len(rows) != len(want.Rows) || r["neurons"] != 128 || len(vals) != 128*len(want.Rows) {
		t.Fatalf("contributions reply %v", r["type"])
	}
	for i := range want.Rows {
		for j, v := range want.Values[i] {
			if vals[i*128+j] != v {
				t.Fatalf("row %s neuron %d: %g, want %g", want.Rows[i], j, vals[i*128+j], v)
			}
		}
	}
	w.message(map[string]any{"type": "attribute", "index": 7.0, "class": 2.0}, nil)
	r = reply(2)
	a, err := ex.Attribute(7, 2)
	if err != nil {
		t.Fatal(err)
	}
	mp := floats(t, r["map"])
	img, _ := base64.StdEncoding.DecodeString(r["image"].(string))
	if r["type"] != "attribution" || r["h"] != 28 || r["w"] != 28 || len(mp) != 784 || len(img) != 784 || r["index"] != 7 || r["class"] != 2 {
		t.Fatalf("attribution reply: type %v, %v×%v, map %d, image %d", r["type"], r["h"], r["w"], len(mp), len(img))
	}
	for i, v := range a.Map {
		if math.Abs(float64(mp[i]-v)) > 1e-6 {
			t.Fatalf("map[%d] %g, want %g", i, mp[i], v)
		}
	}
	// The grey image is the input over its range.
	row := ex.Run().Data.Inputs.Row(7)
	lo, hi := row[0], row[0]
	for _, v := range row {
		lo, hi = min(lo, v), max(hi, v)
	}
	for i, v := range row {
		if g := math.Round(float64((v-lo)/(hi-lo)) * 255); math.Abs(g-float64(img[i])) > 1 {
			t.Fatalf("image pixel %d: %d, want %g", i, img[i], g)
		}
	}
	for k, bad := range []map[string]any{
		{"type": "attribute", "index": 1e6, "class": 0.0},
		{"type": "contributions", "layer": "nope", "class": 0.0},
		{"type": "contributions", "layer": "", "class": -1.0},
	} {
		w.message(bad, nil)
		if r := reply(3 + k); r["type"] != "error" || r["request"] != bad["type"] || r["message"] == "" {
			t.Errorf("%v: reply %v", bad, r)
		}
	}
}

// TestWithVocab: the vocabulary reaches the source's attribution queries
// and survives WithDataset (either order).
func TestWithVocab(t *testing.T) {
	ex, ds := realExplorer(t)
	vocab := []string{"<pad>", "the"}
	for _, v := range []View{All(ex).WithVocab(vocab).WithDataset(ds), All(ex).WithDataset(ds).WithVocab(vocab)} {
		s := v.src.(*explorerSource)
		if len(s.vocab) != 2 || s.ds != ds {
			t.Errorf("vocab %v, dataset kept %v", s.vocab, s.ds == ds)
		}
	}
}
