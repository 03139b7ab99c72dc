package gosession

import (
	"strings"
	"testing"
)

// TestThirdPartyTypeVerb imports a package (testdata/pkgsource/typeverb)
// that prints %T of values of its types: the call was refused for a static
// type made of them, and a value held in an interface printed its
// underlying type (int for a Level); pkgtypeverb.go prints the names as Go
// does (a struct value of the package's types held in an any by assertion
// to them, since stop 42), and refuses a struct value whose type it
// cannot name (one declared in a function).
func TestThirdPartyTypeVerb(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/typeverb": testModule(t, "typeverb")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/typeverb"`)
	r, err := run(t, s, "fmt.Println(typeverb.Static())\nfmt.Println(typeverb.Dynamic())")
	if err != nil {
		t.Fatalf("typeverb: %s", errString(err))
	}
	want := "typeverb.Level|[]typeverb.Level|*typeverb.node|map[string]*typeverb.node|typeverb.Box[int]|1\n" + // go run
		"typeverb.Level *typeverb.node float64 time.Duration *errors.errorString <nil>\n"
	if got := r.stream("stdout"); got != want {
		t.Errorf("printed\n%s\nwant (go run)\n%s", got, want)
	}
	if got, want := mustRun(t, s, "fmt.Println(typeverb.Erased())").stream("stdout"), "typeverb.plain\n"; got != want { // go run
		t.Errorf("Erased printed %q, want %q (go run)", got, want)
	}
	r, err = run(t, s, "fmt.Println(typeverb.ErasedLocal())")
	if want := "typeverb/typeverb.go:55: %T of a value of the interpreter's struct type"; err == nil || !strings.Contains(errString(err), want) {
		t.Errorf("ErasedLocal: error %v, printed %q; want one containing %q", err, r.stream("stdout"), want)
	}
}

// TestCellTypeVerbOfPackageTypes prints %T in cells of values of a
// package's types (sourcetypeverb.go): yaegi printed their underlying
// types (`struct { V int }`, `int`), and in a session with types of its
// own the renamed generic `*main.Box·83[int]`; held in an interface, an
// instance inferred from a constant printed `*p.Box·83[untyped int]`.
func TestCellTypeVerbOfPackageTypes(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/typeverb": testModule(t, "typeverb")})
	s := newSession(t)
	mustRun(t, s, "import \"example.com/typeverb\"\n\ntype S struct{}")
	r := mustRun(t, s, "l := typeverb.Level(3)\nb := typeverb.Box[int]{V: 1}\npb := &typeverb.Box[S]{}\n"+
		"fmt.Printf(\"%T|%T|%T|%T|%T\\n\", l, b, pb, []typeverb.Level{l}, map[string]typeverb.Box[string]{})")
	if got, want := r.stream("stdout"), "typeverb.Level|typeverb.Box[int]|*typeverb.Box[main.S]|[]typeverb.Level|map[string]typeverb.Box[string]\n"; got != want {
		t.Errorf("static types: printed %q, want %q (go run)", got, want)
	}
	r = mustRun(t, s, "fmt.Printf(\"%T\\n\", pb)")
	if got, want := r.stream("stdout"), "*typeverb.Box[main.S]\n"; got != want {
		t.Errorf("a variable of an earlier cell: printed %q, want %q (go run)", got, want)
	}
	// A struct type without methods held in an interface: yaegi holds its
	// unnamed struct (sourceTypeString names it); the session's own types
	// keep their rule.
	r = mustRun(t, s, "var h any = typeverb.Point{1, 2}\nvar hp any = &typeverb.Point{}\nvar hs any = S{}\nfmt.Printf(\"%T %T %T\\n\", h, hp, hs)")
	if got, want := r.stream("stdout"), "typeverb.Point *typeverb.Point main.S\n"; got != want {
		t.Errorf("in interfaces: printed %q, want %q (go run)", got, want)
	}
	_, err := run(t, s, "var u any = struct{ X, Y int }{5, 6}\nfmt.Printf(\"%T\\n\", u)")
	if want := "%T of a value whose type may be typeverb.Point or struct{X, Y int}"; err == nil || !strings.Contains(errString(err), want) {
		t.Errorf("a cell's struct of the same fields: error %s, want one containing %q", errString(err), want)
	}
	// An instance made with typed type arguments (also from a constant,
	// typeargs.go writes them) is yaegi's unnamed struct at run time,
	// without its type arguments: it printed `*struct { V int}`.
	_, err = run(t, s, "n := 3\nvar g any = typeverb.NewBox(n)\nfmt.Printf(\"%T\\n\", g)")
	if want := "%T of a value whose type may be an instance of typeverb.Box (the interpreter keeps it as *struct { V int"; err == nil || !strings.Contains(errString(err), want) {
		t.Errorf("a typed instance in an interface: error %s, want one containing %q", errString(err), want)
	}
	// reflect.TypeOf described the unnamed struct (reflecttype.go).
	_, err = run(t, s, "fmt.Println(reflect.TypeOf(typeverb.Point{}))")
	if want := "reflect.TypeOf of a value of type typeverb.Point, which involves typeverb.Point, a type of a package interpreted from source"; err == nil || !strings.Contains(errString(err), want) {
		t.Errorf("reflect.TypeOf: error %s, want one containing %q", errString(err), want)
	}
}

// TestCellGoSyntaxOfPackageTypes prints %#v in cells of values of a
// package's types (sourcewalk.go): yaegi printed their unnamed run-time
// types (`struct { X int; Y int }{X:1, Y:2}` for a typeverb.Point, also
// inside a session struct and held in an interface); a generic instance,
// which the walk cannot take, and a value that may be of the package's
// type or of a cell's unnamed struct of the same fields are refused.
func TestCellGoSyntaxOfPackageTypes(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/typeverb": testModule(t, "typeverb")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/typeverb"`)
	r := mustRun(t, s, "q := typeverb.Point{1, 2}\ntype S struct{ P typeverb.Point; N int }\n"+
		"fmt.Printf(\"%#v|%#v|%#v|%#v\\n\", q, []typeverb.Point{q}, &q, S{q, 1})")
	want := "typeverb.Point{X:1, Y:2}|[]typeverb.Point{typeverb.Point{X:1, Y:2}}|&typeverb.Point{X:1, Y:2}|main.S{P:typeverb.Point{X:1, Y:2}, N:1}\n" // go run
	if got := r.stream("stdout"); got != want {
		t.Errorf("static types: printed %q, want %q", got, want)
	}
	r = mustRun(t, s, "var a any = q\nfmt.Printf(\"%#v %#v\\n\", a, []any{q, 5})")
	if got, want := r.stream("stdout"), "typeverb.Point{X:1, Y:2} []interface {}{typeverb.Point{X:1, Y:2}, 5}\n"; got != want {
		t.Errorf("in interfaces: printed %q, want %q (go run)", got, want)
	}
	for _, c := range []struct{ code, want string }{
		{"fmt.Printf(\"%#v\\n\", typeverb.Box[int]{V: 1})", "%#v of a value of type typeverb.Box[int], a type of a package interpreted from source"},
		{"var c any = struct{ X, Y int }{5, 6}\nfmt.Printf(\"%#v\\n\", c)", "may be typeverb.Point or struct{X, Y int}"},
	} {
		if _, err := run(t, s, c.code); err == nil || !strings.Contains(errString(err), c.want) {
			t.Errorf("%s: error %s, want one containing %q", c.code, errString(err), c.want)
		}
	}
}

// TestInstanceAssertRefused asserts to instances of a package's generic
// type in cells (instanceassert.go): yaegi failed to compile
// `a.(*typeverb.Box[int])`, and through a cell's alias answered wrong
// without an error (a type switch took its default branch); the
// workaround the error gives works.
func TestInstanceAssertRefused(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/typeverb": testModule(t, "typeverb")})
	s := newSession(t)
	mustRun(t, s, "import \"example.com/typeverb\"\n\ntype BoxInt = typeverb.Box[int]")
	mustRun(t, s, "var a any = typeverb.NewBox(3)")
	for _, c := range []struct{ src, want string }{
		{"b, ok := a.(*typeverb.Box[int])\nfmt.Println(b, ok)", "to *typeverb.Box[int] (typeverb.Box[int] is an instance of a generic type"},
		{"switch a.(type) {\ncase *BoxInt:\n\tfmt.Println(\"box\")\n}", "to *BoxInt (typeverb.Box[int] is an instance of a generic type"},
		{"func f(x any) bool { _, ok := x.(typeverb.Box[string]); return ok }", "to typeverb.Box[string] (typeverb.Box[string] is an instance"},
	} {
		if _, err := run(t, s, c.src); err == nil || !strings.Contains(errString(err), c.want) {
			t.Errorf("%s\nerror %s, want one containing %q", c.src, errString(err), c.want)
		}
	}
	r := mustRun(t, s, "b := typeverb.NewBox(4)\nvar g interface{ Get() int } = b\nfmt.Println(b.Get(), g.Get())")
	if got, want := r.stream("stdout"), "4 4\n"; got != want {
		t.Errorf("the workaround: printed %q, want %q (go run)", got, want)
	}
}
