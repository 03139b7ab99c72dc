package gosession

import (
	"go/ast"
	"go/token"
)

// Operands of select cases.
//
// yaegi v0.16.1 does not run the code of a call nested in a select case's
// channel operand or sent value: `case ch <- two() * 5:` sent 0 (Go: 10),
// `case out <- s + fmt.Sprint(n):` sent s, and `case v := <-chans[f()-1]:`
// waited on another channel (the cell hung), without an error (a bare
// call, a variable and arithmetic on variables were right). Go evaluates
// every channel operand and sent value once, in source order, on entering
// the select, so the session evaluates those that hold a call below their
// top into variables first (the others have no effects to order):
//
//	select { case ch <- f() * 5: … }  →  { _v := f() * 5; select { case ch <- _v: … } }
//
// A value holding a call is never an untyped constant, so the variable
// has the type the send had. The rewrite runs again after
// sourcestructwrap.go's, whose conversion of a struct value sent as an
// interface is a bare call yaegi did not run either (the select panicked,
// "call of nil function"): such a call is evaluated first too. Written for
// this package.

// selectOperands rewrites the select statements of n (see above).
func (r *rewriter) selectOperands(n ast.Node) {
	eachListStmt(n, false, func(list []ast.Stmt, i int, s ast.Stmt, lbl *ast.LabeledStmt) { // see stmtlist.go
		sel, ok := s.(*ast.SelectStmt)
		if !ok {
			return
		}
		if pre := r.hoistSelectOperands(sel); len(pre) > 0 {
			list[i] = &ast.BlockStmt{Lbrace: sel.Pos(), List: append(pre, withLabel(labelOf(lbl), sel)), Rbrace: sel.End()}
		}
	})
}

// hoistSelectOperands replaces the operands of sel's cases that hold a
// call by variables and returns their definitions, in source order.
func (r *rewriter) hoistSelectOperands(sel *ast.SelectStmt) []ast.Stmt {
	var pre []ast.Stmt
	hoist := func(e *ast.Expr) {
		if c, bare := unparen(*e).(*ast.CallExpr); bare && r.structWraps[c] == nil || !bare && !hasCall(*e) {
			return // yaegi runs a bare call (<-time.After(d), <-ctx.Done()), not sourcestructwrap.go's
		}
		pos := (*e).Pos()
		v := &ast.Ident{NamePos: pos, Name: r.fresh("Sel")}
		pre = append(pre, &ast.AssignStmt{Lhs: []ast.Expr{v}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{*e}})
		*e = &ast.Ident{NamePos: pos, Name: v.Name}
	}
	for _, st := range sel.Body.List {
		cc, ok := st.(*ast.CommClause)
		if !ok || cc.Comm == nil {
			continue
		}
		switch c := cc.Comm.(type) {
		case *ast.SendStmt:
			hoist(&c.Chan)
			hoist(&c.Value)
		case *ast.ExprStmt:
			if u, ok := unparen(c.X).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
				hoist(&u.X)
			}
		case *ast.AssignStmt:
			if len(c.Rhs) == 1 {
				if u, ok := unparen(c.Rhs[0]).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
					hoist(&u.X)
				}
			}
		}
	}
	return pre
}

// hasCall tells whether e holds a call (a conversion counts) outside
// function literals.
func hasCall(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(m ast.Node) bool {
		switch m.(type) {
		case *ast.CallExpr:
			found = true
		case *ast.FuncLit:
			return false
		}
		return !found
	})
	return found
}
