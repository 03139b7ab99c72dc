package gosession

import "testing"

// TestThirdPartyRangeAssign imports a package
// (testdata/pkgsource/rangeassign) whose range loops assign to existing
// variables with `=`: yaegi never assigned them (LastIndex gave -1 for a
// slice of four); written with variables of the loop's own, assigned at
// the start of each iteration (rangeassign.go), they print what go run
// prints.
func TestThirdPartyRangeAssign(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/rangeassign": testModule(t, "rangeassign")})
	s := newSession(t)
	mustRun(t, s, "import \"example.com/rangeassign\"")
	r, err := run(t, s, "fmt.Println(rangeassign.All())")
	if err != nil {
		t.Fatalf("All: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "3 -1 5 5o4\n"; got != want {
		t.Errorf("All printed %q, want %q (go run)", got, want)
	}
}
