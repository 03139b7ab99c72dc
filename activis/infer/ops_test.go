package infer_test

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/activis-go/activis/activis/graph"
	"github.com/activis-go/activis/activis/infer"
	"github.com/advancedclimatesystems/gonnx/onnx"
)

// T makes a tensor literal.
func T(shape []int, data ...float32) *infer.Tensor { return &infer.Tensor{Shape: shape, Data: data} }

func seq(n int) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(i + 1)
	}
	return v
}

func aI(name string, v int64) *onnx.AttributeProto {
	return &onnx.AttributeProto{Name: name, Type: onnx.AttributeProto_INT, I: v}
}
func aF(name string, v float32) *onnx.AttributeProto {
	return &onnx.AttributeProto{Name: name, Type: onnx.AttributeProto_FLOAT, F: v}
}
func aInts(name string, v ...int64) *onnx.AttributeProto {
	return &onnx.AttributeProto{Name: name, Type: onnx.AttributeProto_INTS, Ints: v}
}
func aS(name, v string) *onnx.AttributeProto {
	return &onnx.AttributeProto{Name: name, Type: onnx.AttributeProto_STRING, S: []byte(v)}
}

// model builds a one-node model: inputs are graph inputs (float), inits
// are initializers; the node's first output is the graph output "y".
func model(opset int64, op string, inputs []string, feeds, inits map[string]*infer.Tensor, nOut int, attrs ...*onnx.AttributeProto) *onnx.ModelProto {
	outs := []string{"y"}
	for i := 1; i < nOut; i++ {
		outs = append(outs, fmt.Sprintf("y%d", i))
	}
	gp := &onnx.GraphProto{Name: "test", Node: []*onnx.NodeProto{{Name: "/block/" + op, OpType: op, Input: inputs, Output: outs, Attribute: attrs}}}
	for _, name := range inputs {
		if _, ok := feeds[name]; ok {
			gp.Input = append(gp.Input, &onnx.ValueInfoProto{Name: name, Type: &onnx.TypeProto{Value: &onnx.TypeProto_TensorType{TensorType: &onnx.TypeProto_Tensor{ElemType: 1}}}})
		}
	}
	for name, t := range inits {
		dims := make([]int64, len(t.Shape))
		for i, d := range t.Shape {
			dims[i] = int64(d)
		}
		tp := &onnx.TensorProto{Name: name, Dims: dims}
		if strings.HasPrefix(name, "i:") { // integer initializer (axes, pads, shapes)
			tp.DataType = int32(onnx.TensorProto_INT64)
			for _, v := range t.Data {
				iv := int64(v)
				switch { // ±9.3e18 stand for INT64_MAX/MIN, as PyTorch writes for open slices
				case v > 9.2e18:
					iv = math.MaxInt64
				case v < -9.2e18:
					iv = math.MinInt64
				}
				tp.Int64Data = append(tp.Int64Data, iv)
			}
		} else {
			tp.DataType = int32(onnx.TensorProto_FLOAT)
			tp.FloatData = t.Data
		}
		gp.Initializer = append(gp.Initializer, tp)
	}
	gp.Output = []*onnx.ValueInfoProto{{Name: "y"}}
	return &onnx.ModelProto{IrVersion: 8, Graph: gp, OpsetImport: []*onnx.OperatorSetIdProto{{Version: opset}}}
}

func TestOperators(t *testing.T) {
	x33 := T([]int{1, 1, 3, 3}, seq(9)...)
	tests := []struct {
		name   string
		opset  int64
		op     string
		inputs []string
		feeds  map[string]*infer.Tensor
		inits  map[string]*infer.Tensor
		attrs  []*onnx.AttributeProto
		want   *infer.Tensor
	}{
		{"Gemm transB alpha beta", 13, "Gemm", []string{"a", "b", "c"},
			map[string]*infer.Tensor{"a": T([]int{2, 3}, 1, 2, 3, 4, 5, 6)},
			map[string]*infer.Tensor{"b": T([]int{2, 3}, 1, 0, 1, 0, 1, 0), "c": T([]int{2}, 1, 2)},
			[]*onnx.AttributeProto{aI("transB", 1), aF("alpha", 2), aF("beta", 0.5)},
			T([]int{2, 2}, 8.5, 5, 20.5, 11)},
		{"Gemm transA no C", 11, "Gemm", []string{"a", "b"},
			map[string]*infer.Tensor{"a": T([]int{2, 1}, 1, 2)}, map[string]*infer.Tensor{"b": T([]int{2, 2}, 1, 2, 3, 4)},
			[]*onnx.AttributeProto{aI("transA", 1)}, T([]int{1, 2}, 7, 10)},
		{"MatMul weights right", 13, "MatMul", []string{"a", "b"},
			map[string]*infer.Tensor{"a": T([]int{2, 1, 2}, 1, 2, 3, 4)}, map[string]*infer.Tensor{"b": T([]int{2, 2}, 1, 0, 1, 1)},
			nil, T([]int{2, 1, 2}, 3, 2, 7, 4)},
		{"MatMul batch broadcast", 13, "MatMul", []string{"a", "b"},
			map[string]*infer.Tensor{"a": T([]int{2, 2, 2}, 1, 2, 3, 4, 5, 6, 7, 8), "b": T([]int{1, 2, 1}, 1, 1)}, nil,
			nil, T([]int{2, 2, 1}, 3, 7, 11, 15)},
		{"Add row broadcast", 13, "Add", []string{"a", "b"},
			map[string]*infer.Tensor{"a": T([]int{2, 3}, 1, 2, 3, 4, 5, 6)}, map[string]*infer.Tensor{"b": T([]int{3}, 10, 20, 30)},
			nil, T([]int{2, 3}, 11, 22, 33, 14, 25, 36)},
		{"Sub outer broadcast", 13, "Sub", []string{"a", "b"},
			map[string]*infer.Tensor{"a": T([]int{2, 1}, 10, 20), "b": T([]int{1, 3}, 1, 2, 3)}, nil,
			nil, T([]int{2, 3}, 9, 8, 7, 19, 18, 17)},
		{"Mul scalar", 13, "Mul", []string{"a", "b"},
			map[string]*infer.Tensor{"a": T([]int{3}, 1, 2, 3)}, map[string]*infer.Tensor{"b": T([]int{}, 2)},
			nil, T([]int{3}, 2, 4, 6)},
		{"Div scalar left", 13, "Div", []string{"b", "a"},
			map[string]*infer.Tensor{"a": T([]int{3}, 1, 2, 4)}, map[string]*infer.Tensor{"b": T([]int{}, 8)},
			nil, T([]int{3}, 8, 4, 2)},
		{"Relu", 13, "Relu", []string{"x"}, map[string]*infer.Tensor{"x": T([]int{3}, -2, 0, 3)}, nil, nil, T([]int{3}, 0, 0, 3)},
		{"LeakyRelu", 13, "LeakyRelu", []string{"x"}, map[string]*infer.Tensor{"x": T([]int{2}, -2, 3)}, nil,
			[]*onnx.AttributeProto{aF("alpha", 0.1)}, T([]int{2}, -0.2, 3)},
		{"Sigmoid", 13, "Sigmoid", []string{"x"}, map[string]*infer.Tensor{"x": T([]int{3}, 0, float32(math.Log(3)), -float32(math.Log(3)))}, nil, nil,
			T([]int{3}, 0.5, 0.75, 0.25)},
		{"Tanh", 13, "Tanh", []string{"x"}, map[string]*infer.Tensor{"x": T([]int{2}, 0, float32(math.Log(2)))}, nil, nil,
			T([]int{2}, 0, 0.6)},
		{"Softmax opset 13 last axis", 13, "Softmax", []string{"x"},
			map[string]*infer.Tensor{"x": T([]int{2, 2}, 0, float32(math.Log(3)), 5, 5)}, nil, nil, T([]int{2, 2}, 0.25, 0.75, 0.5, 0.5)},
		{"Softmax opset 13 axis 1 of 3-D", 13, "Softmax", []string{"x"},
			map[string]*infer.Tensor{"x": T([]int{1, 2, 2}, 0, 0, 0, float32(math.Log(5)))}, nil,
			[]*onnx.AttributeProto{aI("axis", 1)}, T([]int{1, 2, 2}, 0.5, 1.0/6, 0.5, 5.0/6)},
		{"Softmax opset 11 coerces to 2-D", 11, "Softmax", []string{"x"},
			map[string]*infer.Tensor{"x": T([]int{1, 2, 2}, 0, 0, 0, float32(math.Log(5)))}, nil,
			[]*onnx.AttributeProto{aI("axis", 1)}, T([]int{1, 2, 2}, 0.125, 0.125, 0.125, 0.625)},
		{"LogSoftmax", 13, "LogSoftmax", []string{"x"},
			map[string]*infer.Tensor{"x": T([]int{1, 2}, 0, float32(math.Log(3)))}, nil, nil,
			T([]int{1, 2}, float32(math.Log(0.25)), float32(math.Log(0.75)))},
		{"Conv valid", 13, "Conv", []string{"x", "w"}, map[string]*infer.Tensor{"x": x33},
			map[string]*infer.Tensor{"w": T([]int{1, 1, 2, 2}, 1, 1, 1, 1)}, nil, T([]int{1, 1, 2, 2}, 12, 16, 24, 28)},
		{"Conv pads strides bias", 13, "Conv", []string{"x", "w", "b"}, map[string]*infer.Tensor{"x": x33},
			map[string]*infer.Tensor{"w": T([]int{1, 1, 2, 2}, 1, 1, 1, 1), "b": T([]int{1}, 1)},
			[]*onnx.AttributeProto{aInts("pads", 1, 1, 1, 1), aInts("strides", 2, 2)}, T([]int{1, 1, 2, 2}, 2, 6, 12, 29)},
		{"Conv dilations", 13, "Conv", []string{"x", "w"}, map[string]*infer.Tensor{"x": x33},
			map[string]*infer.Tensor{"w": T([]int{1, 1, 2, 2}, 1, 1, 1, 1)},
			[]*onnx.AttributeProto{aInts("dilations", 2, 2)}, T([]int{1, 1, 1, 1}, 20)},
		{"Conv groups", 13, "Conv", []string{"x", "w"}, map[string]*infer.Tensor{"x": T([]int{1, 2, 1, 2}, 1, 2, 3, 4)},
			map[string]*infer.Tensor{"w": T([]int{2, 1, 1, 1}, 2, 3)},
			[]*onnx.AttributeProto{aI("group", 2)}, T([]int{1, 2, 1, 2}, 2, 4, 9, 12)},
		{"Conv 1-D", 13, "Conv", []string{"x", "w"}, map[string]*infer.Tensor{"x": T([]int{1, 1, 4}, 1, 2, 4, 8)},
			map[string]*infer.Tensor{"w": T([]int{1, 1, 2}, 1, -1)}, nil, T([]int{1, 1, 3}, -1, -2, -4)},
		{"Conv SAME_UPPER", 13, "Conv", []string{"x", "w"}, map[string]*infer.Tensor{"x": T([]int{1, 1, 1, 3}, 1, 2, 3)},
			map[string]*infer.Tensor{"w": T([]int{1, 1, 1, 2}, 1, 1)},
			[]*onnx.AttributeProto{aS("auto_pad", "SAME_UPPER")}, T([]int{1, 1, 1, 3}, 3, 5, 3)},
		{"MaxPool", 13, "MaxPool", []string{"x"}, map[string]*infer.Tensor{"x": T([]int{1, 1, 4, 4}, seq(16)...)}, nil,
			[]*onnx.AttributeProto{aInts("kernel_shape", 2, 2), aInts("strides", 2, 2)}, T([]int{1, 1, 2, 2}, 6, 8, 14, 16)},
		{"MaxPool pads", 13, "MaxPool", []string{"x"}, map[string]*infer.Tensor{"x": T([]int{1, 1, 3, 3}, -9, -8, -7, -6, -5, -4, -3, -2, -1)}, nil,
			[]*onnx.AttributeProto{aInts("kernel_shape", 2, 2), aInts("strides", 2, 2), aInts("pads", 1, 1, 1, 1)},
			T([]int{1, 1, 2, 2}, -9, -7, -3, -1)},
		{"MaxPool ceil_mode", 13, "MaxPool", []string{"x"}, map[string]*infer.Tensor{"x": x33}, nil,
			[]*onnx.AttributeProto{aInts("kernel_shape", 2, 2), aInts("strides", 2, 2), aI("ceil_mode", 1)},
			T([]int{1, 1, 2, 2}, 5, 6, 8, 9)},
		{"AveragePool pads exclude", 13, "AveragePool", []string{"x"}, map[string]*infer.Tensor{"x": x33}, nil,
			[]*onnx.AttributeProto{aInts("kernel_shape", 2, 2), aInts("strides", 2, 2), aInts("pads", 1, 1, 1, 1)},
			T([]int{1, 1, 2, 2}, 1, 2.5, 5.5, 7)},
		{"AveragePool pads include", 13, "AveragePool", []string{"x"}, map[string]*infer.Tensor{"x": x33}, nil,
			[]*onnx.AttributeProto{aInts("kernel_shape", 2, 2), aInts("strides", 2, 2), aInts("pads", 1, 1, 1, 1), aI("count_include_pad", 1)},
			T([]int{1, 1, 2, 2}, 0.25, 1.25, 2.75, 7)},
		{"GlobalAveragePool", 13, "GlobalAveragePool", []string{"x"}, map[string]*infer.Tensor{"x": T([]int{1, 2, 2, 2}, seq(8)...)}, nil, nil,
			T([]int{1, 2, 1, 1}, 2.5, 6.5)},
		{"BatchNormalization", 13, "BatchNormalization", []string{"x", "s", "b", "m", "v"},
			map[string]*infer.Tensor{"x": T([]int{1, 2, 1, 2}, 1, 5, 2, 4)},
			map[string]*infer.Tensor{"s": T([]int{2}, 2, 1), "b": T([]int{2}, 0, 1), "m": T([]int{2}, 1, 0), "v": T([]int{2}, 3, 0)},
			[]*onnx.AttributeProto{aF("epsilon", 1)}, T([]int{1, 2, 1, 2}, 0, 4, 3, 5)},
		{"Dropout", 13, "Dropout", []string{"x"}, map[string]*infer.Tensor{"x": T([]int{2}, 1, -1)}, nil, nil, T([]int{2}, 1, -1)},
		{"Identity", 13, "Identity", []string{"x"}, map[string]*infer.Tensor{"x": T([]int{2}, 1, -1)}, nil, nil, T([]int{2}, 1, -1)},
		{"Flatten axis 2", 13, "Flatten", []string{"x"}, map[string]*infer.Tensor{"x": T([]int{2, 1, 2, 1}, 1, 2, 3, 4)}, nil,
			[]*onnx.AttributeProto{aI("axis", 2)}, T([]int{2, 2}, 1, 2, 3, 4)},
		{"Reshape 0 and -1", 13, "Reshape", []string{"x", "i:s"}, map[string]*infer.Tensor{"x": T([]int{2, 1, 2}, 1, 2, 3, 4)},
			map[string]*infer.Tensor{"i:s": T([]int{2}, 0, -1)}, nil, T([]int{2, 2}, 1, 2, 3, 4)},
		{"Transpose default", 13, "Transpose", []string{"x"}, map[string]*infer.Tensor{"x": T([]int{2, 3}, 1, 2, 3, 4, 5, 6)}, nil, nil,
			T([]int{3, 2}, 1, 4, 2, 5, 3, 6)},
		{"Transpose perm", 13, "Transpose", []string{"x"}, map[string]*infer.Tensor{"x": T([]int{1, 2, 3}, 1, 2, 3, 4, 5, 6)}, nil,
			[]*onnx.AttributeProto{aInts("perm", 0, 2, 1)}, T([]int{1, 3, 2}, 1, 4, 2, 5, 3, 6)},
		{"Concat axis 1", 13, "Concat", []string{"a", "b"},
			map[string]*infer.Tensor{"a": T([]int{2, 1}, 1, 2), "b": T([]int{2, 2}, 3, 4, 5, 6)}, nil,
			[]*onnx.AttributeProto{aI("axis", 1)}, T([]int{2, 3}, 1, 3, 4, 2, 5, 6)},
		{"Gather rows (embedding)", 13, "Gather", []string{"e", "ids"},
			map[string]*infer.Tensor{"ids": T([]int{1, 3}, 2, 0, -1)}, map[string]*infer.Tensor{"e": T([]int{3, 2}, 1, 2, 3, 4, 5, 6)},
			nil, T([]int{1, 3, 2}, 5, 6, 1, 2, 5, 6)},
		{"Gather axis 1", 13, "Gather", []string{"x", "i:i"},
			map[string]*infer.Tensor{"x": T([]int{2, 3}, 1, 2, 3, 4, 5, 6)}, map[string]*infer.Tensor{"i:i": T([]int{}, 1)},
			[]*onnx.AttributeProto{aI("axis", 1)}, T([]int{2}, 2, 5)},
		{"ReduceMean axes attr", 13, "ReduceMean", []string{"x"}, map[string]*infer.Tensor{"x": T([]int{2, 3}, 1, 2, 3, 4, 5, 6)}, nil,
			[]*onnx.AttributeProto{aInts("axes", 1), aI("keepdims", 0)}, T([]int{2}, 2, 5)},
		{"ReduceMean all keepdims", 13, "ReduceMean", []string{"x"}, map[string]*infer.Tensor{"x": T([]int{2, 2}, 1, 2, 3, 6)}, nil, nil,
			T([]int{1, 1}, 3)},
		{"ReduceMean opset 18 axes input", 18, "ReduceMean", []string{"x", "i:a"}, map[string]*infer.Tensor{"x": T([]int{2, 3}, 1, 2, 3, 4, 5, 6)},
			map[string]*infer.Tensor{"i:a": T([]int{1}, 0)}, nil, T([]int{1, 3}, 2.5, 3.5, 4.5)},
		{"Squeeze opset 11 attr", 11, "Squeeze", []string{"x"}, map[string]*infer.Tensor{"x": T([]int{1, 2, 1}, 1, 2)}, nil,
			[]*onnx.AttributeProto{aInts("axes", 0)}, T([]int{2, 1}, 1, 2)},
		{"Squeeze opset 13 input", 13, "Squeeze", []string{"x", "i:a"}, map[string]*infer.Tensor{"x": T([]int{1, 2, 1}, 1, 2)},
			map[string]*infer.Tensor{"i:a": T([]int{1}, -1)}, nil, T([]int{1, 2}, 1, 2)},
		{"Squeeze all", 13, "Squeeze", []string{"x"}, map[string]*infer.Tensor{"x": T([]int{1, 2, 1}, 1, 2)}, nil, nil, T([]int{2}, 1, 2)},
		{"Unsqueeze opset 11 attr", 11, "Unsqueeze", []string{"x"}, map[string]*infer.Tensor{"x": T([]int{2}, 1, 2)}, nil,
			[]*onnx.AttributeProto{aInts("axes", 0, 2)}, T([]int{1, 2, 1}, 1, 2)},
		{"Unsqueeze opset 13 input", 13, "Unsqueeze", []string{"x", "i:a"}, map[string]*infer.Tensor{"x": T([]int{2}, 1, 2)},
			map[string]*infer.Tensor{"i:a": T([]int{1}, -1)}, nil, T([]int{2, 1}, 1, 2)},
		{"Constant value_ints", 13, "Constant", nil, nil, nil, []*onnx.AttributeProto{aInts("value_ints", 3, -1)}, T([]int{2}, 3, -1)},
		{"Shape", 13, "Shape", []string{"x"}, map[string]*infer.Tensor{"x": T([]int{2, 1, 3}, seq(6)...)}, nil, nil, T([]int{3}, 2, 1, 3)},
		{"Shape start end (opset 15)", 15, "Shape", []string{"x"}, map[string]*infer.Tensor{"x": T([]int{2, 1, 3}, seq(6)...)}, nil,
			[]*onnx.AttributeProto{aI("start", 1), aI("end", -1)}, T([]int{1}, 1)},
		{"Cast to int64 truncates", 13, "Cast", []string{"x"}, map[string]*infer.Tensor{"x": T([]int{3}, -1.7, 2.9, 0.2)}, nil,
			[]*onnx.AttributeProto{aI("to", 7)}, T([]int{3}, -1, 2, 0)},
		{"Cast to bool", 13, "Cast", []string{"x"}, map[string]*infer.Tensor{"x": T([]int{3}, -1.7, 0, 0.2)}, nil,
			[]*onnx.AttributeProto{aI("to", 9)}, T([]int{3}, 1, 0, 1)},
		{"Pad constant (opset 13 input)", 13, "Pad", []string{"x", "i:p", "c"}, map[string]*infer.Tensor{"x": T([]int{1, 2}, 1, 2)},
			map[string]*infer.Tensor{"i:p": T([]int{4}, 0, 1, 0, 1), "c": T([]int{}, 9)}, nil, T([]int{1, 4}, 9, 1, 2, 9)},
		{"Pad reflect", 13, "Pad", []string{"x", "i:p"}, map[string]*infer.Tensor{"x": T([]int{3}, 1, 2, 3)},
			map[string]*infer.Tensor{"i:p": T([]int{2}, 2, 2)}, []*onnx.AttributeProto{aS("mode", "reflect")}, T([]int{7}, 3, 2, 1, 2, 3, 2, 1)},
		{"Pad edge (opset 2 attr)", 2, "Pad", []string{"x"}, map[string]*infer.Tensor{"x": T([]int{2}, 1, 2)}, nil,
			[]*onnx.AttributeProto{aS("mode", "edge"), aInts("pads", 1, 1)}, T([]int{4}, 1, 1, 2, 2)},
		// Operators beyond the required list.
		{"HardSigmoid", 13, "HardSigmoid", []string{"x"}, map[string]*infer.Tensor{"x": T([]int{3}, -5, 0, 1)}, nil,
			[]*onnx.AttributeProto{aF("alpha", 0.25)}, T([]int{3}, 0, 0.5, 0.75)},
		{"HardSwish", 14, "HardSwish", []string{"x"}, map[string]*infer.Tensor{"x": T([]int{3}, -4, 0, 3)}, nil, nil, T([]int{3}, 0, 0, 3)},
		{"Softplus", 13, "Softplus", []string{"x"}, map[string]*infer.Tensor{"x": T([]int{1}, 0)}, nil, nil, T([]int{1}, float32(math.Ln2))},
		{"Elu", 13, "Elu", []string{"x"}, map[string]*infer.Tensor{"x": T([]int{2}, float32(-math.Ln2), 2)}, nil,
			[]*onnx.AttributeProto{aF("alpha", 2)}, T([]int{2}, -1, 2)},
		{"PRelu per channel", 13, "PRelu", []string{"x", "s"}, map[string]*infer.Tensor{"x": T([]int{1, 2, 1, 2}, -1, 2, -3, 4)},
			map[string]*infer.Tensor{"s": T([]int{2, 1, 1}, 0.5, 2)}, nil, T([]int{1, 2, 1, 2}, -0.5, 2, -6, 4)},
		{"Max", 13, "Max", []string{"a", "b"}, map[string]*infer.Tensor{"a": T([]int{3}, 1, 5, 3)}, map[string]*infer.Tensor{"b": T([]int{}, 2)},
			nil, T([]int{3}, 2, 5, 3)},
		{"Equal", 13, "Equal", []string{"a", "b"}, map[string]*infer.Tensor{"a": T([]int{3}, 1, 2, 3)}, map[string]*infer.Tensor{"b": T([]int{3}, 1, 0, 3)},
			nil, T([]int{3}, 1, 0, 1)},
		{"Where", 13, "Where", []string{"c", "a", "b"}, map[string]*infer.Tensor{"a": T([]int{2, 2}, 1, 2, 3, 4)},
			map[string]*infer.Tensor{"c": T([]int{2}, 1, 0), "b": T([]int{}, -1)}, nil, T([]int{2, 2}, 1, -1, 3, -1)},
		{"Expand", 13, "Expand", []string{"x", "i:s"}, map[string]*infer.Tensor{"x": T([]int{2, 1}, 1, 2)},
			map[string]*infer.Tensor{"i:s": T([]int{3}, 2, 1, 3)}, nil, T([]int{2, 2, 3}, 1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2)},
		{"ConstantOfShape", 13, "ConstantOfShape", []string{"i:s"}, nil, map[string]*infer.Tensor{"i:s": T([]int{2}, 2, 1)},
			[]*onnx.AttributeProto{{Name: "value", Type: onnx.AttributeProto_TENSOR, T: &onnx.TensorProto{Dims: []int64{1}, DataType: 1, FloatData: []float32{7}}}},
			T([]int{2, 1}, 7, 7)},
		{"Slice open end, step 2", 13, "Slice", []string{"x", "i:st", "i:en", "i:ax", "i:sp"}, map[string]*infer.Tensor{"x": T([]int{2, 5}, seq(10)...)},
			map[string]*infer.Tensor{"i:st": T([]int{1}, 1), "i:en": T([]int{1}, 9.3e18), "i:ax": T([]int{1}, 1), "i:sp": T([]int{1}, 2)},
			nil, T([]int{2, 2}, 2, 4, 7, 9)},
		{"Slice negative step", 13, "Slice", []string{"x", "i:st", "i:en", "i:ax", "i:sp"}, map[string]*infer.Tensor{"x": T([]int{4}, 1, 2, 3, 4)},
			map[string]*infer.Tensor{"i:st": T([]int{1}, -1), "i:en": T([]int{1}, -9.3e18), "i:ax": T([]int{1}, 0), "i:sp": T([]int{1}, -1)},
			nil, T([]int{4}, 4, 3, 2, 1)},
		{"Slice opset 1 attributes", 1, "Slice", []string{"x"}, map[string]*infer.Tensor{"x": T([]int{2, 3}, seq(6)...)}, nil,
			[]*onnx.AttributeProto{aInts("starts", 1, 0), aInts("ends", 2, -1)}, T([]int{1, 2}, 4, 5)},
		{"ReduceMax", 13, "ReduceMax", []string{"x"}, map[string]*infer.Tensor{"x": T([]int{2, 2}, 1, 5, 3, 2)}, nil,
			[]*onnx.AttributeProto{aInts("axes", 1), aI("keepdims", 0)}, T([]int{2}, 5, 3)},
		{"ReduceSum opset 13 axes input", 13, "ReduceSum", []string{"x", "i:a"}, map[string]*infer.Tensor{"x": T([]int{2, 2}, 1, 5, 3, 2)},
			map[string]*infer.Tensor{"i:a": T([]int{1}, 0)}, nil, T([]int{1, 2}, 4, 7)},
		{"LayerNormalization", 17, "LayerNormalization", []string{"x", "s", "b"}, map[string]*infer.Tensor{"x": T([]int{2, 2}, 1, 3, 5, 5)},
			map[string]*infer.Tensor{"s": T([]int{2}, 2, 1), "b": T([]int{2}, 0, 10)}, []*onnx.AttributeProto{aF("epsilon", 0)},
			T([]int{2, 2}, -2, 11, 0, 10)},
		{"GlobalMaxPool", 13, "GlobalMaxPool", []string{"x"}, map[string]*infer.Tensor{"x": T([]int{1, 2, 2, 1}, 1, -4, -3, -2)}, nil, nil,
			T([]int{1, 2, 1, 1}, 1, -2)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g, err := graph.FromProto(model(tc.opset, tc.op, tc.inputs, tc.feeds, tc.inits, 1, tc.attrs...))
			if err != nil {
				t.Fatal(err)
			}
			p, err := infer.Compile(g)
			if err != nil {
				t.Fatal(err)
			}
			res, err := p.NewExecutor().Run(tc.feeds)
			if err != nil {
				t.Fatal(err)
			}
			got := res["y"]
			if fmt.Sprint(got.Shape) != fmt.Sprint(tc.want.Shape) {
				t.Fatalf("shape %v, want %v", got.Shape, tc.want.Shape)
			}
			for i := range got.Data {
				if math.Abs(float64(got.Data[i]-tc.want.Data[i])) > 1e-5 {
					t.Fatalf("got %v, want %v", got.Data, tc.want.Data)
				}
			}
		})
	}
}

func TestUnsupportedOperator(t *testing.T) {
	mp := model(13, "NonMaxSuppression", []string{"x"}, map[string]*infer.Tensor{"x": T([]int{1}, 1)}, nil, 1)
	g, err := graph.FromProto(mp)
	if err != nil {
		t.Fatal(err)
	}
	_, err = infer.Compile(g)
	if !errors.Is(err, infer.ErrUnsupported) || !strings.Contains(err.Error(), "NonMaxSuppression") || !strings.Contains(err.Error(), "/block/NonMaxSuppression") {
		t.Errorf("error %v should wrap ErrUnsupported and name the op and node", err)
	}
}

func TestRunInputErrors(t *testing.T) {
	g, err := graph.Load("../testdata/fashion_cnn.onnx")
	if err != nil {
		t.Fatal(err)
	}
	p, err := infer.Compile(g)
	if err != nil {
		t.Fatal(err)
	}
	x := p.NewExecutor()
	tests := []struct {
		name  string
		feeds map[string]*infer.Tensor
		want  []string
	}{
		{"missing", map[string]*infer.Tensor{}, []string{"missing", "input"}},
		{"wrong shape", map[string]*infer.Tensor{"input": T([]int{1, 1, 28, 27}, make([]float32, 28*27)...)}, []string{"[1 1 28 27]", "[-1 1 28 28]"}},
		{"short data", map[string]*infer.Tensor{"input": T([]int{1, 1, 28, 28}, 1)}, []string{"1 values"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := x.Run(tc.feeds)
			if !errors.Is(err, infer.ErrInput) {
				t.Fatalf("error %v is not ErrInput", err)
			}
			for _, s := range tc.want {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not mention %q", err, s)
				}
			}
		})
	}
	// The executor still works after errors, and reuses its buffers.
	in := map[string]*infer.Tensor{"input": T([]int{2, 1, 28, 28}, make([]float32, 2*28*28)...)}
	a, err := x.Run(in)
	if err != nil {
		t.Fatal(err)
	}
	first := append([]float32(nil), a["output"].Data...)
	b, err := x.Run(in)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(first) != fmt.Sprint(b["output"].Data) || &a["output"].Data[0] != &b["output"].Data[0] {
		t.Error("a second run should give the same values in the same buffer")
	}
}
