package graph_test

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/activis-go/activis/activis/graph"
	"github.com/advancedclimatesystems/gonnx/onnx"
	"google.golang.org/protobuf/proto"
)

type nd struct {
	name, op string
	in, out  []string
	attrs    []*onnx.AttributeProto
}

func floatInput(name string, dims ...int64) *onnx.ValueInfoProto {
	var ds []*onnx.TensorShapeProto_Dimension
	for _, d := range dims {
		if d < 0 {
			ds = append(ds, &onnx.TensorShapeProto_Dimension{Value: &onnx.TensorShapeProto_Dimension_DimParam{DimParam: "N"}})
		} else {
			ds = append(ds, &onnx.TensorShapeProto_Dimension{Value: &onnx.TensorShapeProto_Dimension_DimValue{DimValue: d}})
		}
	}
	return &onnx.ValueInfoProto{Name: name, Type: &onnx.TypeProto{Value: &onnx.TypeProto_TensorType{
		TensorType: &onnx.TypeProto_Tensor{ElemType: 1, Shape: &onnx.TensorShapeProto{Dim: ds}}}}}
}

func weight(name string, dims ...int64) *onnx.TensorProto {
	n := int64(1)
	for _, d := range dims {
		n *= d
	}
	return &onnx.TensorProto{Name: name, Dims: dims, DataType: 1, FloatData: make([]float32, n)}
}

// build makes a model proto from nodes; input "x" of shape xdims; weights listed.
func build(nodes []nd, xdims []int64, weights []*onnx.TensorProto, outputs ...string) *onnx.ModelProto {
	gp := &onnx.GraphProto{Name: "g", Input: []*onnx.ValueInfoProto{floatInput("x", xdims...)}, Initializer: weights}
	for _, n := range nodes {
		gp.Node = append(gp.Node, &onnx.NodeProto{Name: n.name, OpType: n.op, Input: n.in, Output: n.out, Attribute: n.attrs})
	}
	for _, o := range outputs {
		gp.Output = append(gp.Output, &onnx.ValueInfoProto{Name: o})
	}
	return &onnx.ModelProto{IrVersion: 8, ProducerName: "test", Graph: gp, OpsetImport: []*onnx.OperatorSetIdProto{{Version: 13}}}
}

// resnet builds a ResNet-like graph with PyTorch 1.13 scope names: a stem,
// four stages of four blocks of (conv, relu, conv, add, relu), a
// head; 85 nodes.
func resnet(t *testing.T) *graph.Graph {
	var nodes []nd
	var ws []*onnx.TensorProto
	cur := "x"
	k := 0
	add := func(name, op string, in []string, attrs ...*onnx.AttributeProto) string {
		out := fmt.Sprintf("%s_output_%d", name, k)
		k++
		nodes = append(nodes, nd{name, op, append([]string{cur}, in...), []string{out}, attrs})
		cur = out
		return out
	}
	conv := func(scope string) {
		w := scope + ".weight"
		ws = append(ws, weight(w, 4, 4, 3, 3))
		add("/"+scope+"/Conv", "Conv", []string{w}, &onnx.AttributeProto{Name: "pads", Type: onnx.AttributeProto_INTS, Ints: []int64{1, 1, 1, 1}})
	}
	ws = append(ws, weight("stem.weight", 4, 3, 3, 3))
	add("/conv1/Conv", "Conv", []string{"stem.weight"}, &onnx.AttributeProto{Name: "pads", Type: onnx.AttributeProto_INTS, Ints: []int64{1, 1, 1, 1}})
	add("/relu/Relu", "Relu", nil)
	for s := 1; s <= 4; s++ {
		for b := 0; b < 4; b++ {
			scope := fmt.Sprintf("/layer%d/layer%d.%d", s, s, b)
			skip := cur
			conv(scope[1:] + "/conv1")
			add(scope+"/relu/Relu", "Relu", nil)
			conv(scope[1:] + "/conv2")
			nodes = append(nodes, nd{scope + "/Add", "Add", []string{cur, skip}, []string{scope + "/Add_output_0"}, nil})
			cur = scope + "/Add_output_0"
			add(scope+"/relu_1/Relu", "Relu", nil)
		}
	}
	add("/avgpool/GlobalAveragePool", "GlobalAveragePool", nil)
	add("/Flatten", "Flatten", nil)
	ws = append(ws, weight("fc.weight", 10, 4), weight("fc.bias", 10))
	add("/fc/Gemm", "Gemm", []string{"fc.weight", "fc.bias"}, &onnx.AttributeProto{Name: "transB", Type: onnx.AttributeProto_INT, I: 1})
	g, err := graph.FromProto(build(nodes, []int64{-1, 3, 8, 8}, ws, cur))
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func paths(items []*graph.Group) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Path)
	}
	return out
}

func TestSummaryCollapsesAndExpands(t *testing.T) {
	g := resnet(t)
	if len(g.Nodes) < 80 {
		t.Fatalf("only %d nodes", len(g.Nodes))
	}
	sum := g.Summary(12)
	got := strings.Join(paths(sum), " ")
	if len(sum) > 12 || len(sum) < 6 {
		t.Fatalf("summary has %d items: %s", len(sum), got)
	}
	for _, want := range []string{"layer1/layer1.0", "layer2", "layer4", "fc"} {
		if !strings.Contains(" "+got+" ", " "+want+" ") {
			t.Errorf("summary %q lacks group %q", got, want)
		}
	}
	// Every node is inside exactly one item.
	seen := map[int]int{}
	for _, it := range sum {
		for _, n := range it.Nodes {
			seen[n]++
		}
	}
	if len(seen) != len(g.Nodes) {
		t.Errorf("summary covers %d of %d nodes", len(seen), len(g.Nodes))
	}
	// The items form a chain: stem → layer1 → … → layer4 → head.
	edges := g.FrontierEdges(sum)
	if len(edges) < len(sum)-1 {
		t.Errorf("%d edges between %d items: %v", len(edges), len(sum), edges)
	}
	// Expand layer2 → its two blocks, then a block → its convs and relus.
	exp, err := g.Expand(sum, "layer2")
	if err != nil {
		t.Fatal(err)
	}
	if len(exp) != len(sum)+3 || !strings.Contains(strings.Join(paths(exp), " "), "layer2/layer2.1") {
		t.Errorf("expanded: %v", paths(exp))
	}
	exp2, err := g.Expand(exp, "layer2/layer2.0")
	if err != nil {
		t.Fatal(err)
	}
	if len(exp2) <= len(exp) {
		t.Errorf("expanding a block gave %v", paths(exp2))
	}
	back, err := g.Collapse(exp2, "layer2")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(paths(back), " ") != got {
		t.Errorf("collapse gave %v, want %s", paths(back), got)
	}
	if _, err := g.Expand(sum, "nope"); !errors.Is(err, graph.ErrUnknownTensor) {
		t.Errorf("expanding an unknown group: %v", err)
	}
	if g.Group("layer3").Params != 8*(4*4*9) {
		t.Errorf("layer3 params %d", g.Group("layer3").Params)
	}
}

func TestResolve(t *testing.T) {
	g := resnet(t)
	tf := tf2onnx(t)
	tests := []struct {
		g    *graph.Graph
		name string
		want string
		is   error
	}{
		{g, "layer1", "/layer1/layer1.3/relu_1/Relu_output_", nil},               // a block ending in ReLU
		{g, "layer1/layer1.0/conv1", "/layer1/layer1.0/conv1/Conv_output_", nil}, // a path
		{g, "layer1.0", "/layer1/layer1.0/relu_1/Relu_output_", nil},             // PyTorch's qualified name
		{g, "layer1.0.conv1", "/layer1/layer1.0/conv1/Conv_output_", nil},        // a qualified name inside a Sequential
		{g, "fc", "/fc/Gemm_output_", nil},
		{g, "/fc/Gemm", "/fc/Gemm_output_", nil}, // node name
		{g, "conv1", "/conv1/Conv_output_", nil}, // an exact path wins over block conv1s
		{g, "conv2", "", graph.ErrAmbiguous},     // every block's conv2
		{g, "fc.weight", "", graph.ErrUnknownTensor},
		{g, "layer9", "", graph.ErrUnknownTensor},
		{tf, "dense", "model/dense/BiasAdd:0", nil},
		{tf, "model/dense_1", "model/dense_1/Softmax:0", nil},
		{tf, "model.dense_1", "model/dense_1/Softmax:0", nil},
		{tf, "model/dense/MatMul:0", "model/dense/MatMul:0", nil}, // a tensor name
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.g.Resolve(tc.name)
			if tc.is != nil {
				if !errors.Is(err, tc.is) {
					t.Fatalf("Resolve(%q) = %q, %v; want %v", tc.name, got, err, tc.is)
				}
				if errors.Is(err, graph.ErrUnknownTensor) && !strings.Contains(err.Error(), "layer1") {
					t.Errorf("error %q should list valid names", err)
				}
				return
			}
			if err != nil || !strings.HasPrefix(got, tc.want) {
				t.Fatalf("Resolve(%q) = %q, %v; want %q", tc.name, got, err, tc.want)
			}
		})
	}
}

// tf2onnx builds a graph named the way tf2onnx names Keras layers.
func tf2onnx(t *testing.T) *graph.Graph {
	nodes := []nd{
		{"model/dense/MatMul", "MatMul", []string{"x", "w1"}, []string{"model/dense/MatMul:0"}, nil},
		{"model/dense/BiasAdd", "Add", []string{"model/dense/MatMul:0", "b1"}, []string{"model/dense/BiasAdd:0"}, nil},
		{"model/dense_1/MatMul", "MatMul", []string{"model/dense/BiasAdd:0", "w2"}, []string{"model/dense_1/MatMul:0"}, nil},
		{"model/dense_1/Softmax", "Softmax", []string{"model/dense_1/MatMul:0"}, []string{"model/dense_1/Softmax:0"}, nil},
	}
	g, err := graph.FromProto(build(nodes, []int64{-1, 4}, []*onnx.TensorProto{weight("w1", 4, 8), weight("b1", 8), weight("w2", 8, 3)}, "model/dense_1/Softmax:0"))
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestTF2ONNXHierarchy(t *testing.T) {
	g := tf2onnx(t)
	// The single top scope "model" opens by itself.
	if got := strings.Join(paths(g.Summary(12)), " "); got != "model/dense model/dense_1" {
		t.Errorf("summary %q", got)
	}
	if n := g.Nodes[1]; strings.Join(n.Scope, "/") != "model/dense" || n.Params != 8 {
		t.Errorf("node %s scope %v params %d", n.Name, n.Scope, n.Params)
	}
	if s := g.Tensors["model/dense_1/Softmax:0"].Shape; fmt.Sprint(s) != "[-1 3]" {
		t.Errorf("inferred output shape %v", s)
	}
	if g.Params() != 32+8+24 {
		t.Errorf("params %d", g.Params())
	}
}

func TestSummaryChunksFlatGraphs(t *testing.T) {
	// 40 unscoped nodes in a chain, as older exporters name them ("Relu_7").
	var nodes []nd
	prev := "x"
	for i := 0; i < 40; i++ {
		out := fmt.Sprintf("t%d", i)
		nodes = append(nodes, nd{fmt.Sprintf("Relu_%d", i), "Relu", []string{prev}, []string{out}, nil})
		prev = out
	}
	g, err := graph.FromProto(build(nodes, []int64{-1, 3}, nil, prev))
	if err != nil {
		t.Fatal(err)
	}
	sum := g.Summary(12)
	if len(sum) > 12 || len(sum) < 8 {
		t.Fatalf("%d items: %v", len(sum), paths(sum))
	}
	if sum[0].Leaf() || sum[0].Path != "Relu_0 … Relu_3" || sum[len(sum)-1].Output != prev {
		t.Errorf("items %v, last output %q", paths(sum), sum[len(sum)-1].Output)
	}
	if e := g.FrontierEdges(sum); len(e) != len(sum)-1 {
		t.Errorf("%d edges for a chain of %d items", len(e), len(sum))
	}
	exp, err := g.Expand(sum, sum[0].Path)
	if err != nil || len(exp) != len(sum)+3 || !exp[0].Leaf() {
		t.Errorf("expanding the first chunk: %v, %v", paths(exp), err)
	}
}

func TestOldPyTorchNamesScopeByWeights(t *testing.T) {
	// PyTorch before 1.13 names nodes after their op; the weights keep the module path.
	nodes := []nd{
		{"Conv_0", "Conv", []string{"x", "features.0.weight"}, []string{"input.4"}, nil},
		{"Relu_1", "Relu", []string{"input.4"}, []string{"onnx::Flatten_5"}, nil},
		{"Flatten_2", "Flatten", []string{"onnx::Flatten_5"}, []string{"onnx::Gemm_6"}, nil},
		{"Gemm_3", "Gemm", []string{"onnx::Gemm_6", "fc.weight", "fc.bias"}, []string{"y"}, []*onnx.AttributeProto{{Name: "transB", Type: onnx.AttributeProto_INT, I: 1}}},
	}
	g, err := graph.FromProto(build(nodes, []int64{-1, 1, 4, 4}, []*onnx.TensorProto{weight("features.0.weight", 2, 1, 3, 3), weight("fc.weight", 3, 32), weight("fc.bias", 3)}, "y"))
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"features.0": "input.4", "fc": "y", "features": "input.4"} {
		if got, err := g.Resolve(name); err != nil || got != want {
			t.Errorf("Resolve(%q) = %q, %v; want %q", name, got, err, want)
		}
	}
	if s := strings.Join(g.Nodes[0].Scope, "/"); s != "features/features.0" {
		t.Errorf("Conv_0 scope %q", s)
	}
	if g.Nodes[1].Scope != nil {
		t.Errorf("Relu_1 has scope %v", g.Nodes[1].Scope)
	}
}

func TestTorchExports(t *testing.T) {
	tests := []struct {
		file       string
		opset      int
		params     int
		tensor     string
		shape      string
		notData    []string
		dataCount  int
		firstGroup string
	}{
		{"fashion_cnn", 13, 206922, "/conv2/Conv_output_0", "[-1 32 14 14]", nil, 10, "conv1"},
		{"cnn_bn_op13", 13, 1714, "/Reshape_output_0", "[-1 108]", []string{"/Shape_output_0", "/Gather_output_0", "/Concat_output_0", "/pool2/Constant_output_0"}, 14, "features"},
		{"mlp_op11", 11, 1305, "/Unsqueeze_output_0", "[-1 1 20]", []string{"/Constant_output_0"}, 10, "/Sub"},
		{"text_op13", 13, 667, "/embed/Gather_output_0", "[-1 7 8]", []string{"/Constant_output_0"}, 8, "embed"},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			g, err := graph.Load(filepath.Join("..", "testdata", tc.file+".onnx"))
			if err != nil {
				t.Fatal(err)
			}
			if g.Opset != tc.opset || g.Params() != tc.params || !strings.HasPrefix(g.Producer, "pytorch") {
				t.Errorf("opset %d params %d producer %q", g.Opset, g.Params(), g.Producer)
			}
			tt := g.Tensors[tc.tensor]
			if tt == nil || fmt.Sprint(tt.Shape) != tc.shape || !tt.Data || tt.DType != "float32" {
				t.Fatalf("tensor %s: %+v, want shape %s", tc.tensor, tt, tc.shape)
			}
			if tt.DimNames == nil || tt.DimNames[0] != "batch" {
				t.Errorf("tensor %s dim names %v", tc.tensor, tt.DimNames)
			}
			for _, name := range tc.notData {
				if g.Tensors[name].Data {
					t.Errorf("%s marked as data", name)
				}
			}
			if n := len(g.DataTensors()); n != tc.dataCount {
				t.Errorf("%d data tensors: %v", n, g.DataTensors())
			}
			if sum := g.Summary(12); len(sum) == 0 || sum[0].Path != tc.firstGroup {
				t.Errorf("summary starts %v", paths(sum))
			}
			if len(g.Edges) < len(g.Nodes)-1 {
				t.Errorf("%d edges for %d nodes", len(g.Edges), len(g.Nodes))
			}
		})
	}
}

func TestCorruptFiles(t *testing.T) {
	path := filepath.Join("..", "testdata", "mlp_op11.onnx")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Every truncation of the file is an error wrapping ErrFormat.
	for n := 0; n < len(b); n += 7 {
		if _, err := graph.Decode(b[:n]); !errors.Is(err, graph.ErrFormat) {
			t.Fatalf("truncated to %d of %d bytes: %v", n, len(b), err)
		}
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, "cut.onnx")
	if err := os.WriteFile(bad, b[:len(b)-20], 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := graph.Load(bad); err == nil || !strings.Contains(err.Error(), "cut.onnx") {
		t.Errorf("error should name the file: %v", err)
	}
	// Structural errors.
	undefined := build([]nd{{"/a/Relu", "Relu", []string{"nowhere"}, []string{"y"}, nil}}, []int64{1}, nil, "y")
	noGraph := &onnx.ModelProto{IrVersion: 8, OpsetImport: []*onnx.OperatorSetIdProto{{Version: 13}}}
	noOpset := build([]nd{{"/a/Relu", "Relu", []string{"x"}, []string{"y"}, nil}}, []int64{1}, nil, "y")
	noOpset.OpsetImport = nil
	cycle := build([]nd{{"a", "Relu", []string{"z"}, []string{"y"}, nil}, {"b", "Relu", []string{"y"}, []string{"z"}, nil}}, []int64{1}, nil, "y")
	badRaw := build(nil, []int64{1}, []*onnx.TensorProto{{Name: "w", Dims: []int64{3}, DataType: 1, RawData: []byte{1, 2, 3}}})
	for name, mp := range map[string]*onnx.ModelProto{"nowhere": undefined, "no graph": noGraph, "no opset_import": noOpset, "cycle": cycle, `"w"`: badRaw} {
		b, err := proto.Marshal(mp)
		if err != nil {
			t.Fatal(err)
		}
		_, err = graph.Decode(b)
		if !errors.Is(err, graph.ErrFormat) || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: error %v", name, err)
		}
	}
}

func TestInitializerDecoding(t *testing.T) {
	raw := make([]byte, 8)
	binary.LittleEndian.PutUint16(raw[0:], 0x3c00) // 1.0 in float16
	binary.LittleEndian.PutUint16(raw[2:], 0xc000) // -2.0
	binary.LittleEndian.PutUint16(raw[4:], 0x3800) // 0.5
	binary.LittleEndian.PutUint16(raw[6:], 0x0000)
	i64 := make([]byte, 16)
	binary.LittleEndian.PutUint64(i64, uint64(1<<40))
	binary.LittleEndian.PutUint64(i64[8:], ^uint64(0)) // -1
	tests := []struct {
		tp   *onnx.TensorProto
		want string
	}{
		{&onnx.TensorProto{Name: "h", Dims: []int64{2, 2}, DataType: 10, RawData: raw}, "[1 -2 0.5 0]"},
		{&onnx.TensorProto{Name: "d", Dims: []int64{2}, DataType: 11, DoubleData: []float64{1.5, -3}}, "[1.5 -3]"},
		{&onnx.TensorProto{Name: "i", Dims: []int64{2}, DataType: 7, RawData: i64}, "[1.0995116e+12 -1]"},
		{&onnx.TensorProto{Name: "s", DataType: 6, Int32Data: []int32{-7}}, "[-7]"},
	}
	for _, tc := range tests {
		in, err := graph.NewInitializer(tc.tp)
		if err != nil {
			t.Fatalf("%s: %v", tc.tp.Name, err)
		}
		if got := fmt.Sprint(in.Float32s()); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.tp.Name, got, tc.want)
		}
	}
	in, _ := graph.NewInitializer(tests[2].tp)
	if v := in.Int64s(); v[0] != 1<<40 || v[1] != -1 {
		t.Errorf("int64 values %v", v)
	}
}
