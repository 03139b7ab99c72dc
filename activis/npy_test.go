package activis

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/activis-go/activis/activis/internal/dtype"
)

// rawNPY builds .npy bytes by hand from a header dictionary and data, so
// tests can write any dtype, order or corruption numpy never would.
func rawNPY(dict string, data []byte) []byte {
	total := 10 + len(dict) + 1
	hdr := dict + strings.Repeat(" ", (64-total%64)%64) + "\n"
	var b bytes.Buffer
	b.WriteString("\x93NUMPY\x01\x00")
	binary.Write(&b, binary.LittleEndian, uint16(len(hdr)))
	b.WriteString(hdr)
	b.Write(data)
	return b.Bytes()
}

func writeFile(t *testing.T, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func f32bytes(bo binary.ByteOrder, v []float32) []byte {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		bo.PutUint32(b[4*i:], math.Float32bits(x))
	}
	return b
}

func f64bytes(bo binary.ByteOrder, v []float32) []byte {
	b := make([]byte, 8*len(v))
	for i, x := range v {
		bo.PutUint64(b[8*i:], math.Float64bits(float64(x)))
	}
	return b
}

// f16 bits of a few exactly representable values.
var f16bits = map[float32]uint16{0: 0x0000, 1: 0x3c00, -2: 0xc000, 0.5: 0x3800, 1.5: 0x3e00, 65504: 0x7bff}

func f16bytes(bo binary.ByteOrder, v []float32) []byte {
	b := make([]byte, 2*len(v))
	for i, x := range v {
		bo.PutUint16(b[2*i:], f16bits[x])
	}
	return b
}

func TestLoadActivationsDtypes(t *testing.T) {
	vals := []float32{0, 1, -2, 0.5, 1.5, 65504} // 2 × 3
	for _, test := range []struct {
		name, dtype string
		data        []byte
		direct      bool
	}{
		{"f4le", "<f4", f32bytes(binary.LittleEndian, vals), dtype.NativeLittle},
		{"f4be", ">f4", f32bytes(binary.BigEndian, vals), !dtype.NativeLittle},
		{"f8le", "<f8", f64bytes(binary.LittleEndian, vals), false},
		{"f8be", ">f8", f64bytes(binary.BigEndian, vals), false},
		{"f2le", "<f2", f16bytes(binary.LittleEndian, vals), false},
		{"f2be", ">f2", f16bytes(binary.BigEndian, vals), false},
		{"f4native", "=f4", f32bytes(nativeOrder(), vals), true},
	} {
		t.Run(test.name, func(t *testing.T) {
			p := writeFile(t, "a.npy", rawNPY("{'descr': '"+test.dtype+"', 'fortran_order': False, 'shape': (2, 3), }", test.data))
			a, err := LoadActivations(p)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			if a.Len() != 2 || a.Dim() != 3 || a.DType() != test.dtype || a.Direct() != test.direct || !a.Mapped() || a.Path() != p {
				t.Fatalf("got n=%d d=%d dtype=%q direct=%v mapped=%v path=%q", a.Len(), a.Dim(), a.DType(), a.Direct(), a.Mapped(), a.Path())
			}
			for i := 0; i < 2; i++ {
				row := a.Row(i)
				buf := make([]float32, 3)
				if err := a.RowInto(i, i+1, buf); err != nil {
					t.Fatal(err)
				}
				for j := 0; j < 3; j++ {
					want := vals[i*3+j]
					if row[j] != want || buf[j] != want || a.At(i, j) != float64(want) {
						t.Errorf("(%d,%d): Row %v RowInto %v At %v, want %v", i, j, row[j], buf[j], a.At(i, j), want)
					}
				}
			}
			all, err := a.Rows(0, 2, nil)
			if err != nil || len(all) != 6 || all[5] != 65504 {
				t.Errorf("Rows = %v, %v", all, err)
			}
		})
	}
}

func TestLoadActivationsShapes(t *testing.T) {
	data := f32bytes(binary.LittleEndian, []float32{1, 2, 3, 4, 5, 6, 7, 8})
	for _, test := range []struct {
		shape string
		n, d  int
	}{
		{"(8,)", 8, 1},
		{"(2, 4)", 2, 4},
		{"(2, 2, 2)", 2, 4},
		{"(1, 2, 2, 2)", 1, 8},
		{"(0, 5)", 0, 5},
		{"(4, 0)", 4, 0},
	} {
		p := writeFile(t, "a.npy", rawNPY("{'descr': '<f4', 'fortran_order': False, 'shape': "+test.shape+", }", data))
		a, err := LoadActivations(p)
		if err != nil {
			t.Errorf("%s: %v", test.shape, err)
			continue
		}
		if a.Len() != test.n || a.Dim() != test.d {
			t.Errorf("%s: got %d × %d, want %d × %d", test.shape, a.Len(), a.Dim(), test.n, test.d)
		}
		if test.n > 0 && test.d > 0 && a.Row(test.n - 1)[test.d-1] != float32(test.n*test.d) {
			t.Errorf("%s: last value %v", test.shape, a.Row(test.n - 1)[test.d-1])
		}
		a.Close()
	}
}

func TestLoadActivationsErrors(t *testing.T) {
	good := f32bytes(binary.LittleEndian, make([]float32, 6))
	full := rawNPY("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", good)
	for _, test := range []struct {
		name string
		file []byte
		want error
		text string
	}{
		{"empty", nil, ErrNotNPY, "bad magic"},
		{"magic", []byte("PK\x03\x04 not numpy at all"), ErrNotNPY, "bad magic"},
		{"version", append([]byte("\x93NUMPY\x09\x00"), full[8:]...), ErrNotNPY, "version 9"},
		{"header cut", full[:40], ErrTruncated, "header"},
		{"data cut", full[:len(full)-1], ErrTruncated, "needs 24 data bytes, file has 23"},
		{"int32", rawNPY("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }", good), ErrDType, `"<i4"`},
		{"complex", rawNPY("{'descr': '<c8', 'fortran_order': False, 'shape': (2, 3), }", good), ErrDType, `"<c8"`},
		{"struct", rawNPY("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2, 3), }", good), ErrDType, ""},
		{"fortran", rawNPY("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", good), ErrFortranOrder, ""},
		{"scalar", rawNPY("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", good), ErrShape, "scalar"},
		{"no newline", append([]byte("\x93NUMPY\x01\x00\x05\x00{abc}"), good...), ErrNotNPY, "not terminated"},
		{"garbage dict", rawNPY("{'shape': 'descr': }", good), ErrNotNPY, "dictionary"},
		// npyio's parser would slice out of range on this one: it must be an error, not a panic.
		{"brace early", rawNPY("{'descr': '<f4'} 'fortran_order': False, 'shape': (2, 3), ", good), ErrNotNPY, "malformed"},
		{"bad shape", rawNPY("{'descr': '<f4', 'fortran_order': False, 'shape': (2, x), }", good), ErrNotNPY, ""},
		{"negative", rawNPY("{'descr': '<f4', 'fortran_order': False, 'shape': (-2, 3), }", good), ErrNotNPY, "negative"},
		{"huge", rawNPY("{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 4611686018427387904), }", good), ErrShape, "too large"},
	} {
		t.Run(test.name, func(t *testing.T) {
			p := writeFile(t, "bad.npy", test.file)
			a, err := LoadActivations(p)
			if err == nil {
				a.Close()
				t.Fatal("no error")
			}
			if !errors.Is(err, test.want) {
				t.Errorf("error %q does not wrap %v", err, test.want)
			}
			if !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), test.text) {
				t.Errorf("error %q should name %s and say %q", err, p, test.text)
			}
		})
	}
	if _, err := LoadActivations(filepath.Join(t.TempDir(), "missing.npy")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestActivationsStreaming(t *testing.T) {
	n, d := 37, 5
	vals := make([]float32, n*d)
	for i := range vals {
		vals[i] = float32(i)
	}
	mem := NewActivations(vals, n, d)
	dir := t.TempDir()
	p32 := filepath.Join(dir, "a.npy")
	if err := SaveNPY(p32, mem); err != nil {
		t.Fatal(err)
	}
	p64 := writeFile(t, "b.npy", rawNPY("{'descr': '<f8', 'fortran_order': False, 'shape': (37, 5), }", f64bytes(binary.LittleEndian, vals)))
	m32, err := LoadActivations(p32)
	if err != nil {
		t.Fatal(err)
	}
	defer m32.Close()
	m64, err := LoadActivations(p64)
	if err != nil {
		t.Fatal(err)
	}
	defer m64.Close()
	for _, a := range []*Activations{mem, m32, m64} {
		for _, chunk := range []int{0, 1, 4, 37, 100} {
			var sum float64
			next := 3
			err := a.Scan(3, 30, chunk, func(first int, rows []float32) error {
				if first != next || len(rows)%d != 0 {
					t.Fatalf("%s chunk %d: block at %d (want %d) of %d values", a.Path(), chunk, first, next, len(rows))
				}
				if rows[0] != float32(first*d) {
					t.Fatalf("%s chunk %d: block at %d starts with %v", a.Path(), chunk, first, rows[0])
				}
				next += len(rows) / d
				for _, v := range rows {
					sum += float64(v)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			// sum of 15..149
			if want := float64((15 + 149) * 135 / 2); sum != want || next != 30 {
				t.Errorf("%s chunk %d: sum %v next %d, want %v 30", a.Path(), chunk, sum, next, want)
			}
		}
		stop := errors.New("stop")
		if err := a.Scan(0, n, 2, func(int, []float32) error { return stop }); err != stop {
			t.Errorf("Scan error = %v, want the callback's", err)
		}
		if err := a.Scan(5, 4, 0, func(int, []float32) error { return nil }); !errors.Is(err, ErrRange) {
			t.Errorf("Scan(5,4) = %v, want ErrRange", err)
		}
		if _, err := a.Rows(0, n+1, nil); !errors.Is(err, ErrRange) {
			t.Errorf("Rows past end = %v", err)
		}
		if err := a.RowInto(0, 2, make([]float32, 2*d-1)); err == nil {
			t.Error("RowInto with a short dst: no error")
		}
		if !math.IsNaN(a.At(n, 0)) || !math.IsNaN(a.At(0, d)) || !math.IsNaN(a.At(-1, 0)) {
			t.Error("At out of range should be NaN")
		}
		a.Release(0, n) // advisory; values must survive
		if a.At(36, 4) != 184 {
			t.Errorf("%s: At(36,4) = %v after Release", a.Path(), a.At(36, 4))
		}
	}
	// Closing a map makes reads fail cleanly.
	if err := m32.Close(); err != nil {
		t.Fatal(err)
	}
	if err := m32.Close(); err != nil {
		t.Fatal("second Close:", err)
	}
	if _, err := m32.Rows(0, 1, nil); !errors.Is(err, ErrClosed) {
		t.Errorf("Rows after Close = %v, want ErrClosed", err)
	}
	if m32.Row(0) != nil || !math.IsNaN(m32.At(0, 0)) {
		t.Error("Row/At after Close should be nil/NaN")
	}
}

func TestNonFinite(t *testing.T) {
	inf := float32(math.Inf(1))
	nan := float32(math.NaN())
	vals := []float32{1, nan, inf, -inf, 0, nan, math.MaxFloat32, -math.MaxFloat32}
	a := NewActivations(vals, 4, 2)
	n, i, err := a.NonFinite()
	if err != nil || n != 2 || i != 2 {
		t.Errorf("NonFinite = %d NaN, %d Inf, %v; want 2, 2", n, i, err)
	}
	p := filepath.Join(t.TempDir(), "nf.npy")
	if err := SaveNPY(p, a); err != nil {
		t.Fatal(err)
	}
	m, err := LoadActivations(p)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if n, i, _ := m.NonFinite(); n != 2 || i != 2 {
		t.Errorf("mapped NonFinite = %d, %d", n, i)
	}
}

func TestSaveNPYKeepsShape(t *testing.T) {
	p := writeFile(t, "c.npy", rawNPY("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2, 2), }", f64bytes(binary.LittleEndian, make([]float32, 12))))
	a, err := LoadActivations(p)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	q := filepath.Join(t.TempDir(), "d.npy")
	if err := SaveNPY(q, a); err != nil {
		t.Fatal(err)
	}
	b, err := LoadActivations(q)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if got := b.Shape(); len(got) != 3 || got[0] != 3 || got[2] != 2 || b.DType() != "<f4" {
		t.Errorf("shape %v dtype %s, want [3 2 2] <f4", got, b.DType())
	}
	raw, _ := os.ReadFile(q)
	if (10+int(binary.LittleEndian.Uint16(raw[8:])))%64 != 0 {
		t.Error("header not padded to 64 bytes")
	}
}

func writeRaw(path string, b []byte) error { return os.WriteFile(path, b, 0o644) }

func nativeOrder() binary.ByteOrder {
	if dtype.NativeLittle {
		return binary.LittleEndian
	}
	return binary.BigEndian
}
