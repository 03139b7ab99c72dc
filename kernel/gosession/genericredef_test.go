package gosession

import (
	"strings"
	"testing"
)

// TestGenericRedefined checks that a generic function used since its
// declaration cannot be declared again with another body, that the same
// declaration can, and that one nothing used yet can be replaced.
func TestGenericRedefined(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "func Double[T int | float64](x T) T { return x * 2 }\nfunc Twice[T any](x T) []T { return []T{x, x} }")
	mustRun(t, s, "func Twice[T any](x T) []T { return []T{x, x, x} }") // not used yet
	if got := mustRun(t, s, "len(Twice(1))").result(); got != "3" {
		t.Errorf("Twice replaced before use: len = %q, want 3", got)
	}
	if got := mustRun(t, s, "Double(3)").result(); got != "6" {
		t.Fatalf("Double(3) = %q, want 6", got)
	}
	_, err := run(t, s, "func Double[T int | float64](x T) T { return x * 3 }")
	if err == nil || !strings.Contains(errString(err), "generic function Double was declared by In[") || !strings.Contains(errString(err), "Double2") {
		t.Errorf("Double declared again: error %s, want it refused", errString(err))
	}
	mustRun(t, s, "func Double[T int | float64](x T) T { return x * 2 }")
	_, err = run(t, s, "func Twice[T any](x T) []T { return nil }")
	if err == nil || !strings.Contains(errString(err), "generic function Twice") {
		t.Errorf("Twice declared again after use: error %s, want it refused", errString(err))
	}
	if got := mustRun(t, s, "Double(3)").result(); got != "6" {
		t.Errorf("after the refusals Double(3) = %q, want 6", got)
	}
}
