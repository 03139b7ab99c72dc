package activis

import (
	"strings"
	"testing"
)

func TestAccuracyAndConfusion(t *testing.T) {
	in := NewInstances([]string{"a", "b"}, 5)
	in.Labels = []int{0, 0, 1, 1, -1}
	in.Predicted = []int{0, 1, 1, 1, 0}
	if got, want := in.Accuracy(), 0.75; got != want {
		t.Errorf("Accuracy = %v, want %v (the unlabelled row is left out)", got, want)
	}
	m := in.Confusion()
	want := [][]int{{1, 1}, {0, 2}}
	for i := range want {
		for j := range want[i] {
			if m[i][j] != want[i][j] {
				t.Fatalf("Confusion = %v, want %v", m, want)
			}
		}
	}
	rep := in.ClassReport()
	for _, s := range []string{"precision", "accuracy 0.7500", "a ", "b "} {
		if !strings.Contains(rep, s) {
			t.Errorf("ClassReport lacks %q:\n%s", s, rep)
		}
	}
	empty := NewInstances([]string{"a"}, 0)
	if empty.Accuracy() != 0 {
		t.Errorf("empty Accuracy = %v, want 0", empty.Accuracy())
	}
}

func TestModelString(t *testing.T) {
	m, err := LoadONNX("testdata/fashion_cnn.onnx")
	if err != nil {
		t.Fatal(err)
	}
	s := m.String()
	for _, want := range []string{"opset", "parameters", "inputs:", "outputs:", "conv1", "fc1"} {
		if !strings.Contains(s, want) {
			t.Errorf("Model.String lacks %q:\n%s", want, s)
		}
	}
	if thousands(1234567) != "1,234,567" || thousands(12) != "12" || thousands(-1000) != "-1,000" {
		t.Errorf("thousands: %q %q %q", thousands(1234567), thousands(12), thousands(-1000))
	}
}

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

func TestHiddenAttributeHint(t *testing.T) {
	in := NewInstances([]string{"a", "b"}, 2)
	in.Labels = []int{0, 1}
	if err := in.SetText("split", []string{"train", "test"}, true); err != nil {
		t.Fatal(err)
	}
	run, err := NewRun(in, map[string]*Activations{"l": NewActivations(make([]float32, 2), 2, 1)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = CompileExpr(`split == "test"`, run)
	if err == nil || !strings.Contains(err.Error(), `write text("split")`) {
		t.Errorf("error for an attribute hidden by a builtin = %v, want a hint to use text(\"split\")", err)
	}
	e, err := CompileExpr(`text("split") == "test"`, run)
	if err != nil {
		t.Fatal(err)
	}
	_ = e
}
