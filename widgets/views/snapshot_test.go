package views

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
)

func TestSnapshotText(t *testing.T) {
	faces, err := snapFaces()
	if err != nil {
		t.Fatal(err)
	}
	f := faces[0]
	for _, s := range []string{"Activations · fc1", "naïve…", "Пуловер", "Ελληνικά", "<script>"} {
		if got := fit(f, s, 1000); got != s {
			t.Errorf("fit(%q, 1000) = %q: text that fits is kept whole", s, got)
		}
		for _, w := range []int{20, 40} {
			if got := fit(f, s, w); width(f, got) > w || (got != s && !bytes.HasSuffix([]byte(got), []byte("…")) && got != "") {
				t.Errorf("fit(%q, %d) = %q, %d px wide", s, w, got, width(f, got))
			}
		}
	}
	// Non-ASCII letters are drawn as themselves, not as the replacement glyph.
	draw := func(s string) *image.RGBA {
		c := &canvas{img: image.NewRGBA(image.Rect(0, 0, 80, 16)), face: f, bold: faces[1]}
		c.text(2, 12, 76, s, color.Black, false)
		return c.img
	}
	if bytes.Equal(draw("naïve").Pix, draw("na?ve").Pix) || bytes.Equal(draw("Ж").Pix, draw("?").Pix) {
		t.Errorf("non-ASCII letters drawn as '?'")
	}
	if bytes.Equal(draw("Ж").Pix, draw("").Pix) {
		t.Errorf("Cyrillic drawn as nothing")
	}
}

// snapshotOf builds the fixture's payload and decodes its snapshot.
func snapshotOf(t *testing.T) (*payload, image.Image) {
	t.Helper()
	p, err := buildPayload(smallFixture(t).d, Options{}, kindAll, "d")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := snapshotPNG(p)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("snapshot is not a PNG: %v", err)
	}
	return p, img
}

func count(img image.Image, want color.RGBA) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if color.RGBAModel.Convert(img.At(x, y)).(color.RGBA) == want {
				n++
			}
		}
	}
	return n
}

func TestSnapshotPNG(t *testing.T) {
	p, img := snapshotOf(t)
	if w := img.Bounds().Dx(); w != snapW {
		t.Errorf("snapshot width %d, want %d", w, snapW)
	}
	var lp *layerPayload
	for i := range p.Layers {
		if p.Layers[i].Name == p.Layer {
			lp = &p.Layers[i]
		}
	}
	// The first matrix row is drawn in the live view's colours: the ramp
	// the payload ships (colors.js picks colour round(t·255) of it).
	lut := activationLUT(lp.quant, lp.Signed)
	order := lp.Orders["variance"]
	first := lut[lp.mean[order[0]]]
	if hexOf(first) != p.Ramps.Seq[rampIndex(float64(lp.quant.value(lp.mean[order[0]])), float64(lp.quant.Lo), float64(lp.quant.Hi), false)] && !lp.Signed {
		t.Errorf("snapshot colour %v is not the payload's ramp colour", first)
	}
	if n := count(img, first); n < snapRowH-1 {
		t.Errorf("the first matrix cell's colour %v covers %d pixels", first, n)
	}
	// The graph is there: the data nodes' colour, and the selected layer's outline.
	if n := count(img, color.RGBA{244, 162, 97, 255}); n < 100 {
		t.Errorf("graph data nodes: %d pixels", n)
	}
	if n := count(img, color.RGBA{217, 72, 1, 255}); n < 40 {
		t.Errorf("selected layer outline: %d pixels", n)
	}
	// The legend strip holds both ends of the ramp.
	ramp := activationRamp(lp.Signed)
	for _, end := range []color.RGBA{ramp[0], ramp[rampSize-1]} {
		if count(img, end) == 0 {
			t.Errorf("legend lacks ramp colour %v", end)
		}
	}
	// Every class has its swatch (legend and points).
	for i := range p.Classes {
		if count(img, parseHex(p.ClassColors[i])) < 81 {
			t.Errorf("class %d colour barely drawn", i)
		}
	}
}

func hexOf(c color.RGBA) string {
	const digits = "0123456789abcdef"
	b := []byte{'#', 0, 0, 0, 0, 0, 0}
	for i, v := range []uint8{c.R, c.G, c.B} {
		b[1+2*i], b[2+2*i] = digits[v>>4], digits[v&15]
	}
	return string(b)
}
