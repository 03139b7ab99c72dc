package gosession

import (
	"go/ast"
	"go/token"
)

// Labelled break out of a select.
//
// yaegi v0.16.1 treats `break L` inside a select statement as a break of
// the select alone when L labels an enclosing loop: the loop goes on
// (typically for ever: `loop: for { select { case <-done: break loop } }`
// hangs). yaegi runs goto right, so the session rewrites such a break into
// a goto to a label placed just after the loop:
//
//	L: for { select { case <-done: break L } }
//	=>
//	{ L: for { select { case <-done: goto _brk } }; _brk: }
//
// At the top level of a cell the statement then runs inside a function
// literal (labels need a function scope). Written for this package.

// selectBreaks rewrites the breaks of labelled loop s that leave it from
// inside a select; it returns s unchanged when there are none.
func (r *rewriter) selectBreaks(s ast.Stmt) ast.Stmt {
	ls, ok := s.(*ast.LabeledStmt)
	if !ok {
		return s
	}
	breaks := selectLoopBreaks(ls)
	if len(breaks) == 0 {
		return s
	}
	target := &ast.Ident{NamePos: breaks[0].TokPos, Name: r.fresh("Brk")}
	for _, x := range breaks {
		x.Tok = token.GOTO
		x.Label = &ast.Ident{NamePos: x.Label.NamePos, Name: target.Name}
	}
	end := s.End()
	out := &ast.BlockStmt{Lbrace: s.Pos(), List: []ast.Stmt{
		s,
		&ast.LabeledStmt{Label: &ast.Ident{NamePos: end, Name: target.Name}, Colon: end, Stmt: &ast.EmptyStmt{Semicolon: end, Implicit: true}},
	}, Rbrace: end}
	if r.loopScoped == nil {
		r.loopScoped = map[ast.Stmt]bool{}
	}
	r.loopScoped[out] = true
	return out
}

// selectLoopBreaks returns the `break L` statements, in source order, that
// leave the loop labelled L by ls from inside a select statement (not those
// of function literals); none when ls labels no loop. Shared by the cells'
// rewrite (selectBreaks) and the package files' (pkgselect.go).
func selectLoopBreaks(ls *ast.LabeledStmt) []*ast.BranchStmt {
	switch ls.Stmt.(type) {
	case *ast.ForStmt, *ast.RangeStmt:
	default:
		return nil
	}
	var out []*ast.BranchStmt
	var walk func(n ast.Node, inSelect bool)
	walk = func(n ast.Node, inSelect bool) {
		ast.Inspect(n, func(m ast.Node) bool {
			switch x := m.(type) {
			case *ast.FuncLit:
				return false
			case *ast.SelectStmt:
				if !inSelect {
					walk(x.Body, true)
					return false
				}
			case *ast.BranchStmt:
				if inSelect && x.Tok == token.BREAK && x.Label != nil && x.Label.Name == ls.Label.Name {
					out = append(out, x)
				}
			}
			return true
		})
	}
	walk(ls.Stmt, false)
	return out
}
