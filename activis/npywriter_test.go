package activis

import (
	"errors"
	"path/filepath"
	"testing"
)

func TestNPYWriterRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.npy")
	w, err := CreateNPY(path, 3, 2)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteRows([]float32{1, 2, 3, 4}); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteRows([]float32{5}); !errors.Is(err, ErrShape) {
		t.Errorf("partial row: err = %v, want ErrShape", err)
	}
	if err := w.WriteRows([]float32{5, 6}); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteRows([]float32{7, 8}); !errors.Is(err, ErrShape) {
		t.Errorf("extra row: err = %v, want ErrShape", err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	a, err := LoadActivations(path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if a.Len() != 3 || a.Dim() != 2 || a.Row(2)[1] != 6 || a.Row(0)[0] != 1 {
		t.Errorf("read back %d×%d, rows %v %v", a.Len(), a.Dim(), a.Row(0), a.Row(2))
	}

	short, err := CreateNPY(filepath.Join(t.TempDir(), "s.npy"), 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	short.WriteRows([]float32{1, 2})
	if err := short.Close(); !errors.Is(err, ErrShape) {
		t.Errorf("Close after too few rows: err = %v, want ErrShape", err)
	}
}
