package gosession

import "testing"

// TestThirdPartyRedeclaredVars imports a package (testdata/pkgsource/
// redeclvar) whose functions redeclare variables with := (a named result
// returned bare, one read by a deferred closure, one captured by a
// closure): yaegi made new variables, so Load printed `8 <nil>`, Name
// an empty line and Captured 10, without an error (pkgredeclvar.go); and
// assigns nil in a tuple assignment, which panicked (tuplenil.go).
func TestThirdPartyRedeclaredVars(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/redeclvar": testModule(t, "redeclvar")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/redeclvar"`)
	r, err := run(t, s, "redeclvar.Run()")
	if err != nil {
		t.Fatalf("%s", errString(err))
	}
	if got, want := r.stream("stdout"), "8 load: pair failed\ns 20\npre <nil>\n"; got != want { // go run
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
}
