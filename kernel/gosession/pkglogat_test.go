package gosession

import (
	"strings"
	"testing"
)

// TestThirdPartyLogAt imports a package (testdata/pkgsource/logat) that
// logs through the package log (also from a Printf-like function of its
// own) and through *log.Logger values, with log.Lshortfile set by the
// cell: compiled log named the interpreter's frame (`value.go:586: a 1`);
// pkglogat.go gives it the package file's name and line, and the module
// path with log.Llongfile.
func TestThirdPartyLogAt(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/logat": testModule(t, "logat")})
	s := newSession(t)
	mustRun(t, s, "import (\n\"log\"\n\"os\"\n\"example.com/logat\"\n)")
	r, err := run(t, s, "log.SetOutput(os.Stdout)\nlog.SetFlags(log.Lshortfile)\nlogat.Run()")
	if err != nil {
		t.Fatalf("logat.Run: %s", errString(err))
	}
	want := `log.go:18: a 1
log.go:19: n=2 [loud]
log.go:20: bc
log.go:14: x=y
log.go:23: p: m=3
q plain loud node
log.go:27: p: stop 4
log.go:26: recovered stop 4
` // go run
	if got := r.stream("stdout"); got != want {
		t.Errorf("printed\n%s\nwant (go run)\n%s", got, want)
	}
	r, err = run(t, s, "log.SetFlags(log.Llongfile)\nlogat.Run()")
	if err != nil {
		t.Fatalf("logat.Run: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "example.com/logat/log.go:18: a 1\n"; !strings.HasPrefix(got, want) {
		t.Errorf("with log.Llongfile printed %q, want it to start with %q", got, want)
	}
	r, err = run(t, s, "log.SetFlags(0)\nlogat.Run()")
	if err != nil {
		t.Fatalf("logat.Run: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "a 1\nn=2 [loud]\nbc\nx=y\n"; !strings.HasPrefix(got, want) {
		t.Errorf("without file flags printed %q, want it to start with %q", got, want)
	}
}
