package gosession

import "testing"

// TestConstFormat checks that a Printf-like call whose format is a named
// constant prints as with the literal (constformat.go): the print
// rewrites took such a format as unknown, and a session value printed
// without its methods.
func TestConstFormat(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `import "fmt"
type E struct{ msg string }
func (e *E) Error() string { return e.msg }
type Level int
func (l Level) String() string { return "L" }
const format = "%v %d %s|"
const wf = "%" + "w"`)
	got := mustRun(t, s, `fmt.Printf(format, &E{"m"}, Level(2), Level(3))
fmt.Print(fmt.Errorf(wf, &E{"w"}))`).stream("stdout")
	if want := "m 2 L|w"; got != want {
		t.Errorf("stdout = %q, want %q", got, want)
	}
}
