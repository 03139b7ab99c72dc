package views

import (
	"fmt"
	"image/color"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot/palette/brewer"

	"github.com/activis-go/activis/activis"
	"github.com/activis-go/activis/activis/graph"
)

// PayloadVersion is the version of the embedded data format the front end reads.
const PayloadVersion = 1

// Options bound the payload embedded in each output. The zero value takes
// the defaults (see DefaultOptions); the payload then stays near 2.5 MB
// whatever the number of instances.
type Options struct {
	// MaxPoints caps the sampled instances shown in the projection and the
	// instance panel (default 3000).
	MaxPoints int
	// ActBudget caps the bytes of quantised per-instance activations
	// embedded over all layers, used to compute lasso subsets and clicked
	// instance rows in the view (default 768 KiB). The selected layer is
	// served first; a point beyond the budget has no embedded activations.
	ActBudget int
	// ThumbBudget caps the bytes of instance thumbnails (default 640 KiB).
	ThumbBudget int
	// ThumbSide caps a thumbnail's side in pixels (default 16): inputs are
	// box-downsampled by an integer factor to fit.
	ThumbSide int
	// TextLen caps the characters of instance text shown on hover (default 280).
	TextLen int
}

// DefaultOptions returns the default payload bounds.
func DefaultOptions() Options {
	return Options{MaxPoints: 3000, ActBudget: 768 << 10, ThumbBudget: 640 << 10, ThumbSide: 16, TextLen: 280}
}

func (o Options) withDefaults() Options {
	d := DefaultOptions()
	if o.MaxPoints <= 0 {
		o.MaxPoints = d.MaxPoints
	}
	if o.ActBudget <= 0 {
		o.ActBudget = d.ActBudget
	}
	if o.ThumbBudget <= 0 {
		o.ThumbBudget = d.ThumbBudget
	}
	if o.ThumbSide <= 0 {
		o.ThumbSide = d.ThumbSide
	}
	if o.TextLen <= 0 {
		o.TextLen = d.TextLen
	}
	return o
}

// payload is the JSON embedded in every output; doc.go describes it.
type payload struct {
	Version     int      `json:"version"`
	View        string   `json:"view"`
	DisplayID   string   `json:"displayId"`
	Title       string   `json:"title"`
	Classes     []string `json:"classes"`
	ClassColors []string `json:"classColors"`
	// ClassTitle names what Classes are when they are not the true
	// classes ("agreement" in a comparison); the projection then offers
	// only that colouring.
	ClassTitle string         `json:"classTitle,omitempty"`
	Layer      string         `json:"layer"`
	Layers     []layerPayload `json:"layers"`
	Points     pointsPayload  `json:"points"`
	Graph      graphPayload   `json:"graph"`
	// Live is set when the views belong to a live widget: the kernel adds
	// clicked instances as rows and sends every change as a new payload.
	Live bool `json:"live,omitempty"`
	// Ramps are the activation colour maps (shared with the snapshot).
	Ramps *rampsPayload `json:"ramps,omitempty"`
	// Suggest lists the suggested subsets (activis.Discover), see suggest.go.
	Suggest *suggestPayload `json:"suggest,omitempty"`
	// Attrib tells which attributions the kernel computes on request.
	Attrib *attribPayload `json:"attrib,omitempty"`
}

type layerPayload struct {
	Name    string           `json:"name"`
	Neurons int              `json:"neurons"`
	Lo      float32          `json:"lo"`
	Hi      float32          `json:"hi"`
	Signed  bool             `json:"signed"`
	Rows    []rowPayload     `json:"rows"`
	Mean    string           `json:"mean"`
	Orders  map[string][]int `json:"orders,omitempty"`
	Acts    string           `json:"acts,omitempty"`
	ActRows int              `json:"actRows"`
	Proj    *projPayload     `json:"proj,omitempty"`
	// Missing marks a layer listed without statistics (see layerData.Stats).
	Missing bool `json:"missing,omitempty"`
	// quant is the quantiser of Mean and Acts (not serialised; tests and the snapshot use it).
	quant quantiser
	// mean holds the quantised row means (rows × neurons).
	mean []byte
}

type rowPayload struct {
	Name   string `json:"name"`
	Kind   string `json:"kind"`
	Expr   string `json:"expr,omitempty"`
	Count  int    `json:"count"`
	Member int    `json:"member"`
}

type projPayload struct {
	Method string `json:"method,omitempty"`
	X      string `json:"x"`
	Y      string `json:"y"`
	// x, y are the coordinates per point (NaN when a point is not projected).
	x, y []float64
}

type pointsPayload struct {
	Index  []int         `json:"index"`
	IDs    []string      `json:"ids"`
	Label  []int         `json:"label"`
	Pred   []int         `json:"pred"`
	Text   []string      `json:"text,omitempty"`
	Thumbs *thumbPayload `json:"thumbs,omitempty"`
	// Attrs are the instances' other columns (extra CSV columns), shown
	// in the instance tooltip; at most maxAttrs of them.
	Attrs []attrPayload `json:"attrs,omitempty"`
}

// attrPayload is one attribute column over the sampled points: Num for
// numeric columns (null where missing), Str for the others.
type attrPayload struct {
	Name string   `json:"name"`
	Num  []any    `json:"num,omitempty"`
	Str  []string `json:"str,omitempty"`
}

// maxAttrs bounds the attribute columns embedded; attrLen the characters
// of each text value (the first text attribute has its own, longer, bound).
const (
	maxAttrs = 12
	attrLen  = 80
)

type thumbPayload struct {
	W    int    `json:"w"`
	H    int    `json:"h"`
	C    int    `json:"c"`
	N    int    `json:"n"`
	Data string `json:"data"`
	// pix are the packed pixels (N × H × W × C).
	pix []byte
}

type graphPayload struct {
	Nodes []graphNode `json:"nodes"`
	Edges [][2]string `json:"edges"`
}

type graphNode struct {
	ID     string   `json:"id"`
	Name   string   `json:"name"`
	Op     string   `json:"op,omitempty"`
	Group  string   `json:"group,omitempty"`
	Shapes []string `json:"shapes,omitempty"`
	Data   bool     `json:"data,omitempty"`
	Layer  string   `json:"layer,omitempty"`
}

// buildPayload assembles the bounded payload for view ("all", "graph",
// "matrix", "projection" or "instances").
func buildPayload(d *viewData, opt Options, view, displayID string) (*payload, error) {
	opt = opt.withDefaults()
	in := d.Instances
	if in == nil {
		return nil, fmt.Errorf("views: explorer has no instances")
	}
	p := &payload{
		Version:     PayloadVersion,
		View:        view,
		DisplayID:   displayID,
		Title:       d.Title,
		Classes:     append([]string{}, in.Classes...),
		ClassColors: classColors(len(in.Classes)),
		Layer:       d.Layer,
		Ramps:       ramps(),
	}
	pts := choosePoints(d, opt.MaxPoints)
	p.Points = pointsOf(in, pts, opt)
	if d.Inputs != nil {
		p.Points.Thumbs = thumbnails(d.Inputs, d.InputShape, pts, opt)
	}
	budget := opt.ActBudget
	// The selected layer first, so it gets the activation budget.
	order := make([]int, 0, len(d.Layers))
	for i, l := range d.Layers {
		if l.Name == d.Layer {
			order = append([]int{i}, order...)
		} else {
			order = append(order, i)
		}
	}
	p.Layers = make([]layerPayload, len(d.Layers))
	for _, i := range order {
		lp, used, err := layerPayloadOf(&d.Layers[i], pts, budget)
		if err != nil {
			return nil, err
		}
		budget -= used
		p.Layers[i] = lp
	}
	p.Graph = graphPayloadOf(d.Graph, d.Layers)
	p.Suggest = suggestPayloadOf(d.Suggest, pts)
	p.Attrib = d.Attrib
	return p, nil
}

// choosePoints picks the sampled instances to embed: added instances and
// the selection first, then the sample in a fixed pseudo-random order (so
// any prefix is itself a spread-out subset), capped at max.
func choosePoints(d *viewData, limit int) []int {
	n := d.Instances.Len()
	seen := make(map[int]bool)
	var out []int
	add := func(i int) {
		if i >= 0 && i < n && !seen[i] && len(out) < limit {
			seen[i] = true
			out = append(out, i)
		}
	}
	for _, l := range d.Layers {
		if l.Name != d.Layer || l.Stats == nil {
			continue
		}
		for _, r := range l.Stats.Rows {
			if r.Kind == activis.InstanceRow {
				for _, m := range r.Members {
					add(m)
				}
			}
		}
	}
	for _, i := range d.Selection {
		add(i)
	}
	sample := slices.Clone(d.Sample)
	slices.Sort(sample)
	rng := rand.New(rand.NewPCG(1, 2))
	rng.Shuffle(len(sample), func(i, j int) { sample[i], sample[j] = sample[j], sample[i] })
	for _, i := range sample {
		add(i)
	}
	return out
}

func pointsOf(in *activis.Instances, pts []int, opt Options) pointsPayload {
	pp := pointsPayload{
		Index: pts,
		IDs:   make([]string, len(pts)),
		Label: make([]int, len(pts)),
		Pred:  make([]int, len(pts)),
	}
	var text *activis.Attribute
	for _, a := range in.Attrs {
		if a.Kind == activis.Text {
			text = a
			break
		}
	}
	if text != nil {
		pp.Text = make([]string, len(pts))
	}
	for k, i := range pts {
		pp.IDs[k] = in.IDs[i]
		pp.Label[k] = at(in.Labels, i)
		pp.Pred[k] = at(in.Predicted, i)
		if text != nil && i < len(text.Str) {
			pp.Text[k] = truncate(text.Str[i], opt.TextLen)
		}
	}
	for _, a := range in.Attrs {
		if a == text || len(pp.Attrs) == maxAttrs {
			continue
		}
		pp.Attrs = append(pp.Attrs, attrOf(a, pts))
	}
	return pp
}

// attrOf gathers attribute a over the sampled points.
func attrOf(a *activis.Attribute, pts []int) attrPayload {
	ap := attrPayload{Name: a.Name}
	if a.Kind == activis.Numeric {
		ap.Num = make([]any, len(pts))
		for k, i := range pts {
			if i < len(a.Num) && !math.IsNaN(float64(a.Num[i])) && !math.IsInf(float64(a.Num[i]), 0) {
				ap.Num[k] = a.Num[i]
			}
		}
		return ap
	}
	ap.Str = make([]string, len(pts))
	for k, i := range pts {
		if i < len(a.Str) {
			ap.Str[k] = truncate(a.Str[i], attrLen)
		}
	}
	return ap
}

func at(s []int, i int) int {
	if i < len(s) {
		return s[i]
	}
	return -1
}

// truncate cuts s to at most n runes, marking the cut with an ellipsis.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// layerPayloadOf quantises a layer's rows and the activations of as many
// points as budget allows; it returns the bytes of activations used.
func layerPayloadOf(l *layerData, pts []int, budget int) (layerPayload, int, error) {
	st := l.Stats
	if st == nil {
		return layerPayload{Name: l.Name, Neurons: l.Neurons, Lo: 0, Hi: 1, Rows: []rowPayload{}, Missing: true, quant: quantiser{0, 1}}, 0, nil
	}
	dim := st.Neurons
	lp := layerPayload{Name: l.Name, Neurons: dim, Orders: map[string][]int{}}
	for name, o := range l.Orders {
		if len(o) == dim {
			lp.Orders[name] = o
		}
	}
	var actRows int
	if l.Acts != nil && dim > 0 && l.Acts.Dim() == dim {
		actRows = min(len(pts), max(0, budget)/dim)
		if actRows < 32 && actRows < len(pts) {
			actRows = 0 // too few to be useful for subsets
		}
	}
	means := make([][]float32, len(st.Rows))
	for r, row := range st.Rows {
		if len(row.Mean) != dim {
			return layerPayload{}, 0, fmt.Errorf("views: layer %q row %q has %d values, want %d", l.Name, row.Name, len(row.Mean), dim)
		}
		means[r] = row.Mean
	}
	acts := make([][]float32, actRows)
	for k := range actRows {
		acts[k] = l.Acts.Row(pts[k])
	}
	lp.quant = newQuantiser(append(slices.Clone(means), acts...)...)
	lp.Lo, lp.Hi = lp.quant.Lo, lp.quant.Hi
	lp.Signed = lp.Lo < 0
	lp.mean = make([]byte, 0, len(st.Rows)*dim)
	for r, row := range st.Rows {
		lp.mean = lp.quant.appendQ(lp.mean, means[r])
		rp := rowPayload{Name: row.Name, Kind: row.Kind.String(), Expr: row.Expr, Count: row.Count, Member: -1}
		if row.Kind == activis.InstanceRow && len(row.Members) > 0 {
			rp.Member = row.Members[0]
		}
		lp.Rows = append(lp.Rows, rp)
	}
	lp.Mean = b64(lp.mean)
	if actRows > 0 {
		buf := make([]byte, 0, actRows*dim)
		for _, a := range acts {
			buf = lp.quant.appendQ(buf, a)
		}
		lp.Acts = b64(buf)
		lp.ActRows = actRows
	}
	if l.ProjX != nil {
		pos := make(map[int]int, len(l.ProjIDs))
		for k, id := range l.ProjIDs {
			pos[id] = k
		}
		x := make([]float64, len(pts))
		y := make([]float64, len(pts))
		for k, i := range pts {
			x[k], y[k] = math.NaN(), math.NaN()
			if j, ok := pos[i]; ok && j < len(l.ProjX) && j < len(l.ProjY) {
				x[k], y[k] = l.ProjX[j], l.ProjY[j]
			}
		}
		lp.Proj = &projPayload{Method: l.ProjMethod, X: float32B64(x), Y: float32B64(y), x: x, y: y}
	}
	return lp, actRows * dim, nil
}

// classColors picks a qualitative ColorBrewer palette for n classes (the
// same colours the snapshot uses), cycling beyond twelve.
func classColors(n int) []string {
	name, size := "Set1", 9
	switch {
	case n <= 8:
		name, size = "Dark2", max(3, n)
	case n > 9:
		name, size = "Paired", 12
	}
	pal, err := brewer.GetPalette(brewer.TypeQualitative, name, size)
	out := make([]string, n)
	if err != nil {
		return out
	}
	cs := pal.Colors()
	if name == "Paired" {
		// Paired lists light/dark pairs; dark ones first keeps neighbouring
		// classes distinct.
		cs = append(evenOdd(cs, 1), evenOdd(cs, 0)...)
	}
	for i := range out {
		out[i] = hexColor(cs[i%len(cs)])
	}
	return out
}

func evenOdd(cs []color.Color, parity int) []color.Color {
	var out []color.Color
	for i := parity; i < len(cs); i += 2 {
		out = append(out, cs[i])
	}
	return out
}

func hexColor(c color.Color) string {
	r, g, b, _ := c.RGBA()
	return fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, b>>8)
}

// graphPayloadOf summarises the model graph for view A: op nodes with their
// scope, output shapes, and whether they compute a data node (a layer the
// views can show). Without a graph, the layers are shown as data nodes.
func graphPayloadOf(g *graph.Graph, layers []layerData) graphPayload {
	have := map[string]bool{}
	for _, l := range layers {
		have[l.Name] = true
	}
	gp := graphPayload{Nodes: []graphNode{}, Edges: [][2]string{}}
	if g == nil {
		for _, l := range layers {
			n := graphNode{ID: "L" + l.Name, Name: l.Name, Data: true, Layer: l.Name}
			if l.Stats != nil {
				n.Shapes = []string{strconv.Itoa(l.Stats.Neurons) + " neurons"}
			}
			gp.Nodes = append(gp.Nodes, n)
		}
		return gp
	}
	loose := 0 // nodes without a scope, in order
	for _, n := range g.Nodes {
		gn := graphNode{ID: strconv.Itoa(n.Index), Name: n.Name, Op: n.OpType, Group: strings.Join(n.Scope, "/")}
		if gn.Group == "" && len(g.Nodes) > looseLimit {
			// A large graph without name scopes still collapses: its
			// unscoped nodes are grouped in runs of looseBlock in
			// topological order.
			first := loose / looseBlock * looseBlock
			gn.Group = fmt.Sprintf("nodes %d-%d", first+1, first+looseBlock)
			loose++
		}
		for _, o := range n.Outputs {
			t := g.Tensors[o]
			if t == nil {
				continue
			}
			gn.Shapes = append(gn.Shapes, o+": "+shapeString(t.Shape)+" "+t.DType)
			if t.Data {
				gn.Data = true
				if gn.Layer == "" && have[o] {
					gn.Layer = o
				}
			}
		}
		gp.Nodes = append(gp.Nodes, gn)
	}
	seen := map[[2]int]bool{}
	for _, e := range g.Edges {
		k := [2]int{e.From, e.To}
		if e.From < 0 || e.To < 0 || seen[k] {
			continue
		}
		seen[k] = true
		gp.Edges = append(gp.Edges, [2]string{strconv.Itoa(e.From), strconv.Itoa(e.To)})
	}
	return gp
}

// Graphs with more than looseLimit nodes have their unscoped nodes grouped
// in blocks of looseBlock (see graphPayloadOf).
const (
	looseLimit = 40
	looseBlock = 20
)

func shapeString(s []int) string {
	if s == nil {
		return "?"
	}
	parts := make([]string, len(s))
	for i, d := range s {
		if d < 0 {
			parts[i] = "N"
		} else {
			parts[i] = strconv.Itoa(d)
		}
	}
	return "[" + strings.Join(parts, "×") + "]"
}
