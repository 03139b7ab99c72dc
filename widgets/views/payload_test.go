package views

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/activis-go/activis/activis"
	"github.com/activis-go/activis/activis/graph"
)

func TestQuantiserError(t *testing.T) {
	for i, test := range []struct {
		vals []float32
	}{
		{[]float32{0, 0.1, 0.5, 1, 3.75}},
		{[]float32{-2.5, -1, 0, 0.3, 7}},
		{[]float32{1e-6, 2e-6, 3e-6}},
		{[]float32{5, 5, 5}},
	} {
		q := newQuantiser(test.vals)
		step := float64(q.Hi-q.Lo) / 254
		for _, v := range test.vals {
			got := q.value(q.q(v))
			if err := math.Abs(float64(got - v)); err > step/2+1e-6*math.Abs(float64(v)) {
				t.Errorf("test %d: %v → %v, error %g > half step %g", i, v, got, err, step/2)
			}
		}
	}
	q := newQuantiser([]float32{0, 1})
	for _, v := range []float32{float32(math.NaN()), float32(math.Inf(1))} {
		if b := q.q(v); b != 255 {
			t.Errorf("non-finite %v quantised to %d, want 255", v, b)
		}
	}
	if !math.IsNaN(float64(q.value(255))) {
		t.Errorf("255 should stand for NaN")
	}
}

func TestPayloadRoundTrip(t *testing.T) {
	f := smallFixture(t)
	d, _ := f.data()
	p, err := buildPayload(d, Options{}, kindAll, "activis-test")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Layers) != 3 || p.Layer != "/relu3/Relu_output_0" {
		t.Fatalf("layers %d, selected %q", len(p.Layers), p.Layer)
	}
	l := p.Layers[0]
	raw, err := base64.StdEncoding.DecodeString(l.Mean)
	if err != nil {
		t.Fatal(err)
	}
	if len(raw) != len(l.Rows)*l.Neurons {
		t.Fatalf("mean bytes %d, want %d", len(raw), len(l.Rows)*l.Neurons)
	}
	step := float64(l.Hi-l.Lo) / 254
	for r, row := range d.Layers[0].Stats.Rows {
		for j, v := range row.Mean {
			if got := l.quant.value(raw[r*l.Neurons+j]); math.Abs(float64(got-v)) > step/2+1e-6 {
				t.Fatalf("row %d neuron %d: %v decoded as %v", r, j, v, got)
			}
		}
	}
	if l.Signed {
		t.Errorf("ReLU layer reported signed (lo %v)", l.Lo)
	}
	if !p.Layers[1].Signed {
		t.Errorf("signed layer not reported signed (lo %v)", p.Layers[1].Lo)
	}
	if p.Layers[2].Proj != nil {
		t.Errorf("layer without projection got one")
	}
	if l.ActRows != len(p.Points.Index) {
		t.Errorf("act rows %d, want all %d points within budget", l.ActRows, len(p.Points.Index))
	}
	acts, _ := base64.StdEncoding.DecodeString(l.Acts)
	k := 5
	for j, v := range d.Layers[0].Acts.Row(p.Points.Index[k]) {
		if got := l.quant.value(acts[k*l.Neurons+j]); math.Abs(float64(got-v)) > step/2+1e-6 {
			t.Fatalf("point %d neuron %d: %v decoded as %v", k, j, v, got)
		}
	}
	th := p.Points.Thumbs
	if th == nil || th.W != 14 || th.H != 14 || th.C != 1 || len(th.pix) != th.N*14*14 {
		t.Fatalf("thumbnails %+v", th)
	}
	if len(p.Points.Text) != len(p.Points.Index) {
		t.Errorf("text for %d of %d points", len(p.Points.Text), len(p.Points.Index))
	}
	if len(p.Graph.Nodes) != 10 || len(p.Graph.Edges) != 9 {
		t.Errorf("graph %d nodes %d edges, want 10 and 9", len(p.Graph.Nodes), len(p.Graph.Edges))
	}
	var data []string
	for _, n := range p.Graph.Nodes {
		if n.Layer != "" {
			data = append(data, n.Layer)
		}
	}
	if !slices.Equal(data, []string{"/fc1/Gemm_output_0", "/relu3/Relu_output_0", "output"}) {
		t.Errorf("graph data nodes linked to layers %v", data)
	}
}

func TestChoosePoints(t *testing.T) {
	in := activis.NewInstances([]string{"a"}, 100)
	sample := make([]int, 50)
	for i := range sample {
		sample[i] = 2 * i
	}
	st := &activis.Stats{Layer: "l", Rows: []activis.RowStats{{Name: "#7", Kind: activis.InstanceRow, Members: []int{7}}}}
	d := &viewData{Instances: in, Layer: "l", Layers: []layerData{{Name: "l", Stats: st}}, Sample: sample, Selection: []int{99, 7}}
	got := choosePoints(d, 20)
	if len(got) != 20 || got[0] != 7 || got[1] != 99 {
		t.Fatalf("points %v: want 20 starting with the added instance 7 and the selection 99", got[:4])
	}
	seen := map[int]bool{}
	for _, i := range got[2:] {
		if i%2 != 0 || seen[i] {
			t.Fatalf("point %d not from the sample or repeated", i)
		}
		seen[i] = true
	}
	if slices.IsSorted(got[2:]) {
		t.Errorf("sample prefix is in index order; want a spread-out shuffle")
	}
	if again := choosePoints(d, 20); !slices.Equal(got, again) {
		t.Errorf("points not deterministic")
	}
}

func TestImageGeometry(t *testing.T) {
	for _, test := range []struct {
		shape       []int
		c, h, w     int
		chFirst, ok bool
	}{
		{[]int{28, 28}, 1, 28, 28, true, true},
		{[]int{1, 28, 28}, 1, 28, 28, true, true},
		{[]int{3, 32, 32}, 3, 32, 32, true, true},
		{[]int{32, 32, 3}, 3, 32, 32, false, true},
		{[]int{64}, 0, 0, 0, false, false},
		{[]int{5, 7, 9}, 0, 0, 0, false, false},
	} {
		c, h, w, cf, ok := imageGeometry(test.shape)
		if c != test.c || h != test.h || w != test.w || cf != test.chFirst || ok != test.ok {
			t.Errorf("%v: got %d %d %d %v %v", test.shape, c, h, w, cf, ok)
		}
	}
}

// TestPayloadBounded builds the payload for 70,000 instances with a
// 512-neuron layer (and a 2,048-neuron one) and checks the whole output
// stays under 3 MB. Activation rows are only touched for sampled points, so
// the big slices stay mostly unbacked zero pages.
func TestPayloadBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates 70,000-row inputs")
	}
	const n, nc = 70000, 10
	classes := []string{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"}
	in := activis.NewInstances(classes, n)
	for i := range n {
		in.Labels[i], in.Predicted[i] = i%nc, (i*7)%nc
	}
	sample := make([]int, 0, 5000)
	for i := 0; i < n; i += n / 5000 {
		sample = append(sample, i)
	}
	inputs := make([]float32, n*784)
	var layers []layerData
	for _, dim := range []int{512, 2048} {
		vals := make([]float32, n*dim)
		for _, i := range sample {
			for j := range dim {
				vals[i*dim+j] = float32((i*31+j*17)%100) / 25
			}
			for j := range 784 {
				inputs[i*784+j] = float32((i + j) % 256)
			}
		}
		st := &activis.Stats{Layer: "l", Neurons: dim}
		for r := range nc + 4 {
			m := make([]float32, dim)
			for j := range m {
				m[j] = float32((r*j)%50) / 20
			}
			kind := activis.ClassRow
			if r >= nc {
				kind = activis.SubsetRow
			}
			st.Rows = append(st.Rows, activis.RowStats{Name: "row", Kind: kind, Count: 7000, Mean: m})
		}
		ld := layerData{Name: "fc" + strings.Repeat("x", dim/512), Stats: st, Acts: activis.NewActivations(vals, n, dim), ProjMethod: "t-SNE"}
		for k, i := range sample {
			ld.ProjIDs = append(ld.ProjIDs, i)
			ld.ProjX = append(ld.ProjX, float64(k%100))
			ld.ProjY = append(ld.ProjY, float64(k/100))
		}
		order := make([]int, dim)
		for j := range order {
			order[j] = j
		}
		ld.Orders = map[string][]int{"variance": order, "clustered": order}
		layers = append(layers, ld)
	}
	d := &viewData{Title: "Fashion-MNIST 70k", Instances: in, Layer: "fcx", Layers: layers, Sample: sample,
		Inputs: activis.NewActivations(inputs, n, 784), InputShape: []int{1, 28, 28}}
	p, err := buildPayload(d, Options{}, kindAll, "activis-big")
	if err != nil {
		t.Fatal(err)
	}
	b, err := renderBundle(p)
	if err != nil {
		t.Fatal(err)
	}
	htmlBytes := len(b.Data["text/html"].(string))
	js, _ := json.Marshal(p)
	png := len(b.Data["image/png"].(string))
	total := htmlBytes + png + len(b.Data["text/plain"].(string))
	t.Logf("70,000 instances × 512 (+2,048) neurons: payload JSON %.2f MB, text/html %.2f MB (bundle %.0f kB, snapshot %.0f kB base64), output total %.2f MB; points %d, act rows %d+%d",
		float64(len(js))/1e6, float64(htmlBytes)/1e6, float64(len(bundleJS))/1e3, float64(png)/1e3, float64(total)/1e6, len(p.Points.Index), p.Layers[0].ActRows, p.Layers[1].ActRows)
	if total > 3_000_000 {
		t.Errorf("output is %d bytes, want ≤ 3 MB", total)
	}
	if p.Layers[0].ActRows == 0 {
		t.Errorf("selected layer got no embedded activations")
	}
}

// TestLargeFlatGraphGroups checks that a 500-node graph without name
// scopes still arrives grouped (so the graph view starts collapsed), and
// that node and tensor names are carried verbatim (escaped only by JSON).
func TestLargeFlatGraphGroups(t *testing.T) {
	g := &graph.Graph{Tensors: map[string]*graph.Tensor{}}
	for i := range 500 {
		out := fmt.Sprintf("t%d", i)
		n := &graph.Node{Index: i, Name: fmt.Sprintf("op%d", i), OpType: "Relu", Outputs: []string{out}}
		if i == 7 {
			n.Name = evilAttr
		}
		g.Nodes = append(g.Nodes, n)
		g.Tensors[out] = &graph.Tensor{Name: out, Shape: []int{-1, 8}, DType: "float32", Data: true}
		if i > 0 {
			g.Edges = append(g.Edges, graph.Edge{From: i - 1, To: i, Tensor: fmt.Sprintf("t%d", i-1)})
		}
	}
	gp := graphPayloadOf(g, []layerData{{Name: "t42"}})
	groups := map[string]int{}
	for _, n := range gp.Nodes {
		groups[n.Group]++
	}
	if len(groups) != 25 || groups["nodes 1-20"] != 20 || groups["nodes 481-500"] != 20 {
		t.Errorf("groups %v, want 25 blocks of 20", groups)
	}
	if gp.Nodes[7].Name != evilAttr || gp.Nodes[42].Layer != "t42" || gp.Nodes[41].Layer != "" {
		t.Errorf("node 7 %q, node 42 layer %q", gp.Nodes[7].Name, gp.Nodes[42].Layer)
	}
	if gp.Nodes[3].Shapes[0] != "t3: [N×8] float32" {
		t.Errorf("shape %q", gp.Nodes[3].Shapes[0])
	}
	small := &graph.Graph{Nodes: g.Nodes[:5], Tensors: g.Tensors}
	if gp := graphPayloadOf(small, nil); gp.Nodes[0].Group != "" {
		t.Errorf("small graph grouped: %q", gp.Nodes[0].Group)
	}
}

// TestPayloadAttributes: extra columns reach the instance tooltip, numbers
// as numbers (null when missing), other columns as strings, per sampled point.
func TestPayloadAttributes(t *testing.T) {
	f := smallFixture(t)
	p, err := buildPayload(f.d, Options{}, kindAll, "d")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]attrPayload{}
	for _, a := range p.Points.Attrs {
		got[a.Name] = a
	}
	if _, ok := got["caption"]; ok || len(p.Points.Text) == 0 {
		t.Errorf("the first text column travels as text, not again as an attribute")
	}
	b, s := got["brightness"], got["source"]
	if len(b.Num) != len(p.Points.Index) || len(s.Str) != len(p.Points.Index) {
		t.Fatalf("attrs %+v for %d points", p.Points.Attrs, len(p.Points.Index))
	}
	for k, i := range p.Points.Index {
		want := any(float64(i%10) / 4)
		if i == 1 {
			want = nil
		}
		if b.Num[k] != want {
			t.Errorf("brightness of instance %d = %v, want %v", i, b.Num[k], want)
		}
		if s.Str[k] != []string{"camera", "scan", evilScript}[i%3] {
			t.Errorf("source of instance %d = %q", i, s.Str[k])
		}
	}
	js, err := json.Marshal(p)
	if err != nil {
		t.Fatalf("payload with a missing number does not encode: %v", err)
	}
	if strings.Contains(string(js), "<script>") {
		t.Errorf("a hostile attribute value is not escaped in the JSON")
	}
}
