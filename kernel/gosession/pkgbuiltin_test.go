package gosession

import "testing"

// TestThirdPartyClear imports a package (testdata/pkgsource/builtins) that
// calls the builtin clear, which yaegi lacks ("undefined: clear" at the
// import); pkgbuiltin.go calls the session's.
func TestThirdPartyClear(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/builtins": testModule(t, "builtins")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/builtins"`)
	r, err := run(t, s, "fmt.Println(builtins.Clear())")
	if err != nil {
		t.Fatalf("Clear: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "0 [{0 0} {3 4}] [0 0]\n"; got != want { // go run
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
}
