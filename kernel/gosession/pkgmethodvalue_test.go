package gosession

import "testing"

// TestThirdPartyMethodValues imports a package
// (testdata/pkgsource/methodvalue) that makes method values of variables
// and changes the variables after: yaegi read them at the call (`6 6 6 10
// 6`), go run prints `1 2 7 9 6` (pkgmethodvalue.go); methods promoted
// through embedded fields bind the field (Promoted: `2 2 2 3`, go run
// `1 2 1 2`).
func TestThirdPartyMethodValues(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/methodvalue": testModule(t, "methodvalue")})
	s := newSession(t)
	mustRun(t, s, "import \"example.com/methodvalue\"")
	r, err := run(t, s, "fmt.Println(methodvalue.Values())\nfmt.Println(methodvalue.Promoted())")
	if err != nil {
		t.Fatalf("Values: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "1 2 7 9 6\n1 2 1 2\n"; got != want {
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
}
