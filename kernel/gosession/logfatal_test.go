package gosession

import (
	"strings"
	"testing"
)

// TestThirdPartyLoggerFatal checks that a package interpreted from source
// gets the real *log.Logger and that its Fatalf ends the cell, not the
// kernel process (logfatal.go): without the rename the test process exits.
func TestThirdPartyLoggerFatal(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/pkglog": testModule(t, "pkglog")})
	s := newSession(t)
	mustRun(t, s, "import \"example.com/pkglog\"")
	if _, err := run(t, s, "pkglog.Fail(3)"); err == nil || !strings.Contains(errString(err), "bad 3") {
		t.Fatalf("pkglog.Fail(3): error %v, want a panic naming \"bad 3\"", err)
	}
	r := mustRun(t, s, "fmt.Print(pkglog.Out())")
	if got, want := r.stream("stdout"), "pkg: bad 3\n*log.Logger"; got != want {
		t.Errorf("pkglog.Out() printed %q, want %q (go run)", got, want)
	}
}
