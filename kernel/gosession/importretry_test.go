package gosession

import (
	"strings"
	"testing"
)

// TestImportRetry imports, in one declaration, a standard package and a
// module whose package does not compile: the session goes on (fmt is
// imported and recorded; every later cell failed with "fmt/_.go
// redeclared in this block": names.go's importPaths), and importing the
// module again compiles it again, with its own error (it said "import
// cycle not allowed": importretry.go).
func TestImportRetry(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/bad": {
		"go.mod": "module example.com/bad\n\ngo 1.22\n",
		"bad.go": "package bad\n\nfunc F() int { return \"x\" }\n",
	}})
	s := newSession(t)
	const wantErr = `cannot use "x" (type stringT) as type intT in return argument`
	if _, err := run(t, s, "import (\n\"fmt\"\n\"sort\"\n\"example.com/bad\"\n)"); err == nil || !strings.Contains(errString(err), wantErr) {
		t.Fatalf("import of the bad package: error %s, want one containing %q", errString(err), wantErr)
	}
	if got := mustRun(t, s, "fmt.Println(sort.IntsAreSorted([]int{1, 2}))").stream("stdout"); got != "true\n" {
		t.Errorf("after the failed import printed %q", got)
	}
	if _, err := run(t, s, `import "example.com/bad"`); err == nil || !strings.Contains(errString(err), wantErr) {
		t.Errorf("second import of the bad package: error %s, want one containing %q", errString(err), wantErr)
	}
	if got := mustRun(t, s, "import \"fmt\"\n\nfmt.Println(2)").stream("stdout"); got != "2\n" {
		t.Errorf("importing fmt again printed %q", got)
	}
	// A cell using the package's name: yaegi kept a half-made symbol
	// ("incomplete type bad", or a nil dereference with a hint about
	// top-level variables); failednames.go says the import failed.
	const wantUse = "bad is not imported: its import in"
	for _, code := range []string{"x := bad.F()\n_ = x", "func g() int { return bad.F() }"} {
		if _, err := run(t, s, code); err == nil || !strings.Contains(errString(err), wantUse) {
			t.Errorf("%s: error %s, want one containing %q", code, errString(err), wantUse)
		}
	}
}
