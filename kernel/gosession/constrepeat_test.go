package gosession

import (
	"strings"
	"testing"
)

// TestConstRepeats checks const specs of several names (constrepeat.go):
// yaegi failed on their implicit repetition ("constant definition loop")
// and counted iota per name.
func TestConstRepeats(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "const (\n\tx, y = iota, iota * 2\n\tz, w\n)\nconst (\n\ta, b = iota, -iota\n\tc, d = iota, -iota\n\te = iota * 10\n\tf\n)")
	if got := mustRun(t, s, "fmt.Sprint(x, y, z, w, a, b, c, d, e, f)").result(); got != `"0 0 1 2 0 0 1 -1 20 30"` {
		t.Errorf("constants = %s, want \"0 0 1 2 0 0 1 -1 20 30\"", got)
	}
	for code, want := range map[string]string{
		"const (\n\tp, q = 1, 2\n\tr\n)":       "extra init expr",
		"const (\n\tp, q = 1, 2\n\tr, u, v\n)": "missing init expr for v",
	} {
		if _, err := run(t, s, code); err == nil || !strings.Contains(errString(err), want) {
			t.Errorf("%s: error = %s, want %q", code, errString(err), want)
		}
	}
}
