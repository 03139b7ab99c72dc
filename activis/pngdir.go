package activis

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// LoadPNGFolder reads a folder of PNG images with one subfolder per class
// (dir/<class>/*.png). classes fixes the class order and must name every
// subfolder (an unknown one is an error naming it); nil takes the
// subfolders in sorted order. All images must have the same size. When
// every image is grayscale InputShape is [1 H W], else [3 H W] (RGB planes,
// composited over black where there is transparency); values are scaled to
// [0,1]. Ids are "<class>/<file>", and every
// instance gets the numeric attribute "mean_pixel".
func LoadPNGFolder(dir string, classes []string) (*Dataset, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("load png folder: %w", err)
	}
	var subdirs []string
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			subdirs = append(subdirs, e.Name())
		}
	}
	sort.Strings(subdirs)
	if classes == nil {
		classes = subdirs
	}
	if len(subdirs) == 0 {
		return nil, fmt.Errorf("%s: no class subfolders", dir)
	}
	meta := &Instances{Classes: append([]string(nil), classes...)}
	var unknown []string
	for _, s := range subdirs {
		if _, err := meta.ClassIndex(s); err != nil {
			unknown = append(unknown, s)
		}
	}
	if len(unknown) > 0 {
		return nil, fmt.Errorf("%s: subfolders %s: %w (classes: %s)", dir, quoteList(unknown), ErrUnknownClass, quoteList(classes))
	}
	type item struct {
		id    string
		label int
		img   image.Image
	}
	var items []item
	gray := true
	var size image.Point
	for _, s := range subdirs {
		label, _ := meta.ClassIndex(s)
		files, err := os.ReadDir(filepath.Join(dir, s))
		if err != nil {
			return nil, fmt.Errorf("load png folder: %w", err)
		}
		for _, f := range files {
			if f.IsDir() || !strings.EqualFold(filepath.Ext(f.Name()), ".png") {
				continue
			}
			p := filepath.Join(dir, s, f.Name())
			img, err := decodePNG(p, size)
			if err != nil {
				return nil, err
			}
			b := img.Bounds().Size()
			if len(items) == 0 {
				size = b
			} else if b != size {
				return nil, fmt.Errorf("%s: %w: image is %dx%d, earlier images are %dx%d", p, ErrShape, b.X, b.Y, size.X, size.Y)
			}
			switch img.ColorModel() {
			case color.GrayModel, color.Gray16Model:
			default:
				gray = false
			}
			items = append(items, item{id: s + "/" + f.Name(), label: label, img: img})
		}
	}
	if len(items) == 0 {
		return nil, fmt.Errorf("%s: no .png files in the class subfolders", dir)
	}
	ch := 3
	if gray {
		ch = 1
	}
	n, h, w := len(items), size.Y, size.X
	d := ch * h * w
	x := make([]float32, n*d)
	mean := make([]float64, n)
	meta.IDs = make([]string, n)
	meta.Labels = make([]int, n)
	meta.Predicted = make([]int, n)
	meta.Source = dir
	for i, it := range items {
		meta.IDs[i] = it.id
		meta.Labels[i] = it.label
		meta.Predicted[i] = -1
		row := x[i*d : (i+1)*d]
		b := it.img.Bounds()
		var s float64
		for yy := 0; yy < h; yy++ {
			for xx := 0; xx < w; xx++ {
				c := it.img.At(b.Min.X+xx, b.Min.Y+yy)
				k := yy*w + xx
				if gray {
					g := color.Gray16Model.Convert(c).(color.Gray16)
					v := float32(g.Y) / 0xffff
					row[k] = v
					s += float64(v)
					continue
				}
				r, gg, bb, _ := c.RGBA()
				for j, v := range [3]uint32{r, gg, bb} {
					f := float32(v) / 0xffff
					row[j*h*w+k] = f
					s += float64(f)
				}
			}
		}
		if d > 0 {
			mean[i] = s / float64(d)
		}
	}
	if err := meta.SetNumeric(MeanPixelAttr, mean); err != nil {
		return nil, err
	}
	return &Dataset{Instances: meta, Inputs: NewActivations(x, n, d), InputShape: []int{ch, h, w}}, nil
}

// maxPNGRatio bounds the pixels a PNG file can describe per byte: deflate
// expands at most 1032:1, and a pixel takes at least one bit, so a file of
// B bytes holds at most 8·1032·B pixels (plus a margin for tiny files).
// decodePNG checks the header against it before the decoder allocates the
// image, so a few bytes claiming 65,535 × 65,535 pixels are an error, not
// a 4 GB allocation.
const maxPNGRatio = 8 * 1032

// decodePNG decodes one image, checking the header's size against the
// file's size first (see maxPNGRatio) and, when want is not the zero size,
// against the size of the folder's first image.
func decodePNG(path string, want image.Point) (image.Image, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load png folder: %w", err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if px := int64(cfg.Width) * int64(cfg.Height); px > maxPNGRatio*int64(len(b))+1<<16 || px > maxElems {
		return nil, fmt.Errorf("%s: %w: header says %d×%d pixels, more than a %d-byte file can hold", path, ErrTruncated, cfg.Width, cfg.Height, len(b))
	}
	if want != (image.Point{}) && (cfg.Width != want.X || cfg.Height != want.Y) {
		return nil, fmt.Errorf("%s: %w: image is %dx%d, earlier images are %dx%d", path, ErrShape, cfg.Width, cfg.Height, want.X, want.Y)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return img, nil
}
