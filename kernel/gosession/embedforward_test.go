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

// TestEmbeddedCompiledIfaceForwarders checks that a struct embedding a
// compiled interface (error) has its method (embedforward.go): yaegi
// printed the field's pointer and panicked "method not found: Error"
// converting it to error.
func TestEmbeddedCompiledIfaceForwarders(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `import ("errors"; "fmt")
type CodeErr struct {
	error
	Code int
}`)
	got := mustRun(t, s, `e := CodeErr{errors.New("disk full"), 507}
var err error = e
fmt.Println(e, err.Error())`).stream("stdout")
	if got != "disk full disk full\n" {
		t.Errorf("printed %q, want %q", got, "disk full disk full\n")
	}
}
