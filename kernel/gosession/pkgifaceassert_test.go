package gosession

import "testing"

// TestThirdPartyIfaceAssert imports a package
// (testdata/pkgsource/ifaceassert) that asserts errors of its own types
// to interfaces, as github.com/pkg/errors' Cause does: yaegi's assertion
// failed (`outer: middle: inner|outer: middle: inner|…`, the single-value
// form panicked), go run prints `outer: middle: inner|inner|middle:
// inner`; a type switch on an error with a case of the package's type,
// which ran no case (and was then refused), is served by comma-ok
// assertions (pkgassertchain.go).
func TestThirdPartyIfaceAssert(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/ifaceassert": testModule(t, "ifaceassert")})
	s := newSession(t)
	mustRun(t, s, "import \"example.com/ifaceassert\"")
	r, err := run(t, s, "fmt.Println(ifaceassert.Demo())")
	if err != nil {
		t.Fatalf("Demo: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "outer: middle: inner|inner|middle: inner\n"; got != want {
		t.Errorf("Demo printed %q, want %q (go run)", got, want)
	}
	r, err = run(t, s, "fmt.Println(ifaceassert.Kind(ifaceassert.Wrap(nil, \"x\")), ifaceassert.Kind(fmt.Errorf(\"e\")), ifaceassert.Kind(nil))")
	if err != nil {
		t.Fatalf("Kind: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "wrapped other other\n"; got != want {
		t.Errorf("Kind printed %q, want %q (go run)", got, want)
	}
}
