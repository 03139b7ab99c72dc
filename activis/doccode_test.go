package activis_test

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/doc/comment"
	"go/importer"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"
)

// TestDocCodeCompiles type-checks the Go code blocks of the module's
// documentation (the indented blocks of package comments, in doc.go or any
// other file, and of the doc comments of exported declarations), so that
// the code a reader copies compiles. The conventions:
//
//   - A block is Go when it parses as Go under the rules below, or when it
//     looks like Go (a line with `:=`, or one starting with func, type,
//     import, var or package); a block that looks like Go must parse.
//     Other blocks (shell commands, Python, tables, output) are not
//     checked.
//   - A block is checked as a notebook cell of a package outside the
//     documented one: declarations (import, type, const, func) at the top
//     level, the other statements in a function body, in their order.
//     Packages are imported by name where the block uses them (the
//     documented package, the module's packages, the standard library),
//     and the documented package's exported names are also in scope
//     unqualified. A variable declared and not used, and an expression
//     statement whose value is not used (a cell's trailing expression,
//     which the notebook shows), are fine.
//   - `{ ... }` stands for an elided body (checked as a panic).
//   - Leading comment lines `// given: name Type, name Type` declare the
//     variables the block uses without defining them, as a parameter list
//     (e.g. `// given: ctx context.Context, run *activis.Run`); readers see
//     their types there.
//   - A block whose first line is `// fragment` (a reason may follow) is
//     code that is not meant to compile on its own; it must still parse.
func TestDocCodeCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks the module's doc blocks with go list -export")
	}
	root := moduleRoot(t)
	names := packageNames(t, root)
	var blocks []*docBlock
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); path != root && (n == "node_modules" || n == "testdata" || strings.HasPrefix(n, ".") || n == "build") {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil && path != root {
				return filepath.SkipDir // another module (activis/beam)
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		bs, err := fileDocBlocks(root, path)
		blocks = append(blocks, bs...)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	var std []string
	for _, b := range blocks {
		b.prepare(names)
		switch {
		case !b.isGo:
			t.Logf("not Go, not checked: %s", b.where())
		case b.fragment:
			t.Logf("fragment, parsed only: %s", b.where())
		default:
			checked++
			for _, p := range b.imports {
				if !strings.HasPrefix(p, module) {
					std = append(std, p)
				}
			}
		}
	}
	slices.Sort(std)
	_, lookup := exportData(t, append([]string{module + "/..."}, slices.Compact(std)...)...)
	imp := importer.ForCompiler(token.NewFileSet(), "gc", lookup)
	for _, b := range blocks {
		for _, msg := range b.check(imp) {
			t.Errorf("%s: %s", b.where(), msg)
		}
	}
	if checked < 15 {
		t.Fatalf("checked only %d Go blocks of %d", checked, len(blocks))
	}
	t.Logf("%d blocks, %d checked as Go", len(blocks), checked)
}

// TestDocCodeRule checks the conventions on blocks that break them.
func TestDocCodeRule(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks with go list -export")
	}
	names := packageNames(t, moduleRoot(t))
	_, lookup := exportData(t, module+"/activis", "fmt", "context", "strings")
	imp := importer.ForCompiler(token.NewFileSet(), "gc", lookup)
	for _, test := range []struct {
		code string
		want int // problems
	}{
		{"ex := activis.NewExplorer(nil, run)\nex", 1}, // run undefined
		{"// given: run *activis.Run\nex := activis.NewExplorer(nil, run)\nex", 0},
		{"// given: run *activis.Run\nex := activis.NewExplorer(nil, run)\nif err := ex.AddSubset(\"a\", `label == 1`); err != nil { ... }", 0},
		{"// given: run *activis.Run\nerr := ex.AddSubset(\"a\")", 1}, // ex undefined
		{"type P struct{ X int }\nfunc (p P) Get() int { return p.X }\np := P{1}\nfmt.Println(p.Get())", 0},
		{"import \"strings\"\nfmt.Println(strings.ToUpper(\"x\"))", 0},
		{"import \"strings\"\nfmt.Println(1)", 1},                 // strings imported and not used: a cell's import must be used
		{"x := NewInstances([]string{\"a\"}, 1)\n_ = x.Len()", 0}, // the documented package's names unqualified
		{"x := activis.Nope()", 1},
		{"// fragment: shows a pattern\nx := activis.Nope()", 0},
		{"x := (", 1}, // looks like Go, does not parse
		{"make test\ncurl -s https://example.com | sh", 0},
		{"layers = {\"conv\": model.conv}  # Python", 0},
	} {
		b := &docBlock{file: "activis/doc.go", pkgPath: module + "/activis", pkgName: "activis", code: test.code}
		b.prepare(names)
		if got := b.check(imp); len(got) != test.want {
			t.Errorf("%q: %d problems %q, want %d", test.code, len(got), got, test.want)
		}
	}
}

// docBlock is one indented code block of a package comment.
type docBlock struct {
	file    string // relative to the module root
	line    int    // the file line of the block's first line
	pkgPath string // the documented package
	pkgName string
	code    string

	// Set by prepare.
	isGo, fragment bool
	src            string   // the Go file the block is checked as
	imports        []string // the paths src imports
	dot            bool     // src dot-imports the documented package
	parseErr       error
}

func (b *docBlock) where() string {
	first := ""
	for _, l := range strings.Split(b.code, "\n") {
		if first = strings.TrimSpace(l); first != "" && !givenLine.MatchString(first) {
			break
		}
	}
	return fmt.Sprintf("%s:%d: block %q", b.file, b.line, first)
}

// fileDocBlocks returns the code blocks of path's package comment and of
// the doc comments of its exported declarations (what go doc shows).
func fileDocBlocks(root, path string) ([]*docBlock, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	if f.Name.Name == "main" {
		return nil, nil
	}
	rel, _ := filepath.Rel(root, path)
	dir := filepath.ToSlash(filepath.Dir(rel))
	pkgPath := module
	if dir != "." {
		pkgPath += "/" + dir
	}
	docs := []*ast.CommentGroup{f.Doc}
	for _, d := range f.Decls {
		switch x := d.(type) {
		case *ast.FuncDecl:
			if x.Name.IsExported() {
				docs = append(docs, x.Doc)
			}
		case *ast.GenDecl:
			exported := false
			for _, sp := range x.Specs {
				switch y := sp.(type) {
				case *ast.TypeSpec:
					exported = exported || y.Name.IsExported()
					docs = append(docs, y.Doc)
				case *ast.ValueSpec:
					for _, n := range y.Names {
						exported = exported || n.IsExported()
					}
				}
			}
			if exported {
				docs = append(docs, x.Doc)
			}
		}
	}
	lines := strings.Split(string(src), "\n")
	var out []*docBlock
	for _, cg := range docs {
		if cg == nil {
			continue
		}
		var p comment.Parser
		from := fset.Position(cg.Pos()).Line - 1
		for _, blk := range p.Parse(cg.Text()).Content {
			c, ok := blk.(*comment.Code)
			if !ok {
				continue
			}
			b := &docBlock{file: filepath.ToSlash(rel), pkgPath: pkgPath, pkgName: f.Name.Name, code: c.Text}
			// The block's first line, for messages.
			first, _, _ := strings.Cut(c.Text, "\n")
			for i := from; i < len(lines); i++ {
				if strings.HasSuffix(lines[i], first) {
					b.line, from = i+1, i+1
					break
				}
			}
			out = append(out, b)
		}
	}
	return out, nil
}

// pkgNames maps a package name to the import paths of that name: the
// module's packages and the standard library.
type pkgNames map[string][]string

// packageNames lists the module's packages and the standard library.
func packageNames(t *testing.T, root string) pkgNames {
	t.Helper()
	cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "list", "-f", "{{.ImportPath}} {{.Name}}", "./...", "std")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	names := pkgNames{}
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		path, name, _ := strings.Cut(l, " ")
		if name == "main" || strings.Contains(path, "internal") || strings.HasPrefix(path, "vendor/") {
			continue
		}
		names[name] = append(names[name], path)
	}
	for _, paths := range names {
		// The module's packages first, then the shortest path (math/rand
		// before math/rand/v2 and crypto/rand).
		sort.Slice(paths, func(i, j int) bool {
			mi, mj := strings.HasPrefix(paths[i], module), strings.HasPrefix(paths[j], module)
			if mi != mj {
				return mi
			}
			if len(paths[i]) != len(paths[j]) {
				return len(paths[i]) < len(paths[j])
			}
			return paths[i] < paths[j]
		})
	}
	return names
}

var (
	givenLine  = regexp.MustCompile(`^//\s*given:\s*(.*)$`)
	elidedBody = regexp.MustCompile(`\{\s*\.\.\.\s*\}`)
	looksGo    = regexp.MustCompile(`(?m)(:=|^(func|type|import|var|package)\s)`)
)

// prepare decides whether the block is Go and builds the file it is
// checked as.
func (b *docBlock) prepare(names pkgNames) {
	code := b.code
	var given []string
	for {
		first, rest, _ := strings.Cut(code, "\n")
		if m := givenLine.FindStringSubmatch(strings.TrimSpace(first)); m != nil {
			list, _, _ := strings.Cut(m[1], "//") // a comment may follow
			given = append(given, strings.TrimSuffix(strings.TrimSpace(list), ","))
			code = rest
			continue
		}
		if strings.HasPrefix(strings.TrimSpace(first), "// fragment") {
			b.fragment = true
		}
		break
	}
	code = elidedBody.ReplaceAllString(code, `{ panic("elided") }`)
	imports, decls, stmts, err := splitCell(code)
	if err == nil {
		b.src = "package doccode\n" + imports + "\n" + decls + "\nfunc _(" + strings.Join(given, ", ") + ") {\n" + stmts + "\n}\n"
		_, err = parser.ParseFile(token.NewFileSet(), "", b.src, 0)
	}
	if err != nil {
		b.isGo = looksGo.MatchString(b.code)
		b.parseErr = err
		return
	}
	b.isGo = true
	f, _ := parser.ParseFile(token.NewFileSet(), "", b.src, 0)
	have := map[string]bool{}
	for _, is := range f.Imports {
		p := strings.Trim(is.Path.Value, `"`)
		have[p[strings.LastIndex(p, "/")+1:]] = true
		if is.Name != nil {
			have[is.Name.Name] = true
		}
	}
	// Names used as pkg.Name that nothing in the block declares.
	unresolved := map[*ast.Ident]bool{}
	for _, id := range f.Unresolved {
		unresolved[id] = true
	}
	add := map[string]string{}
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.SelectorExpr:
			if id, ok := x.X.(*ast.Ident); ok && unresolved[id] && !have[id.Name] {
				switch {
				case id.Name == b.pkgName:
					add[id.Name] = b.pkgPath
				case len(names[id.Name]) > 0:
					add[id.Name] = names[id.Name][0]
				}
			}
		case *ast.Ident:
			if unresolved[x] && x.IsExported() && !b.dot {
				b.dot = true
			}
		}
		return true
	})
	var spec strings.Builder
	for name, path := range add {
		fmt.Fprintf(&spec, "import %s %q; ", name, path)
		b.imports = append(b.imports, path)
	}
	if b.dot {
		fmt.Fprintf(&spec, "import . %q; ", b.pkgPath)
		b.imports = append(b.imports, b.pkgPath)
	}
	for _, is := range f.Imports {
		b.imports = append(b.imports, strings.Trim(is.Path.Value, `"`))
	}
	// The added imports go on the package clause's line, so that lines
	// keep their numbers.
	b.src = strings.Replace(b.src, "package doccode\n", "package doccode; "+spec.String()+"\n", 1)
}

// check type-checks the block and returns its problems.
func (b *docBlock) check(imp types.Importer) []string {
	if !b.isGo {
		return nil
	}
	if b.parseErr != nil {
		return []string{fmt.Sprintf("looks like Go but does not parse (mark it `// fragment` only if it is Go that is not meant to compile): %v", b.parseErr)}
	}
	if b.fragment {
		return nil
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "block.go", b.src, 0)
	if err != nil {
		return []string{err.Error()}
	}
	var problems []string
	seen := map[string]bool{}
	conf := types.Config{Importer: imp, Error: func(err error) {
		te, ok := err.(types.Error)
		if !ok {
			problems = append(problems, err.Error())
			return
		}
		msg := te.Msg
		if strings.HasPrefix(msg, "declared and not used") || strings.HasSuffix(msg, "is not used") {
			return // fine in shown code and notebook cells
		}
		if strings.Contains(msg, "imported and not used") && b.dot && strings.Contains(msg, b.pkgPath) {
			return // the dot import of the documented package
		}
		if !seen[msg] {
			seen[msg] = true
			if name, ok := strings.CutPrefix(msg, "undefined: "); ok && !strings.Contains(name, ".") {
				msg += " (a variable the block is given? declare it in a first line `// given: " + name + " Type`; see TestDocCodeCompiles)"
			}
			problems = append(problems, fmt.Sprintf("%s\n%s", msg, numbered(b.src, fset.Position(te.Pos).Line)))
		}
	}}
	conf.Check("doccode", fset, []*ast.File{f}, nil)
	return problems
}

// numbered returns the line of src at n with its neighbours, for messages.
func numbered(src string, n int) string {
	lines := strings.Split(src, "\n")
	var b strings.Builder
	for i := max(n-2, 1); i <= min(n+1, len(lines)); i++ {
		mark := "  "
		if i == n {
			mark = "> "
		}
		fmt.Fprintf(&b, "\t%s%s\n", mark, lines[i-1])
	}
	return b.String()
}

// splitCell cuts Go source into the imports, the other top-level
// declarations (type, const, func, method) and the statements, each in
// source order, as a notebook cell is run. Comments go with the item after
// them. It fails on a token the scanner rejects or unbalanced brackets.
func splitCell(src string) (imports, decls, stmts string, err error) {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var errs scanner.ErrorList
	var s scanner.Scanner
	s.Init(file, []byte(src), func(pos token.Position, msg string) { errs.Add(pos, msg) }, 0)
	var ib, db, sb bytes.Buffer
	start := 0 // offset where the current item's text starts
	var toks []token.Token
	depth := 0
	header := false // for/if/switch/select before its block: ";" does not end the item
	flush := func(end int) {
		if len(toks) == 0 {
			return
		}
		text := strings.TrimSuffix(src[start:end], "\n")
		switch {
		case toks[0] == token.IMPORT:
			ib.WriteString(text + "\n")
		case toks[0] == token.TYPE || toks[0] == token.CONST:
			db.WriteString(text + "\n")
		case toks[0] == token.FUNC && len(toks) > 1 && toks[1] == token.IDENT:
			db.WriteString(text + "\n")
		case toks[0] == token.FUNC && isMethod(toks[1:]):
			db.WriteString(text + "\n")
		default:
			sb.WriteString(text + "\n")
		}
		toks = toks[:0]
		start = end
	}
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			flush(len(src))
			break
		}
		switch tok {
		case token.FOR, token.IF, token.SWITCH, token.SELECT:
			if depth == 0 && len(toks) == 0 {
				header = true
			}
		case token.LPAREN, token.LBRACK, token.LBRACE:
			if tok == token.LBRACE && depth == 0 {
				header = false
			}
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
			if depth < 0 {
				return "", "", "", fmt.Errorf("unbalanced %s", tok)
			}
		case token.SEMICOLON:
			if depth == 0 && !(header && lit == ";") {
				// An inserted semicolon ends the line (it may stand where a
				// comment at the end of the line starts).
				end := file.Offset(pos) + len(lit)
				if lit == "\n" {
					if i := strings.IndexByte(src[file.Offset(pos):], '\n'); i >= 0 {
						end = file.Offset(pos) + i + 1
					} else {
						end = len(src)
					}
				}
				if len(toks) == 0 {
					start = end
				} else {
					flush(min(end, len(src)))
				}
				continue
			}
		}
		toks = append(toks, tok)
	}
	if len(errs) > 0 {
		return "", "", "", errs.Err()
	}
	if depth != 0 {
		return "", "", "", fmt.Errorf("%d brackets left open", depth)
	}
	return ib.String(), db.String(), sb.String(), nil
}

// isMethod reports whether the tokens after func are a receiver and a name.
func isMethod(rest []token.Token) bool {
	if len(rest) == 0 || rest[0] != token.LPAREN {
		return false
	}
	d := 0
	for i, t := range rest {
		switch t {
		case token.LPAREN:
			d++
		case token.RPAREN:
			d--
			if d == 0 {
				return i+1 < len(rest) && rest[i+1] == token.IDENT
			}
		}
	}
	return false
}
