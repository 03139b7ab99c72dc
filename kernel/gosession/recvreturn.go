package gosession

import (
	"go/ast"
	"go/token"
)

// return <-ch.
//
// yaegi v0.16.1 panics ("reflect.Value.Set using unaddressable value") on
// a return statement whose result is a channel receive, `return <-ch`,
// while `v := <-ch; return v` runs right. The session rewrites the first
// into the second (each receive result into a variable of its own, the
// other results unchanged). Written for this package.

// returnRecv rewrites a return statement with receive results, or returns
// s unchanged.
func (r *rewriter) returnRecv(s *ast.ReturnStmt) ast.Stmt {
	var lhs, rhs []ast.Expr
	for i, e := range s.Results {
		u, ok := unparen(e).(*ast.UnaryExpr)
		if !ok || u.Op != token.ARROW {
			continue
		}
		v := r.fresh("Recv")
		lhs = append(lhs, &ast.Ident{NamePos: e.Pos(), Name: v})
		rhs = append(rhs, e)
		s.Results[i] = &ast.Ident{NamePos: e.Pos(), Name: v}
	}
	if len(lhs) == 0 {
		return s
	}
	var list []ast.Stmt
	for i := range lhs {
		list = append(list, &ast.AssignStmt{Lhs: []ast.Expr{lhs[i]}, TokPos: s.Return, Tok: token.DEFINE, Rhs: []ast.Expr{rhs[i]}})
	}
	return &ast.BlockStmt{Lbrace: s.Return, List: append(list, s), Rbrace: s.End()}
}
