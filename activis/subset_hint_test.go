package activis

import (
	"strings"
	"testing"
)

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
