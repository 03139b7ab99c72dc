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
// (not an interface or a pointer), the conversion is
// written as one:
//
//	error(LoadError{…})  =>  []error{LoadError{…}}[0]
//
// A pointer to a session type converted to any interface with methods
// is written the same way (ptrIfaceConversion). Written for this package.

// The same panic met a value stored straight into an error variable in a
// function (`var x error = E{1}`, `x = E{1}`; "reflect: Method index out
// of range" at x.Error()), which is written the same way.

// errorConversions rewrites the conversions and stores under n as above.
// It runs after noteOrigins (ifaceorigin.go), which reads their form.
func (r *rewriter) errorConversions(n ast.Node) {
	if r.oracle == nil {
		return
	}
	errType := types.Universe.Lookup("error").Type()
	ast.Inspect(n, func(m ast.Node) bool {
		if r.sc.globalType("error") != nil {
			return false // the stores below are of the predeclared error
		}
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
	compiledArgs := map[ast.Expr]bool{} // arguments of compiled functions, which yaegi converts itself
	ast.Inspect(n, func(m ast.Node) bool {
		if c, ok := m.(*ast.CallExpr); ok {
			if foreignFunc(r.oracle.info, r.oracle.pkg, calleeIdent(c.Fun)) != nil { // ifaceloop.go
				for _, a := range c.Args {
					compiledArgs[a] = true
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

		if id, ok := c.Fun.(*ast.Ident); ok && id.Name == "error" {
			if tn, ok := r.oracle.info.Uses[id].(*types.TypeName); ok && tn.Pkg() == nil && r.sessionNamedValue(c.Args[0]) {
				return errorElem(c.Args[0]) // the predeclared error
			}
		}
		if compiledArgs[e] {
			return nil
		}
		return r.ptrIfaceConversion(c)
	})
}

// calleeIdent returns the identifier naming the function fun calls: fun
// itself or the selector of a qualified name or method (nil otherwise).
func calleeIdent(fun ast.Expr) *ast.Ident {
	switch x := unparen(fun).(type) {
	case *ast.Ident:
		return x
	case *ast.SelectorExpr:
		return x.Sel
	}
	return nil
}

// ptrIfaceConversion returns the conversion c written as the element of a
// composite literal when it converts a value of a session type, or a
// pointer to one, to an interface type with methods, or nil. yaegi v0.16.1 panicked on such a
// conversion unless it was the argument of a compiled function (which is
// left as it is: there yaegi keeps a nil pointer's type, as Go does):
// `e := error(&parseErr{…})` and `s := fmt.Stringer(p)` gave
// "reflect.Set: value of type *main.parseErr is not assignable to type
// error". niliface.go checks a nil pointer in the element as it checks
// any element of a compiled interface type:
//
//	error(&parseErr{…})  =>  []error{&parseErr{…}}[0]
//
// So is a value of a session type converted so (since stop 51): `t :=
// Shape(c)` gave a variable that compared unequal to an equal Shape (`var
// s Shape = c; s == t` was false, also with `var t = Shape(c)` and
// Named(c)), and inside a function panicked, "reflect: Call using
// interp.valueInterface as type main.Circle".
func (r *rewriter) ptrIfaceConversion(c *ast.CallExpr) ast.Expr {
	tv, ok := r.oracle.info.Types[c.Fun]
	if !ok || !tv.IsType() {
		return nil
	}
	if it, ok := tv.Type.Underlying().(*types.Interface); !ok || it.NumMethods() == 0 {
		return nil
	}
	at := types.Unalias(r.oracle.typeOf(c.Args[0]))
	if p, ok := at.(*types.Pointer); ok {
		at = p.Elem()
	}
	if !r.sessionNamedType(at) {
		return nil
	}
	return sliceElem(c.Args[0], c.Fun) // see ifacestore.go
}

// sessionNamedValue reports whether the type checker types e as a named type of
// the session that is not an interface or a pointer (pointers convert, and
// nil ones are niliface.go's).
func (r *rewriter) sessionNamedValue(e ast.Expr) bool { return r.sessionNamedType(r.oracle.typeOf(e)) }

// sessionNamedType reports whether t is a named type of the session that
// is not an interface or a pointer.
func (r *rewriter) sessionNamedType(t types.Type) bool {
	if t == nil || types.IsInterface(t) {
		return false
	}
	named, ok := types.Unalias(t).(*types.Named)
	return ok && named.Obj().Pkg() == r.oracle.pkg
}

// errorElem returns []error{e}[0] at e's position.
func errorElem(e ast.Expr) ast.Expr { return sliceElem(e, &ast.Ident{NamePos: e.Pos(), Name: "error"}) } // see ifacestore.go
