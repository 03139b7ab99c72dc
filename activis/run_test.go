package activis

import (
	"encoding/binary"
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNewRun(t *testing.T) {
	meta := NewInstances([]string{"a", "b"}, 3)
	meta.Source = "instances.csv"
	mem := NewActivations([]float32{1, 2, 3, 4, 5, 6}, 3, 2)
	p := filepath.Join(t.TempDir(), "fc2.npy")
	if err := SaveNPY(p, NewActivations(make([]float32, 8), 4, 2)); err != nil {
		t.Fatal(err)
	}
	short, err := LoadActivations(p)
	if err != nil {
		t.Fatal(err)
	}
	defer short.Close()

	run, err := NewRun(meta, map[string]*Activations{"fc1": mem})
	if err != nil {
		t.Fatal(err)
	}
	if run.Len() != 3 || run.At(2).Act("fc1", 1) != 6 || !math.IsNaN(run.At(2).Act("fc1", 2)) || !math.IsNaN(run.At(0).Act("conv", 0)) {
		t.Error("Act values")
	}
	if got := strings.Join(run.TensorNames(), ","); got != "fc1" {
		t.Errorf("TensorNames %s", got)
	}
	if _, err := run.Tensor("conv"); !errors.Is(err, ErrUnknownTensor) || !strings.Contains(err.Error(), `"conv"`) || !strings.Contains(err.Error(), `"fc1"`) {
		t.Errorf("Tensor(conv) = %v", err)
	}
	if run.CheckTensor("fc1") != nil {
		t.Error("CheckTensor(fc1)")
	}

	for _, test := range []struct {
		name string
		meta *Instances
		acts map[string]*Activations
		want error
		text []string
	}{
		{"rows differ", meta, map[string]*Activations{"fc1": mem, "fc2": short}, ErrShape,
			[]string{`"fc2"`, p, "4 rows", "instances.csv has 3"}},
		{"nil tensor", meta, map[string]*Activations{"fc1": nil}, nil, []string{`"fc1"`, "nil"}},
		{"nil meta", nil, nil, nil, []string{"nil instances"}},
		{"bad meta", &Instances{IDs: []string{"x"}}, nil, nil, []string{"0 labels for 1 ids"}},
		{"in memory", NewInstances(nil, 2), map[string]*Activations{"h": mem}, ErrShape, []string{`"h"`, "in memory", "3 rows"}},
	} {
		_, err := NewRun(test.meta, test.acts)
		if err == nil {
			t.Errorf("%s: no error", test.name)
			continue
		}
		if test.want != nil && !errors.Is(err, test.want) {
			t.Errorf("%s: %v does not wrap %v", test.name, err, test.want)
		}
		for _, s := range test.text {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("%s: error %q lacks %q", test.name, err, s)
			}
		}
	}
}

func TestLoadRunDir(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"instances.csv", "fc1.npy", "conv.npy", "acts_compressed.npz"} {
		b, err := os.ReadFile(filepath.Join(hookDir, f))
		if err != nil {
			t.Fatal(err)
		}
		if f == "acts_compressed.npz" {
			f = "more.npz" // members fc1 (clashes with fc1.npy) and fc1_f64
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := LoadRunDir(dir); err == nil || !strings.Contains(err.Error(), `"fc1" defined twice`) {
		t.Errorf("clash: %v", err)
	}
	os.Remove(filepath.Join(dir, "more.npz"))
	run, err := LoadRunDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(run.TensorNames(), ","); got != "conv,fc1" || run.Len() != 12 {
		t.Errorf("tensors %s n %d", got, run.Len())
	}
	run.Close()
	// A tensor with the wrong row count is named.
	if err := SaveNPY(filepath.Join(dir, "extra.npy"), NewActivations(make([]float32, 4), 2, 2)); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadRunDir(dir); !errors.Is(err, ErrShape) || !strings.Contains(err.Error(), "extra.npy") {
		t.Errorf("row mismatch: %v", err)
	}
	if _, err := LoadRunDir(t.TempDir()); err == nil || !strings.Contains(err.Error(), "no metadata file") {
		t.Errorf("empty dir: %v", err)
	}
	// A missing folder is fs.ErrNotExist (it said "no metadata file").
	var pe *fs.PathError
	if _, err := LoadRunDir(filepath.Join(dir, "missing")); !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &pe) {
		t.Errorf("missing dir: %v", err)
	}
}

func TestSlices(t *testing.T) {
	ds, err := LoadIDX(writeFile(t, "i", idxBytes([]uint32{3, 1, 2}, []byte{0, 0, 255, 255, 51, 51})),
		writeFile(t, "l", idxBytes([]uint32{3}, []byte{0, 1, 2})), nil)
	if err != nil {
		t.Fatal(err)
	}
	s, err := ds.Slice(1, 3)
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() != 2 || s.Instances.At(0).Label() != "1" || s.Instances.At(0).ID() != "1" ||
		s.Inputs.Row(1)[0] != 0.2 || !near(s.Instances.At(1).Attr(MeanPixelAttr), 0.2, 1e-12) || s.Inputs.Shape()[0] != 2 {
		t.Errorf("slice: %d %q %v", s.Len(), s.Instances.At(0).Label(), s.Inputs.Row(1))
	}
	if _, err := ds.Slice(2, 4); !errors.Is(err, ErrRange) {
		t.Errorf("Slice past end: %v", err)
	}
	// Slices of a mapped converted file.
	p := writeFile(t, "s.npy", rawNPY("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }", f64bytes(binary.LittleEndian, []float32{1, 2, 3, 4, 5, 6})))
	a, err := LoadActivations(p)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := a.Slice(1, 3)
	if v.Len() != 2 || v.At(1, 1) != 6 || !v.Mapped() {
		t.Errorf("mapped slice %d %v", v.Len(), v.At(1, 1))
	}
	v.Close() // must not unmap the parent
	if a.At(2, 1) != 6 {
		t.Error("closing a slice unmapped its parent")
	}
	a.Close()
}
