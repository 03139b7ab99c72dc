package gosession

import (
	"strings"
	"testing"
)

// TestThirdPartyTypesInCells imports a package (testdata/pkgsource/
// srctypes) whose types have String methods and prints its values in
// cells: results of its calls printed their underlying values (`30 &{2}`),
// `%d` of a constant or variable of its type with methods yaegi's wrapper
// (`{1 5532864}`), without an error; sourcetypes.go converts them, with
// the types the oracle now checks from the package's source. A slice of
// them, whose elements compiled fmt cannot give their String method, is
// refused (it printed `[0 1]`; Go `[D I]`).
func TestThirdPartyTypesInCells(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/srctypes": testModule(t, "srctypes"),
		"example.com/ifacecallarg": testModule(t, "ifacecallarg")})
	s := newSession(t)
	mustRun(t, s, "import (\n\"errors\"\n\"example.com/srctypes\"\n)")
	r, err := run(t, s, `fmt.Println(srctypes.Hot(), srctypes.NewNode(2))
lv := srctypes.Warn
fmt.Printf("%v %s %d|%d %v %x\n", srctypes.Hot(), srctypes.NewNode(3), srctypes.Info, lv, lv, lv)`)
	if err != nil {
		t.Fatalf("srctypes: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "30.0C node2\n30.0C node3 1|2 W 57\n"; got != want { // go run
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
	// errors through its error type's Unwrap: `false false …` before
	// (compiled errors saw yaegi's wrapper without Unwrap, and errors.As
	// panicked: "errors: *target must be interface or implement error").
	r, err = run(t, s, `err := srctypes.Find("k")
var nf *srctypes.NotFound
w := fmt.Errorf("wrap: %w", err)
fmt.Println(errors.Is(err, srctypes.ErrMissing), errors.As(w, &nf), nf.Key, errors.Is(w, srctypes.ErrMissing), errors.Unwrap(err) == srctypes.ErrMissing)`)
	if err != nil {
		t.Fatalf("errors: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "true true k true true\n"; got != want { // go run
		t.Errorf("errors printed %q, want %q (go run)", got, want)
	}
	// An interface compared with a value of its type: yaegi compared its
	// wrappers (false); Sq shares its underlying type with Celsius, so
	// that comparison is refused.
	mustRun(t, s, `import "example.com/ifacecallarg"`)
	r, err = run(t, s, `s1, s2 := ifacecallarg.NewShape("circle"), ifacecallarg.NewShape("square")
var a any = ifacecallarg.Square(2)
fmt.Println(s1 == ifacecallarg.Circle{1}, s2 == ifacecallarg.Square(2), s2 != ifacecallarg.Square(2), ifacecallarg.Square(2) == s2, s1 == ifacecallarg.Square(2), a == ifacecallarg.Square(2))`)
	if err != nil {
		t.Fatalf("compare: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "true true false true false true\n"; got != want { // go run
		t.Errorf("comparisons printed %q, want %q (go run)", got, want)
	}
	_, err = run(t, s, `fmt.Println(srctypes.Shapes()[0] == srctypes.Sq(2))`)
	if err == nil || !strings.Contains(errString(err), "it gives Sq and Celsius one run-time type") {
		t.Errorf("comparing with a look-alike: error %s", errString(err))
	}
	// Values of its types with String methods inside other values, also
	// held in interfaces, are printed by the walk (sourcewalk.go): a
	// slice of Levels printed `[0 1]` (refused since; Go `[D I]`), a
	// struct of the session's holding a Celsius `{a 30}` and
	// `{Name:a T:30}` (Go `{a 30.0C}`, `{Name:a T:30.0C}`), a []any
	// `[1 0xc000… 30]`.
	mustRun(t, s, "type reading struct {\nName string\nT srctypes.Celsius\n}\nrd := reading{\"a\", srctypes.Hot()}")
	r, err = run(t, s, `fmt.Println([]srctypes.Level{srctypes.Debug, srctypes.Info}, rd)
fmt.Printf("%+v|%v|%#v\n", rd, []any{srctypes.Info, srctypes.NewNode(3), srctypes.Hot()}, rd)
fmt.Println(map[srctypes.Level]srctypes.Celsius{srctypes.Warn: 3}, srctypes.Shapes())`)
	if err != nil {
		t.Fatalf("nested: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "[D I] {a 30.0C}\n{Name:a T:30.0C}|[I node3 30.0C]|main.reading{Name:\"a\", T:30}\nmap[W:3.0C] [2 3]\n"; got != want { // go run
		t.Errorf("nested values printed %q, want %q (go run)", got, want)
	}
}
