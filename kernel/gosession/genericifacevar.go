package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Variables of an interface type declared with the result of a generic
// function.
//
// yaegi v0.16.1 lost the value of a call of a generic function whose
// result is of an interface type when the call initialised a variable
// declared with an interface type: with `func first[T any](xs []T) any {
// return xs[0] }`, `var v any = first([]int{1})` left v nil (plain yaegi
// too; `var e error = firstE(errs)` the same), without an error, while
// `v := first(…)` and the assignment `v = first(…)` kept it. Which
// declarations failed depended on the instances made before, so a cell
// could work alone and print <nil> beside another. Such a value is
// computed by a function literal that assigns it:
//
//	var v any = first(xs)
//	→ var v any = func() any { var _activisR any; _activisR = first(xs); return _activisR }()
//
// Written for this package.

// genericIfaceVars rewrites the declarations under n described above.
func (r *rewriter) genericIfaceVars(n ast.Node) {
	if r.oracle == nil {
		return
	}
	ast.Inspect(n, func(m ast.Node) bool {
		vs, ok := m.(*ast.ValueSpec)
		if !ok || vs.Type == nil || len(vs.Values) != len(vs.Names) {
			return true
		}
		if tv, ok := r.oracle.info.Types[vs.Type]; !ok || !tv.IsType() || !types.IsInterface(tv.Type) {
			return true
		}
		for i, v := range vs.Values {
			if r.genericIfaceCall(v) {
				vs.Values[i] = assignedValue(v, vs.Type)
			}
		}
		return true
	})
}

// genericIfaceCall reports whether e is a call of an instance of a
// generic function whose result is of an interface type.
func (r *rewriter) genericIfaceCall(e ast.Expr) bool {
	c, ok := unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	base, _, _ := typeArgsOf(unparen(c.Fun))
	id := refIdent(unparen(base))
	if id == nil {
		return false
	}
	if _, generic := r.oracle.info.Instances[id]; !generic {
		return false
	}
	tv, ok := r.oracle.info.Types[e]
	return ok && tv.Type != nil && types.IsInterface(tv.Type)
}

// assignedValue returns the call of a function literal of result type t
// that assigns v to a variable and returns it (see above).
func assignedValue(v, t ast.Expr) ast.Expr {
	pos := v.Pos()
	id := func() *ast.Ident { return &ast.Ident{NamePos: pos, Name: "_activisR"} }
	body := []ast.Stmt{
		&ast.DeclStmt{Decl: &ast.GenDecl{TokPos: pos, Tok: token.VAR, Specs: []ast.Spec{
			&ast.ValueSpec{Names: []*ast.Ident{id()}, Type: cloneTypeAt(t, pos)}}}},
		&ast.AssignStmt{Lhs: []ast.Expr{id()}, TokPos: pos, Tok: token.ASSIGN, Rhs: []ast.Expr{v}},
		&ast.ReturnStmt{Return: pos, Results: []ast.Expr{id()}},
	}
	return &ast.CallExpr{Fun: &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{Opening: pos, Closing: pos},
			Results: &ast.FieldList{List: []*ast.Field{{Type: cloneTypeAt(t, pos)}}}},
		Body: &ast.BlockStmt{Lbrace: pos, List: body, Rbrace: pos}}, Lparen: pos, Rparen: pos}
}
