package activis

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"
)

// shapeDict is a .npy header dictionary for dtype and shape.
func shapeDict(dtype string, shape ...int) string {
	s := ""
	for _, d := range shape {
		s += fmt.Sprintf("%d, ", d)
	}
	return fmt.Sprintf("{'descr': '%s', 'fortran_order': False, 'shape': (%s), }", dtype, s)
}

// TestLoadInputsIntegers reads every integer dtype LoadInputs accepts and
// checks that LoadActivations still refuses them.
func TestLoadInputsIntegers(t *testing.T) {
	vals := []int64{0, 1, 7, 100, 127, 3} // 2 × 3, in range for every dtype
	for _, c := range []struct {
		dtype string
		size  int
		put   func(b []byte, v int64)
	}{
		{"|u1", 1, func(b []byte, v int64) { b[0] = byte(v) }},
		{"|i1", 1, func(b []byte, v int64) { b[0] = byte(int8(v)) }},
		{"<i2", 2, func(b []byte, v int64) { binary.LittleEndian.PutUint16(b, uint16(v)) }},
		{">u2", 2, func(b []byte, v int64) { binary.BigEndian.PutUint16(b, uint16(v)) }},
		{"<i4", 4, func(b []byte, v int64) { binary.LittleEndian.PutUint32(b, uint32(v)) }},
		{"<i8", 8, func(b []byte, v int64) { binary.LittleEndian.PutUint64(b, uint64(v)) }},
		{">i8", 8, func(b []byte, v int64) { binary.BigEndian.PutUint64(b, uint64(v)) }},
		{"<u8", 8, func(b []byte, v int64) { binary.LittleEndian.PutUint64(b, uint64(v)) }},
	} {
		t.Run(c.dtype, func(t *testing.T) {
			data := make([]byte, c.size*len(vals))
			for i, v := range vals {
				c.put(data[c.size*i:], v)
			}
			p := writeFile(t, "x.npy", rawNPY(shapeDict(c.dtype, 2, 3), data))
			a, err := LoadInputs(p)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			got, err := a.Rows(0, 2, nil)
			if err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				if got[i] != float32(v) {
					t.Fatalf("value %d = %v, want %d (all %v)", i, got[i], v, got)
				}
			}
			if _, err := LoadActivations(p); !errors.Is(err, ErrDType) {
				t.Errorf("LoadActivations(%s) = %v, want ErrDType", c.dtype, err)
			}
		})
	}
	// Negative values of signed types.
	data := make([]byte, 16)
	for i, v := range []int64{-5, -1 << 20} {
		binary.LittleEndian.PutUint64(data[8*i:], uint64(v))
	}
	a, err := LoadInputs(writeFile(t, "neg.npy", rawNPY(shapeDict("<i8", 2), data)))
	if err != nil {
		t.Fatal(err)
	}
	if r := a.Row(0)[0]; r != -5 {
		t.Errorf("int64 -5 read as %v", r)
	}
	if r := a.Row(1)[0]; r != -(1 << 20) {
		t.Errorf("int64 -2^20 read as %v", r)
	}
	for _, c := range []struct {
		dtype string
		raw   []byte
	}{
		{"|i1", []byte{0xfb}},                   // -5
		{"<i2", []byte{0xfb, 0xff}},             // -5
		{">i2", []byte{0x80, 0x00}},             // -32768
		{"<i4", []byte{0xfb, 0xff, 0xff, 0xff}}, // -5
		{"|u1", []byte{0xfb}},                   // 251
	} {
		a, err := LoadInputs(writeFile(t, "s.npy", rawNPY(shapeDict(c.dtype, 1), c.raw)))
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]float32{"|i1": -5, "<i2": -5, ">i2": -32768, "<i4": -5, "|u1": 251}[c.dtype]
		if got := a.Row(0)[0]; got != want {
			t.Errorf("%s %x read as %v, want %v", c.dtype, c.raw, got, want)
		}
	}
	for _, bad := range []string{"|b1", "<c8", "|O", "<m8", "<U3"} {
		if _, err := LoadInputs(writeFile(t, "bad.npy", rawNPY(shapeDict(bad, 2), make([]byte, 64)))); !errors.Is(err, ErrDType) {
			t.Errorf("LoadInputs with dtype %s: %v, want ErrDType", bad, err)
		}
	}
}

// TestNewDatasetRunsModel runs the Fashion-MNIST fixture model over uint8
// images read with LoadInputs and scaled with Transform, and over the same
// pixel values given as float32 in memory: predictions, scores and
// activations must be identical. The text model's token ids go through an
// int64 file.
func TestNewDatasetRunsModel(t *testing.T) {
	m, err := LoadONNX("testdata/fashion_cnn.onnx")
	if err != nil {
		t.Fatal(err)
	}
	ex := readONNXExpect(t, "testdata/fashion_cnn.expect")
	in := ex.tensors["input"]
	n := in.shape[0]
	pix := make([]byte, len(in.data))
	ref := make([]float32, len(in.data))
	for i, v := range in.data {
		pix[i] = byte(math.Round(float64(min(max(v, 0), 1)) * 255))
		ref[i] = float32(pix[i]) / 255
	}
	shape := append([]int{n}, in.shape[1:]...)
	x, err := LoadInputs(writeFile(t, "x.npy", rawNPY(shapeDict("|u1", shape...), pix)))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	meta := NewInstances(FashionMNISTClasses, n)
	data, err := NewDataset(meta, x)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(data.InputShape, in.shape[1:]) {
		t.Fatalf("InputShape %v, want the file's %v", data.InputShape, in.shape[1:])
	}
	scaled, err := data.Transform(func(v []float32) {
		for k := range v {
			v[k] /= 255
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := data.Inputs.Row(0)[300]; got != float32(pix[300]) {
		t.Fatalf("Transform changed the original data set: %v", got)
	}
	memData, err := NewDataset(meta, NewActivations(ref, n, len(ref)/n), in.shape[1:]...)
	if err != nil {
		t.Fatal(err)
	}
	a, err := m.Run(scaled, "conv2", "fc1")
	if err != nil {
		t.Fatal(err)
	}
	b, err := m.Run(memData, "conv2", "fc1")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.Instances.Predicted, b.Instances.Predicted) || !slices.Equal(a.Instances.Scores, b.Instances.Scores) {
		t.Errorf("predictions differ: %v vs %v", a.Instances.Predicted, b.Instances.Predicted)
	}
	for _, l := range []string{"conv2", "fc1"} {
		ra, _ := a.Tensors[l].Rows(0, n, nil)
		rb, _ := b.Tensors[l].Rows(0, n, nil)
		if !slices.Equal(ra, rb) {
			t.Errorf("%s activations differ", l)
		}
	}

	// Token ids as int64.
	tm, err := LoadONNX("testdata/text_op13.onnx")
	if err != nil {
		t.Fatal(err)
	}
	tex := readONNXExpect(t, "testdata/text_op13.expect")
	tin := tex.tensors["input"]
	ids := make([]byte, 8*len(tin.data))
	for i, v := range tin.data {
		binary.LittleEndian.PutUint64(ids[8*i:], uint64(int64(v)))
	}
	tx, err := LoadInputs(writeFile(t, "ids.npy", rawNPY(shapeDict("<i8", tin.shape...), ids)))
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Close()
	tdata, err := NewDataset(NewInstances(nil, tin.shape[0]), tx)
	if err != nil {
		t.Fatal(err)
	}
	run, err := tm.Run(tdata)
	if err != nil {
		t.Fatal(err)
	}
	out := tex.tensors["output"]
	k := len(out.data) / out.shape[0]
	for i := 0; i < tin.shape[0]; i++ {
		row := out.data[i*k : (i+1)*k]
		if best := slices.Index(row, slices.Max(row)); run.Instances.Predicted[i] != best {
			t.Errorf("text instance %d predicted %d, PyTorch %d", i, run.Instances.Predicted[i], best)
		}
	}
}

func TestNewDatasetErrors(t *testing.T) {
	x := NewActivations(make([]float32, 6*4), 6, 4)
	meta := NewInstances(nil, 6)
	for _, c := range []struct {
		name  string
		meta  *Instances
		x     *Activations
		shape []int
	}{
		{"no inputs", meta, nil, nil},
		{"count", NewInstances(nil, 5), x, nil},
		{"shape size", meta, x, []int{3, 2}},
		{"zero dim", meta, x, []int{0, 4}},
	} {
		if _, err := NewDataset(c.meta, c.x, c.shape...); err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
	d, err := NewDataset(meta, x, 2, 2)
	if err != nil || !slices.Equal(d.InputShape, []int{2, 2}) {
		t.Errorf("NewDataset(2, 2) = %v, %v", d, err)
	}
	d, err = NewDataset(meta, x)
	if err != nil || !slices.Equal(d.InputShape, []int{4}) {
		t.Errorf("NewDataset() shape %v, %v", d.InputShape, err)
	}
	// Unlabelled inputs.
	d, err = NewDataset(nil, x)
	if err != nil || d.Len() != 6 || d.Instances.IDs[5] != "5" || d.Instances.Labels[0] != -1 {
		t.Errorf("NewDataset(nil, x) = %+v, %v", d, err)
	}
}
