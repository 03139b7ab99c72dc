package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
)

// return p.F(x) for a generic function of a third-party package.
//
// yaegi v0.16.1 lost a result of a generic function of a package
// interpreted from source when a return statement passed its results on:
// with `func Parse[V any](k string, v V) (*Pair[string, V], error)`,
// `func h() (*p.Pair[string, bool], error) { return p.Parse("", true) }`
// returned a nil error where Parse returned one (Go: `<nil> empty key`,
// yaegi `<nil> <nil>`), without an error. Taken into variables first,
// `a, b := p.Parse("", true); return a, b`, the results are right, and
// that is what the session writes where the type oracle shows such a
// call with several results. (Writing the type arguments out instead
// met another fault of yaegi's, a reflect.Set panic once the cell had
// instantiated the package's generic type itself.) The session's own
// generic functions get their type arguments written (typeargs.go),
// which fixes the same fault for them. Written for this package.

// returnGenericCall rewrites `return p.F(x)` as described above, or
// returns nil.
func (r *rewriter) returnGenericCall(s *ast.ReturnStmt) ast.Stmt {
	if r.oracle == nil || len(s.Results) != 1 {
		return nil
	}
	c, ok := unparen(s.Results[0]).(*ast.CallExpr)
	if !ok {
		return nil
	}
	base, _, _ := typeArgsOf(c.Fun)
	sel, ok := base.(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	fn, ok := r.oracle.info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil || !sourceModule(fn.Pkg().Path()) {
		return nil
	}
	if sig, ok := fn.Type().(*types.Signature); !ok || sig.TypeParams().Len() == 0 {
		return nil
	}
	tup, ok := r.oracle.info.Types[c].Type.(*types.Tuple)
	if !ok || tup.Len() < 2 {
		return nil
	}
	pos := s.Return
	var names []ast.Expr
	for range tup.Len() {
		names = append(names, &ast.Ident{NamePos: pos, Name: r.fresh("Res")})
	}
	def := &ast.AssignStmt{Lhs: names, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{c}}
	ret := &ast.ReturnStmt{Return: pos, Results: append([]ast.Expr(nil), names...)}
	return &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{def, ret}, Rbrace: s.End()}
}
