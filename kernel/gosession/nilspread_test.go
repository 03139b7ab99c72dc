package gosession

import "testing"

// TestNilSpread checks that f(nil...) runs as Go runs it (nilspread.go):
// yaegi failed to compile it.
func TestNilSpread(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `func count(p string, xs ...int) (int, bool) { return len(xs), xs == nil }`)
	if got := mustRun(t, s, `n, isNil := count("a", nil...)
fmt.Sprint(n, isNil)`).result(); got != `"0 true"` {
		t.Errorf("count(\"a\", nil...) = %s, want \"0 true\"", got)
	}
}
