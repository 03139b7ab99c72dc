package gosession

import "testing"

// TestProgramVarOrder checks that package-level vars of a cell whose
// initializers refer to later vars are initialised in dependency order, as
// Go does: they ran as statements in source order, so x read y before y was
// set (x = 1 and trace [x y z]; Go: 3 and [y x z]).
func TestProgramVarOrder(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `var trace []string
func note(s string, v int) int { trace = append(trace, s); return v }
var x = note("x", y+1)
var y = note("y", 2)
var z = note("z", x+y)`)
	got := mustRun(t, s, `import "fmt"
fmt.Println(x, y, z, trace)`).stream("stdout")
	if want := "3 2 5 [y x z]\n"; got != want {
		t.Errorf("printed %q, want %q", got, want)
	}
}

// TestProgramMethodForwardVar: a method that refers to a package-level
// var declared after it in the same cell compiles, as a function does (it
// failed with "undefined: ErrNotFound": only functions counted as
// forward references).
func TestProgramMethodForwardVar(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `import ("errors"; "fmt")
type Server struct{ routes map[string]int }
func (s *Server) Serve(path string) (string, error) {
	if _, ok := s.routes[path]; !ok {
		return "", fmt.Errorf("%s: %w", path, ErrNotFound)
	}
	return "ok", nil
}
var ErrNotFound = errors.New("not found")`)
	got := mustRun(t, s, `_, err := (&Server{}).Serve("/a")
fmt.Println(err, errors.Is(err, ErrNotFound))`).stream("stdout")
	if want := "/a: not found true\n"; got != want { // go run
		t.Errorf("printed %q, want %q", got, want)
	}
}
