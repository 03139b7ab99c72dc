package gosession

import (
	"strings"
	"testing"
)

// TestThirdPartyHunt imports a package (testdata/pkgsource/gohunt, at the
// import path example.com/go-hunt, package hunt) with the constructs that
// made github.com/tidwall/gjson, github.com/hashicorp/go-multierror and
// github.com/pkg/errors fail to import or answer wrongly in a cell, each
// failing before its fix: a function using a later `var disabled =
// flagText == "true"` ("non-bool used as if condition": boolvar.go), a
// labelled loop in a case clause ("undefined: loop": caselabel.go),
// `return math.MaxUint64` (a panic, "constant 18446744073709551615
// overflows int64": bigconst.go), the import named by its path
// ("undefined: go-hunt": typeimport.go's goPathName), a type switch on an
// error with a case of the package's type (refused: pkgassertchain.go)
// and a spread call passing one for an error parameter (a panic,
// "reflect.Set": ifaceloop.go's spreadIfaceParams), and errors.Is through
// the package's unexported wrapper and chain types (false:
// errorhook.go); a *Multi printed showed its fields (`&{[bad row] <nil>}`:
// ptrstring.go's textArg, also for a nil *Soft whose Error answers nil); a label named like a constant of the file (a CFG
// panic at import: labelname.go); a return of untyped constants for named
// uint32 results reading a field named like one (a compile error at
// import, "cannot use _activisR1 (type intT) as type uint32T":
// pkgreturn.go).
func TestThirdPartyHunt(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/go-hunt": testModule(t, "gohunt")})
	s := newSession(t)
	mustRun(t, s, "import (\n\"errors\"\n\"example.com/go-hunt\"\n)")
	mustRun(t, s, `var ErrBad = errors.New("bad row")`)
	r, err := run(t, s, "fmt.Println(hunt.Enabled(), hunt.Count(`a,\"x,\\\"y\",b`), hunt.Clamp(1e30), hunt.Clamp(3))\n"+`var merr error
merr = hunt.Append(merr, ErrBad, fmt.Errorf("row 3: %w", ErrBad))
merr = hunt.Append(merr, errors.New("other"))
fmt.Println(merr, errors.Is(merr, ErrBad), len(merr.(*hunt.Multi).Errors))
w := hunt.Wrap(ErrBad, "loading")
fmt.Println(w, errors.Is(w, ErrBad), errors.Unwrap(w) == ErrBad, errors.Is(fmt.Errorf("ctx: %w", w), ErrBad))
var m *hunt.Multi
fmt.Println(errors.As(fmt.Errorf("x: %w", merr), &m), len(m.Errors))
var none *hunt.Multi
fmt.Println(hunt.Append(nil, ErrBad), m, none)
fmt.Printf("%s|%v\n", m, hunt.Append(nil, ErrBad))
it, steps := &hunt.Iter{}, 0
for it.Next() {
	steps++
}
fmt.Println(steps, it.Next())
fmt.Printf("%v|%v\n", hunt.NilSoft(), none)
fmt.Println(hunt.Timestamp(1))
fmt.Println(hunt.Timestamp(3))`)
	if err != nil {
		t.Fatalf("hunt: %s", errString(err))
	}
	want := `true 2 18446744073709551615 3
3 errors: bad row; row 3: bad row; other true 3
loading: bad row true true true
true 3
1 errors: bad row 3 errors: bad row; row 3: bad row; other <nil>
3 errors: bad row; row 3: bad row; other|1 errors: bad row
3 false
no soft error|<nil>
0 0 $timestamp value should be object, but instead is 1
9 7 <nil>
` // go run
	if got := r.stream("stdout"); got != want {
		t.Errorf("printed\n%s\nwant (go run)\n%s", got, want)
	}
	// An error holding a value of the package's struct type with a value
	// Error method equals nothing in the interpreter (github.com/
	// montanaflynn/stats' ErrEmptyInput): errors.Is and == with such a
	// value were false (Go true); they are refused (sourcetypes.go).
	mustRun(t, s, "_, merr = hunt.Mean(nil)")
	for _, c := range []struct{ cell, want string }{
		{"fmt.Println(errors.Is(merr, hunt.ErrEmpty))", "errors.Is with a target of type hunt.valueErr is not supported by the interpreter: example.com/go-hunt's valueErr is a struct with an Error method"},
		{"fmt.Println(merr == hunt.ErrEmpty)", "comparing merr with hunt.valueErr is not supported by the interpreter"},
	} {
		if _, err := run(t, s, c.cell); err == nil || !strings.Contains(errString(err), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.cell, errString(err), c.want)
		}
	}
	if r := mustRun(t, s, "fmt.Println(merr.Error() == hunt.ErrEmpty.Error())"); r.stream("stdout") != "true\n" {
		t.Errorf("comparing messages printed %q", r.stream("stdout"))
	}
}

// TestStdNameClash imports a package named like a standard-library package
// that the interpreter keeps as source (testdata/pkgsource/cmpclash,
// package cmp, as github.com/google/go-cmp/cmp is): yaegi resolves the
// name to the standard library's package, "undefined selector: cmp.Equal";
// the error now says so and gives the workaround, which works.
func TestStdNameClash(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/cmpclash": testModule(t, "cmpclash")})
	s := newSession(t)
	_, err := run(t, s, `import "example.com/cmpclash"`) // refused once the package's name is known (names.go)
	if err == nil {
		_, err = run(t, s, "fmt.Println(cmp.Equal(1, 1))")
	}
	if err == nil || !strings.Contains(errString(err), `import it under another name: import cmp2 "example.com/cmpclash"`) {
		t.Fatalf("error %v, want the hint", errString(err))
	}
	mustRun(t, s, `import cmp2 "example.com/cmpclash"`)
	if r := mustRun(t, s, "fmt.Println(cmp2.Equal(1, 1))"); r.stream("stdout") != "true\n" {
		t.Errorf("cmp2.Equal printed %q", r.stream("stdout"))
	}
}

// TestStdNameClashInPackages imports a package whose file imports a
// package named maps, like the standard library's, which yaegi took for
// the standard one ("undefined selector maps.Map", as
// github.com/emirpasic/gods' treemap failed): the file's import gets a
// name of its own (pkgimportname.go); a cell's import of it by that name
// is refused with the workaround, which works.
func TestStdNameClashInPackages(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/mapsclash": testModule(t, "mapsclash")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/mapsclash/treemap"`)
	r := mustRun(t, s, "tr := treemap.New()\ntr.Put(\"a\", 1)\nm := treemap.AsMap(tr)\nm.Put(\"b\", 2)\nfmt.Println(tr.Size(), m.Size())")
	if got, want := r.stream("stdout"), "2 2\n"; got != want {
		t.Errorf("printed %q, want %q (go run)", got, want)
	} // In a cell, the import itself is refused with the workaround (names.go).
	_, err := run(t, s, `import "example.com/mapsclash/maps"`)
	if err == nil || !strings.Contains(errString(err), `import it under another name: import maps2 "example.com/mapsclash/maps"`) {
		t.Errorf("import of a package named maps: error %v, want the refusal", errString(err))
	}
	mustRun(t, s, `import maps2 "example.com/mapsclash/maps"`)
	r = mustRun(t, s, "var mm maps2.Map = treemap.New()\nfmt.Println(mm.Size())")
	if got, want := r.stream("stdout"), "0\n"; got != want {
		t.Errorf("under another name: printed %q, want %q (go run)", got, want)
	}
}

// TestNilReceiverStrings imports a package (testdata/pkgsource/nilrecv)
// whose *List and *Tree have String methods written for a nil receiver
// and whose Pt has a String method: yaegi handed fmt a nil pointer as a
// nil interface (<nil> where Go calls the method: "nil", "()"), in the
// package's own print calls (pkgprint.go's nilReceiverOperand), through
// an any (pkgprintany.go) and in a cell (ptrstring.go's textArg), and a
// Pt or *Pt for %d or %f as its wrapper, whose fields fmt printed
// (`{7889928015600 5532896}`: pkgprint.go's methodfulComposite, numverb.go);
// and nil appended to a []*Tree, a []map[string]int and a []func() (a
// panic, "reflect.Set: value of type interface {} is not assignable":
// pkgappendnil.go).
func TestNilReceiverStrings(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/nilrecv": testModule(t, "nilrecv")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/nilrecv"`)
	r := mustRun(t, s, `fmt.Println(nilrecv.Main())
var l *nilrecv.List
fmt.Println(l, nilrecv.Build(), []*nilrecv.List{nil, nilrecv.Build()})
var a any = l
fmt.Println(a, fmt.Sprintf("%d|%v", nilrecv.Pt{5, 6}, (*nilrecv.Tree)(nil)))
fmt.Println(nilrecv.Appended())
fmt.Print(nilrecv.Stamped())`)
	want := `nil nil 1 -> 2 -> nil (() 1 ()) {1.0 2.0} &{%!d(float64=3) %!d(float64=4)}
nil 1 -> 2 -> nil [nil 1 -> 2 -> nil]
nil {%!d(float64=5) %!d(float64=6)}|()
2 () (() 2 ()) 1 true 1 <nil>
2024-01-02 03:04:05 +0000 UTC|2024-01-02 03:04:05 +0000 UTC|2024-01-02 03:04:05 +0000 UTC|2024-01-02 03:04:05 +0000 UTC x
` // go run
	if got := r.stream("stdout"); got != want {
		t.Errorf("printed\n%s\nwant (go run)\n%s", got, want)
	}
}

// TestGenericConstructor imports a package (testdata/pkgsource/
// genericctor) whose generic New calls a generic NewWithEvict with a
// named result of a generic instance type, `(c *Outer[K, V], err
// error)`: the session's zeroing of named results, `c = *new(*Outer[K,
// V])` before the body made an Outer[K, V], was a CFG panic in yaegi when
// a cell instantiated New (namedzero.go leaves such results alone).
func TestGenericConstructor(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/genericctor": testModule(t, "genericctor")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/genericctor"`)
	r := mustRun(t, s, "func mk() int {\n\tc, _ := genericctor.New[string, int](3)\n\treturn c.Len()\n}\nfmt.Println(mk())")
	if got := r.stream("stdout"); got != "3\n" {
		t.Errorf("printed %q, want 3", got)
	}
}
