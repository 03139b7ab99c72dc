package gosession

import "testing"

// TestThirdPartyNamedResults imports a package
// (testdata/pkgsource/namedzero) whose functions with named results are
// called from a loop: yaegi kept the results of the call before (`4 [2 4]
// 2 8 [2 4 2 4] 4 …`); go run prints `4 [2 4] 2` three times
// (namedzero.go).
func TestThirdPartyNamedResults(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/namedzero": testModule(t, "namedzero")})
	s := newSession(t)
	mustRun(t, s, "import \"example.com/namedzero\"")
	r, err := run(t, s, "fmt.Println(namedzero.Results())")
	if err != nil {
		t.Fatalf("Results: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "4 [2 4] 2 4 [2 4] 2 4 [2 4] 2 \n"; got != want {
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
	// Results of a string and an interface type, zeroed one by one
	// (yaegi panicked at `rtag, out = *new(string), *new(interface{})`).
	r, err = run(t, s, "fmt.Println(namedzero.Resolved())")
	if err != nil {
		t.Fatalf("Resolved: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "int!2null<nil>\n"; got != want {
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
}
