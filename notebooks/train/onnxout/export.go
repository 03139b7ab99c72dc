package onnxout

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"sort"

	"github.com/activis-go/activis/notebooks/train/cnn"
	"github.com/advancedclimatesystems/gonnx/onnx"
	"google.golang.org/protobuf/proto"
)

// Versions written into every exported model.
const (
	// IRVersion is the ONNX IR version (8: ONNX 1.10 and later).
	IRVersion = 8
	// Opset is the default-domain operator set version.
	Opset = 13
	// Producer is the producer_name field.
	Producer = "activis-go notebooks/train"
	// InputName and OutputName are the graph's input and output tensors.
	InputName, OutputName = "input", "logits"
	// BatchDim is the symbolic name of the batch dimension.
	BatchDim = "N"
)

// ErrModel reports a model file that is not one this package wrote.
var ErrModel = errors.New("onnxout: not a model of this trainer")

// Meta is descriptive information stored with the model.
type Meta struct {
	// Doc is the model's doc_string.
	Doc string
	// Props become metadata_props (sorted by key for a stable file).
	Props map[string]string
}

// Build returns the ONNX model of net: NCHW float input "input"
// [N, 1, H, W] of pixels in [0, 1], output "logits" [N, Classes].
func Build(net *cnn.Net, meta Meta) (*onnx.ModelProto, error) {
	c := net.Config
	if err := c.Validate(); err != nil {
		return nil, err
	}
	var inits []*onnx.TensorProto
	for _, t := range net.Params.Tensors(c) {
		inits = append(inits, floatTensor(t.Name, t.Shape, t.Data))
	}
	h2, w2, h4, w4 := c.H/2, c.W/2, c.H/4, c.W/4
	g := &onnx.GraphProto{
		Name:        "fashion_cnn",
		DocString:   meta.Doc,
		Initializer: inits,
		Input:       []*onnx.ValueInfoProto{valueInfo(InputName, "image batch, pixels scaled to [0, 1]", 1, c.H, c.W)},
		Output:      []*onnx.ValueInfoProto{valueInfo(OutputName, "unnormalised class scores", c.Classes)},
	}
	type vi struct {
		name string
		doc  string
		dims []int
	}
	var infos []vi
	add := func(name, op, out, doc string, in []string, attrs []*onnx.AttributeProto, dims ...int) {
		g.Node = append(g.Node, &onnx.NodeProto{Name: name, OpType: op, Input: in, Output: []string{out}, Attribute: attrs, DocString: doc})
		if out != OutputName {
			infos = append(infos, vi{out, doc, dims})
		}
	}
	conv := []*onnx.AttributeProto{ints("dilations", 1, 1), intAttr("group", 1), ints("kernel_shape", 3, 3), ints("pads", 1, 1, 1, 1), ints("strides", 1, 1)}
	pool := []*onnx.AttributeProto{intAttr("ceil_mode", 0), ints("kernel_shape", 2, 2), ints("pads", 0, 0, 0, 0), ints("strides", 2, 2)}
	gemm := []*onnx.AttributeProto{floatAttr("alpha", 1), floatAttr("beta", 1), intAttr("transB", 1)}

	add("/conv1/Conv", "Conv", "/conv1/Conv_output_0", "conv1 before ReLU", []string{InputName, "conv1.weight", "conv1.bias"}, conv, c.Conv1, c.H, c.W)
	add("/relu1/Relu", "Relu", "conv1", "conv1 after ReLU", []string{"/conv1/Conv_output_0"}, nil, c.Conv1, c.H, c.W)
	add("/pool1/MaxPool", "MaxPool", "pool1", "2×2 max pool of conv1", []string{"conv1"}, pool, c.Conv1, h2, w2)
	add("/conv2/Conv", "Conv", "/conv2/Conv_output_0", "conv2 before ReLU", []string{"pool1", "conv2.weight", "conv2.bias"}, conv, c.Conv2, h2, w2)
	add("/relu2/Relu", "Relu", "conv2", "conv2 after ReLU", []string{"/conv2/Conv_output_0"}, nil, c.Conv2, h2, w2)
	add("/pool2/MaxPool", "MaxPool", "pool2", "2×2 max pool of conv2", []string{"conv2"}, pool, c.Conv2, h4, w4)
	add("/flatten/Flatten", "Flatten", "/flatten/Flatten_output_0", "pool2 flattened in C, H, W order", []string{"pool2"}, []*onnx.AttributeProto{intAttr("axis", 1)}, c.Flat())
	add("/fc1/Gemm", "Gemm", "/fc1/Gemm_output_0", "fc1 before ReLU", []string{"/flatten/Flatten_output_0", "fc1.weight", "fc1.bias"}, gemm, c.Hidden)
	add("/fc1_relu/Relu", "Relu", "fc1", "fc1 after ReLU", []string{"/fc1/Gemm_output_0"}, nil, c.Hidden)
	add("/dropout/Dropout", "Dropout", "/dropout/Dropout_output_0", fmt.Sprintf("dropout with ratio %g while training; the identity at inference", c.Dropout), []string{"fc1"}, nil, c.Hidden)
	add("/fc2/Gemm", "Gemm", OutputName, "class logits", []string{"/dropout/Dropout_output_0", "fc2.weight", "fc2.bias"}, gemm, c.Classes)
	for _, v := range infos {
		g.ValueInfo = append(g.ValueInfo, valueInfo(v.name, v.doc, v.dims...))
	}

	m := &onnx.ModelProto{
		IrVersion:       IRVersion,
		OpsetImport:     []*onnx.OperatorSetIdProto{{Domain: "", Version: Opset}},
		ProducerName:    Producer,
		ProducerVersion: "1",
		ModelVersion:    1,
		DocString:       meta.Doc,
		Graph:           g,
	}
	keys := make([]string, 0, len(meta.Props))
	for k := range meta.Props {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		m.MetadataProps = append(m.MetadataProps, &onnx.StringStringEntryProto{Key: k, Value: meta.Props[k]})
	}
	return m, nil
}

// Marshal returns the serialised ONNX model of net. The bytes are
// deterministic for given parameters and meta.
func Marshal(net *cnn.Net, meta Meta) ([]byte, error) {
	m, err := Build(net, meta)
	if err != nil {
		return nil, err
	}
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("onnxout: marshalling model: %w", err)
	}
	return b, nil
}

// WriteFile writes the ONNX model of net to path.
func WriteFile(path string, net *cnn.Net, meta Meta) error {
	b, err := Marshal(net, meta)
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("onnxout: writing model: %w", err)
	}
	return nil
}

// floatTensor returns a float32 initializer with little-endian raw data.
func floatTensor(name string, shape []int, data []float32) *onnx.TensorProto {
	raw := make([]byte, 4*len(data))
	for i, v := range data {
		binary.LittleEndian.PutUint32(raw[4*i:], math.Float32bits(v))
	}
	dims := make([]int64, len(shape))
	for i, d := range shape {
		dims[i] = int64(d)
	}
	return &onnx.TensorProto{Name: name, Dims: dims, DataType: int32(onnx.TensorProto_FLOAT), RawData: raw}
}

// valueInfo describes a float tensor of shape [N, dims...].
func valueInfo(name, doc string, dims ...int) *onnx.ValueInfoProto {
	shape := &onnx.TensorShapeProto{Dim: []*onnx.TensorShapeProto_Dimension{{Value: &onnx.TensorShapeProto_Dimension_DimParam{DimParam: BatchDim}}}}
	for _, d := range dims {
		shape.Dim = append(shape.Dim, &onnx.TensorShapeProto_Dimension{Value: &onnx.TensorShapeProto_Dimension_DimValue{DimValue: int64(d)}})
	}
	return &onnx.ValueInfoProto{
		Name:      name,
		DocString: doc,
		Type: &onnx.TypeProto{Value: &onnx.TypeProto_TensorType{TensorType: &onnx.TypeProto_Tensor{
			ElemType: int32(onnx.TensorProto_FLOAT),
			Shape:    shape,
		}}},
	}
}

func ints(name string, v ...int64) *onnx.AttributeProto {
	return &onnx.AttributeProto{Name: name, Type: onnx.AttributeProto_INTS, Ints: v}
}

func intAttr(name string, v int64) *onnx.AttributeProto {
	return &onnx.AttributeProto{Name: name, Type: onnx.AttributeProto_INT, I: v}
}

func floatAttr(name string, v float32) *onnx.AttributeProto {
	return &onnx.AttributeProto{Name: name, Type: onnx.AttributeProto_FLOAT, F: v}
}
