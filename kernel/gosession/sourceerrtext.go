package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
)

// Values of third-party packages' error types printed in cells.
//
// fmt calls the Error method of an operand whose type has one; yaegi gives
// compiled fmt a value of a type of a package interpreted from source
// bare, without that method: in a cell, `e := multierror.Append(nil,
// err); fmt.Println(e)` printed `&{[bad row] <nil>}` (Go `1 error
// occurred: …`), so did the call result itself and `%s` of it, without an
// error; converting it, `error(e)`, did not help. sourcetypes.go converts
// results with a String method; an operand fmt prints through its method
// (printedOperands: Print's, %v's and %s's) whose type is such a
// package's type, or a pointer to one, with an Error method (and no
// Format method) is written as its Error text, a nil pointer as nil
// (fmt's `<nil>`):
//
//	fmt.Println(e)  →  fmt.Println(func() any { x := e; if x == nil { return nil }; return x.Error() }())
//
// For Print and Sprint, which space operands that are not strings, the
// text is given as the session runtime's Text, which is not one either
// (printcall.go). Written for this package.

// sourceErrorText rewrites the operands of the print call c as above.
func (r *rewriter) sourceErrorText(c *ast.CallExpr) {
	if r.oracle == nil {
		return
	}
	_, fn, _ := r.packageCall(c)
	spaced := slices.Contains([]string{"Print", "Sprint", "Fprint", "Append"}, fn)
	for _, i := range r.printedOperands(c) { // callresult.go
		a := c.Args[i]
		t := r.oracle.typeOf(a)
		if t == nil {
			continue
		}
		n, ptr := sourceNamed(t)
		if n == nil {
			continue
		}
		ms := types.NewMethodSet(t)
		if !fmtErrorMethod(ms.Lookup(nil, "Error")) || ms.Lookup(nil, "Format") != nil {
			continue
		}
		pos := a.Pos()
		id := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
		x := r.fresh("ErrX")
		var text ast.Expr = &ast.CallExpr{Fun: &ast.SelectorExpr{X: id(x), Sel: id("Error")}, Lparen: pos, Rparen: pos}
		if spaced {
			rt := r.ifaceRuntimeName()
			if rt == "" {
				continue
			}
			text = &ast.CallExpr{Fun: &ast.SelectorExpr{X: id(rt), Sel: id("Text")}, Lparen: pos, Args: []ast.Expr{text}, Rparen: pos}
		}
		body := []ast.Stmt{&ast.AssignStmt{Lhs: []ast.Expr{id(x)}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{a}}}
		if ptr {
			body = append(body, &ast.IfStmt{If: pos, Cond: &ast.BinaryExpr{X: id(x), OpPos: pos, Op: token.EQL, Y: id("nil")},
				Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{&ast.ReturnStmt{Return: pos, Results: []ast.Expr{id("nil")}}}, Rbrace: pos}})
		}
		body = append(body, &ast.ReturnStmt{Return: pos, Results: []ast.Expr{text}})
		c.Args[i] = &ast.CallExpr{Fun: &ast.FuncLit{
			Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: id("any")}}}},
			Body: &ast.BlockStmt{Lbrace: pos, List: body, Rbrace: pos},
		}, Lparen: pos, Rparen: pos}
	}
}
