package onnxout

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"

	"github.com/activis-go/activis/notebooks/train/cnn"
	"github.com/advancedclimatesystems/gonnx/onnx"
	"google.golang.org/protobuf/proto"
)

func tinyNet(t *testing.T) *cnn.Net {
	t.Helper()
	net, err := cnn.New(cnn.Config{H: 8, W: 12, Conv1: 2, Conv2: 3, Hidden: 5, Classes: 4, Dropout: 0.5}, 7)
	if err != nil {
		t.Fatal(err)
	}
	return net
}

// TestMarshalParses checks the serialised model with the generated
// protobuf types: versions, graph input/output, node scopes, tensor
// names, value_info shapes and initializers.
func TestMarshalParses(t *testing.T) {
	net := tinyNet(t)
	b, err := Marshal(net, Meta{Doc: "tiny", Props: map[string]string{"b": "2", "a": "1"}})
	if err != nil {
		t.Fatal(err)
	}
	m := &onnx.ModelProto{}
	if err := proto.Unmarshal(b, m); err != nil {
		t.Fatalf("exported bytes do not parse: %v", err)
	}
	if m.GetIrVersion() != IRVersion || len(m.GetOpsetImport()) != 1 || m.GetOpsetImport()[0].GetVersion() != Opset || m.GetOpsetImport()[0].GetDomain() != "" {
		t.Errorf("ir_version %d opset %v, want %d and default domain %d", m.GetIrVersion(), m.GetOpsetImport(), IRVersion, Opset)
	}
	if m.GetDocString() != "tiny" || m.GetGraph().GetDocString() != "tiny" {
		t.Errorf("doc strings %q, %q", m.GetDocString(), m.GetGraph().GetDocString())
	}
	if p := m.GetMetadataProps(); len(p) != 2 || p[0].GetKey() != "a" || p[1].GetValue() != "2" {
		t.Errorf("metadata_props = %v, want a=1, b=2 in key order", p)
	}
	g := m.GetGraph()

	wantNodes := []struct{ name, op, out string }{
		{"/conv1/Conv", "Conv", "/conv1/Conv_output_0"},
		{"/relu1/Relu", "Relu", "conv1"},
		{"/pool1/MaxPool", "MaxPool", "pool1"},
		{"/conv2/Conv", "Conv", "/conv2/Conv_output_0"},
		{"/relu2/Relu", "Relu", "conv2"},
		{"/pool2/MaxPool", "MaxPool", "pool2"},
		{"/flatten/Flatten", "Flatten", "/flatten/Flatten_output_0"},
		{"/fc1/Gemm", "Gemm", "/fc1/Gemm_output_0"},
		{"/fc1_relu/Relu", "Relu", "fc1"},
		{"/dropout/Dropout", "Dropout", "/dropout/Dropout_output_0"},
		{"/fc2/Gemm", "Gemm", "logits"},
	}
	if len(g.GetNode()) != len(wantNodes) {
		t.Fatalf("%d nodes, want %d", len(g.GetNode()), len(wantNodes))
	}
	produced := map[string]bool{InputName: true}
	for _, init := range g.GetInitializer() {
		produced[init.GetName()] = true
	}
	for i, n := range g.GetNode() {
		w := wantNodes[i]
		if n.GetName() != w.name || n.GetOpType() != w.op || !slices.Equal(n.GetOutput(), []string{w.out}) {
			t.Errorf("node %d = %s %s → %v, want %s %s → %s", i, n.GetName(), n.GetOpType(), n.GetOutput(), w.name, w.op, w.out)
		}
		for _, in := range n.GetInput() {
			if !produced[in] {
				t.Errorf("node %s reads %q before anything produces it", n.GetName(), in)
			}
		}
		produced[n.GetOutput()[0]] = true
	}

	shape := func(v *onnx.ValueInfoProto) []int64 {
		var s []int64
		for _, d := range v.GetType().GetTensorType().GetShape().GetDim() {
			if d.GetDimParam() != "" {
				s = append(s, -1)
			} else {
				s = append(s, d.GetDimValue())
			}
		}
		return s
	}
	if in := g.GetInput(); len(in) != 1 || in[0].GetName() != InputName || !slices.Equal(shape(in[0]), []int64{-1, 1, 8, 12}) ||
		in[0].GetType().GetTensorType().GetShape().GetDim()[0].GetDimParam() != BatchDim {
		t.Errorf("input = %v", in)
	}
	if out := g.GetOutput(); len(out) != 1 || out[0].GetName() != OutputName || !slices.Equal(shape(out[0]), []int64{-1, 4}) {
		t.Errorf("output = %v", out)
	}
	infos := map[string][]int64{}
	for _, v := range g.GetValueInfo() {
		infos[v.GetName()] = shape(v)
	}
	for name, want := range map[string][]int64{
		"/conv1/Conv_output_0": {-1, 2, 8, 12}, "conv1": {-1, 2, 8, 12}, "pool1": {-1, 2, 4, 6},
		"conv2": {-1, 3, 4, 6}, "pool2": {-1, 3, 2, 3}, "/flatten/Flatten_output_0": {-1, 18},
		"fc1": {-1, 5}, "/dropout/Dropout_output_0": {-1, 5},
	} {
		if !slices.Equal(infos[name], want) {
			t.Errorf("value_info %s = %v, want %v", name, infos[name], want)
		}
	}

	for _, init := range g.GetInitializer() {
		var want cnn.Tensor
		for _, ten := range net.Params.Tensors(net.Config) {
			if ten.Name == init.GetName() {
				want = ten
			}
		}
		got, err := onnx.ReadFloat32ArrayFromBytes(init.GetRawData())
		if err != nil || !slices.Equal(got, want.Data) || len(init.GetDims()) != len(want.Shape) {
			t.Errorf("initializer %s: %d values, dims %v; want %d values, shape %v (err %v)", init.GetName(), len(got), init.GetDims(), len(want.Data), want.Shape, err)
		}
	}
	if len(g.GetInitializer()) != 8 {
		t.Errorf("%d initializers, want 8", len(g.GetInitializer()))
	}

	// Deterministic bytes.
	b2, err := Marshal(net, Meta{Doc: "tiny", Props: map[string]string{"a": "1", "b": "2"}})
	if err != nil || !bytes.Equal(b, b2) {
		t.Errorf("second Marshal differs (err %v)", err)
	}
}

// TestRoundTrip writes a model, reads it back and checks that the forward
// pass gives identical logits.
func TestRoundTrip(t *testing.T) {
	net := tinyNet(t)
	path := filepath.Join(t.TempDir(), "m.onnx")
	if err := WriteFile(path, net, Meta{}); err != nil {
		t.Fatal(err)
	}
	back, _, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	c := net.Config
	if back.Config.H != c.H || back.Config.W != c.W || back.Config.Conv1 != c.Conv1 || back.Config.Conv2 != c.Conv2 || back.Config.Hidden != c.Hidden || back.Config.Classes != c.Classes {
		t.Fatalf("config read back as %+v, want %+v", back.Config, c)
	}
	r := rand.New(rand.NewPCG(1, 1))
	s := &cnn.Set{Images: make([]float32, 5*c.H*c.W), Labels: make([]uint8, 5), N: 5, H: c.H, W: c.W}
	for i := range s.Images {
		s.Images[i] = r.Float32()
	}
	a, err := net.Logits(s, 1)
	if err != nil {
		t.Fatal(err)
	}
	b, err := back.Logits(s, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a, b) {
		t.Errorf("logits differ after the round trip:\n%v\n%v", a, b)
	}
}

func TestUnmarshalErrors(t *testing.T) {
	good, err := Build(tinyNet(t), Meta{})
	if err != nil {
		t.Fatal(err)
	}
	drop := proto.Clone(good).(*onnx.ModelProto)
	drop.Graph.Initializer = drop.Graph.Initializer[1:]
	short := proto.Clone(good).(*onnx.ModelProto)
	short.Graph.Initializer[2].RawData = short.Graph.Initializer[2].RawData[:8]
	rank := proto.Clone(good).(*onnx.ModelProto)
	rank.Graph.Input[0].Type.GetTensorType().Shape.Dim = rank.Graph.Input[0].Type.GetTensorType().Shape.Dim[:2]
	for _, test := range []struct {
		name string
		b    []byte
	}{
		{"garbage", []byte("not a protobuf \xff\xff")},
		{"missing initializer", mustMarshal(t, drop)},
		{"short initializer", mustMarshal(t, short)},
		{"input rank", mustMarshal(t, rank)},
	} {
		if _, _, err := Unmarshal(test.b); !errors.Is(err, ErrModel) {
			t.Errorf("%s: err = %v, want ErrModel", test.name, err)
		}
	}
	if _, _, err := ReadFile(filepath.Join(t.TempDir(), "absent.onnx")); err == nil {
		t.Error("reading a missing file succeeded")
	}
}

func mustMarshal(t *testing.T, m *onnx.ModelProto) []byte {
	t.Helper()
	b, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
