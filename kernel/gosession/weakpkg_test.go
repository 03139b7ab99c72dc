package gosession

import (
	"runtime"
	"testing"
)

// TestWeakPointer checks package weak of the session (weakpkg.go,
// gosrc/weak.go.txt): Value gives the pointer back while the value is
// reachable, and nil once the collector reclaimed it.
func TestWeakPointer(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `import "weak"
type Node struct{ Data [1 << 12]byte; ID int }
func keep() (*Node, weak.Pointer[Node]) { n := &Node{ID: 7}; return n, weak.Make(n) }
func drop() weak.Pointer[Node] { return weak.Make(&Node{ID: 8}) }`)
	if got := mustRun(t, s, "n, w := keep()\nw.Value() == n && w.Value().ID == 7").result(); got != "true" {
		t.Errorf("Value of a reachable value: %s, want true", got)
	}
	mustRun(t, s, "d := drop()")
	runtime.GC()
	runtime.GC()
	if got := mustRun(t, s, "d.Value() == nil").result(); got != "true" {
		t.Errorf("Value of a reclaimed value: %s, want true", got)
	}
}
