package gosession

import "testing"

// TestThirdPartyUnboundTypeSwitch imports a package
// (testdata/pkgsource/lookalike) whose type switch binds no variable and
// has cases for the package's types: yaegi ran none of them (`3 3 3 3`
// for go run's `Name Point *Point 3`); with the variable it adds
// (pkgtypeswitch.go) each value takes its case.
func TestThirdPartyUnboundTypeSwitch(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/lookalike": testModule(t, "lookalike")})
	s := newSession(t)
	mustRun(t, s, "import \"example.com/lookalike\"")
	r, err := run(t, s, "fmt.Println(lookalike.Unbound())")
	if err != nil {
		t.Fatalf("Unbound: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "Name Point *Point 3 \n"; got != want {
		t.Errorf("Unbound printed %q, want %q (go run)", got, want)
	}
}
