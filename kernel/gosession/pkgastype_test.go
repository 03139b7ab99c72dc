package gosession

import "testing"

// TestThirdPartyAsType: errors.AsType in a package interpreted from
// source, with type arguments of the package's error types (by pointer,
// by value, inside errors.Join), of a compiled one and of a compiled
// interface.
func TestThirdPartyAsType(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/astype": testModule(t, "astype")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/astype"`)
	r, err := run(t, s, "astype.Run()")
	if err != nil {
		t.Fatalf("astype.Run: %s", errString(err))
	}
	want := `found x
false
code 7 true 8
/x true
false
code 3 true
true true
false
` // go run
	if got := r.stream("stdout"); got != want {
		t.Errorf("printed\n%s\nwant (go run)\n%s", got, want)
	}
}
