package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Comma-ok receives defined at the top level of a cell.
//
// `v, ok := <-ch` at the top level of a cell failed to compile in yaegi
// v0.16.1 ("nil type"), where inside a function it works. splitMultiDefs
// (multidef.go) declares the two variables first when commaOKTypes finds
// their types in the session's type check, as the hint said to do by
// hand: `var v T; var ok bool; v, ok = <-ch`. Written for this package.

// commaOKTypes returns the types of the two variables the receive
// `v, ok := <-ch` defines, as type expressions at its position, or nil.
func commaOKTypes(as *ast.AssignStmt, rw *rewriter) []ast.Expr {
	u, ok := unparen(as.Rhs[0]).(*ast.UnaryExpr)
	if !ok || u.Op != token.ARROW || len(as.Lhs) != 2 || rw == nil || rw.oracle == nil {
		return nil
	}
	t := rw.oracle.info.TypeOf(u.X)
	if t == nil {
		return nil
	}
	c, ok := t.Underlying().(*types.Chan)
	if !ok {
		return nil
	}
	elem := rw.oracle.expr(c.Elem())
	if elem == nil {
		return nil
	}
	for i, l := range as.Lhs {
		if id, ok := l.(*ast.Ident); ok && id.Name == "_" {
			as.Lhs[i] = &ast.Ident{NamePos: id.NamePos, Name: rw.fresh("Blank")} // yaegi fails on _ there
		}
	}
	return []ast.Expr{cloneNode(elem, as.Pos()).(ast.Expr), &ast.Ident{NamePos: as.Pos(), Name: "bool"}}
}

// commaOKNeedsTypes tells whether f defines two variables from a
// receive.
func commaOKNeedsTypes(f *ast.File) bool {
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok && as.Tok == token.DEFINE && len(as.Lhs) == 2 && len(as.Rhs) == 1 {
			u, isRecv := unparen(as.Rhs[0]).(*ast.UnaryExpr)
			found = isRecv && u.Op == token.ARROW
		}
		return !found
	})
	return found
}
