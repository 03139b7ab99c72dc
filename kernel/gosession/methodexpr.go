package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strconv"
)

// Method expressions used as values.
//
// yaegi v0.16.1 runs a method expression only where it is called
// (`T.Get(t)`): stored (`f := (*T).Add`, `[]func(T) int{T.Get}`, `var h
// func(T) int = T.Get`) or passed (`apply(T.Get, t)`) it fails, at run
// time ("reflect: Call with too many input arguments") or at compile time
// ("cannot use type func() int as type func(main.T) int"), for session
// types, interfaces and compiled types alike. The session writes such a
// method expression as the function literal it stands for, with the
// signature the type oracle (typecheck.go) gives it, on the same line:
//
//	f := (*T).Add   =>   f := func(_r *T, a0 int) int { return _r.Add(a0) }
//
// (a variadic method passes its last parameter on with `...`). A method
// expression the oracle cannot write (a type local to a function, an
// unexported compiled type) is left to yaegi. Written for this package.

// methodExprs rewrites the method expressions under n that are not
// called (see above).
func (r *rewriter) methodExprs(n ast.Node) {
	if r.oracle == nil {
		return
	}
	called := map[ast.Expr]bool{}
	ast.Inspect(n, func(m ast.Node) bool {
		if c, ok := m.(*ast.CallExpr); ok {
			called[unparen(c.Fun)] = true
			r.promotedMethodExprCall(c)
		}
		return true
	})
	replaceExprs(reflect.ValueOf(n), func(e ast.Expr) ast.Expr {
		sel, ok := e.(*ast.SelectorExpr)
		if !ok || called[sel] {
			return nil
		}
		return r.methodExprLit(sel)
	})
}

// promotedMethodExprCall rewrites the call c of a method expression
// whose method is promoted through an embedded field (`Outer.Get(o)`;
// yaegi passed the outer value where the inner one belongs: "reflect.Set:
// value of type struct { ... } is not assignable") into a call of the
// method on its first argument: `(o).Get()`.
func (r *rewriter) promotedMethodExprCall(c *ast.CallExpr) {
	sel, ok := unparen(c.Fun).(*ast.SelectorExpr)
	if !ok || len(c.Args) == 0 || c.Ellipsis.IsValid() && len(c.Args) == 1 {
		return
	}
	s := r.oracle.info.Selections[sel]
	if s == nil || s.Kind() != types.MethodExpr || len(s.Index()) < 2 {
		return
	}
	sig, ok := r.oracle.typeOf(sel).(*types.Signature)
	if n := sig.Params().Len(); !ok || len(c.Args) == 1 && n > 1 || !sig.Variadic() && len(c.Args) != n {
		return // f(g()) with g's results as the arguments
	}
	recv := c.Args[0]
	c.Fun = &ast.SelectorExpr{X: &ast.ParenExpr{Lparen: recv.Pos(), X: recv, Rparen: recv.End()}, Sel: sel.Sel}
	c.Args = c.Args[1:]
}

// methodExprLit returns the function literal for the method expression
// sel, or nil when sel is not one or cannot be written.
func (r *rewriter) methodExprLit(sel *ast.SelectorExpr) ast.Expr {
	s := r.oracle.info.Selections[sel]
	if s == nil || s.Kind() != types.MethodExpr {
		return nil
	}
	sig, ok := r.oracle.typeOf(sel).(*types.Signature)
	if !ok || sig.Params().Len() == 0 {
		return nil
	}
	ft, ok := r.oracle.expr(types.NewSignatureType(nil, nil, nil, renamedParams(sig.Params()), sig.Results(), sig.Variadic())).(*ast.FuncType)
	if !ok {
		return nil
	}
	pos := sel.Pos()
	ft = setPositions(ft, pos)
	ft.Func = pos
	var args []ast.Expr
	for i := 1; i < sig.Params().Len(); i++ {
		args = append(args, ast.NewIdent(paramName(i)))
	}
	call := &ast.CallExpr{Fun: &ast.SelectorExpr{X: ast.NewIdent(paramName(0)), Sel: ast.NewIdent(sel.Sel.Name)}, Args: args}
	if sig.Variadic() {
		call.Ellipsis = pos
	}
	call = setPositions(call, pos)
	call.Lparen, call.Rparen = pos, pos
	var stmt ast.Stmt = &ast.ExprStmt{X: call}
	if sig.Results().Len() > 0 {
		stmt = &ast.ReturnStmt{Return: pos, Results: []ast.Expr{call}}
	}
	return &ast.FuncLit{Type: ft, Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{stmt}, Rbrace: sel.End()}}
}

// renamedParams returns params with the names paramName gives them.
func renamedParams(params *types.Tuple) *types.Tuple {
	vars := make([]*types.Var, params.Len())
	for i := range params.Len() {
		p := params.At(i)
		vars[i] = types.NewParam(token.NoPos, p.Pkg(), paramName(i), p.Type())
	}
	return types.NewTuple(vars...)
}

// paramName names the i-th parameter of a function literal methodExprLit
// writes.
func paramName(i int) string {
	return "_activisM" + strconv.Itoa(i)
}

// methodExprNeedsTypes reports whether the group f may use a method
// expression of a compiled type as a value (`time.Duration.String`,
// `(*strings.Builder).WriteString` not called): methodExprs needs the
// type oracle for it. Those of session types have it anyway.
func (s *Session) methodExprNeedsTypes(st *state, f *ast.File) bool {
	sc := s.scope(st)
	called := map[ast.Expr]bool{}
	found := false
	ast.Inspect(f, func(m ast.Node) bool {
		switch x := m.(type) {
		case *ast.CallExpr:
			called[unparen(x.Fun)] = true
		case *ast.SelectorExpr:
			if called[x] {
				return true
			}
			t := unparen(x.X)
			if st, ok := t.(*ast.StarExpr); ok {
				t = st.X
			}
			if inner, ok := t.(*ast.SelectorExpr); ok {
				if id, ok := inner.X.(*ast.Ident); ok && id.Obj == nil && ast.IsExported(inner.Sel.Name) && sc.isPackage(id.Name) {
					found = true
				}
			}
		}
		return !found
	})
	return found
}
