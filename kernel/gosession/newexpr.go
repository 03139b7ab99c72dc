package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
)

// new with an expression (Go 1.26).
//
// Since Go 1.26 the operand of new may be an expression: new(42) is a
// pointer to a new int holding 42, new(x) to a copy of x. yaegi v0.16.1
// took the expression's type and dropped its value: `p := new(42)` gave
// *p == 0, `new(P{1, 2})` a zero P, without an error. The session writes
// such a call as a call of a function literal that returns the address
// of its parameter, with the type go/types gives the operand:
//
//	new(42)      =>   func(v int) *int { return &v }(42)
//
// When the checker cannot give the type in a form the cell can write, the
// call is refused with the workaround (v := expr; p := &v). Written for
// this package.

// newNeedsTypes reports whether f calls new with an operand the syntax does
// not show to be a type (see newValue, which needs the oracle's types).
func (s *Session) newNeedsTypes(st *state, f *ast.File) bool {
	local := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if ts, ok := n.(*ast.TypeSpec); ok {
			local[ts.Name.Name] = true
		}
		return true
	})
	isType := func(e ast.Expr) bool {
		for {
			switch x := e.(type) {
			case *ast.ParenExpr:
				e = x.X
				continue
			case *ast.StarExpr:
				e = x.X
				continue
			case *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.FuncType, *ast.StructType, *ast.InterfaceType:
				return true
			case *ast.SelectorExpr:
				pkg, ok := x.X.(*ast.Ident)
				return ok && pkg.Obj == nil && s.scope(st).isPackage(pkg.Name)
			case *ast.Ident:
				if x.Obj != nil {
					return x.Obj.Kind == ast.Typ
				}
				if _, ok := types.Universe.Lookup(x.Name).(*types.TypeName); ok || local[x.Name] {
					return true
				}
				s.mu.Lock()
				defer s.mu.Unlock()
				d := st.decls[x.Name]
				return d != nil && d.Kind == "type"
			}
			return false
		}
	}
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok && !found && isNewCall(c) && !isType(c.Args[0]) {
			found = true
		}
		return !found
	})
	return found
}

// isNewCall reports whether c calls the builtin new with one operand.
func isNewCall(c *ast.CallExpr) bool {
	id, ok := c.Fun.(*ast.Ident)
	return ok && id.Name == "new" && id.Obj == nil && len(c.Args) == 1 && !c.Ellipsis.IsValid()
}

// newValue rewrites a call of new with an expression operand in place (see
// the file comment).
func (r *rewriter) newValue(c *ast.CallExpr) {
	if !isNewCall(c) {
		return
	}
	if r.oracle == nil {
		switch x := unparen(c.Args[0]).(type) {
		case *ast.BasicLit, *ast.CompositeLit, *ast.BinaryExpr, *ast.CallExpr:
			r.fail(c.Pos(), "new with an expression (%s) without the type checker; write v := <expression>; p := &v", nodeString(r.fset, c.Args[0]))
		case *ast.UnaryExpr:
			if x.Op != token.MUL {
				r.fail(c.Pos(), "new with an expression (%s) without the type checker; write v := <expression>; p := &v", nodeString(r.fset, c.Args[0]))
			}
		}
		return
	}
	tv, ok := r.oracle.info.Types[c.Args[0]]
	if !ok || tv.IsType() || !tv.IsValue() {
		return
	}
	var elem ast.Expr
	if p, ok := r.oracle.typeOf(c).(*types.Pointer); ok {
		elem = r.oracle.expr(p.Elem())
	}
	if elem == nil {
		r.fail(c.Pos(), "new with an expression whose type the cell cannot write (%s); write v := <expression>; p := &v", nodeString(r.fset, c.Args[0]))
		return
	}
	pos := c.Pos()
	v := &ast.Ident{NamePos: pos, Name: r.fresh("New")}
	c.Fun = &ast.FuncLit{
		Type: &ast.FuncType{Func: pos,
			Params:  &ast.FieldList{Opening: pos, List: []*ast.Field{{Names: []*ast.Ident{v}, Type: elem}}, Closing: pos},
			Results: &ast.FieldList{List: []*ast.Field{{Type: &ast.StarExpr{Star: pos, X: elem}}}}},
		Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{&ast.ReturnStmt{Return: pos, Results: []ast.Expr{
			&ast.UnaryExpr{OpPos: pos, Op: token.AND, X: &ast.Ident{NamePos: pos, Name: v.Name}}}}}, Rbrace: pos},
	}
}
