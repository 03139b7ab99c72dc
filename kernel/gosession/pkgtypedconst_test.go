package gosession

import "testing"

// TestThirdPartyTypedConsts imports a package (testdata/pkgsource/
// typedconst) whose constants of its own named types have values that are
// not literals (`Word Kind = iota + 1; Number; Punct`, `N Name = "a" +
// "b"`): comparisons with them were false (`k == Punct` for k :=
// Kind(3)), without an error.
func TestThirdPartyTypedConsts(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/typedconst": testModule(t, "typedconst")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/typedconst"`)
	r, err := run(t, s, "typedconst.Run()")
	if err != nil {
		t.Fatalf("%s", errString(err))
	}
	want := `true true 1 2 3 true true true
true false true
true
` // go run
	if got := r.stream("stdout"); got != want {
		t.Errorf("printed\n%s\nwant (go run)\n%s", got, want)
	}
}
