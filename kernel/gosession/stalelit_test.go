package gosession

import (
	"strings"
	"testing"
)

// TestStaleLits checks that a variable holding a function literal that
// calls a redefined function is refused until it is defined again.
func TestStaleLits(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "func f() int { return 1 }\nh := func() int { return f() }\nk := func() int { return 7 }")
	mustRun(t, s, "func f() int { return 2 }")
	_, err := run(t, s, "h()")
	if err == nil || !strings.Contains(errString(err), "h holds a function literal of In[") || !strings.Contains(errString(err), "old f") {
		t.Errorf("h() after f was redefined: error %s, want it refused", errString(err))
	}
	if got := mustRun(t, s, "k()").result(); got != "7" {
		t.Errorf("k() = %q, want 7", got)
	}
	if got := mustRun(t, s, "h := func() int { return f() * 10 }\nh()").result(); got != "20" {
		t.Errorf("h defined again: h() = %q, want 20", got)
	}
}
