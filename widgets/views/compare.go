package views

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html"
	"image"
	"image/draw"
	"image/png"
	"strings"

	"github.com/activis-go/activis/activis"
	"github.com/activis-go/activis/widgets/display"
)

// AgreementColors are the projection colours of the agreement categories of
// a comparison, in the order of activis.Agreement: both right (grey), only
// A right (blue), only B right (orange), both wrong (red).
var AgreementColors = []string{"#bdbdbd", "#1f78b4", "#ff7f00", "#e31a1c"}

// compareMatrixPoints bounds the sampled instances embedded with each of
// the two matrices (their hover and row clicks need a few; the projection
// carries the full sample).
const compareMatrixPoints = 300

// CompareView shows an activis.Comparison of two runs at one layer: the
// agreement categories with their sizes, the two runs' activation
// matrices side by side (the same rows: the four agreement categories,
// then the classes), and the projection of run A's sampled instances
// coloured by which model is right. It implements display.Renderer: make
// it a cell's last expression or pass it to display. The output is a
// snapshot (it does not follow later changes).
type CompareView struct {
	c              *activis.Comparison
	layer, layerB  string
	differentNames bool
	// Options bound each embedded payload; zero means DefaultOptions.
	Options Options
}

// Compare returns the view of a comparison at a layer both runs have ("":
// the only layer they share; an error lists them when there are several).
func Compare(c *activis.Comparison, layer string) CompareView {
	return CompareView{c: c, layer: layer}
}

// CompareLayers returns the view of a comparison of run A's layerA with
// run B's layerB, for two models whose layers are named differently. Each
// matrix keeps its own columns (and its own colour scale unless the
// layers have the same name and width); the projection is of layerA.
func CompareLayers(c *activis.Comparison, layerA, layerB string) CompareView {
	return CompareView{c: c, layer: layerA, layerB: layerB, differentNames: true}
}

// Render returns the bundle: text/html with the three views (one copy of
// the front-end bundle), image/png (the snapshots of the two matrices side
// by side above the projection's) and text/plain (the comparison summary).
func (v CompareView) Render() display.Bundle {
	b, err := v.render()
	if err != nil {
		msg := fmt.Sprintf("activis compare view: %v", err)
		return display.Bundle{Data: map[string]any{
			"text/plain": msg,
			"text/html":  `<pre class="activis-error">` + html.EscapeString(msg) + `</pre>`,
		}}
	}
	return b
}

// compareLayers resolves the layers to show, of run A and of run B.
func (v CompareView) compareLayers() (string, string, error) {
	if v.c == nil || v.c.A == nil || v.c.B == nil {
		return "", "", fmt.Errorf("no comparison")
	}
	if v.differentNames {
		if err := v.c.A.CheckTensor(v.layer); err != nil {
			return "", "", fmt.Errorf("run %s: %w", v.c.NameA, err)
		}
		if err := v.c.B.CheckTensor(v.layerB); err != nil {
			return "", "", fmt.Errorf("run %s: %w", v.c.NameB, err)
		}
		return v.layer, v.layerB, nil
	}
	l, err := v.compareLayer()
	return l, l, err
}

// compareLayer resolves the one layer name both runs are shown at.
func (v CompareView) compareLayer() (string, error) {
	shared := v.c.Layers()
	if len(shared) == 0 {
		return "", fmt.Errorf("the runs share no layer name (run %s: %q, run %s: %q): name one of each with CompareLayers",
			v.c.NameA, v.c.A.TensorNames(), v.c.NameB, v.c.B.TensorNames())
	}
	if v.layer == "" {
		if len(shared) != 1 {
			return "", fmt.Errorf("name the layer to compare (layers of both runs: %q)", shared)
		}
		return shared[0], nil
	}
	for _, l := range shared {
		if l == v.layer {
			return l, nil
		}
	}
	return "", fmt.Errorf("layer %q is not in both runs (layers of both runs: %q)", v.layer, shared)
}

// comparePart is one of the three views of the comparison.
type comparePart struct {
	hook, caption string
	bundle        display.Bundle
}

func (v CompareView) render() (display.Bundle, error) {
	layer, layerB, err := v.compareLayers()
	if err != nil {
		return display.Bundle{}, err
	}
	c := v.c
	accA, accB := c.Accuracy()
	var parts []comparePart
	var mats []*payload
	var lds []*layerData
	var captions []string
	for _, side := range []struct {
		run         *activis.Run
		name, layer string
		acc         float64
	}{{c.A, c.NameA, layer, accA}, {c.B, c.NameB, layerB, accB}} {
		title := fmt.Sprintf("%s: %.2f%% right", side.name, 100*side.acc)
		if layerB != layer {
			title += " · " + side.layer
		}
		p, ld, err := v.matrixPayload(side.run, side.layer, title)
		if err != nil {
			return display.Bundle{}, fmt.Errorf("matrix of %s: %w", side.name, err)
		}
		mats, lds, captions = append(mats, p), append(lds, ld), append(captions, title)
	}
	if layerB == layer {
		shareScale(mats, lds)
	}
	for k, p := range mats {
		b, err := renderBundle(p)
		if err != nil {
			return display.Bundle{}, err
		}
		parts = append(parts, comparePart{hook: []string{"matrix-a", "matrix-b"}[k], caption: captions[k], bundle: b})
	}
	b, err := v.projectionPart(layer)
	if err != nil {
		return display.Bundle{}, fmt.Errorf("projection: %w", err)
	}
	parts = append(parts, comparePart{hook: "projection", caption: fmt.Sprintf("%s's %s, coloured by which model is right", c.NameA, layer), bundle: b})
	shown := layer
	if layerB != layer {
		shown = layer + " / " + layerB
	}
	return v.compose(shown, parts)
}

// layerRun is r restricted to one tensor, so that the views embed and
// aggregate only that layer.
func layerRun(r *activis.Run, layer string) (*activis.Run, error) {
	acts, err := r.Tensor(layer)
	if err != nil {
		return nil, err
	}
	out, err := activis.NewRun(r.Instances, map[string]*activis.Activations{layer: acts})
	if err != nil {
		return nil, err
	}
	out.Data = r.Data
	return out, nil
}

// matrixPayload builds one run's matrix payload with the agreement rows.
// The layer's data is returned too (the payload keeps only quantised values).
func (v CompareView) matrixPayload(r *activis.Run, layer, title string) (*payload, *layerData, error) {
	lr, err := layerRun(r, layer)
	if err != nil {
		return nil, nil, err
	}
	ex := activis.NewExplorer(nil, lr)
	for _, s := range v.c.Subsets() {
		if err := ex.Add(s); err != nil {
			return nil, nil, err
		}
	}
	st, err := ex.Stats(layer)
	if err != nil {
		return nil, nil, err
	}
	ld := layerData{Name: layer, Neurons: st.Neurons, Stats: st, Acts: lr.Tensors[layer], Orders: map[string][]int{}}
	for key, by := range map[string]activis.Ordering{"variance": activis.ByVariance(), "clustered": activis.Clustered()} {
		if o, err := st.Order(by); err == nil {
			ld.Orders[key] = o
		}
	}
	d := &viewData{Title: title, Instances: lr.Instances, Layer: layer, Layers: []layerData{ld}, Sample: ex.Sample()}
	if ds := r.Data; ds != nil && ds.Inputs != nil && ds.Inputs.Len() == r.Len() {
		d.Inputs, d.InputShape = ds.Inputs, ds.InputShape
	}
	opt := v.Options.withDefaults()
	opt.MaxPoints = min(opt.MaxPoints, compareMatrixPoints)
	lp := &d.Layers[0]
	p, err := buildPayload(d, opt, kindMatrix, newDisplayID())
	if err != nil {
		return nil, nil, err
	}
	return p, lp, nil
}

// projectionPart renders the projection of run A's sample at the layer,
// classes being the agreement categories.
func (v CompareView) projectionPart(layer string) (display.Bundle, error) {
	ag, err := v.c.AgreementRun(false)
	if err != nil {
		return display.Bundle{}, err
	}
	lr, err := layerRun(ag, layer)
	if err != nil {
		return display.Bundle{}, err
	}
	ex := activis.NewExplorer(nil, lr)
	d, err := newExplorerSource(ex, lr.Data).data()
	if err != nil {
		return display.Bundle{}, err
	}
	d.Title = "Agreement: " + v.c.NameA + " vs " + v.c.NameB
	p, err := buildPayload(d, v.Options, kindProjection, newDisplayID())
	if err != nil {
		return display.Bundle{}, err
	}
	if len(p.ClassColors) == len(AgreementColors) {
		p.ClassColors = append([]string(nil), AgreementColors...)
	}
	p.ClassTitle = "agreement"
	return renderBundle(p)
}

// compose lays the parts out in one output: a header with the categories,
// the two matrices side by side (stacking when narrow), the projection
// below. Only the first part keeps the front-end bundle.
func (v CompareView) compose(layer string, parts []comparePart) (display.Bundle, error) {
	c := v.c
	script := bundleScript()
	var b strings.Builder
	b.WriteString(`<div class="activis-compare" data-activis-compare="root" style="font:13px sans-serif">`)
	fmt.Fprintf(&b, `<div data-activis-compare="header" style="margin:4px 0 8px"><b>%s vs %s</b> at <code>%s</code>, %d instances:`,
		html.EscapeString(c.NameA), html.EscapeString(c.NameB), html.EscapeString(layer), c.Len())
	for k, name := range c.Categories() {
		fmt.Fprintf(&b, ` <span data-activis-category="%d" style="white-space:nowrap;margin-left:10px"><span style="display:inline-block;width:10px;height:10px;background:%s;margin-right:4px"></span>%s <b>%d</b></span>`,
			k, AgreementColors[k], html.EscapeString(name), c.Counts[k])
	}
	b.WriteString(`</div>`)
	piece := func(p comparePart, first bool, style string) {
		h, _ := p.bundle.Data["text/html"].(string)
		if !first {
			h = strings.Replace(h, script, "", 1)
		}
		fmt.Fprintf(&b, `<div data-activis-compare="%s" style="%s"><div style="font-weight:bold;margin:2px 0">%s</div>%s</div>`,
			p.hook, style, html.EscapeString(p.caption), h)
	}
	b.WriteString(`<div style="display:flex;flex-wrap:wrap;gap:12px">`)
	piece(parts[0], true, "flex:1 1 380px;min-width:0")
	piece(parts[1], false, "flex:1 1 380px;min-width:0")
	b.WriteString(`</div>`)
	piece(parts[2], false, "margin-top:10px")
	b.WriteString(`</div>`)

	snap, err := composeSnapshots(parts)
	if err != nil {
		return display.Bundle{}, err
	}
	return display.Bundle{
		Data: map[string]any{
			"text/html":  b.String(),
			"image/png":  base64.StdEncoding.EncodeToString(snap),
			"text/plain": c.String() + "\nlayer " + layer + ": matrices of both runs side by side, projection coloured by agreement",
		},
		Metadata: map[string]any{"image/png": map[string]any{"width": snapW}},
	}, nil
}

// composeSnapshots draws the parts' snapshots in one image: the two
// matrices side by side, the projection below the first.
func composeSnapshots(parts []comparePart) ([]byte, error) {
	imgs := make([]image.Image, len(parts))
	for k, p := range parts {
		s, _ := p.bundle.Data["image/png"].(string)
		raw, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return nil, fmt.Errorf("snapshot of %s: %w", p.hook, err)
		}
		if imgs[k], err = png.Decode(bytes.NewReader(raw)); err != nil {
			return nil, fmt.Errorf("snapshot of %s: %w", p.hook, err)
		}
	}
	a, b, g := imgs[0].Bounds(), imgs[1].Bounds(), imgs[2].Bounds()
	w := max(a.Dx()+b.Dx(), g.Dx())
	top := max(a.Dy(), b.Dy())
	out := image.NewRGBA(image.Rect(0, 0, w, top+g.Dy()))
	draw.Draw(out, out.Bounds(), image.White, image.Point{}, draw.Src)
	draw.Draw(out, a.Sub(a.Min), imgs[0], a.Min, draw.Src)
	draw.Draw(out, b.Sub(b.Min).Add(image.Pt(a.Dx(), 0)), imgs[1], b.Min, draw.Src)
	draw.Draw(out, g.Sub(g.Min).Add(image.Pt(0, top)), imgs[2], g.Min, draw.Src)
	var buf bytes.Buffer
	if err := png.Encode(&buf, out); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// shareScale puts the matrices of layers with the same width on one colour
// scale (each payload's own range would make equal colours mean different
// values side by side): the row means and embedded activations of both are
// quantised again over their joint range.
func shareScale(ps []*payload, lds []*layerData) {
	var lps []*layerPayload
	var vals [][]float32
	for k, p := range ps {
		if len(p.Layers) != 1 || lds[k].Stats == nil || lds[k].Acts == nil {
			return
		}
		lp := &p.Layers[0]
		if len(lps) > 0 && lp.Neurons != lps[0].Neurons {
			return
		}
		lps = append(lps, lp)
		for _, r := range lds[k].Stats.Rows {
			vals = append(vals, r.Mean)
		}
		for j := range lp.ActRows {
			vals = append(vals, lds[k].Acts.Row(p.Points.Index[j]))
		}
	}
	q := newQuantiser(vals...)
	for k, lp := range lps {
		lp.quant, lp.Lo, lp.Hi, lp.Signed = q, q.Lo, q.Hi, q.Lo < 0
		lp.mean = lp.mean[:0]
		for _, r := range lds[k].Stats.Rows {
			lp.mean = q.appendQ(lp.mean, r.Mean)
		}
		lp.Mean = b64(lp.mean)
		if lp.ActRows > 0 {
			buf := make([]byte, 0, lp.ActRows*lp.Neurons)
			for j := range lp.ActRows {
				buf = q.appendQ(buf, lds[k].Acts.Row(ps[k].Points.Index[j]))
			}
			lp.Acts = b64(buf)
		}
	}
}
