package gosession

import "testing"

// TestThirdPartyPrintAny imports a package (testdata/pkgsource/printany)
// that prints values of its types with methods held in empty interfaces:
// fmt printed yaegi's wrapper (`{0x2a61203ab40 {0x2a61245d1c0 0x… 406}}`)
// for a *Book in an any and for elements of a []any given with xs...;
// pkgprintany.go gives fmt the value, with its Error or String method.
func TestThirdPartyPrintAny(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/printany": testModule(t, "printany")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/printany"`)
	r, err := run(t, s, "printany.Print()")
	if err != nil {
		t.Fatalf("printany: %s", errString(err))
	}
	want := "&{Rust 101}\nL3 {1 2} &{3 4} failure 7\n&{x} L4 5 failure 8\n" + // go run
		"&{Rust 101}|L3|3|failure 7\n&{m}\n&{x} failure 8\n&{Rust 101} L4\n"
	if got := r.stream("stdout"); got != want {
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
}
