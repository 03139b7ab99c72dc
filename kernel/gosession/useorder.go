package gosession

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"strings"

	"github.com/activis-go/activis/kernel/session"
)

// Statements of a cell run in order, as in a function body.
//
// yaegi compiles the statements of a group as the top level of a package:
// a name that a statement defines (x := …, var x …) exists for the whole
// group, so a use before the definition compiled and read the zero value
// (`a := b + 1; b := 2` printed `1 2`, where Go says "undefined: b"), and
// a name redefined later in the group replaced the earlier cell's variable
// for the statements before it too (`a := b + 1; b := 2` after an earlier
// `b := 10` gave a = 1, Go 11). The session therefore starts a new group
// at a statement redefining an earlier cell's variable (cellGroups), and
// refuses, before anything of the cell runs, a use of a name that only a
// later statement of the cell defines (usedBeforeDefined), or that a
// later declaration of the cell (a const, type or func, which run in the
// cell's order too) declares: before, that failed with yaegi's bare
// "undefined: n" and a hint about top-level variables that did not
// apply. Written for this package.

// usedBeforeDefined returns the error for the first use, in a statement
// of the cell's items, of a name that a later top-level statement of the
// cell defines and nothing before it declares; base is the cell's line 0
// for the interpreter (see lineBase).
func (s *Session) usedBeforeDefined(st *state, items []Item, base int) *session.ExecError {
	var src strings.Builder
	src.WriteString("package main; func main() {")
	stmts := 0
	cellDecls := map[string]int{} // a name a declaration item of the cell declares -> the item's line
	for _, it := range items {
		switch it.Kind {
		case StmtItem, ExprItem:
			fmt.Fprintf(&src, "\n//line cell:%d:1\n%s\n", it.Line, it.Src)
			stmts++
		case DeclItem:
			if df, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+it.Src, parser.SkipObjectResolution); err == nil {
				for _, n := range topNames(df, DeclItem) {
					if _, ok := cellDecls[n]; !ok {
						cellDecls[n] = it.Line
					}
				}
			}
		}
	}
	if stmts == 0 || stmts < 2 && len(cellDecls) == 0 {
		return nil
	}
	src.WriteString("}")
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src.String(), 0)
	if err != nil || len(f.Decls) != 1 {
		return nil // the groups report syntax errors with their positions
	}
	body := f.Decls[0].(*ast.FuncDecl).Body
	// The names a statement defines, at their first definition.
	defined := map[string]token.Pos{}
	for _, id := range topIdents(f, StmtItem) { // failednames.go
		if _, ok := defined[id.Name]; !ok && id.Name != "_" {
			defined[id.Name] = id.Pos()
		}
	}
	if len(defined) == 0 && len(cellDecls) == 0 {
		return nil
	}
	known := s.knownNames(st)
	skip := notReferences(f) // execute.go
	var use *ast.Ident
	declLine := 0 // for a use of a later declaration item's name, its line
	ast.Inspect(body, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || use != nil || id.Obj != nil || skip[id] {
			return use == nil
		}
		_, declared := cellDecls[id.Name]
		if at, ok := defined[id.Name]; ok && id.Pos() <= at && !declared && !known(id.Name) {
			use = id
		} else if line := cellDecls[id.Name]; declared && fset.Position(id.Pos()).Line < line && !known(id.Name) {
			// A const, type or func of the cell declared after the
			// statement: the items run in the cell's order.
			use, declLine = id, line
		}
		return true
	})
	if use == nil {
		return nil
	}
	u := fset.Position(use.Pos())
	msg := fmt.Sprintf("%s: undefined: %s (%s is defined later in the cell, at line %d; the statements of a cell run in order, as in a function: define it before its first use)",
		s.where(base+u.Line), use.Name, use.Name, fset.Position(defined[use.Name]).Line)
	if declLine > 0 {
		msg = fmt.Sprintf("%s: undefined: %s (%s is declared later in the cell, at line %d; a cell runs its statements and declarations in the order written: "+
			"declare it before the statement that uses it, or in an earlier cell)", s.where(base+u.Line), use.Name, use.Name, declLine)
	}
	return &session.ExecError{Name: "CompileError", Value: msg, Traceback: []string{"CompileError: " + msg}}
}

// knownNames returns a test of whether a name is declared before the
// cell runs: by an earlier cell, an import, a package the session imports
// on use, or the universe.
func (s *Session) knownNames(st *state) func(string) bool {
	g := globals(st)
	return func(name string) bool {
		for _, b := range builtins {
			if b == name {
				return true
			}
		}
		if _, ok := g[name]; ok {
			return true
		}
		if _, ok := packages().byName[name]; ok {
			return true
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		return st.decls[name] != nil || st.imports[name] != ""
	}
}

// redefinesEarlier reports whether a statement item defines (with := or
// var) a name declared before the cell (by an earlier cell, an import or
// the universe) that the code in text (the group so far) uses: the item
// then starts a group of its own (see cellGroups), so that text refers to
// the earlier declaration.
func (s *Session) redefinesEarlier(st *state, src, text string) bool {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p; func _() {"+src+"\n}", parser.SkipObjectResolution)
	if err != nil || len(f.Decls) != 1 {
		return false
	}
	ids := topIdents(f, StmtItem) // failednames.go
	if len(ids) == 0 {
		return false
	}
	used := map[string]bool{}
	var sc scanner.Scanner
	sc.Init(token.NewFileSet().AddFile("", -1, len(text)), []byte(text), nil, 0)
	for {
		_, tok, lit := sc.Scan()
		if tok == token.EOF {
			break
		}
		if tok == token.IDENT {
			used[lit] = true
		}
	}
	known := s.knownNames(st)
	for _, id := range ids {
		if used[id.Name] && known(id.Name) {
			return true
		}
	}
	return false
}
