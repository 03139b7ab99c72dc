package gosession

import "testing"

// TestThirdPartyErrorChain imports a package (testdata/pkgsource/errchain)
// whose error types have Unwrap and Is methods and that calls errors.Is
// and errors.Unwrap through them: compiled errors saw yaegi's wrapper
// without those methods (`false false false false true`, go run `true true
// true false true`); the file's own versions answer (pkgerrchain.go).
func TestThirdPartyErrorChain(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/errchain": testModule(t, "errchain")})
	s := newSession(t)
	mustRun(t, s, "import \"example.com/errchain\"")
	r, err := run(t, s, "fmt.Println(errchain.Chain(), errchain.Only(errchain.ErrBase))")
	if err != nil {
		t.Fatalf("Chain: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "true true true false true true\n"; got != want {
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
}
