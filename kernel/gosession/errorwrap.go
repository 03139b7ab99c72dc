package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// Error wrapping with types declared in the session: refused.
//
// The compiled fmt and errors packages see a value of an interpreted type
// without its methods. So in yaegi v0.16.1 fmt.Errorf("load: %w",
// &ParseError{}) does not wrap the value (the message reads
// "%!w(*struct {…})"), and errors.As(err, &pe) with pe of such a type
// panics. errors.Is, errors.As and errors.Unwrap run as interpreted
// versions where the session declares error types (errorchain.go); what
// they cannot serve, and fmt.Errorf with %w of a session value, the
// session refuses when the type is visibly one of the session's, with the
// workaround in the error. Wrapping a compiled error (errors.New, os
// errors) works as in Go. Written for this package.

// isType reports whether name is a type declared in the session.
func (sc sessionScope) isType(name string) bool {
	sc.s.mu.Lock()
	defer sc.s.mu.Unlock()
	d := sc.st.decls[name]
	return d != nil && d.Kind == "type"
}

// sessionType returns the name of the session type (or pointer to one) a
// type expression names, or "".
func (r *rewriter) sessionType(t ast.Expr) string {
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	id, ok := t.(*ast.Ident)
	if !ok {
		return ""
	}
	if id.Obj != nil {
		if id.Obj.Kind == ast.Typ {
			return id.Name
		}
		return ""
	}
	if ts, ok := r.sc.(interface{ isType(string) bool }); ok && ts.isType(id.Name) {
		return id.Name
	}
	return ""
}

// errorWrap refuses error wrapping with session types (see above).
func (r *rewriter) errorWrap(c *ast.CallExpr) {
	pkg, fn, ok := r.packageCall(c)
	if !ok {
		return
	}
	if pkg == "errors" && r.oracle != nil && (r.importPath(c.Fun.(*ast.SelectorExpr).X.(*ast.Ident)) == "errors" || errorsForwarder(r.oracle.info, c.Fun, r.oracle.pkg)) && r.errorChain(c, fn) { // errorchain.go, pkgerrchain.go
		return
	}
	switch pkg + "." + fn {
	case "errors.As":
		if len(c.Args) != 2 {
			return
		}
		addr, ok := unparen(c.Args[1]).(*ast.UnaryExpr)
		if !ok || addr.Op != token.AND {
			return
		}
		v, ok := addr.X.(*ast.Ident)
		if !ok {
			return
		}
		if r.oracle != nil {
			if _, isParam := r.oracle.typeOf(v).(*types.TypeParam); isParam {
				return // errorchain.go asserts to it
			}
		}
		if name := r.sessionType(r.identType(v)); name != "" {
			r.fail(c.Pos(), "%s", asSessionIface(printType(r.identType(v))))
		} else if it, ok := r.identType(v).(*ast.InterfaceType); ok && it.Methods != nil && len(it.Methods.List) > 0 {
			r.fail(c.Pos(), "%s", asInlineIface(printType(it)))
		}
	case "fmt.Errorf":
		if len(c.Args) < 2 {
			return
		}
		lit, ok := c.Args[0].(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING || !strings.Contains(lit.Value, "%w") {
			return
		}
		verbs := formatVerbs(lit.Value) // errorchain.go
		for i, a := range c.Args[1:] {
			if i >= len(verbs) || verbs[i] != 'w' {
				continue // printed, not wrapped: the print rewrites serve it
			}
			if r.wrapErrorArg(c, i+1) { // errorchain.go
				continue
			}
			name := r.sessionType(r.typeOf(a))
			if name == "" {
				name = r.sessionErrorValue(a) // errorchain.go
			}
			if name != "" {
				r.fail(a.Pos(), "fmt.Errorf with %%w of a value of type %s, declared in the session, does not wrap it in the interpreter (compiled fmt cannot see its methods; errors.Is/As would not find it); "+
					"return the value unwrapped and check it with a type assertion, or wrap a sentinel error made with errors.New", name)
				return
			}
		}
	}
}

// printType prints a type expression.
func printType(t ast.Expr) string {
	return nodeString(token.NewFileSet(), t)
}

// packageCall returns the package and function names of a call of a
// package's function (`pkg.F(…)` where pkg is an imported package, not a
// variable of that name); ok is false for any other call.
func (r *rewriter) packageCall(c *ast.CallExpr) (pkg, fn string, ok bool) {
	sel, isSel := c.Fun.(*ast.SelectorExpr)
	if !isSel {
		return "", "", false
	}
	id, isID := sel.X.(*ast.Ident)
	if !isID || id.Obj != nil || !r.sc.isPackage(id.Name) {
		return "", "", false
	}
	return id.Name, sel.Sel.Name, true
}

// asInlineIface is the error for errors.As with a target of an interface
// type t with methods written in the cell (`var t interface{ Timeout()
// bool }`): compiled errors.As panicked, and the session's chain
// (errorchain.go) returned false for a compiled error that has them, as
// the interpreter cannot hold a compiled value as such an interface.
func asInlineIface(t string) string {
	return "errors.As with a target of type " + t + ", an interface written in the session, cannot work in the interpreter (compiled errors cannot be held as it); " +
		"declare the target as a compiled interface with those methods (net.Error has Timeout) or as the error's own type (*fs.PathError)"
}

// asSessionIface is the error for errors.As with a target of the session's
// interface type t.
func asSessionIface(t string) string {
	return "errors.As with a target of type " + t + ", declared in the session, cannot work in the interpreter (compiled errors.As cannot see its methods); " +
		"use a type assertion on the error itself: if e, ok := err.(" + t + "); ok { ... } (and return such errors unwrapped)"
}
