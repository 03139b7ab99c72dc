package views

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"html"
	"image/png"
	"math"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/activis-go/activis/activis"
)

// compareRuns builds two runs over the same n instances of 3 classes with
// an 8-neuron layer "fc" (classes apart in activation space) and model
// accuracies of about 90% and 70%.
func compareRuns(t *testing.T, n int) (a, b *activis.Run) {
	t.Helper()
	rng := rand.New(rand.NewPCG(3, 5))
	classes := []string{"cat", "dog", "bird"}
	mk := func(pRight float64) *activis.Run {
		in := activis.NewInstances(classes, n)
		data := make([]float32, n*8)
		for i := range n {
			in.Labels[i], in.Predicted[i] = i%3, i%3
			if rng.Float64() >= pRight {
				in.Predicted[i] = (i%3 + 1) % 3
			}
			for j := range 8 {
				data[i*8+j] = float32(rng.NormFloat64())
				if j%3 == i%3 {
					data[i*8+j] += 3
				}
			}
		}
		r, err := activis.NewRun(in, map[string]*activis.Activations{"fc": activis.NewActivations(data, n, 8)})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	return mk(0.9), mk(0.7)
}

// TestCompareView renders a comparison: three views in one output with
// one copy of the front-end bundle, the matrices' rows the agreement
// categories then the classes, the projection's classes the categories in
// AgreementColors, names escaped, a composed snapshot.
func TestCompareView(t *testing.T) {
	a, b := compareRuns(t, 400)
	c, err := activis.Compare(a, b, activis.CompareOptions{NameA: "<b>new</b>", NameB: "old"})
	if err != nil {
		t.Fatal(err)
	}
	bundle := Compare(c, "").Render()
	h, _ := bundle.Data["text/html"].(string)
	if strings.Contains(h, "activis-error") {
		t.Fatalf("error output: %s", h)
	}
	if n := strings.Count(h, bundleScript()); n != 1 {
		t.Errorf("front-end bundle embedded %d times, want once", n)
	}
	for _, hook := range []string{`data-activis-compare="header"`, `data-activis-compare="matrix-a"`, `data-activis-compare="matrix-b"`, `data-activis-compare="projection"`} {
		if !strings.Contains(h, hook) {
			t.Errorf("html lacks %s", hook)
		}
	}
	if strings.Contains(h, "<b>new</b>") || !strings.Contains(h, html.EscapeString("<b>new</b>")) {
		t.Error("model names must be escaped")
	}
	// The three payloads.
	re := regexp.MustCompile(`<script type="application/json" class="activis-data">(.*?)</script>`)
	ms := re.FindAllStringSubmatch(h, -1)
	if len(ms) != 3 {
		t.Fatalf("%d payloads, want 3", len(ms))
	}
	cats := c.Categories()
	cm, err := c.Matrix("fc")
	if err != nil {
		t.Fatal(err)
	}
	var ranges [2][2]float32
	for k, m := range ms {
		var p payload
		if err := json.Unmarshal([]byte(m[1]), &p); err != nil {
			t.Fatal(err)
		}
		if k < 2 {
			if p.View != kindMatrix || len(p.Layers) != 1 || p.Layers[0].Name != "fc" {
				t.Fatalf("part %d: view %q, %d layers", k, p.View, len(p.Layers))
			}
			var rows []string
			for _, r := range p.Layers[0].Rows {
				rows = append(rows, r.Name)
			}
			want := append(append([]string(nil), cats...), "cat", "dog", "bird")
			if strings.Join(rows, "|") != strings.Join(want, "|") {
				t.Errorf("matrix %d rows %q, want %q", k, rows, want)
			}
			// Both matrices on one scale, and every cell decodes to the
			// comparison matrix's mean within half a quantisation step.
			lp := p.Layers[0]
			ranges[k] = [2]float32{lp.Lo, lp.Hi}
			q := quantiser{lp.Lo, lp.Hi}
			raw, err := base64.StdEncoding.DecodeString(lp.Mean)
			if err != nil || len(raw) != 7*8 {
				t.Fatalf("matrix %d means: %d bytes, %v", k, len(raw), err)
			}
			means := cm.MeanA
			if k == 1 {
				means = cm.MeanB
			}
			for r := range 7 {
				for j := range 8 {
					if got, want := q.value(raw[r*8+j]), means[r][j]; math.Abs(float64(got-want)) > float64(lp.Hi-lp.Lo)/500 {
						t.Fatalf("matrix %d row %d neuron %d: %g, comparison matrix says %g", k, r, j, got, want)
					}
				}
			}
			if len(p.Points.Index) > compareMatrixPoints {
				t.Errorf("matrix %d embeds %d points, bound %d", k, len(p.Points.Index), compareMatrixPoints)
			}
			continue
		}
		if p.View != kindProjection || strings.Join(p.Classes, "|") != strings.Join(cats, "|") ||
			strings.Join(p.ClassColors, "|") != strings.Join(AgreementColors, "|") || p.ClassTitle != "agreement" {
			t.Errorf("projection: view %q classes %q colours %q title %q", p.View, p.Classes, p.ClassColors, p.ClassTitle)
		}
		// Every embedded point's class is its agreement category.
		for k, i := range p.Points.Index {
			if p.Points.Label[k] != int(c.Agreement[i]) {
				t.Fatalf("point %d (instance %d): class %d, agreement %d", k, i, p.Points.Label[k], c.Agreement[i])
			}
		}
	}
	if ranges[0] != ranges[1] {
		t.Errorf("the two matrices have different colour scales: %v and %v", ranges[0], ranges[1])
	}
	raw, err := base64.StdEncoding.DecodeString(bundle.Data["image/png"].(string))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil || img.Bounds().Dx() != 2*snapW {
		t.Errorf("snapshot: %v, width %d", err, img.Bounds().Dx())
	}
	if txt := bundle.Data["text/plain"].(string); !strings.Contains(txt, "activis.Comparison of 400 instances") {
		t.Errorf("text/plain %q", txt)
	}

	// An unknown layer is an error output naming the layers.
	bad := Compare(c, "conv").Render()
	if txt := bad.Data["text/plain"].(string); !strings.Contains(txt, `layer "conv" is not in both runs`) || !strings.Contains(txt, `"fc"`) {
		t.Errorf("unknown layer: %q", txt)
	}
}

// TestCompareLayers shows two models whose layers differ in name and
// width: each matrix keeps its own layer and columns.
func TestCompareLayers(t *testing.T) {
	a, b := compareRuns(t, 300)
	hidden := activis.NewActivations(make([]float32, 300*5), 300, 5)
	b2, err := activis.NewRun(b.Instances, map[string]*activis.Activations{"hidden": hidden})
	if err != nil {
		t.Fatal(err)
	}
	c, err := activis.Compare(a, b2)
	if err != nil {
		t.Fatal(err)
	}
	h, _ := CompareLayers(c, "fc", "hidden").Render().Data["text/html"].(string)
	re := regexp.MustCompile(`<script type="application/json" class="activis-data">(.*?)</script>`)
	ms := re.FindAllStringSubmatch(h, -1)
	if len(ms) != 3 {
		t.Fatalf("%d payloads, want 3:\n%.500s", len(ms), h)
	}
	for k, want := range []struct {
		name    string
		neurons int
	}{{"fc", 8}, {"hidden", 5}, {"fc", 8}} {
		var p payload
		if err := json.Unmarshal([]byte(ms[k][1]), &p); err != nil {
			t.Fatal(err)
		}
		if p.Layers[0].Name != want.name || p.Layers[0].Neurons != want.neurons {
			t.Errorf("part %d shows %s (%d neurons), want %s (%d)", k, p.Layers[0].Name, p.Layers[0].Neurons, want.name, want.neurons)
		}
	}
	if txt := CompareLayers(c, "fc", "fc").Render().Data["text/plain"].(string); !strings.Contains(txt, "run B") || !strings.Contains(txt, `unknown tensor "fc"`) {
		t.Errorf("a layer missing from run B: %q", txt)
	}
	// Compare with one name needs it in both runs.
	if txt := Compare(c, "").Render().Data["text/plain"].(string); !strings.Contains(txt, "share no layer name") || !strings.Contains(txt, "CompareLayers") {
		t.Errorf("no shared layer: %q", txt)
	}
}
