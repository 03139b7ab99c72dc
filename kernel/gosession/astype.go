package gosession

import (
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
)

// errors.AsType (Go 1.26).
//
// errors.AsType[E](err) is generic, so yaegi's symbol table of package
// errors has no AsType ("package errors has no symbol AsType"). Before the
// type check, the session writes each call as a function literal calling
// errors.As, which the error-chain rewrites then handle as any other
// (errorchain.go, with the checker's types of the literal):
//
//	errors.AsType[E](err)  =>  func(err error) (E, bool) { var e E; ok := errors.As(err, &e); return e, ok }(err)
//
// Written for this package.

// asTypeCalls rewrites the calls of errors.AsType under n (see above).
func asTypeCalls(n ast.Node) {
	k := 0
	replaceExprs(reflect.ValueOf(n), func(e ast.Expr) ast.Expr {
		c, ok := e.(*ast.CallExpr)
		if !ok || len(c.Args) != 1 || c.Ellipsis.IsValid() {
			return nil
		}
		ix, ok := c.Fun.(*ast.IndexExpr)
		if !ok {
			return nil
		}
		sel, ok := ix.X.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "AsType" {
			return nil
		}
		if pkg, ok := sel.X.(*ast.Ident); !ok || pkg.Name != "errors" || pkg.Obj != nil {
			return nil
		}
		if !typeShaped(ix.Index) {
			return nil // not a type (errors.AsType[a%b]): left for the checker's error
		}
		k++
		pos := c.Pos()
		id := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
		v, okName, errName := fmt.Sprintf("_activisAsE%d", k), fmt.Sprintf("_activisAsOK%d", k), fmt.Sprintf("_activisAsErr%d", k)
		body := []ast.Stmt{
			&ast.DeclStmt{Decl: &ast.GenDecl{TokPos: pos, Tok: token.VAR, Specs: []ast.Spec{&ast.ValueSpec{Names: []*ast.Ident{id(v)}, Type: ix.Index}}}},
			&ast.AssignStmt{Lhs: []ast.Expr{id(okName)}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{&ast.CallExpr{
				Fun: &ast.SelectorExpr{X: sel.X, Sel: id("As")}, Lparen: pos,
				Args: []ast.Expr{id(errName), &ast.UnaryExpr{OpPos: pos, Op: token.AND, X: id(v)}}, Rparen: pos}}},
			&ast.ReturnStmt{Return: pos, Results: []ast.Expr{id(v), id(okName)}},
		}
		lit := &ast.FuncLit{
			Type: &ast.FuncType{Func: pos,
				Params:  &ast.FieldList{Opening: pos, List: []*ast.Field{{Names: []*ast.Ident{id(errName)}, Type: id("error")}}, Closing: pos},
				Results: &ast.FieldList{Opening: pos, List: []*ast.Field{{Type: ix.Index}, {Type: id("bool")}}, Closing: pos}},
			Body: &ast.BlockStmt{Lbrace: pos, List: body, Rbrace: pos},
		}
		return &ast.CallExpr{Fun: lit, Lparen: pos, Args: c.Args, Rparen: c.Rparen}
	})
}

// typeShaped reports whether e has the syntax of a type, so that it can
// stand as one in a declaration: `A0 % 0` in a type argument parses, but
// written as a variable's type it would not.
func typeShaped(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.Ident, *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.FuncType, *ast.StructType, *ast.InterfaceType:
		return true
	case *ast.SelectorExpr:
		_, ok := x.X.(*ast.Ident)
		return ok
	case *ast.StarExpr:
		return typeShaped(x.X)
	case *ast.ParenExpr:
		return typeShaped(x.X)
	case *ast.IndexExpr:
		return typeShaped(x.X) && typeShaped(x.Index)
	case *ast.IndexListExpr:
		if !typeShaped(x.X) {
			return false
		}
		for _, a := range x.Indices {
			if !typeShaped(a) {
				return false
			}
		}
		return true
	}
	return false
}
