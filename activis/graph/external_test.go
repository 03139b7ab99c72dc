package graph

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/advancedclimatesystems/gonnx/onnx"
	"google.golang.org/protobuf/proto"
)

// externalize moves every initializer of the model at src into one data
// file, as onnx.save_model(..., save_as_external_data=True) does, and
// writes model.onnx and its data file into dir. edit may change each
// tensor's external_data entries.
func externalize(t *testing.T, src, dir string, edit func(kv []*onnx.StringStringEntryProto)) string {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	mp := &onnx.ModelProto{}
	if err := proto.Unmarshal(b, mp); err != nil {
		t.Fatal(err)
	}
	var data []byte
	for _, tp := range mp.GetGraph().GetInitializer() {
		raw := tp.GetRawData()
		if len(raw) == 0 {
			continue
		}
		kv := []*onnx.StringStringEntryProto{
			{Key: "location", Value: "weights.bin"},
			{Key: "offset", Value: strconv.Itoa(len(data))},
			{Key: "length", Value: strconv.Itoa(len(raw))},
		}
		if edit != nil {
			edit(kv)
		}
		data = append(data, raw...)
		tp.RawData = nil
		tp.DataLocation = onnx.TensorProto_EXTERNAL
		tp.ExternalData = kv
	}
	out, err := proto.Marshal(mp)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "model.onnx")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "weights.bin"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadExternalData(t *testing.T) {
	const src = "../testdata/cnn_op17.onnx"
	want, err := Load(src)
	if err != nil {
		t.Fatal(err)
	}
	path := externalize(t, src, t.TempDir(), nil)
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Initializers) != len(want.Initializers) || got.Params() != want.Params() {
		t.Fatalf("%d initializers, %d params; want %d, %d", len(got.Initializers), got.Params(), len(want.Initializers), want.Params())
	}
	for name, w := range want.Initializers {
		if g := got.Initializers[name]; g == nil || !slices.Equal(g.Float32s(), w.Float32s()) {
			t.Errorf("initializer %q differs after the round trip through an external file", name)
		}
	}
	b, _ := os.ReadFile(path)
	if _, err := Decode(b); !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), "external data") {
		t.Errorf("Decode of a model with external data: %v", err)
	}

	for _, c := range []struct {
		name, want string
		edit       func(kv []*onnx.StringStringEntryProto)
	}{
		{"climbs out", "outside the model's folder", func(kv []*onnx.StringStringEntryProto) { kv[0].Value = "../weights.bin" }},
		{"absolute", "outside the model's folder", func(kv []*onnx.StringStringEntryProto) { kv[0].Value = "/etc/passwd" }},
		{"missing file", "no such file", func(kv []*onnx.StringStringEntryProto) { kv[0].Value = "other.bin" }},
		{"past the end", "holds", func(kv []*onnx.StringStringEntryProto) { kv[1].Value = "100000000" }},
		{"bad offset", "not a byte count", func(kv []*onnx.StringStringEntryProto) { kv[1].Value = "-3" }},
		{"short length", "raw data has", func(kv []*onnx.StringStringEntryProto) { kv[2].Value = "4" }},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Load(externalize(t, src, t.TempDir(), c.edit))
			if !errors.Is(err, ErrFormat) && !errors.Is(err, os.ErrNotExist) {
				t.Errorf("err = %v, want ErrFormat", err)
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want it to mention %q", err, c.want)
			}
		})
	}
}
