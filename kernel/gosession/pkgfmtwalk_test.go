package gosession

import (
	"strings"
	"testing"
)

// TestThirdPartyFmtWalk imports a package (testdata/pkgsource/fmtwalk)
// that prints values of its types with %+v, %#v, and inside other values
// (a map[string]any holding a value with a String method, a struct with
// fields of such a type, a *log.Logger's Printf): yaegi printed renamed
// fields (`{Xx:1 Xy:2 Name:a}`), unnamed struct types for %#v and its own
// wrapper for values in interfaces; pkgfmtwalk.go prints them with the
// compiled walk of the cells. A type declared inside a function, and %#v
// with a width, are refused, naming them.
func TestThirdPartyFmtWalk(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/fmtwalk": testModule(t, "fmtwalk")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/fmtwalk"`)
	r, err := run(t, s, "fmtwalk.Print()")
	if err != nil {
		t.Fatalf("fmtwalk.Print: %s", errString(err))
	}
	want := `{x:1 y:2 Name:a}|&{x:1 y:2 Name:a}|[]fmtwalk.point{fmtwalk.point{x:1, y:2, Name:"a"}}
[L1 L2] map[k:L3]
[L1] [L2] [L3]
{Label:n when:4 L:L5 P:<nil> Any:L6}
{n 4 L5 <nil> L6}
[L7 {1 2 a} s 8]
loud1 loud2
loud3 loud3
{x:1 y:2 Name:a}|fmtwalk.point{x:1, y:2, Name:"a"}
{Base:{id:1} note:x}|fmtwalk.Derived{Base:fmtwalk.Base{id:1}, note:"x"}
code 4 code 4
ctx: code 4
true
[{s:2}] [{2}]
3
[L1      ]|[      L2]|
{x:     1 y:     2 Name:     a}|
{x:1 y:2 Name:a}
map[lvl:L9]
map[L1:2]
["L1"] [4c3130]
` // go run
	if got := r.stream("stdout"); got != want {
		t.Errorf("printed\n%s\nwant (go run)\n%s", got, want)
	}
	// A byte type with a String method: its slices printed as bytes with
	// %v ([3 1], Go [F3 F1]).
	r, err = run(t, s, "fmtwalk.Bytes()")
	if err != nil {
		t.Fatalf("fmtwalk.Bytes: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "[F3 F1] [F0 F0] map[a:[F2]]\n[F3 F1] [F3 F1] [3 1] 0301\n"; got != want { // go run
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
	// A struct of the package with interface fields holding values of its
	// types: fmt printed yaegi's wrapper, {a {0x… {0x… 0x… 406}}}.
	r, err = run(t, s, "fmtwalk.Held()")
	if err != nil {
		t.Fatalf("fmtwalk.Held: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "{a {2} [{1} <nil>]}\n{a {2} [{1} <nil>]}|[{a {%!s(float64=2)} [{%!s(float64=1)} <nil>]}]\ntrue true\n"; got != want { // go run
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
	for _, c := range []struct{ call, want string }{
		{"fmtwalk.Local()", "walk.go:87: %+v in fmt.Printf of a value of type fmtwalk.inner would print the interpreter's field names for inner, a type declared inside a function"},
		{"fmtwalk.Padded()", "walk.go:92: %#8v in fmt.Printf of a value of type fmtwalk.point would pad the interpreter's text whole"},
	} {
		r, err := run(t, s, c.call)
		if err == nil || !strings.Contains(errString(err), c.want) {
			t.Errorf("%s: error %v, printed %q; want one containing %q", c.call, err, r.stream("stdout"), c.want)
		}
	}
}
