package views

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/activis-go/activis/activis"
)

// plantedExplorer is realExplorer with every instance whose source is the
// hostile value (every third) misclassified: discovery's top slice.
func plantedExplorer(t *testing.T) (*activis.Explorer, *activis.Dataset) {
	t.Helper()
	ex, ds := realExplorer(t)
	in := ex.Run().Instances
	for i := range in.Len() {
		if i%3 == 2 {
			in.Predicted[i] = (in.Labels[i] + 1) % len(in.Classes)
		}
	}
	return ex, ds
}

// TestSuggestionsPayload: each suggestion carries its figures, reason and
// a bitmap over the payload's points marking exactly its members.
func TestSuggestionsPayload(t *testing.T) {
	f := smallFixture(t)
	p, err := buildPayload(f.d, Options{MaxPoints: 250}, kindAll, "d")
	if err != nil {
		t.Fatal(err)
	}
	sp := p.Suggest
	if sp == nil || len(sp.Items) != 2 || sp.Instances != 600 || sp.Pending {
		t.Fatalf("suggest %+v", sp)
	}
	for i, it := range sp.Items {
		want := f.d.Suggest.Items[i]
		if it.Name != want.Name || it.Expr != want.Expr || it.Size != want.Size || it.Kind != want.Kind.String() || it.Reason != want.Reason {
			t.Errorf("item %d: %+v, want %+v", i, it, want)
		}
		bits, err := base64.StdEncoding.DecodeString(it.Points)
		if err != nil || len(bits) != (len(p.Points.Index)+7)/8 {
			t.Fatalf("item %d bitmap: %d bytes, err %v", i, len(bits), err)
		}
		in := 0
		for k, idx := range p.Points.Index {
			got := bits[k/8]&(1<<(k%8)) != 0
			if got != f.d.Suggest.Members[i].Has(idx) {
				t.Fatalf("item %d point %d (instance %d): in bitmap %v", i, k, idx, got)
			}
			if got {
				in++
			}
		}
		if in != it.InPoints || in == 0 {
			t.Errorf("item %d: %d points marked, inPoints %d", i, in, it.InPoints)
		}
	}
	// Strings from data stay inert in the HTML output.
	b, err := renderBundle(p)
	if err != nil {
		t.Fatal(err)
	}
	if html := b.Data["text/html"].(string); strings.Contains(html, evilScript) || strings.Contains(html, evilAttr) {
		t.Errorf("a suggestion's name or reason reached the HTML unescaped")
	}
	if txt := b.Data["text/plain"].(string); !strings.Contains(txt, "suggested subsets: source = "+evilScript+" (200, 50.0% errors); fc1 cluster 1") {
		t.Errorf("text/plain lacks the suggestions: %s", txt)
	}
}

// TestExplorerSuggestions: an explorer's views carry its discovery; the
// views' {"type": "suggestion"} message adds the suggestion as a row over
// all instances (a slice by its expression, a cluster by its members).
func TestExplorerSuggestions(t *testing.T) {
	ex, ds := plantedExplorer(t)
	src := newExplorerSource(ex, ds)
	d, err := src.data()
	if err != nil {
		t.Fatal(err)
	}
	if d.Suggest == nil || len(d.Suggest.Items) == 0 {
		t.Fatalf("no suggestions: %+v", d.Suggest)
	}
	top := d.Suggest.Items[0]
	if top.Kind != activis.SliceSuggestion || !strings.Contains(top.Expr, "source") || !strings.Contains(top.Name, evilScript) {
		t.Fatalf("top suggestion %q (%s), want the planted source slice", top.Name, top.Expr)
	}
	var cluster *activis.Suggestion
	for i := range d.Suggest.Items {
		if d.Suggest.Items[i].Kind == activis.ClusterSuggestion {
			cluster = &d.Suggest.Items[i]
			break
		}
	}
	if cluster == nil {
		t.Fatal("no cluster suggested in the selected layer")
	}
	for _, g := range []activis.Suggestion{top, *cluster} {
		if _, err := src.handle(map[string]any{"type": "suggestion", "name": g.Name}); err != nil {
			t.Fatalf("suggestion %q: %v", g.Name, err)
		}
	}
	st, err := ex.Stats(ex.Layer())
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, r := range st.Rows {
		counts[r.Name] = r.Count
	}
	if counts[top.Name] != 200 || counts[cluster.Name] != len(cluster.Indices) {
		t.Errorf("rows: %q has %d instances (want 200), %q %d (want %d)", top.Name, counts[top.Name], cluster.Name, counts[cluster.Name], len(cluster.Indices))
	}
	for _, msg := range []map[string]any{
		{"type": "suggestion", "name": "no such suggestion"},
		{"type": "suggestion", "name": top.Name}, // already a row
	} {
		if _, err := src.handle(msg); err == nil {
			t.Errorf("%v: no error", msg)
		}
	}
}

// TestSuggestionsOnRequest: above the size limit discovery waits for the
// views' {"type": "discover"}; the live widget then gets the suggestions.
func TestSuggestionsOnRequest(t *testing.T) {
	ex, ds := plantedExplorer(t)
	src := newExplorerSource(ex, ds)
	src.limit = 100 // the run has 600 instances
	var m *recModel
	mk := func(esm string, state map[string]any) (Model, error) {
		m = &recModel{esm: esm, state: state}
		return m, nil
	}
	w, p, err := newLiveWidget(src, kindAll, Options{}, mk, "id", nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.Suggest == nil || !p.Suggest.Pending || len(p.Suggest.Items) != 0 {
		t.Fatalf("suggest before the request: %+v", p.Suggest)
	}
	w.message(map[string]any{"type": "discover"}, nil)
	if len(m.sets) != 1 {
		t.Fatalf("%d state sets after discover, want 1", len(m.sets))
	}
	sg, _ := m.sets[0]["payload"].(map[string]any)["suggest"].(map[string]any)
	items, _ := sg["items"].([]any)
	if sg == nil || sg["pending"] == true || len(items) == 0 {
		t.Fatalf("suggest after the request: %v", sg)
	}
	if last := m.sent[len(m.sent)-1]; last["type"] != "ok" {
		t.Errorf("reply %v", last)
	}
	name := items[0].(map[string]any)["name"].(string)
	w.message(map[string]any{"type": "suggestion", "name": name}, nil)
	if !containsRow(ex.Rows(), name) {
		t.Errorf("rows %v lack %q", ex.Rows(), name)
	}
}

func containsRow(rows []string, name string) bool { return contains(rows, name) }

// TestNoSuggestionsWithoutPredictions: a run without predictions has
// nothing to discover from: the payload has no list (the views show none).
func TestNoSuggestionsWithoutPredictions(t *testing.T) {
	in := activis.NewInstances([]string{"a", "b"}, 100)
	for i := range 100 {
		in.Labels[i] = i % 2
		in.Predicted[i] = -1
	}
	run, err := activis.NewRun(in, map[string]*activis.Activations{"fc": activis.NewActivations(make([]float32, 200), 100, 2)})
	if err != nil {
		t.Fatal(err)
	}
	src := newExplorerSource(activis.NewExplorer(nil, run), nil)
	d, err := src.data()
	if err != nil {
		t.Fatal(err)
	}
	p, err := buildPayload(d, Options{}, kindAll, "d")
	if err != nil {
		t.Fatal(err)
	}
	if p.Suggest != nil || p.Attrib != nil {
		t.Errorf("suggest %+v, attrib %+v: want neither without predictions and a model", p.Suggest, p.Attrib)
	}
}
