package activis

import (
	"strings"
	"testing"
)

func TestExplorerLayersInGraphOrder(t *testing.T) {
	m, err := LoadONNX("testdata/fashion_cnn.onnx")
	if err != nil {
		t.Fatal(err)
	}
	in := NewInstances([]string{"a", "b"}, 2)
	in.Labels = []int{0, 1}
	acts := func(d int) *Activations { return NewActivations(make([]float32, 2*d), 2, d) }
	run, err := NewRun(in, map[string]*Activations{"logits": acts(10), "fc1": acts(128), "conv2": acts(32)})
	if err != nil {
		t.Fatal(err)
	}
	ex := NewExplorer(m, run)
	if got := strings.Join(ex.Layers(), " "); got != "conv2 fc1 logits" {
		t.Errorf("Layers() = %q, want graph order conv2 fc1 logits", got)
	}
	if ex.Layer() != "fc1" {
		t.Errorf("default layer = %q, want fc1 (the deepest that is not an output)", ex.Layer())
	}
	noModel := NewExplorer(nil, run)
	if l := noModel.Layers(); noModel.Layer() != l[len(l)-1] {
		t.Errorf("without a model the default layer = %q, want the last of %v", noModel.Layer(), l)
	}
}
