package graph_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/activis-go/activis/activis/graph"
)

// FuzzLoad feeds arbitrary bytes to Load as an ONNX file: protobuf
// decoding, initializer checks, topological order, shape inference and
// the scope hierarchy. Malformed input must give an error naming the file,
// never a panic; an accepted graph must answer the views' queries.
// Seeds are the small ONNX fixtures of ../testdata.
func FuzzLoad(f *testing.F) {
	for _, name := range []string{"pools_op11.onnx", "transpose_op13.onnx", "text_op13.onnx", "mlp_op11.onnx", "extra_op17.onnx"} {
		b, err := os.ReadFile(filepath.Join("..", "testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte{0x08, 0x07, 0x3a, 0x00}) // ir_version 7, an empty graph
	f.Fuzz(func(t *testing.T, b []byte) {
		path := filepath.Join(t.TempDir(), "fuzz.onnx")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		g, err := graph.Load(path)
		if err != nil {
			if !strings.Contains(err.Error(), path) {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for _, n := range g.Nodes {
			for _, in := range n.Inputs {
				if in != "" && g.Tensors[in] == nil {
					t.Fatalf("node %q reads undefined tensor %q", n.Name, in)
				}
			}
		}
		for _, name := range g.DataTensors() {
			if _, err := g.Resolve(name); err != nil {
				t.Fatalf("data tensor %q does not resolve: %v", name, err)
			}
			g.Layout(name)
		}
		items := g.Summary(12)
		g.FrontierEdges(items)
		for _, it := range items {
			if _, err := g.Expand(items, it.Path); err != nil && it.Path == "" {
				t.Fatalf("expand %q: %v", it.Path, err)
			}
		}
		g.Params()
		g.ValidNames(20)
	})
}
