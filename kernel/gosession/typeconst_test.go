package gosession

import (
	"strings"
	"testing"
)

// TestStaleTypeConsts checks that redefining a constant a type's
// declaration uses names the type, and that declaring the same type
// again then gives it (and the functions using it) the new constant.
func TestStaleTypeConsts(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "const N = 3\ntype Arr [N]int\ntype S struct{ N int }\nfunc size() int { return len(Arr{}) }")
	_, err := run(t, s, "const N = 5")
	if err == nil || !strings.Contains(errString(err), "type Arr uses N") || strings.Contains(errString(err), "type S") {
		t.Errorf("N redefined: error %s, want Arr named and not S", errString(err))
	}
	if got := mustRun(t, s, "type Arr [N]int\nsize()").result(); got != "5" {
		t.Errorf("Arr declared again: size() = %q, want 5", got)
	}
}
