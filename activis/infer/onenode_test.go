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

type feeds = map[string]*infer.Tensor

func aStrs(name string, v ...string) *onnx.AttributeProto {
	a := &onnx.AttributeProto{Name: name, Type: onnx.AttributeProto_STRINGS}
	for _, s := range v {
		a.Strings = append(a.Strings, []byte(s))
	}
	return a
}

// runNode builds a one-node model, compiles and runs it, and returns its outputs y, y1, y2, ….
func runNode(opset int64, op string, inputs []string, in, inits feeds, nOut int, attrs ...*onnx.AttributeProto) (map[string]*infer.Tensor, error) {
	g, err := graph.FromProto(model(opset, op, inputs, in, inits, nOut, attrs...))
	if err != nil {
		return nil, err
	}
	p, err := infer.Compile(g)
	if err != nil {
		return nil, err
	}
	want := []string{"y"}
	for i := 1; i < nOut; i++ {
		want = append(want, fmt.Sprintf("y%d", i))
	}
	return p.NewExecutor().Run(in, want...)
}

func sameTensor(got, want *infer.Tensor, tol float64) error {
	if fmt.Sprint(got.Shape) != fmt.Sprint(want.Shape) {
		return fmt.Errorf("shape %v, want %v", got.Shape, want.Shape)
	}
	for i := range want.Data {
		if d := math.Abs(float64(got.Data[i] - want.Data[i])); d > tol || math.IsNaN(float64(got.Data[i])) {
			return fmt.Errorf("got %v, want %v", got.Data, want.Data)
		}
	}
	return nil
}

// TestOneNodeOperators checks the operators added for recurrent, attention,
// decoder and normalisation layers against hand-worked values (the
// transcendental ones computed with Python's math module from the ONNX
// formulas; see the comments).
func TestOneNodeOperators(t *testing.T) {
	halfPi := float32(math.Pi / 2)
	tests := []struct {
		name   string
		opset  int64
		op     string
		inputs []string
		feeds  feeds
		inits  feeds
		attrs  []*onnx.AttributeProto
		want   []*infer.Tensor // y, y1, …
	}{
		{"Sin", 13, "Sin", []string{"x"}, feeds{"x": T([]int{2}, 0, halfPi)}, nil, nil, []*infer.Tensor{T([]int{2}, 0, 1)}},
		{"Cos", 13, "Cos", []string{"x"}, feeds{"x": T([]int{2}, 0, 2*halfPi)}, nil, nil, []*infer.Tensor{T([]int{2}, 1, -1)}},
		{"Sign", 13, "Sign", []string{"x"}, feeds{"x": T([]int{3}, -2, 0, 3)}, nil, nil, []*infer.Tensor{T([]int{3}, -1, 0, 1)}},
		{"Not", 13, "Not", []string{"x"}, feeds{"x": T([]int{3}, 0, 1, 1)}, nil, nil, []*infer.Tensor{T([]int{3}, 1, 0, 0)}},
		{"Softsign", 13, "Softsign", []string{"x"}, feeds{"x": T([]int{2}, -3, 1)}, nil, nil, []*infer.Tensor{T([]int{2}, -0.75, 0.5)}},
		// γ·α·(e⁻¹ − 1) = −1.1113307
		{"Selu", 13, "Selu", []string{"x"}, feeds{"x": T([]int{3}, 1, 0, -1)}, nil, nil,
			[]*infer.Tensor{T([]int{3}, 1.0507010, 0, -1.1113307)}},
		// 2·(e^(−2/2) − 1) = −1.2642411
		{"Celu", 13, "Celu", []string{"x"}, feeds{"x": T([]int{2}, -2, 3)}, nil, []*onnx.AttributeProto{aF("alpha", 2)},
			[]*infer.Tensor{T([]int{2}, -1.2642411, 3)}},
		// Φ(1) = 0.8413447; tanh form: 0.5·(1 + tanh(√(2/π)·1.044715)) = 0.8411920
		{"Gelu", 20, "Gelu", []string{"x"}, feeds{"x": T([]int{2}, 0, 1)}, nil, nil, []*infer.Tensor{T([]int{2}, 0, 0.8413447)}},
		{"Gelu tanh", 20, "Gelu", []string{"x"}, feeds{"x": T([]int{1}, 1)}, nil, []*onnx.AttributeProto{aS("approximate", "tanh")},
			[]*infer.Tensor{T([]int{1}, 0.8411920)}},
		{"And", 13, "And", []string{"a", "b"}, feeds{"a": T([]int{4}, 0, 0, 1, 1)}, feeds{"b": T([]int{4}, 0, 1, 0, 1)}, nil,
			[]*infer.Tensor{T([]int{4}, 0, 0, 0, 1)}},
		{"Or", 13, "Or", []string{"a", "b"}, feeds{"a": T([]int{4}, 0, 0, 1, 1)}, feeds{"b": T([]int{4}, 0, 1, 0, 1)}, nil,
			[]*infer.Tensor{T([]int{4}, 0, 1, 1, 1)}},
		{"Xor", 13, "Xor", []string{"a", "b"}, feeds{"a": T([]int{4}, 0, 0, 1, 1)}, feeds{"b": T([]int{4}, 0, 1, 0, 1)}, nil,
			[]*infer.Tensor{T([]int{4}, 0, 1, 1, 0)}},
		{"LessOrEqual", 16, "LessOrEqual", []string{"a", "b"}, feeds{"a": T([]int{3}, 1, 2, 3)}, feeds{"b": T([]int{}, 2)}, nil,
			[]*infer.Tensor{T([]int{3}, 1, 1, 0)}},
		{"GreaterOrEqual", 16, "GreaterOrEqual", []string{"a", "b"}, feeds{"a": T([]int{3}, 1, 2, 3)}, feeds{"b": T([]int{}, 2)}, nil,
			[]*infer.Tensor{T([]int{3}, 0, 1, 1)}},
		{"Mod (divisor's sign)", 13, "Mod", []string{"a", "b"}, feeds{"a": T([]int{4}, 5, -5, 5, -5)}, feeds{"b": T([]int{4}, 3, 3, -3, -3)}, nil,
			[]*infer.Tensor{T([]int{4}, 2, 1, -1, -2)}},
		{"Mod fmod", 13, "Mod", []string{"a", "b"}, feeds{"a": T([]int{4}, 5, -5, 5.5, -5)}, feeds{"b": T([]int{4}, 3, 3, -3, -3)},
			[]*onnx.AttributeProto{aI("fmod", 1)}, []*infer.Tensor{T([]int{4}, 2, -2, 2.5, -2)}},
		{"Div integer truncates", 13, "Div", []string{"i:a", "i:b"}, nil, feeds{"i:a": T([]int{3}, 7, -7, 50), "i:b": T([]int{3}, 2, 2, 3)}, nil,
			[]*infer.Tensor{T([]int{3}, 3, -3, 16)}},
		{"Range int", 13, "Range", []string{"i:s", "i:l", "i:d"}, nil, feeds{"i:s": T([]int{}, 2), "i:l": T([]int{}, 9), "i:d": T([]int{}, 3)}, nil,
			[]*infer.Tensor{T([]int{3}, 2, 5, 8)}},
		{"Range float, negative delta", 13, "Range", []string{"s", "l", "d"}, nil, feeds{"s": T([]int{}, 1), "l": T([]int{}, -0.1), "d": T([]int{}, -0.5)}, nil,
			[]*infer.Tensor{T([]int{3}, 1, 0.5, 0)}},
		{"Split opset 13 sizes input", 13, "Split", []string{"x", "i:s"}, feeds{"x": T([]int{2, 5}, seq(10)...)}, feeds{"i:s": T([]int{2}, 2, 3)},
			[]*onnx.AttributeProto{aI("axis", 1)}, []*infer.Tensor{T([]int{2, 2}, 1, 2, 6, 7), T([]int{2, 3}, 3, 4, 5, 8, 9, 10)}},
		{"Split opset 11 equal parts", 11, "Split", []string{"x"}, feeds{"x": T([]int{4, 1}, seq(4)...)}, nil, nil,
			[]*infer.Tensor{T([]int{2, 1}, 1, 2), T([]int{2, 1}, 3, 4)}},
		{"Tile", 13, "Tile", []string{"x", "i:r"}, feeds{"x": T([]int{1, 2}, 1, 2)}, feeds{"i:r": T([]int{2}, 2, 2)}, nil,
			[]*infer.Tensor{T([]int{2, 4}, 1, 2, 1, 2, 1, 2, 1, 2)}},
		{"ArgMax first", 13, "ArgMax", []string{"x"}, feeds{"x": T([]int{2, 3}, 1, 5, 5, 7, 2, 7)}, nil,
			[]*onnx.AttributeProto{aI("axis", 1), aI("keepdims", 0)}, []*infer.Tensor{T([]int{2}, 1, 0)}},
		{"ArgMax last", 13, "ArgMax", []string{"x"}, feeds{"x": T([]int{2, 3}, 1, 5, 5, 7, 2, 7)}, nil,
			[]*onnx.AttributeProto{aI("axis", -1), aI("keepdims", 0), aI("select_last_index", 1)}, []*infer.Tensor{T([]int{2}, 2, 2)}},
		{"ArgMin keepdims", 13, "ArgMin", []string{"x"}, feeds{"x": T([]int{2, 3}, 1, 5, 5, 7, 2, 7)}, nil, nil,
			[]*infer.Tensor{T([]int{1, 3}, 0, 1, 0)}},
		{"TopK largest", 11, "TopK", []string{"x", "i:k"}, feeds{"x": T([]int{1, 5}, 3, 1, 4, 1, 5)}, feeds{"i:k": T([]int{1}, 3)}, nil,
			[]*infer.Tensor{T([]int{1, 3}, 5, 4, 3), T([]int{1, 3}, 4, 2, 0)}},
		{"TopK smallest, ties by index", 11, "TopK", []string{"x", "i:k"}, feeds{"x": T([]int{5, 1}, 3, 1, 4, 1, 5)}, feeds{"i:k": T([]int{1}, 2)},
			[]*onnx.AttributeProto{aI("axis", 0), aI("largest", 0)}, []*infer.Tensor{T([]int{2, 1}, 1, 1), T([]int{2, 1}, 1, 3)}},
		{"CumSum", 13, "CumSum", []string{"x", "i:a"}, feeds{"x": T([]int{4}, 1, 2, 3, 4)}, feeds{"i:a": T([]int{}, 0)}, nil,
			[]*infer.Tensor{T([]int{4}, 1, 3, 6, 10)}},
		{"CumSum exclusive reverse", 13, "CumSum", []string{"x", "i:a"}, feeds{"x": T([]int{2, 2}, 1, 2, 3, 4)}, feeds{"i:a": T([]int{}, -1)},
			[]*onnx.AttributeProto{aI("exclusive", 1), aI("reverse", 1)}, []*infer.Tensor{T([]int{2, 2}, 2, 0, 4, 0)}},
		{"Trilu upper", 14, "Trilu", []string{"x"}, feeds{"x": T([]int{3, 3}, seq(9)...)}, nil, nil,
			[]*infer.Tensor{T([]int{3, 3}, 1, 2, 3, 0, 5, 6, 0, 0, 9)}},
		{"Trilu lower k=-1", 14, "Trilu", []string{"x", "i:k"}, feeds{"x": T([]int{3, 3}, seq(9)...)}, feeds{"i:k": T([]int{}, -1)},
			[]*onnx.AttributeProto{aI("upper", 0)}, []*infer.Tensor{T([]int{3, 3}, 0, 0, 0, 4, 0, 0, 7, 8, 0)}},
		// Channel 0: mean 2, std 1 → (−1, 1)·2 + 1; channel 1: mean 2, std 2 → (−1, 1)·1 + 5.
		{"InstanceNormalization", 13, "InstanceNormalization", []string{"x", "s", "b"}, feeds{"x": T([]int{1, 2, 2}, 1, 3, 0, 4)},
			feeds{"s": T([]int{2}, 2, 1), "b": T([]int{2}, 1, 5)}, []*onnx.AttributeProto{aF("epsilon", 0)},
			[]*infer.Tensor{T([]int{1, 2, 2}, -1, 3, 4, 6)}},
		{"ReduceProd", 13, "ReduceProd", []string{"x"}, feeds{"x": T([]int{2, 2}, 1, -2, 3, 4)}, nil,
			[]*onnx.AttributeProto{aInts("axes", 1), aI("keepdims", 0)}, []*infer.Tensor{T([]int{2}, -2, 12)}},
		{"ReduceL1", 13, "ReduceL1", []string{"x"}, feeds{"x": T([]int{2, 2}, 1, -2, 3, 4)}, nil,
			[]*onnx.AttributeProto{aInts("axes", 1), aI("keepdims", 0)}, []*infer.Tensor{T([]int{2}, 3, 7)}},
		{"ReduceL2", 13, "ReduceL2", []string{"x"}, feeds{"x": T([]int{2, 2}, 1, -2, 3, 4)}, nil,
			[]*onnx.AttributeProto{aInts("axes", 1)}, []*infer.Tensor{T([]int{2, 1}, 2.2360680, 5)}},
		{"ReduceSumSquare all", 13, "ReduceSumSquare", []string{"x"}, feeds{"x": T([]int{2, 2}, 1, -2, 3, 4)}, nil,
			[]*onnx.AttributeProto{aI("keepdims", 0)}, []*infer.Tensor{T([]int{}, 30)}},
		{"ReduceLogSum", 13, "ReduceLogSum", []string{"x"}, feeds{"x": T([]int{2, 2}, 1, 2, 3, 4)}, nil,
			[]*onnx.AttributeProto{aInts("axes", 1), aI("keepdims", 0)}, []*infer.Tensor{T([]int{2}, 1.0986123, 1.9459101)}},
		// 1 + log(1 + e⁻³), 4 + log(1 + e⁻¹), 1000 + log 2 (no overflow).
		{"ReduceLogSumExp", 13, "ReduceLogSumExp", []string{"x"}, feeds{"x": T([]int{3, 2}, 1, -2, 3, 4, 1000, 1000)}, nil,
			[]*onnx.AttributeProto{aInts("axes", 1), aI("keepdims", 0)}, []*infer.Tensor{T([]int{3}, 1.0485874, 4.3132617, 1000.6931)}},
		{"GatherElements", 13, "GatherElements", []string{"x", "i:i"}, feeds{"x": T([]int{2, 2}, 1, 2, 3, 4)}, feeds{"i:i": T([]int{2, 2}, 0, 0, 1, 0)},
			[]*onnx.AttributeProto{aI("axis", 1)}, []*infer.Tensor{T([]int{2, 2}, 1, 1, 4, 3)}},
		{"ScatterElements", 13, "ScatterElements", []string{"x", "i:i", "u"}, feeds{"x": T([]int{3, 3}, make([]float32, 9)...)},
			feeds{"i:i": T([]int{2, 3}, 1, 0, 2, 0, 2, 1), "u": T([]int{2, 3}, 1, 1.1, 1.2, 2, 2.1, 2.2)}, nil,
			[]*infer.Tensor{T([]int{3, 3}, 2, 1.1, 0, 1, 0, 2.2, 0, 2.1, 1.2)}},
		{"ScatterElements negative index", 13, "ScatterElements", []string{"x", "i:i", "u"}, feeds{"x": T([]int{1, 5}, 1, 2, 3, 4, 5)},
			feeds{"i:i": T([]int{1, 2}, 1, -2), "u": T([]int{1, 2}, 1.1, 2.1)}, []*onnx.AttributeProto{aI("axis", 1)},
			[]*infer.Tensor{T([]int{1, 5}, 1, 1.1, 3, 2.1, 5)}},
		{"ScatterElements add", 16, "ScatterElements", []string{"x", "i:i", "u"}, feeds{"x": T([]int{2}, 1, 2)},
			feeds{"i:i": T([]int{2}, 0, 0), "u": T([]int{2}, 5, 6)}, []*onnx.AttributeProto{aS("reduction", "add")},
			[]*infer.Tensor{T([]int{2}, 12, 2)}},
		{"Einsum matmul", 13, "Einsum", []string{"a", "b"}, feeds{"a": T([]int{2, 2}, 1, 2, 3, 4)}, feeds{"b": T([]int{2, 2}, 5, 6, 7, 8)},
			[]*onnx.AttributeProto{aS("equation", "ij,jk->ik")}, []*infer.Tensor{T([]int{2, 2}, 19, 22, 43, 50)}},
		{"Einsum implicit trace", 13, "Einsum", []string{"a"}, feeds{"a": T([]int{2, 2}, 1, 2, 3, 4)}, nil,
			[]*onnx.AttributeProto{aS("equation", "ii")}, []*infer.Tensor{T([]int{}, 5)}},
		{"Einsum ellipsis dot", 13, "Einsum", []string{"a", "b"}, feeds{"a": T([]int{2, 3}, seq(6)...)}, feeds{"b": T([]int{3}, 1, 1, 1)},
			[]*onnx.AttributeProto{aS("equation", "...j, ...j -> ...")}, []*infer.Tensor{T([]int{2}, 6, 15)}},
		{"Einsum transpose", 13, "Einsum", []string{"a"}, feeds{"a": T([]int{1, 2, 3}, seq(6)...)}, nil,
			[]*onnx.AttributeProto{aS("equation", "bij->bji")}, []*infer.Tensor{T([]int{1, 3, 2}, 1, 4, 2, 5, 3, 6)}},
		// DCR: channel (by·2 + bx)·2 + c; CRD (PyTorch's PixelShuffle): c·4 + by·2 + bx.
		{"DepthToSpace DCR", 13, "DepthToSpace", []string{"x"}, feeds{"x": T([]int{1, 8, 1, 1}, seq(8)...)}, nil,
			[]*onnx.AttributeProto{aI("blocksize", 2)}, []*infer.Tensor{T([]int{1, 2, 2, 2}, 1, 3, 5, 7, 2, 4, 6, 8)}},
		{"DepthToSpace CRD", 13, "DepthToSpace", []string{"x"}, feeds{"x": T([]int{1, 8, 1, 1}, seq(8)...)}, nil,
			[]*onnx.AttributeProto{aI("blocksize", 2), aS("mode", "CRD")}, []*infer.Tensor{T([]int{1, 2, 2, 2}, seq(8)...)}},
		{"SpaceToDepth", 13, "SpaceToDepth", []string{"x"}, feeds{"x": T([]int{1, 2, 2, 2}, seq(8)...)}, nil,
			[]*onnx.AttributeProto{aI("blocksize", 2)}, []*infer.Tensor{T([]int{1, 8, 1, 1}, 1, 5, 2, 6, 3, 7, 4, 8)}},
		{"OneHot", 11, "OneHot", []string{"i:x", "i:d", "v"}, nil, feeds{"i:x": T([]int{3}, 0, 2, -1), "i:d": T([]int{}, 3), "v": T([]int{2}, 0, 5)}, nil,
			[]*infer.Tensor{T([]int{3, 3}, 5, 0, 0, 0, 0, 5, 0, 0, 5)}},
		{"OneHot axis 0", 11, "OneHot", []string{"i:x", "i:d", "v"}, nil, feeds{"i:x": T([]int{3}, 0, 2, -1), "i:d": T([]int{}, 3), "v": T([]int{2}, 0, 5)},
			[]*onnx.AttributeProto{aI("axis", 0)}, []*infer.Tensor{T([]int{3, 3}, 5, 0, 0, 0, 0, 0, 0, 5, 5)}},
		{"Round half to even", 13, "Round", []string{"x"}, feeds{"x": T([]int{5}, 0.5, 1.5, 2.5, -0.5, -1.7)}, nil, nil,
			[]*infer.Tensor{T([]int{5}, 0, 2, 2, 0, -2)}},
		{"Size", 13, "Size", []string{"x"}, feeds{"x": T([]int{2, 3}, seq(6)...)}, nil, nil, []*infer.Tensor{T([]int{}, 6)}},
		{"Sum of three, broadcast", 13, "Sum", []string{"a", "b", "c"}, feeds{"a": T([]int{2}, 1, 2)},
			feeds{"b": T([]int{}, 10), "c": T([]int{2, 1}, 100, 200)}, nil, []*infer.Tensor{T([]int{2, 2}, 111, 112, 211, 212)}},
		{"Mean of three", 13, "Mean", []string{"a", "b", "c"}, feeds{"a": T([]int{2}, 1, 2)},
			feeds{"b": T([]int{}, 10), "c": T([]int{2, 1}, 100, 200)}, nil, []*infer.Tensor{T([]int{2, 2}, 37, 37.333333, 70.333333, 70.666667)}},
		{"Max of three", 13, "Max", []string{"a", "b", "c"}, feeds{"a": T([]int{3}, 1, 5, 3)},
			feeds{"b": T([]int{3}, 4, 2, 6), "c": T([]int{}, 3.5)}, nil, []*infer.Tensor{T([]int{3}, 4, 5, 6)}},
		{"Min of one", 13, "Min", []string{"a"}, feeds{"a": T([]int{2}, 1, 2)}, nil, nil, []*infer.Tensor{T([]int{2}, 1, 2)}},
		{"ScatterND elements", 13, "ScatterND", []string{"x", "i:i", "u"}, feeds{"x": T([]int{8}, seq(8)...)},
			feeds{"i:i": T([]int{4, 1}, 4, 3, 1, 7), "u": T([]int{4}, 9, 10, 11, 12)}, nil,
			[]*infer.Tensor{T([]int{8}, 1, 11, 3, 10, 9, 6, 7, 12)}},
		{"ScatterND slice (x[1] = v)", 13, "ScatterND", []string{"x", "i:i", "u"}, feeds{"x": T([]int{2, 2}, 0, 0, 0, 0)},
			feeds{"i:i": T([]int{1, 1}, -1), "u": T([]int{1, 2}, 5, 6)}, nil, []*infer.Tensor{T([]int{2, 2}, 0, 0, 5, 6)}},
		{"ScatterND add", 16, "ScatterND", []string{"x", "i:i", "u"}, feeds{"x": T([]int{2}, 1, 1)},
			feeds{"i:i": T([]int{2, 1}, 0, 0), "u": T([]int{2}, 2, 3)}, []*onnx.AttributeProto{aS("reduction", "add")},
			[]*infer.Tensor{T([]int{2}, 6, 1)}},
		{"GatherND elements", 13, "GatherND", []string{"x", "i:i"}, feeds{"x": T([]int{2, 2}, 0, 1, 2, 3)},
			feeds{"i:i": T([]int{2, 2}, 0, 0, 1, 1)}, nil, []*infer.Tensor{T([]int{2}, 0, 3)}},
		{"GatherND rows", 13, "GatherND", []string{"x", "i:i"}, feeds{"x": T([]int{2, 2}, 0, 1, 2, 3)},
			feeds{"i:i": T([]int{2, 1}, 1, 0)}, nil, []*infer.Tensor{T([]int{2, 2}, 2, 3, 0, 1)}},
		{"GatherND batch_dims", 13, "GatherND", []string{"x", "i:i"}, feeds{"x": T([]int{2, 2, 2}, 0, 1, 2, 3, 4, 5, 6, 7)},
			feeds{"i:i": T([]int{2, 1}, 1, 0)}, []*onnx.AttributeProto{aI("batch_dims", 1)}, []*infer.Tensor{T([]int{2, 2}, 2, 3, 4, 5)}},
		// Every input pixel stamps the 2×2 kernel of ones at stride 2.
		{"ConvTranspose stride 2", 13, "ConvTranspose", []string{"x", "w", "b"}, feeds{"x": T([]int{1, 1, 2, 2}, 1, 2, 3, 4)},
			feeds{"w": T([]int{1, 1, 2, 2}, 1, 1, 1, 1), "b": T([]int{1}, 0.5)}, []*onnx.AttributeProto{aInts("strides", 2, 2)},
			[]*infer.Tensor{T([]int{1, 1, 4, 4}, 1.5, 1.5, 2.5, 2.5, 1.5, 1.5, 2.5, 2.5, 3.5, 3.5, 4.5, 4.5, 3.5, 3.5, 4.5, 4.5)}},
		// Overlapping stamps: full 3×3 output [1 3 2; 4 10 6; 3 7 4].
		{"ConvTranspose overlap", 13, "ConvTranspose", []string{"x", "w"}, feeds{"x": T([]int{1, 1, 2, 2}, 1, 2, 3, 4)},
			feeds{"w": T([]int{1, 1, 2, 2}, 1, 1, 1, 1)}, nil, []*infer.Tensor{T([]int{1, 1, 3, 3}, 1, 3, 2, 4, 10, 6, 3, 7, 4)}},
		{"ConvTranspose pads crop", 13, "ConvTranspose", []string{"x", "w"}, feeds{"x": T([]int{1, 1, 2, 2}, 1, 2, 3, 4)},
			feeds{"w": T([]int{1, 1, 2, 2}, 1, 1, 1, 1)}, []*onnx.AttributeProto{aInts("pads", 1, 1, 1, 1)}, []*infer.Tensor{T([]int{1, 1, 1, 1}, 10)}},
		// 1-D: full output 1 0 1 0 1 0 −3 | 0 (output_padding); pads crop one each side.
		{"ConvTranspose 1-D output_padding", 13, "ConvTranspose", []string{"x", "w"}, feeds{"x": T([]int{1, 1, 3}, 1, 2, 3)},
			feeds{"w": T([]int{1, 1, 3}, 1, 0, -1)}, []*onnx.AttributeProto{aInts("strides", 2), aInts("pads", 1, 1), aInts("output_padding", 1)},
			[]*infer.Tensor{T([]int{1, 1, 6}, 0, 1, 0, 1, 0, -3)}},
		{"ConvTranspose output_shape", 13, "ConvTranspose", []string{"x", "w"}, feeds{"x": T([]int{1, 1, 3}, 1, 2, 3)},
			feeds{"w": T([]int{1, 1, 3}, 1, 0, -1)}, []*onnx.AttributeProto{aInts("strides", 2), aInts("output_shape", 6)},
			[]*infer.Tensor{T([]int{1, 1, 6}, 0, 1, 0, 1, 0, -3)}},
		{"ConvTranspose groups", 13, "ConvTranspose", []string{"x", "w"}, feeds{"x": T([]int{1, 2, 1, 1}, 1, 2)},
			feeds{"w": T([]int{2, 1, 1, 1}, 3, 4)}, []*onnx.AttributeProto{aI("group", 2)}, []*infer.Tensor{T([]int{1, 2, 1, 1}, 3, 8)}},
		{"Resize nearest asymmetric floor ×2", 13, "Resize", []string{"x", "", "sc"}, feeds{"x": T([]int{1, 1, 2, 2}, 1, 2, 3, 4)},
			feeds{"sc": T([]int{4}, 1, 1, 2, 2)}, []*onnx.AttributeProto{aS("coordinate_transformation_mode", "asymmetric"), aS("nearest_mode", "floor")},
			[]*infer.Tensor{T([]int{1, 1, 4, 4}, 1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4)}},
		// half_pixel: source coordinates −0.25, 0.25, 0.75, 1.25, clamped to [0, 1].
		{"Resize linear half_pixel", 11, "Resize", []string{"x", "roi", "sc"}, feeds{"x": T([]int{1, 1, 1, 2}, 0, 4)},
			feeds{"roi": T([]int{0}), "sc": T([]int{4}, 1, 1, 1, 2)}, []*onnx.AttributeProto{aS("mode", "linear")},
			[]*infer.Tensor{T([]int{1, 1, 1, 4}, 0, 1, 3, 4)}},
		{"Resize bilinear align_corners sizes", 13, "Resize", []string{"x", "", "", "i:sz"}, feeds{"x": T([]int{1, 1, 2, 2}, 0, 4, 8, 12)},
			feeds{"i:sz": T([]int{4}, 1, 1, 3, 3)}, []*onnx.AttributeProto{aS("mode", "linear"), aS("coordinate_transformation_mode", "align_corners")},
			[]*infer.Tensor{T([]int{1, 1, 3, 3}, 0, 2, 4, 4, 6, 8, 8, 10, 12)}},
		// Bicubic (Keys, a = −0.75, edge samples repeated): the values are
		// PyTorch's F.interpolate(x, size=(1, 8), mode="bicubic") and, with
		// align_corners=True, size=(1, 3).
		{"Resize cubic half_pixel", 13, "Resize", []string{"x", "", "", "i:sz"}, feeds{"x": T([]int{1, 1, 1, 4}, 0, 1, 4, 9)},
			feeds{"i:sz": T([]int{4}, 1, 1, 1, 8)}, []*onnx.AttributeProto{aS("mode", "cubic")},
			[]*infer.Tensor{T([]int{1, 1, 1, 8}, -0.10546875, 0.12109375, 0.45703125, 1.609375, 2.828125, 5.44921875, 7.97265625, 9.52734375)}},
		{"Resize cubic align_corners", 13, "Resize", []string{"x", "", "", "i:sz"}, feeds{"x": T([]int{1, 1, 1, 4}, 0, 1, 4, 9)},
			feeds{"i:sz": T([]int{4}, 1, 1, 1, 3)}, []*onnx.AttributeProto{aS("mode", "cubic"), aS("coordinate_transformation_mode", "align_corners")},
			[]*infer.Tensor{T([]int{1, 1, 1, 3}, 0, 2.125, 9)}},
		// Downsampling by 2 with half_pixel: source coordinates 0.5 and 2.5.
		{"Resize nearest round_prefer_floor", 13, "Resize", []string{"x", "", "", "i:sz"}, feeds{"x": T([]int{1, 4}, 1, 2, 3, 4)},
			feeds{"i:sz": T([]int{2}, 1, 2)}, nil, []*infer.Tensor{T([]int{1, 2}, 1, 3)}},
		{"Resize nearest round_prefer_ceil", 13, "Resize", []string{"x", "", "", "i:sz"}, feeds{"x": T([]int{1, 4}, 1, 2, 3, 4)},
			feeds{"i:sz": T([]int{2}, 1, 2)}, []*onnx.AttributeProto{aS("nearest_mode", "round_prefer_ceil")}, []*infer.Tensor{T([]int{1, 2}, 2, 4)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := runNode(tc.opset, tc.op, tc.inputs, tc.feeds, tc.inits, len(tc.want), tc.attrs...)
			if err != nil {
				t.Fatal(err)
			}
			for i, w := range tc.want {
				name := "y"
				if i > 0 {
					name = fmt.Sprintf("y%d", i)
				}
				if err := sameTensor(res[name], w, 2e-5*math.Max(1, float64(maxAbs(w.Data)))); err != nil {
					t.Errorf("%s: %v", name, err)
				}
			}
		})
	}
}

func maxAbs(v []float32) float32 {
	var m float32
	for _, x := range v {
		m = max(m, float32(math.Abs(float64(x))))
	}
	return m
}

// TestRecurrent checks LSTM, GRU and RNN on hidden size 1, where the ONNX
// equations can be followed by hand; the expected values were computed
// with Python's math module from those equations (scalar arithmetic,
// independent of the kernels here).
func TestRecurrent(t *testing.T) {
	// LSTM gates in ONNX order i, o, f, c.
	lw := T([]int{1, 4, 1}, 0.5, -0.3, 0.8, 1.2)
	lr := T([]int{1, 4, 1}, 0.2, 0.4, -0.1, 0.3)
	tests := []struct {
		name   string
		op     string
		inputs []string
		feeds  feeds
		inits  feeds
		attrs  []*onnx.AttributeProto
		want   []*infer.Tensor
	}{
		{"LSTM bias, initial state, sequence_lens", "LSTM", []string{"x", "w", "r", "b", "i:len", "h0", "c0"},
			feeds{"x": T([]int{2, 2, 1}, 1, -1, 0.5, 2)},
			feeds{"w": lw, "r": lr, "b": T([]int{1, 8}, 0.1, 0, 0.2, -0.1, 0.05, 0.1, 0, 0.2), "i:len": T([]int{2}, 2, 1),
				"h0": T([]int{1, 2, 1}, 0.1, -0.2), "c0": T([]int{1, 2, 1}, 0.3, 0)},
			[]*onnx.AttributeProto{aI("hidden_size", 1)},
			[]*infer.Tensor{
				T([]int{2, 1, 2, 1}, 0.30389595, -0.18529062, 0.37372974, 0), // past its length instance 1's output is 0
				T([]int{1, 2, 1}, 0.37372974, -0.18529062),
				T([]int{1, 2, 1}, 0.91108042, -0.33146800)}},
		{"LSTM reverse, batch-first layout", "LSTM", []string{"x", "w", "r"},
			feeds{"x": T([]int{1, 3, 1}, 1, 0, -2)}, feeds{"w": lw, "r": lr},
			[]*onnx.AttributeProto{aI("hidden_size", 1), aS("direction", "reverse"), aI("layout", 1)},
			[]*infer.Tensor{
				T([]int{1, 3, 1, 1}, 0.15971075, -0.07572526, -0.16693263),
				T([]int{1, 1, 1}, 0.15971075),
				T([]int{1, 1, 1}, 0.40231471)}},
		// The same weights both ways: the reverse direction's final state is
		// the reverse-only run's; the forward one follows x = 1, 0, −2.
		{"LSTM bidirectional", "LSTM", []string{"x", "w", "r"},
			feeds{"x": T([]int{3, 1, 1}, 1, 0, -2)},
			feeds{"w": T([]int{2, 4, 1}, 0.5, -0.3, 0.8, 1.2, 0.5, -0.3, 0.8, 1.2), "r": T([]int{2, 4, 1}, 0.2, 0.4, -0.1, 0.3, 0.2, 0.4, -0.1, 0.3)},
			[]*onnx.AttributeProto{aI("hidden_size", 1), aS("direction", "bidirectional")},
			[]*infer.Tensor{nil, T([]int{2, 1, 1}, -0.14394689, 0.15971075)}},
		// Batch-first layout throughout: X [batch, seq, 1], initial states
		// and Y_h/Y_c [batch, dirs, 1], Y [batch, seq, dirs, 1].
		{"LSTM bidirectional, batch-first layout, initial states", "LSTM", []string{"x", "w", "r", "", "", "h0", "c0"},
			feeds{"x": T([]int{2, 2, 1}, 1, 0.5, -1, 2)},
			feeds{"w": T([]int{2, 4, 1}, 0.5, -0.3, 0.8, 1.2, 0.5, -0.3, 0.8, 1.2), "r": T([]int{2, 4, 1}, 0.2, 0.4, -0.1, 0.3, 0.2, 0.4, -0.1, 0.3),
				"h0": T([]int{2, 2, 1}, 0.1, 0.4, -0.2, 0.6), "c0": T([]int{2, 2, 1}, 0.3, -0.5, 0, 0.2)},
			[]*onnx.AttributeProto{aI("hidden_size", 1), aS("direction", "bidirectional"), aI("layout", 1)},
			[]*infer.Tensor{
				T([]int{2, 2, 2, 1}, 0.27252706, 0.21980289, 0.31858844, 0.0323026, -0.16836594, -0.0232615, 0.14302551, 0.29637054),
				T([]int{2, 2, 1}, 0.31858844, 0.21980289, 0.14302551, -0.0232615),
				T([]int{2, 2, 1}, 0.77617694, 0.56638125, 0.44986808, -0.03858675)}},
		// Peepholes P = (pi, po, pf) = (0.3, −0.2, 0.1), C₀ = 0.5, R = 0:
		// c = σ(0.85)·0.5 + σ(0.65)·tanh 1.2, h = σ(−0.3 − 0.2c)·tanh c.
		{"LSTM peepholes", "LSTM", []string{"x", "w", "r", "", "", "", "c0", "p"},
			feeds{"x": T([]int{1, 1, 1}, 1)},
			feeds{"w": lw, "r": T([]int{1, 4, 1}, 0, 0, 0, 0), "c0": T([]int{1, 1, 1}, 0.5), "p": T([]int{1, 3}, 0.3, -0.2, 0.1)},
			[]*onnx.AttributeProto{aI("hidden_size", 1)},
			[]*infer.Tensor{nil, T([]int{1, 1, 1}, 0.27350168), T([]int{1, 1, 1}, 0.89800337)}},
		{"GRU", "GRU", []string{"x", "w", "r", "b", "", "h0"},
			feeds{"x": T([]int{2, 1, 1}, 1, -2)},
			feeds{"w": T([]int{1, 3, 1}, 0.5, -0.4, 0.9), "r": T([]int{1, 3, 1}, 0.3, 0.6, -0.7),
				"b": T([]int{1, 6}, 0.1, 0.2, -0.1, 0, -0.1, 0.3), "h0": T([]int{1, 1, 1}, 0.5)},
			[]*onnx.AttributeProto{aI("hidden_size", 1)},
			[]*infer.Tensor{T([]int{2, 1, 1, 1}, 0.57322881, -0.45885754), T([]int{1, 1, 1}, -0.45885754)}},
		{"GRU linear_before_reset (PyTorch)", "GRU", []string{"x", "w", "r", "b", "", "h0"},
			feeds{"x": T([]int{2, 1, 1}, 1, -2)},
			feeds{"w": T([]int{1, 3, 1}, 0.5, -0.4, 0.9), "r": T([]int{1, 3, 1}, 0.3, 0.6, -0.7),
				"b": T([]int{1, 6}, 0.1, 0.2, -0.1, 0, -0.1, 0.3), "h0": T([]int{1, 1, 1}, 0.5)},
			[]*onnx.AttributeProto{aI("hidden_size", 1), aI("linear_before_reset", 1)},
			[]*infer.Tensor{T([]int{2, 1, 1, 1}, 0.54806784, -0.47240766), T([]int{1, 1, 1}, -0.47240766)}},
		// h = max(0, 2x − 0.5h + 0.3): 2.3, 5.15, 0.
		{"RNN Relu", "RNN", []string{"x", "w", "r", "b"},
			feeds{"x": T([]int{3, 1, 1}, 1, 3, -4)},
			feeds{"w": T([]int{1, 1, 1}, 2), "r": T([]int{1, 1, 1}, -0.5), "b": T([]int{1, 2}, 0.1, 0.2)},
			[]*onnx.AttributeProto{aI("hidden_size", 1), aStrs("activations", "Relu")},
			[]*infer.Tensor{T([]int{3, 1, 1, 1}, 2.3, 5.15, 0), T([]int{1, 1, 1}, 0)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := runNode(13, tc.op, tc.inputs, tc.feeds, tc.inits, len(tc.want), tc.attrs...)
			if err != nil {
				t.Fatal(err)
			}
			for i, w := range tc.want {
				if w == nil {
					continue
				}
				name := "y"
				if i > 0 {
					name = fmt.Sprintf("y%d", i)
				}
				if err := sameTensor(res[name], w, 1e-6); err != nil {
					t.Errorf("%s: %v", name, err)
				}
			}
		})
	}
}

// TestOneNodeUnsupported: attribute values the kernels do not
// implement make Compile fail with ErrUnsupported naming the node.
func TestOneNodeUnsupported(t *testing.T) {
	lw, lr := T([]int{1, 4, 1}, 1, 1, 1, 1), T([]int{1, 4, 1}, 1, 1, 1, 1)
	tests := []struct {
		name, op string
		inputs   []string
		inits    feeds
		attrs    []*onnx.AttributeProto
		want     string
	}{
		{"LSTM clip", "LSTM", []string{"x", "w", "r"}, feeds{"w": lw, "r": lr}, []*onnx.AttributeProto{aI("hidden_size", 1), aF("clip", 3)}, "clip"},
		{"LSTM activation", "LSTM", []string{"x", "w", "r"}, feeds{"w": lw, "r": lr},
			[]*onnx.AttributeProto{aI("hidden_size", 1), aStrs("activations", "Sigmoid", "Affine", "Tanh")}, "Affine"},
		{"Resize antialias", "Resize", []string{"x", "", "sc"}, feeds{"sc": T([]int{3}, 1, 1, 2)}, []*onnx.AttributeProto{aI("antialias", 1)}, "antialias"},
		{"GRU direction", "GRU", []string{"x", "w", "r"}, feeds{"w": T([]int{1, 3, 1}, 1, 1, 1), "r": T([]int{1, 3, 1}, 1, 1, 1)},
			[]*onnx.AttributeProto{aI("hidden_size", 1), aS("direction", "sideways")}, "sideways"},
		{"ScatterElements reduction", "ScatterElements", []string{"x", "i:i", "x"}, feeds{"i:i": T([]int{2, 1, 1}, 0, 0)},
			[]*onnx.AttributeProto{aS("reduction", "mean")}, "mean"},
		{"Resize tf_crop_and_resize", "Resize", []string{"x", "", "sc"}, feeds{"sc": T([]int{3}, 1, 1, 2)},
			[]*onnx.AttributeProto{aS("coordinate_transformation_mode", "tf_crop_and_resize")}, "tf_crop_and_resize"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g, err := graph.FromProto(model(13, tc.op, tc.inputs, feeds{"x": T([]int{2, 1, 1}, 1, 2)}, tc.inits, 1, tc.attrs...))
			if err != nil {
				t.Fatal(err)
			}
			_, err = infer.Compile(g)
			if !errors.Is(err, infer.ErrUnsupported) || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "/block/"+tc.op) {
				t.Errorf("error %v should wrap ErrUnsupported and name %q and the node", err, tc.want)
			}
		})
	}
}
