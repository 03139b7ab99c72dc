package activis

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Fuzz targets for the loaders of untrusted files and for subset
// expressions. `make fuzz` runs each for FUZZTIME (60 s); plain `go test`
// runs their seeds (f.Add and testdata/fuzz/FuzzX). Every target checks
// the same contract: malformed input gives an error that names the file
// (or the expression), never a panic, and a success gives a consistent
// value whose every row can be read.

// fuzzNPYSeeds are small valid and nearly valid .npy files, zipped by
// FuzzNPZ (FuzzNPY, the target of the .npy parser, is in internal/npy with
// the same seeds).
func fuzzNPYSeeds(t testing.TB) [][]byte {
	var seeds [][]byte
	for _, a := range []*Activations{NewActivations([]float32{1, 2, 3, 4, 5, 6}, 2, 3), NewActivations(nil, 0, 4)} {
		var b bytes.Buffer
		if err := WriteNPY(&b, a); err != nil {
			t.Fatal(err)
		}
		seeds = append(seeds, b.Bytes())
	}
	hdr := func(dict string) []byte {
		b := append([]byte("\x93NUMPY\x01\x00"), byte(len(dict)+1), 0)
		return append(append(b, dict...), '\n')
	}
	seeds = append(seeds,
		append(hdr("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 1), }"), make([]byte, 16)...),
		append(hdr("{'descr': '<i2', 'fortran_order': False, 'shape': (1, 3), }"), 1, 0, 0xff, 0xff, 2, 0),
		append(hdr("{'descr': '<f2', 'fortran_order': False, 'shape': (2,), }"), 0, 0x3c, 0, 0xc0),
		hdr("{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }"),
		hdr("{'descr': '|u1', 'fortran_order': True, 'shape': (1, 1), }"),
	)
	return seeds
}

// readAll reads every row of a through Row and Scan, so that a size the
// loader accepted but cannot back with data shows up as a panic.
func readAll(t *testing.T, a *Activations) {
	t.Helper()
	n, d := a.Len(), a.Dim()
	if n < 0 || d < 0 {
		t.Fatalf("negative shape %d × %d", n, d)
	}
	if n > 0 {
		if r := a.Row(n - 1); len(r) != d {
			t.Fatalf("last row has %d values, want %d", len(r), d)
		}
	}
	rows := 0
	if err := a.Scan(0, n, 0, func(_ int, v []float32) error {
		if d > 0 {
			rows += len(v) / d
		}
		return nil
	}); err != nil {
		t.Fatalf("Scan of an accepted file: %v", err)
	}
	if d > 0 && rows != n {
		t.Fatalf("Scan read %d rows of %d", rows, n)
	}
}

// npzOf zips members (name → bytes), stored or deflated.
func npzOf(t testing.TB, deflate bool, members map[string][]byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, b := range members {
		m := zip.Store
		if deflate {
			m = zip.Deflate
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: m})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func FuzzNPZ(f *testing.F) {
	seeds := fuzzNPYSeeds(f)
	f.Add(npzOf(f, false, map[string][]byte{"a.npy": seeds[0], "b.npy": seeds[1]}))
	f.Add(npzOf(f, true, map[string][]byte{"a.npy": seeds[0]}))
	f.Add(npzOf(f, false, map[string][]byte{"bad.npy": seeds[5]}))
	f.Fuzz(func(t *testing.T, b []byte) {
		path := filepath.Join(t.TempDir(), "fuzz.npz")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		m, err := LoadNPZ(path)
		if err != nil {
			if !strings.Contains(err.Error(), path) {
				t.Fatalf("error does not name the archive: %v", err)
			}
			return
		}
		for _, a := range m {
			readAll(t, a)
			if err := a.Close(); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// idxOf returns an IDX file of unsigned bytes with the given dimensions
// and data, gzipped when gz is set.
func idxOf(dims []uint32, data []byte, gz bool) []byte {
	b := []byte{0, 0, idxUbyte, byte(len(dims))}
	for _, d := range dims {
		b = append(b, byte(d>>24), byte(d>>16), byte(d>>8), byte(d))
	}
	b = append(b, data...)
	if !gz {
		return b
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

func FuzzIDX(f *testing.F) {
	f.Add(idxOf([]uint32{2, 2, 2}, []byte{0, 255, 3, 4, 5, 6, 7, 8}, false), idxOf([]uint32{2}, []byte{0, 1}, false))
	f.Add(idxOf([]uint32{1, 3, 1}, []byte{9, 9, 9}, true), idxOf([]uint32{1}, []byte{1}, true))
	f.Add(idxOf([]uint32{1 << 31, 1 << 31, 2}, nil, false), idxOf([]uint32{3}, []byte{0, 1, 2}, false))
	f.Fuzz(func(t *testing.T, images, labels []byte) {
		dir := t.TempDir()
		ip, lp := filepath.Join(dir, "images.idx"), filepath.Join(dir, "labels.idx")
		if err := os.WriteFile(ip, images, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(lp, labels, 0o644); err != nil {
			t.Fatal(err)
		}
		ds, err := LoadIDX(ip, lp, []string{"a", "b", "c"})
		if err != nil {
			if !strings.Contains(err.Error(), ip) && !strings.Contains(err.Error(), lp) {
				t.Fatalf("error names neither file: %v", err)
			}
			return
		}
		if ds.Inputs.Len() != ds.Instances.Len() {
			t.Fatalf("%d inputs for %d instances", ds.Inputs.Len(), ds.Instances.Len())
		}
		readAll(t, ds.Inputs)
	})
}

// fuzzInstances loads b as an instances file named name.
func fuzzInstances(t *testing.T, name string, b []byte) {
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	in, err := LoadInstances(path)
	if err != nil {
		if !strings.Contains(err.Error(), path) {
			t.Fatalf("error does not name the file: %v", err)
		}
		return
	}
	n := in.Len()
	if len(in.IDs) != n || len(in.Labels) != n || len(in.Predicted) != n {
		t.Fatalf("columns of %d, %d, %d for %d instances", len(in.IDs), len(in.Labels), len(in.Predicted), n)
	}
	if in.Scores != nil && len(in.Scores) != n*len(in.Classes) {
		t.Fatalf("%d scores for %d instances × %d classes", len(in.Scores), n, len(in.Classes))
	}
	for i := range n {
		for _, l := range []int{in.Labels[i], in.Predicted[i]} {
			if l < -1 || l >= len(in.Classes) {
				t.Fatalf("instance %d: class %d of %d", i, l, len(in.Classes))
			}
		}
		for _, a := range in.Attrs {
			if a.Kind == Numeric && len(a.Num) != n || a.Kind != Numeric && len(a.Str) != n {
				t.Fatalf("attribute %q has the wrong length", a.Name)
			}
		}
	}
}

func FuzzInstancesCSV(f *testing.F) {
	f.Add([]byte("id,label,predicted,score_cat,score_dog,size\na,cat,dog,0.2,0.8,3\nb,dog,dog,0.1,0.9,\n"))
	f.Add([]byte("label,text\n1,\"hello, world\"\n0,\"\"\"quoted\"\"\"\n"))
	f.Add([]byte("id,label,scores\nx,0,\"[0.5, 0.5]\"\n"))
	f.Add([]byte("id,id\n1,2\n"))
	f.Fuzz(func(t *testing.T, b []byte) { fuzzInstances(t, "fuzz.csv", b) })
}

func FuzzInstancesJSONL(f *testing.F) {
	f.Add([]byte(`{"id": "a", "label": "cat", "predicted": "dog", "scores": [0.2, 0.8], "text": "hi"}` + "\n" + `{"id": "b", "label": 1, "size": 3.5}` + "\n"))
	f.Add([]byte(`{"label": null, "tags": ["x", "y"], "nested": {"k": 1}}` + "\n\n"))
	f.Add([]byte(`[1, 2]` + "\n"))
	f.Fuzz(func(t *testing.T, b []byte) { fuzzInstances(t, "fuzz.jsonl", b) })
}

// pngOf encodes an image with gray or colour pixels.
func pngOf(t testing.TB, w, h int, gray bool) []byte {
	var img image.Image
	if gray {
		g := image.NewGray(image.Rect(0, 0, w, h))
		for i := range g.Pix {
			g.Pix[i] = byte(i * 37)
		}
		img = g
	} else {
		c := image.NewNRGBA(image.Rect(0, 0, w, h))
		for i := range c.Pix {
			c.Pix[i] = byte(i * 11)
		}
		c.Set(0, 0, color.NRGBA{1, 2, 3, 255})
		img = c
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func FuzzPNGFolder(f *testing.F) {
	f.Add(pngOf(f, 3, 2, true), pngOf(f, 3, 2, true))
	f.Add(pngOf(f, 2, 2, false), pngOf(f, 2, 2, true))
	f.Add(pngOf(f, 4, 4, true), pngOf(f, 2, 2, true))
	// A header announcing 65,535 × 65,535 pixels over a few bytes of data.
	huge := pngOf(f, 1, 1, true)
	copy(huge[16:24], []byte{0, 0, 0xff, 0xff, 0, 0, 0xff, 0xff})
	f.Add(huge, pngOf(f, 1, 1, true))
	f.Fuzz(func(t *testing.T, a, b []byte) {
		dir := t.TempDir()
		for _, sub := range []string{"cat", "dog"} {
			if err := os.Mkdir(filepath.Join(dir, sub), 0o755); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.WriteFile(filepath.Join(dir, "cat", "a.png"), a, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "dog", "b.png"), b, 0o644); err != nil {
			t.Fatal(err)
		}
		ds, err := LoadPNGFolder(dir, nil)
		if err != nil {
			if !strings.Contains(err.Error(), dir) {
				t.Fatalf("error does not name the folder or file: %v", err)
			}
			return
		}
		if ds.Inputs.Len() != 2 || ds.Instances.Len() != 2 {
			t.Fatalf("%d inputs, %d instances, want 2", ds.Inputs.Len(), ds.Instances.Len())
		}
		readAll(t, ds.Inputs)
	})
}

// fuzzRun is a small run with classes, scores, attributes and a tensor
// for subset expressions.
func fuzzRun(t testing.TB) *Run {
	in := NewInstances([]string{"cat", "dog"}, 4)
	copy(in.Labels, []int{0, 1, 1, -1})
	copy(in.Predicted, []int{0, 0, 1, 1})
	in.Scores = []float32{0.9, 0.1, 0.6, 0.4, 0.2, 0.8, 0.5, 0.5}
	if err := in.SetNumeric("size", []float64{1, 2, 3, 4}); err != nil {
		t.Fatal(err)
	}
	if err := in.SetText("review", []string{"Great dog", "bad", "", "great, great"}, false); err != nil {
		t.Fatal(err)
	}
	r, err := NewRun(in, map[string]*Activations{"fc1": NewActivations([]float32{0, 1, 2, 3, 4, 5, 6, 7}, 4, 2)})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func FuzzSubsetExpr(f *testing.F) {
	for _, s := range []string{
		`label == "cat" && predicted != label`,
		`score("dog") > 0.3 || act("fc1", 1) > 4`,
		`"great" in words and size >= 2`,
		`index in [0, 2, 3]`,
		`text("review") matches "^g"`,
		`len(tokens(text("review"))) > 1`,
		`label == "mouse"`,
		`act("fc1", 9) > 0`,
		`1 +`,
	} {
		f.Add(s)
	}
	r := fuzzRun(f)
	f.Fuzz(func(t *testing.T, src string) {
		e, err := CompileExpr(src, r)
		if err != nil {
			if !errors.Is(err, ErrExpr) {
				t.Fatalf("compile error does not wrap ErrExpr: %v", err)
			}
			return
		}
		m, err := e.Members(r)
		if err != nil {
			if !errors.Is(err, ErrExpr) && !errors.Is(err, ErrRange) {
				t.Fatalf("evaluation error does not wrap ErrExpr: %v", err)
			}
			return
		}
		if m.Len() != r.Len() {
			t.Fatalf("members over %d instances, want %d", m.Len(), r.Len())
		}
		for i := range r.Len() {
			ok, err := e.Eval(r, i)
			if err == nil && ok != m.Has(i) {
				t.Fatalf("instance %d: Eval %v, Members %v", i, ok, m.Has(i))
			}
		}
	})
}

// pngWithHeader returns a PNG whose IHDR (correct CRC) announces w × h
// 8-bit gray pixels, followed by the IDAT of a 1 × 1 image and IEND.
func pngWithHeader(t testing.TB, w, h uint32) []byte {
	small := pngOf(t, 1, 1, true)
	// small: 8-byte signature, IHDR chunk (4 len + 4 type + 13 data + 4 CRC), then the rest.
	ihdr := small[8 : 8+25]
	binary.BigEndian.PutUint32(ihdr[8:12], w)
	binary.BigEndian.PutUint32(ihdr[12:16], h)
	binary.BigEndian.PutUint32(ihdr[21:25], crc32.ChecksumIEEE(ihdr[4:21]))
	return small
}

// TestPNGHugeHeader: a few hundred bytes announcing 60,000 × 60,000
// pixels are an error naming the file, found before the decoder allocates
// 3.6 GB for the image.
func TestPNGHugeHeader(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "cat"), 0o755); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "cat", "huge.png")
	if err := os.WriteFile(p, pngWithHeader(t, 60000, 60000), 0o644); err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := LoadPNGFolder(dir, nil)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrTruncated) || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), "60000×60000") {
		t.Fatalf("err = %v, want ErrTruncated naming %s and the size", err, p)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 16<<20 {
		t.Fatalf("allocated %d MB for a rejected header", grew>>20)
	}
	// The same header over a real image size still loads (the check is
	// not a size limit).
	if err := os.WriteFile(p, pngOf(t, 300, 200, true), 0o644); err != nil {
		t.Fatal(err)
	}
	if ds, err := LoadPNGFolder(dir, nil); err != nil || ds.Inputs.Dim() != 300*200 {
		t.Fatalf("300×200 image: %v", err)
	}
}
