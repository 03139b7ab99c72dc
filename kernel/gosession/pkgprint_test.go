package gosession

import (
	"strings"
	"testing"
)

// TestThirdPartyPrint imports a package (testdata/pkgsource/pkgprint)
// printing values of its types with String and Error methods inside a
// slice and a struct, and %T of one: yaegi printed `[1 250]`, `{3 4}` and
// `gosession.guarded_fmt_Stringer` (go run: `[$0.01 $2.50]`, `{$0.03 code
// 4}`, `pkgprint.Money`). They print as Go does (pkgfmtwalk.go,
// pkgtypeverb.go); a slice of a generic type's instance holding Money,
// which the walk cannot read, panics naming the call and the compiled
// route (pkgprint.go). What the interpreter prints as Go runs, and
// Money.String's %d of its own value prints the number (yaegi:
// `${2 5485280}.{50 5485280}` for $2.50).
func TestThirdPartyPrint(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/pkgprint": testModule(t, "pkgprint")})
	s := newSession(t)
	mustRun(t, s, "import \"example.com/pkgprint\"")
	r, err := run(t, s, "fmt.Println(pkgprint.Slice(), pkgprint.Struct(), pkgprint.TypeName())")
	if err != nil {
		t.Fatalf("Slice, Struct, TypeName: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "[$0.01 $2.50] {$0.03 code 4} pkgprint.Money\n"; got != want {
		t.Errorf("Slice, Struct printed %q, want %q (go run)", got, want)
	}
	for _, c := range []struct{ call, want string }{
		{"pkgprint.Generic()", "pkgprint/print.go:42: fmt.Sprint of a value of type []pkgprint.Box[pkgprint.Money], which holds Money values (with their String method) inside it"},
	} {
		r, err := run(t, s, "fmt.Println("+c.call+")")
		if err == nil {
			t.Errorf("%s printed %q, want a panic", c.call, r.stream("stdout"))
			continue
		}
		if msg := errString(err); !strings.Contains(msg, c.want) || !strings.Contains(msg, "activis-kernel build --with") {
			t.Errorf("%s: %s, want %q", c.call, msg, c.want)
		}
	}
	r, err = run(t, s, "fmt.Println(pkgprint.Plain())")
	if err != nil {
		t.Fatalf("Plain: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "$2.50 code 9 [code 2] float64 $0.00\n"; got != want {
		t.Errorf("Plain printed %q, want %q (go run)", got, want)
	}
}

// TestThirdPartyErrorPrint imports a package (testdata/pkgsource/errprint)
// that prints values of its types with Error methods: fmt printed their
// underlying values (`7 L3 a {1} code 7 0x… 7 %!s(int=7)|code 7`, Go
// `code 7 L3 Na pt code 7 code 7 code 7 code 7|code 7`), without an error;
// pkgprint.go's textMethodOperand gives them to fmt as errors. %#v of a
// value with a GoString method wrote yaegi's struct (`struct { Name
// string; Age uint }{Name:"Warren", Age:0x1f}`); textMethodOperand prints
// its GoString.
func TestThirdPartyErrorPrint(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/errprint": testModule(t, "errprint")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/errprint"`)
	r, err := run(t, s, "fmt.Println(errprint.Operands())\nfmt.Print(errprint.Spacing())\nfmt.Println(errprint.GoSyntax())")
	if err != nil {
		t.Fatalf("errprint: %s", errString(err))
	}
	want := "code 7 L3 Na pt code 7 code 7 code 7 code 7|code 7\n" + // go run
		"NaNb1 code 2 code 3xNc\"Nq\" 636f64652031 code 2 3 4|code 5 Nz\n" +
		"person{\"Warren\", 31}|person{\"Warren\", 31}|{Warren 31}|         x|\n"
	if got := r.stream("stdout"); got != want {
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
}
