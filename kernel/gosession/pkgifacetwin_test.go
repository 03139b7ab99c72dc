package gosession

import "testing"

// TestThirdPartyIfaceTwins imports a package (testdata/pkgsource/
// ifacetwin) that asserts errors made by errors.Join and fmt.Errorf, and
// a reader made by io, to interface literals (ifacetwin.go): it panicked
// with "interface conversion: nil is not interface { Unwrap() []error }".
// The package's own error type with pointer receivers takes the existing
// path beside them, and a print call around the assertion is written
// once.
func TestThirdPartyIfaceTwins(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/ifacetwin": testModule(t, "ifacetwin")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/ifacetwin"`)
	r, err := run(t, s, "ifacetwin.Causes()\nfmt.Println(ifacetwin.Closer(ifacetwin.Reader()))\nfmt.Println(ifacetwin.Closer(io.NopCloser(ifacetwin.Reader())))")
	if err != nil {
		t.Fatalf("%s", errString(err))
	}
	want := `[a b]
several: 2
one: a
b
several: 1
none: EOF
not closable
closed <nil>
` // go run
	if got := r.stream("stdout"); got != want {
		t.Errorf("printed\n%s\nwant (go run)\n%s", got, want)
	}
}
