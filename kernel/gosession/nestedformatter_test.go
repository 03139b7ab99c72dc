package gosession

import (
	"strings"
	"testing"
)

// TestNestedFormatterRefused checks that a print operand holding values
// of a session type with a Format method inside it is refused
// (nestedformatter.go): yaegi printed [1 250] for a []Money (Go [$0.01
// $2.50]); the value itself still prints through its method.
func TestNestedFormatterRefused(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `import "fmt"
type Money int64
func (m Money) Format(f fmt.State, verb rune) { fmt.Fprintf(f, "$%d.%02d", int64(m)/100, int64(m)%100) }
type Line struct{ Cost Money }`)
	if got := mustRun(t, s, `fmt.Println(Money(250))`).stream("stdout"); got != "$2.50\n" {
		t.Errorf("Money(250) printed %q, want %q", got, "$2.50\n")
	}
	for _, cell := range []string{`fmt.Println([]Money{1, 250})`, `fmt.Printf("%v\n", Line{5})`, `fmt.Sprint(map[string]*Money{})`} {
		_, err := run(t, s, cell)
		if msg := errString(err); !strings.Contains(msg, "Money values (with their Format method)") {
			t.Errorf("%s: error %s, want the refusal", cell, msg)
		}
	}
}
