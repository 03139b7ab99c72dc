// Command genlogo draws the kernelspec logos of the activis kernel: a small
// neural network (three layers of nodes, one activation highlighted) on a
// rounded square in Go's blue. It writes logo-svg.svg and the 32x32 and
// 64x64 PNGs from the same geometry; the PNGs are rasterized here by hand
// (supersampled coverage of rounded rectangle, segments and discs), since
// the standard library has no vector renderer.
//
// Run it through `go generate ./install` (see install/generate.go).
package main

import (
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"log"
	"math"
	"os"
	"path/filepath"
	"strings"
)

// The drawing, in a 64x64 coordinate system.
const (
	size   = 64.0
	radius = 12.0 // corner radius of the background
	lineW  = 2.5
	nodeR  = 5.0
)

var (
	background = color.NRGBA{0x00, 0xAD, 0xD8, 0xFF} // Go blue
	ink        = color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}
	edge       = color.NRGBA{0xFF, 0xFF, 0xFF, 0xA0}
	hot        = color.NRGBA{0xFD, 0xDD, 0x00, 0xFF} // Go yellow: an active neuron
)

type pt struct{ x, y float64 }

// layers of the network, left to right.
func layers() [][]pt {
	return [][]pt{
		{{15, 22}, {15, 42}},
		{{32, 14}, {32, 32}, {32, 50}},
		{{49, 22}, {49, 42}},
	}
}

func hotNode(l, i int) bool { return l == 1 && i == 1 }

func svg() string {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">`+"\n")
	fmt.Fprintf(&b, `  <rect width="64" height="64" rx="%g" fill="#00ADD8"/>`+"\n", radius)
	ls := layers()
	for l := 0; l+1 < len(ls); l++ {
		for _, a := range ls[l] {
			for _, c := range ls[l+1] {
				fmt.Fprintf(&b, `  <line x1="%g" y1="%g" x2="%g" y2="%g" stroke="#FFFFFF" stroke-opacity="0.63" stroke-width="%g" stroke-linecap="round"/>`+"\n", a.x, a.y, c.x, c.y, lineW)
			}
		}
	}
	for l, layer := range ls {
		for i, p := range layer {
			fill := "#FFFFFF"
			if hotNode(l, i) {
				fill = "#FDDD00"
			}
			fmt.Fprintf(&b, `  <circle cx="%g" cy="%g" r="%g" fill="%s"/>`+"\n", p.x, p.y, nodeR, fill)
		}
	}
	b.WriteString("</svg>\n")
	return b.String()
}

// over composites src with coverage a over dst (non-premultiplied floats).
func over(dst [4]float64, src color.NRGBA, a float64) [4]float64 {
	sa := float64(src.A) / 255 * a
	out := [4]float64{}
	out[3] = sa + dst[3]*(1-sa)
	if out[3] == 0 {
		return out
	}
	for i, c := range []uint8{src.R, src.G, src.B} {
		out[i] = (float64(c)/255*sa + dst[i]*dst[3]*(1-sa)) / out[3]
	}
	return out
}

func inRoundRect(x, y float64) bool {
	cx := math.Max(radius, math.Min(size-radius, x))
	cy := math.Max(radius, math.Min(size-radius, y))
	return math.Hypot(x-cx, y-cy) <= radius && x >= 0 && y >= 0 && x <= size && y <= size
}

func segDist(p, a, b pt) float64 {
	dx, dy := b.x-a.x, b.y-a.y
	t := ((p.x-a.x)*dx + (p.y-a.y)*dy) / (dx*dx + dy*dy)
	t = math.Max(0, math.Min(1, t))
	return math.Hypot(p.x-(a.x+t*dx), p.y-(a.y+t*dy))
}

// sample returns the colour of the drawing at p (in 64-unit coordinates),
// painting in SVG order.
func sample(p pt) [4]float64 {
	var c [4]float64
	if !inRoundRect(p.x, p.y) {
		return c
	}
	c = over(c, background, 1)
	ls := layers()
	for l := 0; l+1 < len(ls); l++ {
		for _, a := range ls[l] {
			for _, b := range ls[l+1] {
				if segDist(p, a, b) <= lineW/2 {
					c = over(c, edge, 1)
				}
			}
		}
	}
	for l, layer := range ls {
		for i, q := range layer {
			if math.Hypot(p.x-q.x, p.y-q.y) <= nodeR {
				col := ink
				if hotNode(l, i) {
					col = hot
				}
				c = over(c, col, 1)
			}
		}
	}
	return c
}

func raster(px int) *image.NRGBA {
	const ss = 8 // subsamples per axis
	img := image.NewNRGBA(image.Rect(0, 0, px, px))
	scale := size / float64(px)
	for y := 0; y < px; y++ {
		for x := 0; x < px; x++ {
			var acc [4]float64
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					p := pt{(float64(x) + (float64(sx)+0.5)/ss) * scale, (float64(y) + (float64(sy)+0.5)/ss) * scale}
					c := sample(p)
					for i := 0; i < 3; i++ {
						acc[i] += c[i] * c[3]
					}
					acc[3] += c[3]
				}
			}
			n := float64(ss * ss)
			a := acc[3] / n
			var col color.NRGBA
			if a > 0 {
				col = color.NRGBA{
					R: uint8(math.Round(acc[0] / acc[3] * 255)),
					G: uint8(math.Round(acc[1] / acc[3] * 255)),
					B: uint8(math.Round(acc[2] / acc[3] * 255)),
					A: uint8(math.Round(a * 255)),
				}
			}
			img.SetNRGBA(x, y, col)
		}
	}
	return img
}

func main() {
	out := flag.String("o", "assets", "output directory")
	flag.Parse()
	if err := os.WriteFile(filepath.Join(*out, "logo-svg.svg"), []byte(svg()), 0o644); err != nil {
		log.Fatal(err)
	}
	for _, px := range []int{32, 64} {
		f, err := os.Create(filepath.Join(*out, fmt.Sprintf("logo-%dx%d.png", px, px)))
		if err != nil {
			log.Fatal(err)
		}
		if err := png.Encode(f, raster(px)); err != nil {
			log.Fatal(err)
		}
		if err := f.Close(); err != nil {
			log.Fatal(err)
		}
	}
}
