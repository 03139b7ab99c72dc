package gosession

import (
	"strings"
	"testing"
)

// TestThirdPartyIfaceTuples imports a package (testdata/pkgsource/
// tupleiface) whose functions store values of its own types into
// interfaces by tuple assignments (`n, err = 0, &SyntaxError{…}`, a field,
// a multi-value call, a swap of two `any`, a comma-ok map read in a loop),
// return a multi-value call of other types (`return kv()` of an `(int,
// string)` from an `(any, any)` function gave `1 <nil>`, without an
// error), store constant literals into interface fields and elements
// (ifacestore.go), range with = into an interface variable
// (rangeassign.go) and assign nil in a for loop's init and post statements and an
// if's init: yaegi panicked on the others ("reflect.Set: value of type
// interp.valueInterface is not assignable", "reflect: New(nil)"); all run
// as go run prints (tupleiface.go, tuplenil.go). A nil pointer stored
// into an error that way is refused, not made a nil error. Indexed
// assigns a variable and an element it indexes from a call, whose
// indexes are evaluated first (pkgtuple.go's tupleKeyParts); SelectInto
// receives into an interface in a select case (pkgtuple.go's
// commMapTuple).
func TestThirdPartyIfaceTuples(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/tupleiface": testModule(t, "tupleiface")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/tupleiface"`)
	r, err := run(t, s, "tupleiface.Run()")
	if err != nil {
		t.Fatalf("%s", errString(err))
	}
	want := "0 line 3: empty true\n2 line 4: field\n5 25\n&{2} &{1}\ntrue true true false \n0129 <nil>\n1 a\n1 4\n3 12\n0 1 1 4 \n" // go run
	if got := r.stream("stdout"); got != want {
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
	// Indexed: `j, xs[j] = pick(2)` panicked ("reflect.Set: …"), as the
	// split was left for its left side reading j.
	r, err = run(t, s, "fmt.Println(tupleiface.Indexed())")
	if err != nil {
		t.Fatalf("Indexed: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "2 4 true c2 {1} {1} 3 4 9 true\n"; got != want { // go run
		t.Errorf("Indexed printed %q, want %q (go run)", got, want)
	}
	// SelectInto: `case sh, ok = <-ch:` of a chan *Sq into a Shape
	// panicked ("reflect.Set: …").
	r, err = run(t, s, "fmt.Println(tupleiface.SelectInto())")
	if err != nil {
		t.Fatalf("SelectInto: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "4 true\n"; got != want { // go run
		t.Errorf("SelectInto printed %q, want %q (go run)", got, want)
	}
	_, err = run(t, s, "tupleiface.NilPtr()")
	if err == nil || !strings.Contains(errString(err), "tupleiface.go:73: a nil *SyntaxError assigned to error in a tuple assignment") {
		t.Errorf("NilPtr: got %v, want the refusal of the nil *SyntaxError naming its line", err)
	}
}
