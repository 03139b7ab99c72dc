package activis

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"strings"
	"testing"
)

// zipBytes builds an archive; members whose name starts with "z" are
// deflated, the others stored.
func zipBytes(t *testing.T, members map[string][]byte, order ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, name := range order {
		m := zip.Store
		if strings.HasPrefix(name, "z") {
			m = zip.Deflate
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: m})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(members[name])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestLoadNPZMembers(t *testing.T) {
	vals := []float32{1, 2, 3, 4, 5, 6}
	f4 := rawNPY("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }", f32bytes(binary.LittleEndian, vals))
	f8 := rawNPY("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", f64bytes(binary.LittleEndian, vals))
	// Names of odd lengths put stored data at offsets that are not
	// multiples of 4; such members must still read correctly.
	for _, names := range [][]string{{"a.npy", "bb.npy", "zc.npy"}, {"odd.npy", "evenn.npy", "zz.npy"}} {
		p := writeFile(t, "m.npz", zipBytes(t, map[string][]byte{names[0]: f4, names[1]: f8, names[2]: f4}, names...))
		m, err := LoadNPZ(p)
		if err != nil {
			t.Fatal(err)
		}
		if len(m) != 3 {
			t.Fatalf("members %v", m)
		}
		a, b, c := m[strings.TrimSuffix(names[0], ".npy")], m[strings.TrimSuffix(names[1], ".npy")], m[strings.TrimSuffix(names[2], ".npy")]
		if a.Len() != 3 || b.Len() != 2 || c.Len() != 3 || !a.Mapped() || c.Mapped() {
			t.Fatalf("lens %d %d %d mapped %v %v", a.Len(), b.Len(), c.Len(), a.Mapped(), c.Mapped())
		}
		for _, x := range []*Activations{a, b, c} {
			got, _ := x.Rows(0, x.Len(), nil)
			for i := range vals {
				if got[i] != vals[i] {
					t.Errorf("%s: %v", x.Path(), got)
					break
				}
			}
		}
		// Closing one member leaves the others readable.
		a.Close()
		if b.At(1, 2) != 6 {
			t.Errorf("after closing a sibling: %v", b.At(1, 2))
		}
		b.Close()
		c.Close()
	}
}

func TestLoadNPZErrors(t *testing.T) {
	good := rawNPY("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }", make([]byte, 16))
	for _, test := range []struct {
		name string
		file []byte
		want error
		text string
	}{
		{"not zip", []byte("hello"), nil, "zip"},
		{"truncated member", zipBytes(t, map[string][]byte{"a.npy": good[:len(good)-2], "b.npy": good}, "b.npy", "a.npy"), ErrTruncated, ":a"},
		{"bad dtype", zipBytes(t, map[string][]byte{"i.npy": rawNPY("{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", make([]byte, 16))}, "i.npy"), ErrDType, ":i"},
		{"not npy", zipBytes(t, map[string][]byte{"zreadme.txt": []byte("hello")}, "zreadme.txt"), ErrNotNPY, ":zreadme.txt"},
		{"cut archive", zipBytes(t, map[string][]byte{"a.npy": good}, "a.npy")[:50], nil, "m.npz"},
	} {
		t.Run(test.name, func(t *testing.T) {
			p := writeFile(t, "m.npz", test.file)
			_, err := LoadNPZ(p)
			if err == nil {
				t.Fatal("no error")
			}
			if test.want != nil && !errors.Is(err, test.want) {
				t.Errorf("%v does not wrap %v", err, test.want)
			}
			if !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), test.text) {
				t.Errorf("error %q should name %s and %q", err, p, test.text)
			}
		})
	}
}
