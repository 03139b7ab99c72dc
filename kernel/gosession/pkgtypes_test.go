package gosession

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestThirdPartyTypedRewrites imports a package
// (testdata/pkgsource/typed) whose code needs the package's types to be
// fixed (pkgtypes.go): ranges over strings with invalid UTF-8
// (pkgrange.go; yaegi gave the index after \xff as 4), function literals
// deferred in loops (pkgdeferlit.go; yaegi: the last values), deferred
// receivers and package variables of other files (yaegi: 7 3 20 10), -0
// arguments (pkgnegzero.go; yaegi: +Inf) and, in a
// go 1.21 copy of the module, range keys captured by closures (yaegi: 3c
// 3c 3c).
// Each result is go run's.
func TestThirdPartyTypedRewrites(t *testing.T) {
	files := testModule(t, "typed")
	old := map[string]string{}
	for name, src := range files {
		old[name] = src
	}
	old["go.mod"] = "module example.com/typed21\n\ngo 1.21\n"
	serveModules(t, map[string]map[string]string{"example.com/typed": files, "example.com/typed21": old})
	s := newSession(t)
	mustRun(t, s, "import \"example.com/typed\"\nimport typed21 \"example.com/typed21\"")
	for _, c := range []struct{ call, want string }{
		{"typed.RangeString()", "0 97 1 65533 2 98 0;3;012 3"},
		{"typed.Keys()", "0a 1b 2c "},
		{"typed21.RangeString()", "0 97 1 65533 2 98 0;3;222 3"},
		{"typed21.Keys()", "2c 2c 2c "},
		{"typed.DeferLoop()", "1 1;1 0;0 1;0 0;cc!bb!aa!"},
		{"typed21.DeferLoop()", "2 2;2 2;2 2;2 2;cc!cb!ca!"},
		{"typed.DeferReceiver()", "1 3 2 1 "},
		{"typed.NegZero()", "-Inf -Inf -Inf -Inf"},
	} {
		r, err := run(t, s, "fmt.Print("+c.call+")")
		if err != nil {
			t.Errorf("%s: %s", c.call, errString(err))
			continue
		}
		if got := r.stream("stdout"); got != c.want {
			t.Errorf("%s printed %q, want %q (go run)", c.call, got, c.want)
		}
	}
}

// TestPackageTypesLines checks that a package file rewritten with its
// package's types keeps its lines and parses.
func TestPackageTypesLines(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "range.go")
	src := testModule(t, "typed")["range.go"]
	if err := os.WriteFile(name, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	out := string(rewritePackageGo(name, []byte(src)))
	if !strings.Contains(out, ".RuneStarts(") || !strings.Contains(out, "{ var i int; for _activisK") {
		t.Fatalf("not rewritten with types:\n%s", out)
	}
	if _, err := parser.ParseFile(token.NewFileSet(), name, out, 0); err != nil {
		t.Fatalf("rewritten file does not parse: %v\n%s", err, out)
	}
	if got, want := strings.Count(out, "\n"), strings.Count(src, "\n"); got != want {
		t.Errorf("%d lines, want %d:\n%s", got, want, out)
	}
}
