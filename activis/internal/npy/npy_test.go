package npy

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

// rawFile returns a version 1.0 .npy header holding dict (no data).
func rawFile(dict string) []byte {
	b := append([]byte("\x93NUMPY\x01\x00"), byte(len(dict)+1), 0)
	return append(append(b, dict...), '\n')
}

// f32File returns a float32 .npy file of the given shape and values, as
// EncodeHeader and PutFloat32s write it.
func f32File(t testing.TB, shape []int, data []float32) []byte {
	t.Helper()
	h, err := EncodeHeader(shape)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, len(h)+4*len(data))
	copy(b, h)
	PutFloat32s(b[len(h):], data)
	return b
}

// TestEncodeHeader checks the written header against the NumPy format
// specification (a 64-byte aligned preamble ending in a newline, the
// dictionary numpy.save writes) and that ReadHeader reads back its shape.
func TestEncodeHeader(t *testing.T) {
	for _, test := range []struct {
		shape []int
		tuple string
	}{
		{[]int{2, 3}, "(2, 3)"},
		{[]int{5}, "(5,)"},
		{[]int{0, 4}, "(0, 4)"},
		{[]int{7, 3, 32, 32}, "(7, 3, 32, 32)"},
	} {
		h, err := EncodeHeader(test.shape)
		if err != nil {
			t.Fatal(err)
		}
		want := "{'descr': '<f4', 'fortran_order': False, 'shape': " + test.tuple + ", }"
		if len(h)%64 != 0 || h[len(h)-1] != '\n' || int(binary.LittleEndian.Uint16(h[8:10])) != len(h)-10 ||
			!bytes.HasPrefix(h, []byte("\x93NUMPY\x01\x00")) || strings.TrimRight(string(h[10:]), " \n") != want {
			t.Errorf("shape %v: header %q, want the dict %q padded to 64 bytes", test.shape, h, want)
		}
		got, err := ReadHeader(h, "x.npy")
		if err != nil {
			t.Fatalf("shape %v: %v", test.shape, err)
		}
		if got.DType != "<f4" || got.Fortran || !slices.Equal(got.Shape, test.shape) || got.Offset != len(h) {
			t.Errorf("shape %v: read back %+v", test.shape, got)
		}
	}
	if _, err := EncodeHeader(make([]int, 30000)); err == nil {
		t.Error("a header over 64 KB: no error")
	}
}

// TestParse checks the N × D view of every accepted kind of file: native
// float32 data viewed in place, other dtypes (and unaligned float32)
// converted from Raw, shapes flattened after the first dimension.
func TestParse(t *testing.T) {
	vals := []float32{1, -2, 0.5, 3, 0, -0.25}
	native := f32File(t, []int{2, 3}, vals)
	buf := make([]byte, len(native)+1) // the data at an odd address
	copy(buf[1:], native)
	unaligned := buf[1:]
	f64 := rawFile("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }")
	for _, v := range vals {
		f64 = binary.LittleEndian.AppendUint64(f64, math.Float64bits(float64(v)))
	}
	u8 := append(rawFile("{'descr': '|u1', 'fortran_order': False, 'shape': (2, 1, 3), }"), 1, 2, 3, 250, 0, 7)
	for _, test := range []struct {
		name string
		file []byte
		ints bool
		n, d int
		view bool // Data views the file
		want []float32
	}{
		{"f4", native, false, 2, 3, true, vals},
		{"f4 unaligned", unaligned, false, 2, 3, false, vals},
		{"f8", f64, false, 3, 2, false, vals},
		{"u1 as input", u8, true, 2, 3, false, []float32{1, 2, 3, 250, 0, 7}},
		{"1-D", f32File(t, []int{6}, vals), false, 6, 1, true, vals},
		{"empty", f32File(t, []int{0, 4}, nil), false, 0, 4, true, nil},
	} {
		t.Run(test.name, func(t *testing.T) {
			a, err := Parse(test.file, "x.npy", test.ints, errFuzzShape)
			if err != nil {
				t.Fatal(err)
			}
			if a.N != test.n || a.D != test.d {
				t.Fatalf("%d × %d, want %d × %d", a.N, a.D, test.n, test.d)
			}
			if (a.Data != nil) != test.view {
				t.Errorf("Data viewed in place: %v, want %v", a.Data != nil, test.view)
			}
			got := a.Data
			if a.Data == nil {
				got = make([]float32, a.N*a.D)
				a.Conv(got, a.Raw)
			}
			if !slices.Equal(got, test.want) && len(got)+len(test.want) > 0 {
				t.Errorf("values %v, want %v", got, test.want)
			}
		})
	}
}

// TestParseErrors checks the sentinel each malformed file wraps, and that
// shape errors wrap the caller's sentinel.
func TestParseErrors(t *testing.T) {
	data := make([]byte, 24)
	full := append(rawFile("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"), data...)
	for _, test := range []struct {
		name string
		file []byte
		want error
	}{
		{"magic", []byte("PK\x03\x04 not numpy"), ErrNotNPY},
		{"data cut", full[:len(full)-1], ErrTruncated},
		{"header cut", full[:30], ErrTruncated},
		{"dtype", append(rawFile("{'descr': '<c8', 'fortran_order': False, 'shape': (2, 3), }"), data...), ErrDType},
		{"fortran", append(rawFile("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }"), data...), ErrFortranOrder},
		{"scalar", append(rawFile("{'descr': '<f4', 'fortran_order': False, 'shape': (), }"), data...), errFuzzShape},
		{"huge", rawFile("{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 4611686018427387904), }"), errFuzzShape},
		{"malformed", rawFile("{'descr': '<f4'} 'fortran_order': False, 'shape': (2, 3), "), ErrNotNPY},
	} {
		_, err := Parse(test.file, "x.npy", false, errFuzzShape)
		if !errors.Is(err, test.want) || !strings.HasPrefix(fmt.Sprint(err), "x.npy: ") {
			t.Errorf("%s: error %v, want one naming x.npy and wrapping %v", test.name, err, test.want)
		}
	}
}

// TestNPZ checks that members come in name order, stored ones as slices of
// the archive at their offset and compressed ones decompressed, and that a
// stored member cut short is an error naming it.
func TestNPZ(t *testing.T) {
	a := f32File(t, []int{1, 2}, []float32{1, 2})
	b := f32File(t, []int{2, 1}, []float32{3, 4})
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range []struct {
		name   string
		method uint16
		data   []byte
	}{{"b.npy", zip.Store, b}, {"a.npy", zip.Deflate, a}} {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: m.name, Method: m.method})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(m.data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	file := buf.Bytes()
	z, err := OpenNPZ(file)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	err = z.Each("x.npz", func(m Member) error {
		keys = append(keys, m.Key+" "+m.Name)
		want := map[string][]byte{"a": a, "b": b}[m.Key]
		if !bytes.Equal(m.Data, want) || m.Stored != (m.Key == "b") {
			t.Errorf("%s: stored %v, %d bytes, want %v and %d", m.Key, m.Stored, len(m.Data), m.Key == "b", len(want))
		}
		if m.Stored && !bytes.Equal(file[m.Offset:m.Offset+int64(len(b))], b) {
			t.Errorf("%s: offset %d does not point at the member", m.Key, m.Offset)
		}
		return nil
	})
	if err != nil || fmt.Sprint(keys) != "[a x.npz:a b x.npz:b]" || z.Len() != 2 {
		t.Errorf("members %v (%d), err %v", keys, z.Len(), err)
	}
	stop := errors.New("stop")
	if err := z.Each("x.npz", func(Member) error { return stop }); err != stop {
		t.Errorf("Each returned %v, want the callback's error", err)
	}
	if _, err := OpenNPZ([]byte("not a zip")); err == nil {
		t.Error("OpenNPZ of garbage: no error")
	}
}
