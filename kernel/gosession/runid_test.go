package gosession

import (
	"strings"
	"testing"
	"time"
)

// TestClosureAfterInterrupt checks that function values made before a
// stopped cell still run afterwards (runid.go): yaegi left them doing
// nothing, without an error.
func TestClosureAfterInterrupt(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "n := 0\ninc := func() { n++ }\nmk := func() func() int { c := 0; return func() int { c++; return c } }\nctr := mk()\nctr()")
	for i, stop := range []string{"for {}", "go func() { panic(\"boom\") }()\nselect {}"} {
		if i == 0 {
			_, e := runCtx(t, s, withTimeout(t, 100*time.Millisecond), stop)
			if e == nil || e.Name != "Interrupted" {
				t.Fatalf("%q: %s, want Interrupted", stop, errString(e))
			}
		} else if _, e := run(t, s, stop); e == nil || !strings.Contains(e.Value, "boom") {
			t.Fatalf("%q: %s, want the goroutine's panic", stop, errString(e))
		}
		if got, want := mustRun(t, s, "inc(); inc(); n").result(), []string{"2", "4"}[i]; got != want {
			t.Errorf("after %q: inc(); inc(); n = %s, want %s", stop, got, want)
		}
		if got, want := mustRun(t, s, "ctr()").result(), []string{"2", "3"}[i]; got != want {
			t.Errorf("after %q: ctr() = %s, want %s", stop, got, want)
		}
	}
}

// TestClosureAfterBlockedStop checks the id is put back after a cell
// stopped inside compiled code, and that the next cell says the stopped
// one goes on when the call returns (n = 100 runs).
func TestClosureAfterBlockedStop(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "n := 0\ninc := func() { n++ }")
	if _, e := runCtx(t, s, withTimeout(t, 100*time.Millisecond), "time.Sleep(1500 * time.Millisecond)\nn = 100"); e == nil || e.Name != "Interrupted" {
		t.Fatalf("interrupt: %s", errString(e))
	}
	r := mustRun(t, s, "1") // waits 200 ms for the stopped cell, which sleeps on
	if !strings.Contains(r.stream("stderr"), "still blocked in a call of compiled code") {
		t.Errorf("stderr %q lacks the note on the blocked cell", r.stream("stderr"))
	}
	if got := mustRun(t, s, "inc(); n").result(); got != "1" {
		t.Errorf("while the stopped cell sleeps: inc(); n = %s, want 1", got)
	}
	time.Sleep(1500 * time.Millisecond) // the sleep has returned and the cell went on
	if got := mustRun(t, s, "inc(); n").result(); got != "101" {
		t.Errorf("after the stopped cell went on: inc(); n = %s, want 101", got)
	}
}
