package gosession

import (
	"strings"
	"testing"
)

// TestThirdPartyPrintIfaces imports a package (testdata/pkgsource/
// printiface) that prints values of its Shape interface, of any and of
// error holding its types with interfaces inside (a Pair of two Shapes, a
// struct with a Shape field, a *Tree with a []Shape, a map[string]any
// and a String method), with %T, %v, %+v, %s and %#v: at 95a34cf %T named
// `struct { R float64 }` for a Circle and fmt printed yaegi's wrappers for
// the fields (`{A:{node:0xc… value:{…}} …}`), without an error.
// pkgtypeverb.go's compiledIfaceTypeName asserts the package's own
// interfaces too, and pkgfmtwalk.go walks an interface operand that may
// hold such a value or one with a String method (mayHoldIfaces; a Shape
// holding a Named printed `{s}` at bd3d526, Go `named s`), as go run
// prints. %T of a type whose
// method comes from an embedded interface, which yaegi cannot assert to,
// is refused.
func TestThirdPartyPrintIfaces(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/printiface": testModule(t, "printiface")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/printiface"`)
	r := mustRun(t, s, "printiface.Run()")
	want := "printiface.Pair {{1} named x} {A:{R:1} B:named x}\n{{1} 2} {S:{R:1} N:2} {{%!s(float64=1)} %!s(int=2)}\ntree of 1 tree of 1 *printiface.Tree\ntree of 1 named y\n{named z {2}}\n{named z {2}}|{A:named z B:{R:2}}|{named z {%!s(float64=2)}}\nerr with {3}\nerr with {3} err with {3} printiface.Err\n[{{1} {2}} {3}]\n[{{1} {2}} {3}] [{A:{R:1} B:{R:2}} {R:3}]\ntree of 1 {named z {2}}\n&printiface.Tree{Kids:[]printiface.Shape{printiface.Circle{R:1}}, Meta:map[string]interface {}{\"k\":printiface.Named{N:\"m\"}}}\nprintiface.Plain{S:printiface.Circle{R:1}, N:2} printiface.Pair{A:printiface.Named{N:\"z\"}, B:printiface.Circle{R:2}}\n" // go run
	if got := r.stream("stdout"); got != want {
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
	r = mustRun(t, s, "printiface.Stringers()")
	if got, want := r.stream("stdout"), "named s err with {1}\nnamed s named s \"named s\"|err with {1}\n"; got != want {
		t.Errorf("Stringers printed %q, want %q (go run)", got, want)
	}
	_, err := run(t, s, "printiface.TypeOfPromoted()")
	if err == nil || !strings.Contains(errString(err), "printiface.go:80: %T of a value that may be of printiface.Labeled or *printiface.Labeled, whose methods come from an embedded interface") {
		t.Errorf("TypeOfPromoted: got %v, want the refusal naming printiface.go:80 and Labeled (go run prints printiface.Labeled)", err)
	}
}
