package gosession

import (
	"strings"
	"testing"
)

// TestAutomaticProgress checks that a model loaded with activis.LoadONNX
// shows its runs as a progress bar in the running cell's output, updated in
// place, without the cell asking for it; and that a cell can silence it.
func TestAutomaticProgress(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `import "github.com/activis-go/activis/activis"`)
	mustRun(t, s, `model, err := activis.LoadONNX("../../activis/testdata/mlp_op11.onnx")
if err != nil {
	panic(err)
}
n := 500
data := &activis.Dataset{Instances: activis.NewInstances([]string{"a", "b", "c", "d", "e"}, n),
	Inputs: activis.NewActivations(make([]float32, n*20), n, 20), InputShape: []int{20}}`)
	for cell := range 2 {
		r := mustRun(t, s, "run, err := model.Run(data)\nif err != nil {\n\tpanic(err)\n}\nrun.Instances.Len()")
		if got := r.result(); got != "500" {
			t.Fatalf("cell %d: result %q", cell, got)
		}
		if len(r.displays) != 1 {
			t.Fatalf("cell %d: %d display_data, want 1 bar", cell, len(r.displays))
		}
		id := r.displays[0].DisplayID
		if id == "" || len(r.updates) == 0 {
			t.Fatalf("cell %d: bar id %q with %d updates, want updates in place", cell, id, len(r.updates))
		}
		for _, u := range r.updates {
			if u.DisplayID != id {
				t.Fatalf("cell %d: update of %q, want the bar %q", cell, u.DisplayID, id)
			}
		}
		first := r.displays[0].Data["text/plain"].(string)
		last := r.updates[len(r.updates)-1].Data["text/plain"].(string)
		if !strings.HasPrefix(first, "run ") || !strings.Contains(last, "100% 500/500 in ") {
			t.Errorf("cell %d: bar went from %q to %q, want the run task to 100%% with its time", cell, first, last)
		}
	}
	r := mustRun(t, s, "model.Progress = nil\nrun, err = model.Run(data)")
	if len(r.displays)+len(r.updates) != 0 {
		t.Errorf("silenced progress still shown: %d displays, %d updates", len(r.displays), len(r.updates))
	}
	r = mustRun(t, s, "ex := activis.NewExplorer(model, run)\nex.Progress != nil")
	if got := r.result(); got != "true" {
		t.Errorf("explorer progress set = %s, want true", got)
	}
	r = mustRun(t, s, "model.Progress = nil\nrun, err = model.Run(data, \"fc1\")\nex = activis.NewExplorer(model, run)\n_, err = ex.Stats(\"fc1\")\nerr")
	if len(r.displays) != 1 || !strings.HasPrefix(r.displays[0].Data["text/plain"].(string), "aggregate fc1") {
		t.Errorf("aggregation bar: %d displays %v, want one \"aggregate fc1\" bar", len(r.displays), r.displays)
	}
}
