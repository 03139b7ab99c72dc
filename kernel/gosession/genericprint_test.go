package gosession

import (
	"strings"
	"testing"
)

// TestGenericPrintRefused checks that a call result or composite literal
// of a generic session type with a String method, given to fmt, is
// refused with the workaround (genericprint.go): yaegi printed its fields
// ({x true}, Go Some(x)), and that a variable of it still prints as Go.
func TestGenericPrintRefused(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `import "fmt"
type Opt[T any] struct {
	v  T
	ok bool
}
func Some[T any](v T) Opt[T] { return Opt[T]{v, true} }
func (o Opt[T]) String() string {
	if !o.ok {
		return "None"
	}
	return fmt.Sprintf("Some(%v)", o.v)
}`)
	if got := mustRun(t, s, `x := Some("y")
fmt.Println(x, &x)`).stream("stdout"); got != "Some(y) Some(y)\n" {
		t.Errorf("a variable printed %q, want %q", got, "Some(y) Some(y)\n")
	}
	for _, cell := range []string{`fmt.Println(Some("x"))`, `fmt.Printf("%v\n", Opt[int]{})`, `fmt.Print(&Opt[int]{})`} {
		_, err := run(t, s, cell)
		if msg := errString(err); !strings.Contains(msg, "assign it to a variable first") {
			t.Errorf("%s: error %s, want the refusal", cell, msg)
		}
	}
}
