package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
)

// A compiled interface compared with a pointer of a session type.
//
// yaegi v0.16.1 holds a session pointer stored in a compiled interface
// (io.Reader, fmt.Stringer, error) in its own wrapper, so comparing the
// interface with the pointer compared the wrapper: `var rd io.Reader = r;
// rd == r` for `r := &R{}` was false without an error (Go: true). Where the
// type checker shows one side is such an interface and the other a
// pointer to a type of the session, the comparison asserts the interface
// to the pointer type first, as compare.go does for values:
//
//	rd == r   =>   true == func(_x io.Reader, _y *R) bool {
//	                   _v, _ok := _x.(*R); return _ok && _v == _y }(rd, r)
//
// Written for this package.

// comparePointerIface rewrites b as above and reports whether it did.
func (r *rewriter) comparePointerIface(b *ast.BinaryExpr) bool {
	if r.oracle == nil || r.err != nil {
		return false
	}
	for _, ptrLeft := range []bool{true, false} {
		p, o := b.X, b.Y
		if !ptrLeft {
			p, o = b.Y, b.X
		}
		pt, ok := r.oracle.typeOf(p).(*types.Pointer)
		if !ok {
			continue
		}
		n, ok := pt.Elem().(*types.Named)
		if !ok || n.Obj().Pkg() != r.oracle.pkg || n.TypeArgs() != nil {
			continue
		}
		it := r.compiledIfaceOperand(o) // compare.go
		if it == nil {
			continue
		}
		pos := b.OpPos
		id := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
		ptrType := func() ast.Expr { return &ast.StarExpr{Star: pos, X: id(n.Obj().Name())} }
		xName, yName := r.fresh("CmpX"), r.fresh("CmpY")
		vName, okName := r.fresh("CmpV"), r.fresh("CmpOK")
		pName, oName, xType, yType := xName, yName, ptrType(), it
		if !ptrLeft {
			pName, oName, xType, yType = yName, xName, it, ptrType()
		}
		body := []ast.Stmt{
			&ast.AssignStmt{Lhs: []ast.Expr{id(vName), id(okName)}, TokPos: pos, Tok: token.DEFINE,
				Rhs: []ast.Expr{&ast.TypeAssertExpr{X: id(oName), Type: ptrType()}}},
			&ast.ReturnStmt{Return: pos, Results: []ast.Expr{&ast.BinaryExpr{X: id(okName), OpPos: pos, Op: token.LAND,
				Y: &ast.BinaryExpr{X: id(vName), OpPos: pos, Op: token.EQL, Y: id(pName)}}}},
		}
		lit := &ast.FuncLit{
			Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{List: []*ast.Field{
				{Names: []*ast.Ident{id(xName)}, Type: xType},
				{Names: []*ast.Ident{id(yName)}, Type: yType},
			}}, Results: &ast.FieldList{List: []*ast.Field{{Type: id("bool")}}}},
			Body: &ast.BlockStmt{Lbrace: pos, List: body, Rbrace: pos},
		}
		call := &ast.CallExpr{Fun: lit, Lparen: pos, Args: []ast.Expr{b.X, b.Y}, Rparen: pos}
		b.X, b.Y = id("true"), call // b stays a binary expression: true == call, or true != call
		return true
	}
	return false
}
