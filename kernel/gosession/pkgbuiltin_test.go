package gosession

import (
	"strings"
	"testing"
)

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

// TestThirdPartyGoPrintln checks that `go println(…)` in a package prints
// as Go's runtime does, to stderr (yaegi's println in the go statement's
// call: `go <nil> []` on stdout).
func TestThirdPartyGoPrintln(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/builtins": testModule(t, "builtins")})
	s := newSession(t)
	mustRun(t, s, "import \"example.com/builtins\"\nimport \"time\"")
	// The goroutine prints into whichever cell is the latest when it runs,
	// which may have ended already: read every cell's stderr again.
	cells := []*recorder{mustRun(t, s, "builtins.GoPrint()")}
	stderr := func() string {
		var b strings.Builder
		for _, r := range cells {
			b.WriteString(r.stream("stderr"))
		}
		return b.String()
	}
	for i := 0; i < 1000 && stderr() == ""; i++ {
		cells = append(cells, mustRun(t, s, "time.Sleep(10 * time.Millisecond)"))
	}
	if want := "go 1.5 [0/0]0x0 0x0\n"; stderr() != want { // go run
		t.Errorf("printed to stderr %q, want %q (go run)", stderr(), want)
	}
}
