package gosession

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// rewriteCell turns the source of a cell into the code the interpreter
// would compile, without compiling or running anything: the session's own
// steps up to compiling, cellGroups and prepareGroup (execute.go), with no
// imports resolved. A group's declarations are not recorded, so every
// group is rewritten against the session as it was. It returns each
// group's rewritten source, printed by go/printer, or the first error (a
// syntax error or ErrUnsupported).
func rewriteCell(s *Session, src string) ([]string, error) {
	st := s.state()
	// A fresh file set per call: the interpreter's keeps every file added.
	saved := st.fset
	st.fset = token.NewFileSet()
	defer func() { st.fset = saved }()

	items, groups, err := s.cellGroups(st, src)
	if err != nil {
		return nil, err
	}
	if e := s.checkCell(st, items, 0); e != nil { // cellcheck.go: what runGo checks first
		return nil, fmt.Errorf("%s: %w", e.Value, errChecked)
	}
	var out []string
	for _, g := range groups {
		p, err := s.prepareGroup(st, src, g, g.line, nil)
		if err != nil {
			return out, err
		}
		p.undo()
		// The comments stay out: the rewriter moves nodes, and the
		// printer interleaves comments by position.
		p.file.Comments = nil
		var b bytes.Buffer
		if err := (&printer.Config{Mode: printer.UseSpaces, Tabwidth: 8}).Fprint(&b, token.NewFileSet(), p.file); err != nil {
			return out, fmt.Errorf("printing the rewritten group: %w", err)
		}
		out = append(out, b.String())
	}
	return out, nil
}

// fidelityCells returns the cells of the fidelity corpus
// (testdata/fidelity, format in fidelity_test.go), for seeds.
func fidelityCells(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob("testdata/fidelity/*.txt")
	if err != nil || len(files) == 0 {
		tb.Fatalf("no fidelity cases: %v", err)
	}
	var cells []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		var buf []string
		in := false // in a cell section
		flush := func() {
			if in && len(buf) > 0 {
				cells = append(cells, strings.Join(buf, ""))
			}
			buf = nil
		}
		for _, line := range strings.SplitAfter(string(b), "\n") {
			switch {
			case strings.HasPrefix(line, "=== "):
				flush()
				in = true
			case strings.HasPrefix(line, "--- "):
				flush()
				in = strings.TrimSpace(line[4:]) == "cell"
			case in:
				buf = append(buf, line)
			}
		}
		flush()
	}
	return cells
}

// FuzzRewrite feeds cell sources to the rewriting of a cell (rewriteCell:
// everything between the cell's text and what the interpreter compiles).
// It must never panic, and whatever it returns without an error must parse
// as Go: the rewriter builds syntax trees by hand, and a malformed one
// reaches yaegi (whose own faults on such trees are panics or wrong
// programs, not errors). A cell whose statements parse as Go (see
// parsesAsStmts) must not fail with a syntax error on the way: its error,
// if any, is ErrUnsupported. Seeds: every cell of the fidelity corpus, a
// few cells of the rewrite tests and testdata/fuzz/FuzzRewrite (inputs
// that failed and were fixed).
func FuzzRewrite(f *testing.F) {
	for _, c := range fidelityCells(f) {
		f.Add(c)
	}
	for _, c := range []string{
		"for i := range 10 { _ = i }",
		"it := func(yield func(int) bool) {}\nfor v := range it { if v > 1 { break }; continue }",
		"go obj.Run(x)",
		"v, ok := m[k]\n_ = ok",
		"switch x := v.(type) { case int: _ = x }",
		"func main() { println(1) }\nmain()",
		"type P[T any] struct{ x T }\nfunc (p P[T]) Get() T { return p.x }",
		"defer fmt.Println(1)\nselect { case <-c: break }",
		"_ = min(2, 1.5)\npanic(\"boom\")",
		"a, b := f()\nfor i := 0; i < 3; i++ { go func() { _ = i }() }",
	} {
		f.Add(c)
	}
	s := newSession(f)
	f.Fuzz(func(t *testing.T, src string) {
		out, err := rewriteCell(s, src)
		if errors.Is(err, errRewrite) {
			t.Fatalf("rewriting %q panicked: %v", src, err)
		}
		if err != nil {
			// A syntax error, ErrUnsupported or an invalid constant
			// expression (constexpr.go); statements that parse
			// as Go must not become a syntax error on the way.
			if !errors.Is(err, ErrUnsupported) && !errors.Is(err, errChecked) && parsesAsStmts(src) {
				t.Fatalf("%q parses as statements but rewriting it fails: %v", src, err)
			}
			return
		}
		for i, g := range out {
			if _, perr := parser.ParseFile(token.NewFileSet(), "", g, parser.SkipObjectResolution); perr != nil {
				if !printsAsItParses(src) {
					return // go/printer's own fault, not the rewriter's
				}
				t.Fatalf("group %d of %q rewritten to code that does not parse: %v\n%s", i+1, src, perr, g)
			}
		}
	})
}

// printsAsItParses reports whether src, parsed as a file or as the
// statements of a function body and printed back by go/printer with no
// change, parses again. It does not for some invalid programs:
// `var x func()(A[0])` prints as `func() A[0]`, where `0` is no type (gofmt
// does the same), so the rewriter, which prints with go/printer, is not
// at fault for them.
func printsAsItParses(src string) bool {
	for _, text := range []string{"package p\n" + src, "package p; func _() {\n" + src + "\n}"} {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "", text, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		var b bytes.Buffer
		if err := printer.Fprint(&b, fset, f); err != nil {
			return false
		}
		_, err = parser.ParseFile(token.NewFileSet(), "", b.Bytes(), parser.SkipObjectResolution)
		return err == nil
	}
	return true
}

// parsesAsStmts reports whether src parses as the statements of one
// function body, none of them starting with a func type: `func() T`,
// `func(x) T(f)` or `func(x) T() = 0` parse as statements (a conversion
// at best), but a cell reads `func (...) Name(` at the top level as a
// method declaration.
func parsesAsStmts(src string) bool {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p; func _() {\n"+src+"\n}", parser.SkipObjectResolution)
	if err != nil || len(f.Decls) != 1 {
		// A source that closes the wrapping function itself ("}\ntype A
		// struct{…") parses as a file, not as statements.
		return false
	}
	for _, st := range f.Decls[0].(*ast.FuncDecl).Body.List {
		lits := map[*ast.FuncType]bool{}
		funcType := false
		ast.Inspect(st, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.FuncLit:
				lits[x.Type] = true
			case *ast.FuncType:
				if x.Pos() == st.Pos() && !lits[x] {
					funcType = true
				}
			}
			return !funcType
		})
		if funcType {
			return false
		}
	}
	return true
}

// TestRewriteCell checks the fuzz target's helper on a cell whose rewrite
// is known, so that a FuzzRewrite that stopped rewriting would fail.
func TestRewriteCell(t *testing.T) {
	s := newSession(t)
	out, err := rewriteCell(s, "import \"fmt\"\nfor i := range 3 { fmt.Println(i) }\n1 + 2")
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 3 {
		t.Fatalf("got %d groups, want 3 (import, statement, expression): %q", len(out), out)
	}
	if strings.Contains(out[1], "range") || !strings.Contains(out[1], "_activisN") {
		t.Errorf("range over int not rewritten:\n%s", out[1])
	}
	// A cell starting with a called func literal whose result type is a
	// name was read as a method declaration (a syntax error).
	if _, err := rewriteCell(s, "func(x int) int { return x * 2 }(3)"); err != nil {
		t.Errorf("func literal call: %v", err)
	}
	if _, err := rewriteCell(s, "for x := range ch {"); err == nil {
		t.Error("no error for an unbalanced cell")
	}
}

// TestRewriteStepsShared keeps FuzzRewrite fuzzing what the session
// compiles: the session's steps from a cell's source to the syntax tree it
// compiles are cellGroups and prepareGroup, which rewriteCell calls too, so
// runGo (before its first runGroup) and runGroup (before its first
// compileRun or runStmts) may call only those and functions that import,
// report or look (allowed below). A step added to runGo or runGroup
// instead of prepareGroup fails here.
func TestRewriteStepsShared(t *testing.T) {
	allowed := map[string]bool{
		"fetchImports": true, "importPaths": true, "runImports": true, // import
		"Sprintf": true, "As": true, "Error": true, "Err": true, "stopError": true, "usedBeforeDefined": true, "checkCell": true, "cellEmbed": true, // report
		"state": true, "showsValue": true, "shownStmt": true, // look
		"cellGroups": true, "prepareGroup": true, // the shared steps
	}
	calls := func(path string, funcs map[string]bool, stopAt map[string]bool) map[string]bool {
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || !funcs[fd.Name.Name] {
				continue
			}
			stop := token.Pos(math.MaxInt) // the first call of a stopAt function
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				if c, ok := n.(*ast.CallExpr); ok && stopAt[callName(c)] && c.Pos() < stop {
					stop = c.Pos()
				}
				return true
			})
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				if c, ok := n.(*ast.CallExpr); ok && c.Pos() < stop {
					if name := callName(c); name != "" {
						out[name] = true
					}
				}
				return true
			})
		}
		return out
	}
	stopAt := map[string]bool{"compileRun": true, "runStmts": true, "runGroup": true}
	session := calls("execute.go", map[string]bool{"runGo": true, "runGroup": true}, stopAt)
	t.Logf("steps before compiling: %v", slices.Sorted(maps.Keys(session)))
	for _, name := range []string{"cellGroups", "prepareGroup"} {
		if !session[name] {
			t.Errorf("runGo/runGroup no longer call %s before compiling: the fuzz target would fuzz something else", name)
		}
	}
	for name := range session {
		if !allowed[name] {
			t.Errorf("runGo/runGroup call %s before compiling: move the step into prepareGroup (shared with FuzzRewrite), or allow it here if it only imports, reports or looks", name)
		}
	}
	fuzz := calls("fuzz_test.go", map[string]bool{"rewriteCell": true}, nil)
	if !fuzz["cellGroups"] || !fuzz["prepareGroup"] {
		t.Errorf("rewriteCell does not call cellGroups and prepareGroup: %v", slices.Sorted(maps.Keys(fuzz)))
	}
}

// callName is the name of the function or method c calls, or "".
func callName(c *ast.CallExpr) string {
	switch f := c.Fun.(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		return f.Sel.Name
	}
	return ""
}

// TestPrintsAsItParses checks the fuzz target's excuse for go/printer: it
// must hold only where printing really breaks the source.
func TestPrintsAsItParses(t *testing.T) {
	for src, want := range map[string]bool{
		"var x func()(A[0])":    false,
		"var x func()(A[int])":  true,
		"x := 1 % func()(A[0])": false,
		"x := 1":                true,
		"}\ntype A struct{A}":   true,
	} {
		if got := printsAsItParses(src); got != want {
			t.Errorf("printsAsItParses(%q) = %v, want %v", src, got, want)
		}
	}
}
