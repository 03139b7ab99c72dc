package gosession

import "testing"

// TestGenericPrint checks that a call result, composite literal or
// variable of a generic session type with a String method, given to fmt,
// prints through it (genericstringer.go): yaegi printed its fields ({x
// true}, Go Some(x)), and the session had refused the call results and
// literals (genericprint.go, now for operands whose type the cell cannot
// write).
func TestGenericPrint(t *testing.T) {
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
	for cell, want := range map[string]string{
		"x := Some(\"y\")\nfmt.Println(x, &x)": "Some(y) Some(y)\n",
		`fmt.Println(Some("x"))`:               "Some(x)\n",
		`fmt.Printf("%v\n", Opt[int]{})`:       "None\n",
		`fmt.Print(&Opt[int]{})`:               "None",
	} {
		r, err := run(t, s, cell)
		if got := r.stream("stdout"); err != nil || got != want {
			t.Errorf("%s: printed %q, error %v; want %q (go run)", cell, got, err, want)
		}
	}
}
