package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
)

// Conversions of session values to error.
//
// yaegi v0.16.1 panicked on the conversion of a value of a session type
// to error: `e := error(LoadError{errors.New("z")})` gave "reflect.Set:
// value of type struct { Err error } is not assignable to type error", and
// `error(Code(3))` for `type Code int` "value of type int is not
// assignable". The implicit conversion of a composite literal's element
// works, so where the type checker shows the operand is of a session type
// (not an interface or a pointer, which convert), the conversion is
// written as one:
//
//	error(LoadError{…})  =>  []error{LoadError{…}}[0]
//
// Written for this package.

// errorConversions rewrites the conversions under n as above. It runs
// after noteOrigins (ifaceorigin.go), which reads the conversion's form.
func (r *rewriter) errorConversions(n ast.Node) {
	if r.oracle == nil || r.sc.globalType("error") != nil {
		return
	}
	replaceExprs(reflect.ValueOf(n), func(e ast.Expr) ast.Expr {
		c, ok := e.(*ast.CallExpr)
		if !ok || len(c.Args) != 1 || c.Ellipsis.IsValid() {
			return nil
		}
		id, ok := c.Fun.(*ast.Ident)
		if !ok || id.Name != "error" {
			return nil
		}
		if tn, ok := r.oracle.info.Uses[id].(*types.TypeName); !ok || tn.Pkg() != nil {
			return nil // not the predeclared error
		}
		t := r.oracle.typeOf(c.Args[0])
		if t == nil || types.IsInterface(t) {
			return nil
		}
		named, ok := types.Unalias(t).(*types.Named)
		if !ok || named.Obj().Pkg() != r.oracle.pkg {
			return nil // pointers convert (and nil ones are niliface.go's)
		}
		pos := c.Pos()
		return &ast.IndexExpr{
			X: &ast.CompositeLit{Type: &ast.ArrayType{Lbrack: pos, Elt: &ast.Ident{NamePos: pos, Name: "error"}},
				Lbrace: pos, Elts: []ast.Expr{c.Args[0]}, Rbrace: c.Rparen},
			Lbrack: c.Rparen, Index: &ast.BasicLit{ValuePos: c.Rparen, Kind: token.INT, Value: "0"}, Rbrack: c.Rparen}
	})
}
