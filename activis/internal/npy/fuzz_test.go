package npy

import (
	"errors"
	"strings"
	"testing"
)

// fuzzSeeds are small valid and nearly valid .npy files (the seeds
// activis's FuzzNPZ zips as well).
func fuzzSeeds(t testing.TB) [][]byte {
	var seeds [][]byte
	for _, a := range []struct {
		shape []int
		data  []float32
	}{{[]int{2, 3}, []float32{1, 2, 3, 4, 5, 6}}, {[]int{0, 4}, nil}} {
		seeds = append(seeds, f32File(t, a.shape, a.data))
	}
	seeds = append(seeds,
		append(rawFile("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 1), }"), make([]byte, 16)...),
		append(rawFile("{'descr': '<i2', 'fortran_order': False, 'shape': (1, 3), }"), 1, 0, 0xff, 0xff, 2, 0),
		append(rawFile("{'descr': '<f2', 'fortran_order': False, 'shape': (2,), }"), 0, 0x3c, 0, 0xc0),
		rawFile("{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }"),
		rawFile("{'descr': '|u1', 'fortran_order': True, 'shape': (1, 1), }"),
	)
	return seeds
}

// errFuzzShape stands for activis.ErrShape.
var errFuzzShape = errors.New("shape mismatch")

// FuzzNPY: malformed input gives an error that names the file, never a
// panic; an accepted file is a consistent Array whose every row can be
// read (Data of N·D values, or Raw of N·D·ESize bytes with a converter).
func FuzzNPY(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, ints := range []bool{false, true} {
			a, err := Parse(b, "fuzz.npy", ints, errFuzzShape)
			if err != nil {
				if !strings.HasPrefix(err.Error(), "fuzz.npy: ") {
					t.Fatalf("error does not name the file: %v", err)
				}
				continue
			}
			readRows(t, a)
		}
	})
}

// readRows reads every row of a, so that a size the parser accepted but
// cannot back with data shows up as a panic or an error.
func readRows(t *testing.T, a *Array) {
	t.Helper()
	if a.N < 0 || a.D < 0 {
		t.Fatalf("negative shape %d × %d", a.N, a.D)
	}
	if a.Data != nil {
		if len(a.Data) != a.N*a.D || a.Raw != nil {
			t.Fatalf("%d values (raw %d bytes) for %d × %d", len(a.Data), len(a.Raw), a.N, a.D)
		}
		return
	}
	if a.Conv == nil || len(a.Raw) != a.N*a.D*a.ESize {
		t.Fatalf("raw %d bytes of %d-byte values (converter %v) for %d × %d", len(a.Raw), a.ESize, a.Conv != nil, a.N, a.D)
	}
	row := make([]float32, a.D)
	for i := range a.N {
		a.Conv(row, a.Raw[i*a.D*a.ESize:(i+1)*a.D*a.ESize])
	}
}
