package gosession

import "testing"

// TestCommaOKRecv checks `v, ok := <-ch` at the top level of a cell
// (commaok.go): yaegi failed to compile it ("nil type").
func TestCommaOKRecv(t *testing.T) {
	s := newSession(t)
	code := "ch := make(chan string, 1)\nch <- \"a\"\nclose(ch)\nv, ok := <-ch\nw, ok2 := <-ch\nfmt.Sprint(v, ok, w == \"\", ok2)"
	if got := mustRun(t, s, code).result(); got != `"atrue true false"` {
		t.Errorf("receives = %s, want \"atrue true false\"", got)
	}
}
