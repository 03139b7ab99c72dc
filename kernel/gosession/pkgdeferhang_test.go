package gosession

import (
	"strings"
	"testing"
)

// TestThirdPartyDeferMadeInLoop imports a package
// (testdata/pkgsource/defermade) deferring, in a loop, the function a
// literal reading the loop's variable returns: yaegi gave `ccc` (go run
// `cba`); it now panics naming the construct and the compiled route
// (deferMadeInLoop, pkgdeferhang.go). The same outside a loop runs as in
// Go.
func TestThirdPartyDeferMadeInLoop(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/defermade": testModule(t, "defermade")})
	s := newSession(t)
	mustRun(t, s, "import \"example.com/defermade\"")
	r, err := run(t, s, "fmt.Println(defermade.Loop())")
	if err == nil {
		t.Fatalf("Loop printed %q, want a panic", r.stream("stdout"))
	}
	if msg := errString(err); !strings.Contains(msg, "defermade/p.go:16: a deferred call of the function a function literal returns") ||
		!strings.Contains(msg, "activis-kernel build --with") {
		t.Errorf("Loop: %s", msg)
	}
	r, err = run(t, s, "fmt.Println(defermade.Outside())")
	if err != nil {
		t.Fatalf("Outside: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "rana;\n"; got != want {
		t.Errorf("Outside printed %q, want %q (go run)", got, want)
	}
}
