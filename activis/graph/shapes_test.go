package graph_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/activis-go/activis/activis/graph"
)

func ints(name string, v ...int64) *graph.Attr {
	return &graph.Attr{Name: name, Type: graph.AttrInts, Ints: v}
}

func str(name, v string) *graph.Attr { return &graph.Attr{Name: name, Type: graph.AttrString, S: v} }

func one(name string, v int64) *graph.Attr { return &graph.Attr{Name: name, Type: graph.AttrInt, I: v} }

// TestInferShapes checks the shape rules of the recurrent, decoder and
// index operators against shapes worked out from the ONNX specification.
func TestInferShapes(t *testing.T) {
	f := func(s ...int) *graph.Info { return &graph.Info{DType: "float32", Shape: s} }
	iv := func(v ...int64) *graph.Info { return &graph.Info{DType: "int64", Shape: []int{len(v)}, Value: v} }
	tests := []struct {
		name  string
		op    string
		attrs []*graph.Attr
		in    []*graph.Info
		nOut  int
		want  string // shapes of the outputs, or an error fragment
	}{
		// 2·(4−1) + 1 + 3 − 1 − 1 = 8
		{"ConvTranspose", "ConvTranspose", []*graph.Attr{ints("strides", 2, 2), ints("pads", 1, 1, 1, 1), ints("output_padding", 1, 1)},
			[]*graph.Info{f(2, 4, 4, 4), f(4, 3, 3, 3)}, 1, "[[2 3 8 8]]"},
		{"ConvTranspose groups", "ConvTranspose", []*graph.Attr{one("group", 2)}, []*graph.Info{f(1, 4, 5), f(4, 3, 2)}, 1, "[[1 6 6]]"},
		{"ConvTranspose SAME_UPPER", "ConvTranspose", []*graph.Attr{ints("strides", 2), str("auto_pad", "SAME_UPPER")},
			[]*graph.Info{f(1, 1, 5), f(1, 1, 3)}, 1, "[[1 1 10]]"},
		{"Resize scales", "Resize", nil, []*graph.Info{f(1, 2, 3, 5), nil, {DType: "float32", Shape: []int{4}, Floats: []float32{1, 1, 1.5, 2}}}, 1, "[[1 2 4 10]]"},
		{"Resize sizes", "Resize", nil, []*graph.Info{f(1, 2, 3, 5), nil, nil, iv(1, 2, 7, 9)}, 1, "[[1 2 7 9]]"},
		{"Resize unknown scales", "Resize", nil, []*graph.Info{f(1, 2, 3, 5), nil, f(4)}, 1, "not a known constant"},
		{"LSTM", "LSTM", []*graph.Attr{one("hidden_size", 6), str("direction", "bidirectional")}, []*graph.Info{f(7, 3, 5), f(2, 24, 5)}, 3,
			"[[7 2 3 6] [2 3 6] [2 3 6]]"},
		{"GRU batch first", "GRU", []*graph.Attr{one("hidden_size", 4), one("layout", 1)}, []*graph.Info{f(3, 7, 5), f(1, 12, 5)}, 2,
			"[[3 7 1 4] [3 1 4]]"},
		{"Split sizes", "Split", []*graph.Attr{one("axis", 1)}, []*graph.Info{f(2, 5), iv(2, 3)}, 2, "[[2 2] [2 3]]"},
		{"Split equal", "Split", nil, []*graph.Info{f(6, 1)}, 3, "[[2 1] [2 1] [2 1]]"},
		{"Split uneven", "Split", nil, []*graph.Info{f(5)}, 2, "does not split"},
		{"Split num_outputs", "Split", []*graph.Attr{one("num_outputs", 2)}, []*graph.Info{f(5)}, 2, "[[3] [2]]"},
		{"TopK", "TopK", nil, []*graph.Info{f(2, 9), iv(4)}, 2, "[[2 4] [2 4]]"},
		{"TopK too large", "TopK", nil, []*graph.Info{f(2, 3), iv(4)}, 2, "out of range"},
		{"ArgMax", "ArgMax", []*graph.Attr{one("axis", -1), one("keepdims", 0)}, []*graph.Info{f(2, 3, 4)}, 1, "[[2 3]]"},
		{"Tile", "Tile", nil, []*graph.Info{f(2, 3), iv(2, 1)}, 1, "[[4 3]]"},
		{"Range", "Range", nil, []*graph.Info{{DType: "int64", Shape: []int{}, Value: []int64{0}}, {DType: "int64", Shape: []int{}, Value: []int64{7}},
			{DType: "int64", Shape: []int{}, Value: []int64{2}}}, 1, "[[4]]"},
		{"Einsum", "Einsum", []*graph.Attr{str("equation", "bij,bjk->bik")}, []*graph.Info{f(2, 3, 4), f(2, 4, 5)}, 1, "[[2 3 5]]"},
		{"Einsum mismatch", "Einsum", []*graph.Attr{str("equation", "ij,jk->ik")}, []*graph.Info{f(3, 4), f(5, 5)}, 1, "differ"},
		{"ScatterElements", "ScatterElements", nil, []*graph.Info{f(3, 3), f(2, 3), f(2, 3)}, 1, "[[3 3]]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := &graph.Node{Name: "/x/" + tc.op, OpType: tc.op, Attrs: map[string]*graph.Attr{}}
			for i := range tc.in {
				name := fmt.Sprintf("in%d", i)
				if tc.in[i] == nil {
					name = ""
				}
				n.Inputs = append(n.Inputs, name)
			}
			for i := 0; i < tc.nOut; i++ {
				n.Outputs = append(n.Outputs, fmt.Sprintf("out%d", i))
			}
			for _, a := range tc.attrs {
				n.Attrs[a.Name] = a
			}
			outs, err := graph.InferNode(n, 17, tc.in)
			if !strings.HasPrefix(tc.want, "[") {
				if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), n.Name) {
					t.Fatalf("error %v, want one naming the node and containing %q", err, tc.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var shapes [][]int
			for _, o := range outs {
				shapes = append(shapes, o.Shape)
			}
			if got := fmt.Sprint(shapes); got != tc.want {
				t.Errorf("shapes %s, want %s", got, tc.want)
			}
		})
	}
}
