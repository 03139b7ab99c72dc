package infer_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/activis-go/activis/activis/graph"
	"github.com/activis-go/activis/activis/infer"
	"github.com/advancedclimatesystems/gonnx/onnx"
)

// TestConvReluPoolFused checks the Conv+Relu+pooling fusion (each image
// pooled while its convolution is in cache) against the same graph run
// unfused: asking for the Relu's output too keeps the three steps apart.
// The outputs must be identical, for 2×2/2 max pooling of even and odd
// sizes, overlapping padded max and average windows, groups and batches.
func TestConvReluPoolFused(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	rnd := func(shape ...int) *infer.Tensor {
		n := 1
		for _, d := range shape {
			n *= d
		}
		v := make([]float32, n)
		for i := range v {
			v[i] = float32(r.NormFloat64())
		}
		return &infer.Tensor{Shape: shape, Data: v}
	}
	pools := []struct {
		op    string
		attrs []*onnx.AttributeProto
	}{
		{"MaxPool", []*onnx.AttributeProto{aInts("kernel_shape", 2, 2), aInts("strides", 2, 2)}},
		{"MaxPool", []*onnx.AttributeProto{aInts("kernel_shape", 3, 3), aInts("strides", 2, 2), aInts("pads", 1, 1, 1, 1)}},
		{"AveragePool", []*onnx.AttributeProto{aInts("kernel_shape", 3, 3), aInts("strides", 2, 2), aInts("pads", 1, 1, 1, 1), aI("count_include_pad", 1)}},
		{"AveragePool", []*onnx.AttributeProto{aInts("kernel_shape", 2, 2), aInts("strides", 1, 1)}},
	}
	for _, size := range []int{8, 7, 28} {
		for _, group := range []int64{1, 2} {
			for pi, pool := range pools {
				name := fmt.Sprintf("%d×%d group %d %s#%d", size, size, group, pool.op, pi)
				x := rnd(3, 4, size, size)
				inits := feeds{"w": rnd(6, 4/int(group), 3, 3), "b": rnd(6)}
				m := model(13, "Conv", []string{"x", "w", "b"}, feeds{"x": x}, inits, 1,
					aInts("kernel_shape", 3, 3), aInts("pads", 1, 1, 1, 1), aI("group", group))
				m.Graph.Node = append(m.Graph.Node,
					&onnx.NodeProto{Name: "/relu", OpType: "Relu", Input: []string{"y"}, Output: []string{"r"}},
					&onnx.NodeProto{Name: "/pool", OpType: pool.op, Input: []string{"r"}, Output: []string{"p"}, Attribute: pool.attrs})
				m.Graph.Output = []*onnx.ValueInfoProto{{Name: "p"}}
				g, err := graph.FromProto(m)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				p, err := infer.Compile(g)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				ex := p.NewExecutor()
				fused, err := ex.Run(feeds{"x": x}, "p")
				if err != nil {
					t.Fatalf("%s: fused: %v", name, err)
				}
				got := &infer.Tensor{Shape: fused["p"].Shape, Data: append([]float32(nil), fused["p"].Data...)}
				apart, err := p.NewExecutor().Run(feeds{"x": x}, "r", "p")
				if err != nil {
					t.Fatalf("%s: unfused: %v", name, err)
				}
				if err := sameTensor(got, apart["p"], 0); err != nil {
					t.Fatalf("%s: fused %v", name, err)
				}
				// The executor reuses its buffers: a second fused run agrees.
				again, err := ex.Run(feeds{"x": x}, "p")
				if err != nil {
					t.Fatal(err)
				}
				if err := sameTensor(again["p"], got, 0); err != nil {
					t.Fatalf("%s: second run %v", name, err)
				}
			}
		}
	}
}
