package views

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Snapshot geometry (pixels). The snapshot mirrors the live layout at 900 px:
// the graph on top, the activation matrix with its legend, then the
// projection (with its class legend) beside the instance panel.
const (
	snapW      = 900
	snapLabelW = 150
	snapRowH   = 13
	snapMaxRow = 40
	snapPanelH = 300
	snapPad    = 6
)

// snapFaces are the snapshot's fonts: the Go fonts (golang.org/x/image),
// which draw Latin, Greek, Cyrillic and common symbols; parsed once.
var snapFaces = sync.OnceValues(func() (faces [2]font.Face, err error) {
	for i, ttf := range [][]byte{goregular.TTF, gobold.TTF} {
		f, err := opentype.Parse(ttf)
		if err != nil {
			return faces, fmt.Errorf("snapshot font: %w", err)
		}
		faces[i], err = opentype.NewFace(f, &opentype.FaceOptions{Size: 11, DPI: 72, Hinting: font.HintingFull})
		if err != nil {
			return faces, fmt.Errorf("snapshot font: %w", err)
		}
	}
	return faces, nil
})

// canvas draws the snapshot: text in a real font, fitted to a width.
type canvas struct {
	img         *image.RGBA
	face, bold  font.Face
	ink, muted  color.RGBA
	border, sel color.RGBA
}

func (c *canvas) fill(r image.Rectangle, col color.Color) {
	draw.Draw(c.img, r, image.NewUniform(col), image.Point{}, draw.Src)
}

func (c *canvas) stroke(r image.Rectangle, col color.Color) {
	c.fill(image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+1), col)
	c.fill(image.Rect(r.Min.X, r.Max.Y-1, r.Max.X, r.Max.Y), col)
	c.fill(image.Rect(r.Min.X, r.Min.Y, r.Min.X+1, r.Max.Y), col)
	c.fill(image.Rect(r.Max.X-1, r.Min.Y, r.Max.X, r.Max.Y), col)
}

// width is the advance of s in face f, in pixels.
func width(f font.Face, s string) int { return font.MeasureString(f, s).Ceil() }

// fit shortens s with an ellipsis until it is at most w pixels wide in f.
func fit(f font.Face, s string, w int) string {
	if width(f, s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && width(f, string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	if len(r) == 0 {
		return ""
	}
	return string(r) + "…"
}

// text draws s with its baseline at y, fitted to w pixels; returns its width.
func (c *canvas) text(x, y, w int, s string, col color.Color, bold bool) int {
	f := c.face
	if bold {
		f = c.bold
	}
	s = fit(f, printable(s), w)
	d := font.Drawer{Dst: c.img, Src: image.NewUniform(col), Face: f, Dot: fixed.P(x, y)}
	d.DrawString(s)
	return width(f, s)
}

// printable replaces control characters (which no font draws) with spaces.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 32 || r == 127 {
			return ' '
		}
		return r
	}, s)
}

func parseHex(s string) color.RGBA {
	v, err := strconv.ParseUint(strings.TrimPrefix(s, "#"), 16, 32)
	if err != nil || len(s) != 7 {
		return missingRGBA
	}
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255}
}

// snapshotPNG renders a static picture of the views for viewers that run no
// JavaScript (GitHub's preview, untrusted notebooks): the graph, the
// selected layer's matrix in the live view's colours with its legend, the
// projection coloured by true class with the class legend and the
// instance panel. Text from data becomes pixels, so it needs no escaping.
func snapshotPNG(p *payload) ([]byte, error) {
	faces, err := snapFaces()
	if err != nil {
		return nil, err
	}
	var lp *layerPayload
	for i := range p.Layers {
		if p.Layers[i].Name == p.Layer {
			lp = &p.Layers[i]
		}
	}
	rows := 0
	if lp != nil {
		rows = min(len(lp.Rows), snapMaxRow)
	}
	units := graphUnits(p.Graph)
	graphLines := graphLayout(faces[0], units)
	graphH := 0
	if len(units) > 0 {
		graphH = 18 + len(graphLines)*28
	}
	matrixH := 22 + rows*snapRowH + 22
	legendH := classLegendHeight(faces[0], p.Classes, 420)
	H := 24 + graphH + matrixH + 10 + snapPanelH + legendH + 8
	c := &canvas{
		img:  image.NewRGBA(image.Rect(0, 0, snapW, H)),
		face: faces[0], bold: faces[1],
		ink: color.RGBA{40, 40, 40, 255}, muted: color.RGBA{110, 110, 110, 255},
		border: color.RGBA{200, 200, 200, 255}, sel: color.RGBA{217, 72, 1, 255},
	}
	c.fill(c.img.Bounds(), color.White)
	title := p.Title
	if title == "" {
		title = "ActiVis"
	}
	c.text(snapPad, 16, snapW-2*snapPad, title+" (static snapshot)", c.ink, true)
	y := 28
	if len(units) > 0 {
		c.snapGraph(y, graphLines, p.Layer)
		y += graphH
	}
	if lp != nil {
		c.snapMatrix(y, lp, rows)
	}
	y += matrixH + 10
	c.snapProjection(p, lp, y, 420, legendH)
	c.snapInstances(p, 440, y)
	var buf bytes.Buffer
	if err := png.Encode(&buf, c.img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// snapUnit is one box of the snapshot's graph: a name-scope group or a node.
type snapUnit struct {
	label  string
	layers []string // data layers inside
	w      int
}

// graphUnits summarises the graph as the live view does at first: one unit
// per name-scope group (in order of first appearance), one per loose node.
func graphUnits(g graphPayload) []snapUnit {
	var out []snapUnit
	index := map[string]int{}
	for _, n := range g.Nodes {
		key, label := "n:"+n.ID, n.Name
		if n.Group != "" {
			key, label = "g:"+n.Group, n.Group
		}
		k, ok := index[key]
		if !ok {
			k = len(out)
			index[key] = k
			out = append(out, snapUnit{label: label})
		}
		if n.Data && n.Layer != "" {
			out[k].layers = append(out[k].layers, n.Layer)
		}
	}
	return out
}

// graphLayout places units left to right in lines of the snapshot's width.
func graphLayout(f font.Face, units []snapUnit) [][]snapUnit {
	var lines [][]snapUnit
	x := snapPad
	for _, u := range units {
		u.w = min(width(f, u.label)+12, 160)
		if len(lines) == 0 || x+u.w > snapW-snapPad {
			lines = append(lines, nil)
			x = snapPad
		}
		lines[len(lines)-1] = append(lines[len(lines)-1], u)
		x += u.w + 14
	}
	return lines
}

func (c *canvas) snapGraph(y int, lines [][]snapUnit, selected string) {
	c.text(snapPad, y+10, 400, "Graph: name-scope groups; data nodes orange, the selected layer outlined", c.muted, false)
	data := color.RGBA{244, 162, 97, 255}
	for li, line := range lines {
		x, top := snapPad, y+18+li*28
		for k, u := range line {
			box := image.Rect(x, top, x+u.w, top+20)
			bg := color.RGBA{240, 240, 240, 255}
			if len(u.layers) > 0 {
				bg = data
			}
			c.fill(box, bg)
			edge := c.border
			for _, l := range u.layers {
				if l == selected {
					edge = c.sel
				}
			}
			c.stroke(box, edge)
			if edge == c.sel {
				c.stroke(box.Inset(1), edge)
			}
			c.text(x+6, top+14, u.w-12, u.label, c.ink, false)
			if k < len(line)-1 {
				c.fill(image.Rect(x+u.w, top+10, x+u.w+14, top+11), c.muted)
				c.fill(image.Rect(x+u.w+10, top+8, x+u.w+14, top+13), c.muted)
			}
			x += u.w + 14
		}
	}
}

func (c *canvas) snapMatrix(y int, lp *layerPayload, rows int) {
	c.text(snapPad, y+10, snapW-2*snapPad, "Activations · "+lp.Name+" · "+strconv.Itoa(lp.Neurons)+" neurons · sorted by variance", c.ink, true)
	lut := activationLUT(lp.quant, lp.Signed)
	order := lp.Orders["variance"]
	mw := snapW - snapLabelW - 8
	top := y + 18
	for r := range rows {
		c.text(snapPad, top+r*snapRowH+10, snapLabelW-snapPad-4, lp.Rows[r].Name, c.ink, false)
		for x := range mw {
			j := x * lp.Neurons / mw
			if order != nil && j < len(order) {
				j = order[j]
			}
			col := missingRGBA
			if b := lp.mean[r*lp.Neurons+j]; b != 255 {
				col = lut[b]
			}
			c.fill(image.Rect(snapLabelW+x, top+r*snapRowH, snapLabelW+x+1, top+(r+1)*snapRowH-1), col)
		}
	}
	if len(lp.Rows) > rows {
		c.text(snapPad, top+rows*snapRowH+10, 300, fmt.Sprintf("… %d more rows in the live view", len(lp.Rows)-rows), c.muted, false)
	}
	// Legend: the ramp over the layer's range, as the live matrix shows it.
	ly := top + rows*snapRowH + 6
	lo, hi := float64(lp.quant.Lo), float64(lp.quant.Hi)
	if lp.Signed {
		m := math.Max(math.Abs(lo), math.Abs(hi))
		lo, hi = -m, m
	}
	x := snapLabelW
	label := "activation"
	if lp.Signed {
		label += " (diverging at 0)"
	}
	x += c.text(x, ly+10, 200, label, c.muted, false) + 8
	x += c.text(x, ly+10, 80, fmtValue(lo), c.muted, false) + 4
	ramp := activationRamp(lp.Signed)
	for i := range 160 {
		v := lo + (float64(i)+0.5)/160*(hi-lo)
		c.fill(image.Rect(x+i, ly+1, x+i+1, ly+11), ramp[rampIndex(v, lo, hi, lp.Signed)])
	}
	c.text(x+164, ly+10, 80, fmtValue(hi), c.muted, false)
}

// fmtValue formats a legend value as the live legend does.
func fmtValue(v float64) string {
	a := math.Abs(v)
	if a != 0 && (a < 1e-3 || a >= 1e4) {
		return strconv.FormatFloat(v, 'e', 2, 64)
	}
	return strconv.FormatFloat(v, 'f', 3, 64)
}

func (c *canvas) snapProjection(p *payload, lp *layerPayload, py, pw, legendH int) {
	c.fill(image.Rect(0, py, snapW, py+1), c.border)
	if lp == nil || lp.Proj == nil {
		c.text(snapPad, py+14, pw, "Projection: not computed for this layer", c.muted, false)
		return
	}
	method := lp.Proj.Method
	if method == "" {
		method = "projection"
	}
	c.text(snapPad, py+14, pw, "Projection · "+method+" · colour: true class", c.ink, true)
	xmin, xmax, ymin, ymax := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for k := range lp.Proj.x {
		if x, y := lp.Proj.x[k], lp.Proj.y[k]; !math.IsNaN(x) && !math.IsNaN(y) {
			xmin, xmax, ymin, ymax = math.Min(xmin, x), math.Max(xmax, x), math.Min(ymin, y), math.Max(ymax, y)
		}
	}
	c.stroke(image.Rect(snapPad, py+20, pw, py+snapPanelH), c.border)
	if xmax > xmin && ymax > ymin {
		for k := range lp.Proj.x {
			x, y := lp.Proj.x[k], lp.Proj.y[k]
			if math.IsNaN(x) || math.IsNaN(y) {
				continue
			}
			sx := snapPad + 8 + int((x-xmin)/(xmax-xmin)*float64(pw-snapPad-16))
			sy := py + 28 + int((ymax-y)/(ymax-ymin)*float64(snapPanelH-36))
			c.fill(image.Rect(sx-1, sy-1, sx+2, sy+2), classColor(p, p.Points.Label[k]))
		}
	}
	// Class legend under the projection, wrapping.
	x, y := snapPad, py+snapPanelH+14
	for i, name := range p.Classes {
		w := min(width(c.face, name), 140) + 18
		if x+w > pw {
			x, y = snapPad, y+14
		}
		c.fill(image.Rect(x, y-8, x+9, y+1), classColor(p, i))
		c.text(x+12, y, w-18, name, c.ink, false)
		x += w + 6
	}
	_ = legendH
}

// classLegendHeight is the height the class legend takes in width w.
func classLegendHeight(f font.Face, classes []string, w int) int {
	if len(classes) == 0 {
		return 0
	}
	lines, x := 1, snapPad
	for _, name := range classes {
		cw := min(width(f, name), 140) + 18
		if x+cw > w {
			lines++
			x = snapPad
		}
		x += cw + 6
	}
	return 6 + lines*14
}

func (c *canvas) snapInstances(p *payload, ix, py int) {
	c.text(ix, py+14, snapW-ix-snapPad, "Instances · by true class · left: correct · right: misclassified", c.ink, true)
	nc := len(p.Classes)
	if nc == 0 {
		return
	}
	const labelW = 96
	band := max(8, (snapPanelH-24)/nc)
	half := (snapW - ix - labelW - 12) / 2
	per := max(1, half/5)
	counts := make([][2]int, nc)
	for k, l := range p.Points.Label {
		if l < 0 || l >= nc {
			continue
		}
		side := 0
		if p.Points.Pred[k] != l {
			side = 1
		}
		i := counts[l][side]
		counts[l][side]++
		if i/per >= band/5 {
			continue
		}
		x := ix + labelW + side*(half+6) + (i%per)*5
		y := py + 22 + l*band + (i/per)*5
		c.fill(image.Rect(x, y, x+4, y+4), classColor(p, p.Points.Pred[k]))
	}
	for cl := range nc {
		c.text(ix, py+22+cl*band+10, labelW-6, p.Classes[cl], c.ink, false)
	}
}

func classColor(p *payload, c int) color.Color {
	if c < 0 || c >= len(p.ClassColors) {
		return missingRGBA
	}
	return parseHex(p.ClassColors[c])
}
