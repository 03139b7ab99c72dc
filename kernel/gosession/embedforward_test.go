package gosession

import "testing"

// TestEmbeddedIfaceForwarders checks that a struct embedding a pointer to
// a struct that embeds an interface converts to that interface
// (embedforward.go): yaegi panicked "method not found".
func TestEmbeddedIfaceForwarders(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `import "strings"
type Namer interface{ Name(prefix ...string) string }
type fixed string
func (f fixed) Name(prefix ...string) string { return strings.Join(prefix, "") + string(f) }
type Inner struct{ Namer }
type Outer struct{ *Inner; n int }`)
	got := mustRun(t, s, `var nm Namer = Outer{&Inner{fixed("x")}, 1}
nm.Name("a", "b")`).result()
	if got != `"abx"` {
		t.Errorf("Name through Outer = %s, want \"abx\"", got)
	}
}
