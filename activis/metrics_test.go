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
