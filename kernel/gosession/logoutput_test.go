package gosession

import (
	"strings"
	"testing"
)

// TestThirdPartyLogOutput imports a package (testdata/pkgsource/logat)
// that logs through log's Output with log.Lshortfile: compiled log named
// the interpreter's frame (`INFO: value.go:369: one`); logoutput.go gives
// call depth 1 the package file's name and line, and refuses a larger
// call depth where it runs (the line of a caller).
func TestThirdPartyLogOutput(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/logat": testModule(t, "logat")})
	s := newSession(t)
	mustRun(t, s, "import (\n\"log\"\n\"os\"\n\"example.com/logat\"\n)")
	r, err := run(t, s, "log.SetOutput(os.Stdout)\nlog.SetFlags(log.Lshortfile)\nfmt.Print(logat.Output())")
	if err != nil {
		t.Fatalf("logat.Output: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "output.go:14: std\nINFO: output.go:13: one\nno file asked\n"; got != want { // go run
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
	_, err = run(t, s, "logat.OutputCaller()")
	if err == nil || !strings.Contains(errString(err), "example.com/logat/output.go:25: log Output with call depth 2 and log.Lshortfile") {
		t.Errorf("OutputCaller: error %s", errString(err))
	}
}
