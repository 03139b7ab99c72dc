package views

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"strconv"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/palette/moreland"
)

// Snapshot geometry (pixels). The snapshot mirrors the live layout at 900 px:
// the activation matrix on top, the projection and the instance panel below.
const (
	snapW      = 900
	snapLabelW = 150
	snapRowH   = 13
	snapMaxRow = 40
	snapPanelH = 300
)

// activationLUT returns 255 colours for quantised values 0..254 from a
// perceptually uniform map: Moreland's Kindlmann (sequential) or smooth
// blue–red (diverging, centred on 0) when the layer is signed.
func activationLUT(q quantiser, signed bool) []color.Color {
	var cm interface {
		SetMin(float64)
		SetMax(float64)
		At(float64) (color.Color, error)
	}
	lo, hi := float64(q.Lo), float64(q.Hi)
	if signed {
		m := math.Max(math.Abs(lo), math.Abs(hi))
		d := moreland.SmoothBlueRed()
		d.SetMin(-m)
		d.SetMax(m)
		cm = d
	} else {
		k := moreland.Kindlmann()
		k.SetMin(lo)
		k.SetMax(hi)
		cm = k
	}
	lut := make([]color.Color, 255)
	for b := range lut {
		c, err := cm.At(math.Max(cm2min(lo, hi, signed), math.Min(cm2max(lo, hi, signed), float64(q.value(byte(b))))))
		if err != nil {
			c = color.Gray{Y: 136}
		}
		lut[b] = c
	}
	return lut
}

func cm2min(lo, hi float64, signed bool) float64 {
	if signed {
		return -math.Max(math.Abs(lo), math.Abs(hi))
	}
	return lo
}

func cm2max(lo, hi float64, signed bool) float64 {
	if signed {
		return math.Max(math.Abs(lo), math.Abs(hi))
	}
	return hi
}

func parseHex(s string) color.RGBA {
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil || len(s) != 7 {
		return color.RGBA{136, 136, 136, 255}
	}
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255}
}

// snapshotPNG renders a static picture of the views for viewers that run no
// JavaScript (GitHub's preview, untrusted notebooks): the selected layer's
// matrix, the projection coloured by true class and the instance panel.
// Text drawn here comes from data but becomes pixels, so it needs no escaping.
func snapshotPNG(p *payload) ([]byte, error) {
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
	matrixH := 22 + rows*snapRowH
	H := 24 + matrixH + 10 + snapPanelH + 8
	img := image.NewRGBA(image.Rect(0, 0, snapW, H))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	ink := color.RGBA{40, 40, 40, 255}
	muted := color.RGBA{120, 120, 120, 255}
	text := func(x, y int, s string, c color.Color) {
		d := font.Drawer{Dst: img, Src: image.NewUniform(c), Face: basicfont.Face7x13, Dot: fixed.P(x, y)}
		d.DrawString(asciiOnly(s))
	}
	fill := func(r image.Rectangle, c color.Color) {
		draw.Draw(img, r, image.NewUniform(c), image.Point{}, draw.Src)
	}
	title := p.Title
	if title == "" {
		title = "ActiVis"
	}
	text(6, 16, clip(title, 100)+" (static snapshot)", ink)
	y0 := 28
	if lp != nil {
		text(6, y0+10, clip("Activations - "+lp.Name+" - "+strconv.Itoa(lp.Neurons)+" neurons", 120), ink)
		lut := activationLUT(lp.quant, lp.Signed)
		order := lp.Orders["variance"]
		mw := snapW - snapLabelW - 8
		top := y0 + 18
		for r := range rows {
			text(6, top+r*snapRowH+10, clip(lp.Rows[r].Name, 20), ink)
			for x := range mw {
				j := x * lp.Neurons / mw
				if order != nil {
					j = order[j]
				}
				b := lp.mean[r*lp.Neurons+j]
				var c color.Color = color.RGBA{136, 136, 136, 255}
				if b != 255 {
					c = lut[b]
				}
				for yy := range snapRowH - 1 {
					img.Set(snapLabelW+x, top+r*snapRowH+yy, c)
				}
			}
		}
	}
	py := y0 + matrixH + 10
	pw := 420
	// Projection, coloured by true class.
	fill(image.Rect(0, py, pw, py+1), muted)
	if lp != nil && lp.Proj != nil {
		text(6, py+14, "Projection - true class", ink)
		xmin, xmax, ymin, ymax := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
		for k := range lp.Proj.x {
			if x, y := lp.Proj.x[k], lp.Proj.y[k]; !math.IsNaN(x) && !math.IsNaN(y) {
				xmin, xmax, ymin, ymax = math.Min(xmin, x), math.Max(xmax, x), math.Min(ymin, y), math.Max(ymax, y)
			}
		}
		if xmax > xmin && ymax > ymin {
			for k := range lp.Proj.x {
				x, y := lp.Proj.x[k], lp.Proj.y[k]
				if math.IsNaN(x) || math.IsNaN(y) {
					continue
				}
				sx := 10 + int((x-xmin)/(xmax-xmin)*float64(pw-20))
				sy := py + 22 + int((ymax-y)/(ymax-ymin)*float64(snapPanelH-30))
				fill(image.Rect(sx-1, sy-1, sx+2, sy+2), classColor(p, p.Points.Label[k]))
			}
		}
	} else {
		text(6, py+14, "Projection: not computed for this layer", muted)
	}
	// Instance panel: squares by true class, correct left, wrong right.
	ix := pw + 20
	text(ix, py+14, "Instances - correct | misclassified", ink)
	nc := len(p.Classes)
	if nc > 0 {
		band := max(8, (snapPanelH-24)/nc)
		half := (snapW - ix - 90) / 2
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
			x := ix + 84 + side*(half+6) + (i%per)*5
			y := py + 22 + l*band + (i/per)*5
			fill(image.Rect(x, y, x+4, y+4), classColor(p, p.Points.Pred[k]))
		}
		for c := range nc {
			text(ix, py+22+c*band+10, clip(p.Classes[c], 11), ink)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// asciiOnly replaces what the snapshot's font (basicfont, ASCII only)
// cannot draw with '?'.
func asciiOnly(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if r < 32 || r > 126 {
			r = '?'
		}
		out = append(out, r)
	}
	return string(out)
}

// clip cuts s to n runes for the snapshot, marking the cut with "~".
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "~"
}

func classColor(p *payload, c int) color.Color {
	if c < 0 || c >= len(p.ClassColors) {
		return color.RGBA{136, 136, 136, 255}
	}
	return parseHex(p.ClassColors[c])
}
