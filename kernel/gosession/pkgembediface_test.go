package gosession

import "testing"

// TestThirdPartyEmbeddedIface imports a package (testdata/pkgsource/
// embediface) that calls methods promoted from an embedded interface
// field, in a sort.Slice callback, as a method value and through an
// embedded pointer: yaegi panicked, "invalid interface value";
// pkgembediface.go writes the selectors out to the field.
func TestThirdPartyEmbeddedIface(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/embediface": testModule(t, "embediface")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/embediface"`)
	r, err := run(t, s, "fmt.Println(embediface.Sorted())")
	if err != nil {
		t.Fatalf("Sorted: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "circle rect 6 3\n"; got != want { // go run
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
}
