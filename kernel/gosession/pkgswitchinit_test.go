package gosession

import "testing"

// TestThirdPartySwitchInit imports a package
// (testdata/pkgsource/switchinit) whose switches have an init statement
// and a computed tag: yaegi took the default for each (`other string;
// other int; …`, `not six`); written with the init in a block of its own
// (switchinit.go) they print what go run prints.
func TestThirdPartySwitchInit(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/switchinit": testModule(t, "switchinit")})
	s := newSession(t)
	mustRun(t, s, "import \"example.com/switchinit\"")
	r, err := run(t, s, "switchinit.Run()")
	if err != nil {
		t.Fatalf("Run: %s", errString(err))
	}
	want := "string hi; int 42; other float64; \nsix\nten\nlen 0\nafter 0\nafter 1\n"
	if got := r.stream("stdout"); got != want {
		t.Errorf("Run printed %q, want %q (go run)", got, want)
	}
}
