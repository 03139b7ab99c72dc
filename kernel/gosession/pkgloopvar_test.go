package gosession

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// testModule returns the files of the module in testdata/pkgsource/dir
// (go.mod included), to be served by writeProxyModule.
func testModule(t *testing.T, dir string) map[string]string {
	t.Helper()
	root := filepath.Join("testdata", "pkgsource", dir)
	files := map[string]string{}
	err := filepath.WalkDir(root, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		files[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// serveModules serves modules through a local file:// proxy to the
// sessions the test makes: module path -> files.
func serveModules(t *testing.T, mods map[string]map[string]string) {
	t.Helper()
	proxy := t.TempDir()
	for path, files := range mods {
		writeProxyModule(t, proxy, path, "v0.1.0", files)
	}
	modulesEnv(t, "file://"+filepath.ToSlash(proxy))
	t.Setenv("GONOSUMDB", "example.com")
	t.Setenv("GOSUMDB", "off")
}

// wantModuleOutput serves testdata/pkgsource/dir as the module example.com/dir
// to a new session, runs code there and wants it to print want (what go
// run prints).
func wantModuleOutput(t *testing.T, dir, code, want string) {
	t.Helper()
	serveModules(t, map[string]map[string]string{"example.com/" + dir: testModule(t, dir)})
	r := mustRun(t, newSession(t), code)
	if got := r.stream("stdout"); got != want {
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
}

// wantRunError runs code in s and fails t unless the cell fails with an
// error containing every one of wants.
func wantRunError(t *testing.T, s *Session, code string, wants ...string) {
	t.Helper()
	_, err := run(t, s, code)
	if err == nil {
		t.Errorf("%s: no error, want one containing %q", code, wants)
		return
	}
	for _, w := range wants {
		if !strings.Contains(errString(err), w) {
			t.Errorf("%s: error %s, want one containing %q", code, errString(err), w)
		}
	}
}

// TestPackageLoopVarsLines checks that the loops of a go 1.22 package file
// are rewritten on their lines: the file parses, and the panic after the
// loops is on its line.
func TestPackageLoopVarsLines(t *testing.T) {
	name := filepath.Join("testdata", "pkgsource", "loopvar", "loops.go")
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	out := rewritePackageGo(name, src)
	if string(out) == string(src) {
		t.Fatal("loops not rewritten")
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, out, 0)
	if err != nil {
		t.Fatalf("rewritten file does not parse: %v\n%s", err, out)
	}
	ast.Inspect(f, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if id, ok := c.Fun.(*ast.Ident); ok && id.Name == "panic" {
				if l := fset.Position(c.Pos()).Line; l != 79 {
					t.Errorf("panic on line %d, want 79:\n%s", l, out)
				}
			}
		}
		return true
	})
}

// TestThirdPartyLoopVars imports a package of a go 1.22 module whose loops
// capture their variables in closures, goroutines and pointers, also with
// a body that changes the variable: the results are go run's (yaegi
// shared one variable: "2 c 2 c 2 c", [3 3 3], [100 100 100 100 100] and a
// short sum), bodies may declare the loop variables again (Redeclare
// failed to import: "no new variables on left side of :="), a panic after
// the loops names its own line, and the same
// package in a go 1.21 module keeps the shared variables, as the go
// command does.
func TestThirdPartyLoopVars(t *testing.T) {
	files := testModule(t, "loopvar")
	old := map[string]string{}
	for name, src := range files {
		old[name] = src
	}
	old["go.mod"] = "module example.com/loopvar21\n\ngo 1.21\n"
	serveModules(t, map[string]map[string]string{"example.com/loopvar": files, "example.com/loopvar21": old})

	s := newSession(t)
	r, err := run(t, s, "import \"example.com/loopvar\"\nfmt.Println(loopvar.Closures())\nfmt.Println(loopvar.Pointers())\nfmt.Println(loopvar.CopyBack())\nfmt.Println(loopvar.Goroutines())\nfmt.Println(loopvar.Redeclare())")
	if err != nil {
		t.Fatalf("import: %s\n%s", errString(err), r.stream("stderr"))
	}
	if got, want := r.stream("stdout"), "0a 1b 2c \n[0 1 2]\n[10 30 50 70 90]\n4950\n[70 0 71 1 72 2 50 70 2 6 10]\n"; got != want {
		t.Errorf("stdout = %q, want %q", got, want)
	}
	r, err = run(t, s, "import loopvar21 \"example.com/loopvar21\"\nfmt.Println(loopvar21.Pointers())\nfmt.Println(loopvar21.CopyBack())")
	if err != nil {
		t.Fatalf("import: %s\n%s", errString(err), r.stream("stderr"))
	}
	if got, want := r.stream("stdout"), "[3 3 3]\n[100 100 100 100 100]\n"; got != want {
		t.Errorf("go 1.21 stdout = %q, want %q", got, want)
	}
}
