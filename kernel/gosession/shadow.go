package gosession

import (
	"go/ast"
	"go/token"
)

// Shadowing at the top level of a cell.
//
// In yaegi v0.16.1's global scope, a `:=` or `var` in a nested block (an
// if or for body, a bare block) that declares a name the session already
// has assigns the global instead of declaring a new variable: after `x :=
// 1; { x := 3 }`, x is 3. A top-level compound statement holding such a
// declaration runs inside a function literal called at once, where yaegi
// scopes it right (labels and gotos stay: such statements are left as
// they are). Written for this package.

// shadowScope wraps the statements of list that shadow a global (see
// above). globals reports whether a name is a session variable.
func shadowScope(list []ast.Stmt, isGlobal func(string) bool) []ast.Stmt {
	top := map[string]bool{}
	for _, s := range list {
		for _, n := range topDefined(s) {
			top[n] = true
		}
	}
	for i, s := range list {
		switch s.(type) {
		case *ast.BlockStmt, *ast.IfStmt, *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt,
			*ast.TypeSwitchStmt, *ast.SelectStmt, *ast.LabeledStmt:
		default:
			continue
		}
		if hasGoto(s) || !shadows(s, func(n string) bool { return top[n] || isGlobal(n) }) {
			continue
		}
		if _, ok := s.(*ast.LabeledStmt); ok {
			continue
		}
		pos := s.Pos()
		lit := &ast.FuncLit{
			Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{Opening: pos, Closing: pos}},
			Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{s}, Rbrace: s.End()},
		}
		list[i] = &ast.ExprStmt{X: &ast.CallExpr{Fun: lit, Lparen: s.End(), Rparen: s.End()}}
	}
	return list
}

// topDefined returns the names a top-level statement defines.
func topDefined(s ast.Stmt) []string {
	var out []string
	switch x := s.(type) {
	case *ast.AssignStmt:
		if x.Tok == token.DEFINE {
			for _, l := range x.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
					out = append(out, id.Name)
				}
			}
		}
	case *ast.DeclStmt:
		if gd, ok := x.Decl.(*ast.GenDecl); ok {
			for _, sp := range gd.Specs {
				if vs, ok := sp.(*ast.ValueSpec); ok {
					for _, n := range vs.Names {
						out = append(out, n.Name)
					}
				}
			}
		}
	}
	return out
}

// shadows reports whether s declares, in a nested block and outside
// function literals, a name for which global is true.
func shadows(s ast.Stmt, global func(string) bool) bool {
	found := false
	ast.Inspect(s, func(n ast.Node) bool {
		if found {
			return false
		}
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			if x.Tok == token.DEFINE {
				for _, l := range x.Lhs {
					if id, ok := l.(*ast.Ident); ok && id.Name != "_" && global(id.Name) {
						found = true
					}
				}
			}
		case *ast.RangeStmt:
			if x.Tok == token.DEFINE {
				for _, e := range []ast.Expr{x.Key, x.Value} {
					if id, ok := e.(*ast.Ident); ok && id.Name != "_" && global(id.Name) {
						found = true
					}
				}
			}
		case *ast.ValueSpec:
			for _, id := range x.Names {
				if id.Name != "_" && global(id.Name) {
					found = true
				}
			}
		case *ast.TypeSwitchStmt:
			if as, ok := x.Assign.(*ast.AssignStmt); ok {
				for _, l := range as.Lhs {
					if id, ok := l.(*ast.Ident); ok && global(id.Name) {
						found = true
					}
				}
			}
		}
		return true
	})
	return found
}

// isGlobalName returns a test for the names the session has declared
// (variables, functions, constants). The interpreter's globals are not
// asked: yaegi leaks the variables of top-level loops into them, and
// wrapping every later loop over i or k would be needless (and a function
// literal at the top level meets another yaegi fault: a function reading a
// field chain of a compiled global, run.Instances.Labels, panics when
// called from one).
func (s *Session) isGlobalName(st *state) func(string) bool {
	return func(n string) bool {
		s.mu.Lock()
		d := st.decls[n]
		s.mu.Unlock()
		return d != nil && d.Kind != "type"
	}
}
