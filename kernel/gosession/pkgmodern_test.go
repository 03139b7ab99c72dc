package gosession

import "testing"

// TestThirdPartyModern imports a package (testdata/pkgsource/modern) that
// uses atomic.Pointer[T], sync.OnceValue and OnceValues (also at the
// package level), rand.N and reflect.TypeFor: it failed to import (yaegi's
// symbol tables cannot hold generic members); pkgmodern.go gives the file
// its own copy of the session's versions.
func TestThirdPartyModern(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/modern": testModule(t, "modern")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/modern"`)
	r, err := run(t, s, "modern.Run()")
	if err != nil {
		t.Fatalf("modern.Run: %s", errString(err))
	}
	want := `true
3
3 4 false true 6
loading
42 42
p <nil>
true true
int error
once
` // go run
	if got := r.stream("stdout"); got != want {
		t.Errorf("printed\n%s\nwant (go run)\n%s", got, want)
	}
}
