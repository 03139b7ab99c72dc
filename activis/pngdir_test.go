package activis

import (
	"errors"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

func grayImg(w, h int, v uint8) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, w, h))
	for i := range g.Pix {
		g.Pix[i] = v
	}
	return g
}

func TestLoadPNGFolder(t *testing.T) {
	dir := t.TempDir()
	writePNG(t, filepath.Join(dir, "Shirt", "b.png"), grayImg(3, 2, 255))
	writePNG(t, filepath.Join(dir, "Shirt", "a.png"), grayImg(3, 2, 0))
	writePNG(t, filepath.Join(dir, "Bag", "z.png"), grayImg(3, 2, 51))
	os.WriteFile(filepath.Join(dir, "Bag", "notes.txt"), []byte("ignored"), 0o644)

	ds, err := LoadPNGFolder(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	in := ds.Instances
	if strings.Join(in.Classes, ",") != "Bag,Shirt" || strings.Join(in.IDs, ",") != "Bag/z.png,Shirt/a.png,Shirt/b.png" {
		t.Errorf("classes %v ids %v", in.Classes, in.IDs)
	}
	if ds.InputShape[0] != 1 || ds.InputShape[1] != 2 || ds.InputShape[2] != 3 || ds.Inputs.Dim() != 6 {
		t.Errorf("shape %v", ds.InputShape)
	}
	if in.At(2).Label() != "Shirt" || ds.Inputs.Row(2)[0] != 1 || !near(in.At(0).Attr(MeanPixelAttr), 0.2, 1e-6) {
		t.Errorf("row 2 %q %v mean %v", in.At(2).Label(), ds.Inputs.Row(2), in.At(0).Attr(MeanPixelAttr))
	}

	// Fixed class order (with a class that has no folder).
	ds, err = LoadPNGFolder(dir, []string{"Shirt", "Coat", "Bag"})
	if err != nil {
		t.Fatal(err)
	}
	if ds.Instances.At(0).LabelIndex() != 2 || ds.Instances.At(1).LabelIndex() != 0 {
		t.Error("labels should index the given classes")
	}

	// Colour images give three channel planes.
	cdir := t.TempDir()
	rgba := image.NewRGBA(image.Rect(0, 0, 2, 1))
	rgba.Set(0, 0, color.RGBA{255, 0, 0, 255})
	rgba.Set(1, 0, color.RGBA{0, 0, 255, 255})
	writePNG(t, filepath.Join(cdir, "x", "c.png"), rgba)
	ds, err = LoadPNGFolder(cdir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r := ds.Inputs.Row(0); ds.InputShape[0] != 3 || len(r) != 6 || r[0] != 1 || r[1] != 0 || r[5] != 1 {
		t.Errorf("colour planes %v shape %v", r, ds.InputShape)
	}
}

func TestLoadPNGFolderErrors(t *testing.T) {
	mk := func(files map[string]image.Image, raw map[string]string) string {
		dir := t.TempDir()
		for p, img := range files {
			writePNG(t, filepath.Join(dir, p), img)
		}
		for p, s := range raw {
			os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755)
			os.WriteFile(filepath.Join(dir, p), []byte(s), 0o644)
		}
		return dir
	}
	for _, test := range []struct {
		name    string
		dir     string
		classes []string
		want    error
		text    string
	}{
		{"unknown subfolder", mk(map[string]image.Image{"a/1.png": grayImg(1, 1, 0), "<b>/2.png": grayImg(1, 1, 0)}, nil),
			[]string{"a"}, ErrUnknownClass, `"<b>"`},
		{"size mismatch", mk(map[string]image.Image{"a/1.png": grayImg(1, 1, 0), "a/2.png": grayImg(2, 1, 0)}, nil),
			nil, ErrShape, "2.png"},
		{"corrupt png", mk(nil, map[string]string{"a/1.png": "\x89PNG\r\n\x1a\nbroken"}), nil, nil, "1.png"},
		{"no subfolders", mk(nil, map[string]string{"x.png": "x"}), nil, nil, "no class subfolders"},
		{"no images", mk(nil, map[string]string{"a/readme": "x"}), nil, nil, "no .png files"},
		{"missing dir", filepath.Join(t.TempDir(), "nope"), nil, os.ErrNotExist, "nope"},
	} {
		t.Run(test.name, func(t *testing.T) {
			_, err := LoadPNGFolder(test.dir, test.classes)
			if err == nil {
				t.Fatal("no error")
			}
			if test.want != nil && !errors.Is(err, test.want) {
				t.Errorf("%v does not wrap %v", err, test.want)
			}
			if !strings.Contains(err.Error(), test.text) {
				t.Errorf("error %q lacks %q", err, test.text)
			}
		})
	}
}
