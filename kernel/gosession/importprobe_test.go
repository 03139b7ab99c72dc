package gosession

import (
	"os"
	"strings"
	"testing"
)

// TestImportProbe imports, in a session whose imports are tried in a
// child process first (this test binary, whose TestMain runs the child),
// a package that ends the process when it is initialised
// (testdata/pkgsource/crash: a fatal error of the runtime) and one that
// does not: the first fails with an error naming the package and the
// runtime's message, the session survives, and the second imports and
// runs. Without the probe the test process itself would die. A third
// package, whose import fails, fails without being compiled in the
// session.
func TestImportProbe(t *testing.T) {
	serveModules(t, map[string]map[string]string{
		"example.com/crash":     testModule(t, "crash"),
		"example.com/errleaf":   testModule(t, "errleaf"),
		"example.com/initpanic": testModule(t, "initpanic"),
	})
	s, err := New(Options{ProbeImports: []string{os.Args[0], "probe-import"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	mustRun(t, s, "x := 41")
	_, e := run(t, s, `import "example.com/crash"`)
	msg := errString(e)
	for _, want := range []string{"importing example.com/crash ends the process", "fatal error: sync: unlock of unlocked mutex", "activis-kernel build --with example.com/crash"} {
		if e == nil || !strings.Contains(msg, want) {
			t.Errorf("import of the crashing package: got %s, want an error containing %q", msg, want)
		}
	}
	// A package that fails in the child with an ordinary error (its
	// initialisation panics) is not compiled in the session: the error is
	// the child's, and the next cell runs (before, it failed with "panic:
	// reflect: call of reflect.Value.SetInt on slice Value").
	_, e = run(t, s, "import \"example.com/initpanic\"\nfmt.Println(initpanic.F())")
	if msg := errString(e); e == nil || !strings.Contains(msg, "init boom") || strings.HasPrefix(e.Value, "1:") {
		t.Errorf("import of a package whose initialisation panics: got %s, want the panic without the probe's cell position", msg)
	}
	r, e := run(t, s, "import \"example.com/errleaf\"\nfmt.Println(x+1, errleaf.Chains()[:4])")
	if e != nil {
		t.Fatalf("after the refused import: %s", errString(e))
	}
	if got := r.stream("stdout"); got != "42 true\n" {
		t.Errorf("printed %q, want %q", got, "42 true\n")
	}
}
