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

// The same panic met a value stored straight into an error variable in a
// function (`var x error = E{1}`, `x = E{1}`; "reflect: Method index out
// of range" at x.Error()), which is written the same way.

// errorConversions rewrites the conversions and stores under n as above.
// It runs after noteOrigins (ifaceorigin.go), which reads their form.
func (r *rewriter) errorConversions(n ast.Node) {
	if r.oracle == nil || r.sc.globalType("error") != nil {
		return
	}
	errType := types.Universe.Lookup("error").Type()
	ast.Inspect(n, func(m ast.Node) bool {
		switch x := m.(type) {
		case *ast.ValueSpec:
			if x.Type == nil || len(x.Values) != len(x.Names) {
				return true
			}
			for i, name := range x.Names {
				if obj := r.oracle.info.Defs[name]; obj != nil && types.Identical(obj.Type(), errType) && r.sessionNamedValue(x.Values[i]) {
					x.Values[i] = errorElem(x.Values[i])
				}
			}
		case *ast.AssignStmt:
			if x.Tok != token.ASSIGN || len(x.Lhs) != len(x.Rhs) {
				return true
			}
			for i, l := range x.Lhs {
				if t := r.oracle.typeOf(l); t != nil && types.Identical(t, errType) && r.sessionNamedValue(x.Rhs[i]) {
					x.Rhs[i] = errorElem(x.Rhs[i])
				}
			}
		}
		return true
	})
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
		if !r.sessionNamedValue(c.Args[0]) {
			return nil
		}
		return errorElem(c.Args[0])
	})
}

// sessionNamedValue reports whether the type checker types e as a named type of
// the session that is not an interface or a pointer (pointers convert, and
// nil ones are niliface.go's).
func (r *rewriter) sessionNamedValue(e ast.Expr) bool {
	t := r.oracle.typeOf(e)
	if t == nil || types.IsInterface(t) {
		return false
	}
	named, ok := types.Unalias(t).(*types.Named)
	return ok && named.Obj().Pkg() == r.oracle.pkg
}

// errorElem returns []error{e}[0] at e's position.
func errorElem(e ast.Expr) ast.Expr {
	pos, end := e.Pos(), e.End()
	return &ast.IndexExpr{
		X: &ast.CompositeLit{Type: &ast.ArrayType{Lbrack: pos, Elt: &ast.Ident{NamePos: pos, Name: "error"}},
			Lbrace: pos, Elts: []ast.Expr{e}, Rbrace: end},
		Lbrack: end, Index: &ast.BasicLit{ValuePos: end, Kind: token.INT, Value: "0"}, Rbrack: end}
}
