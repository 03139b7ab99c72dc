package gosession

import (
	"go/ast"
	"go/types"
)

// Interface results of calls passed to interface parameters.
//
// yaegi v0.16.1 passes the result of a call written as an argument of a
// function interpreted from source, `describe(newShape())`, to a
// parameter of a non-empty interface type declared in interpreted code
// wrapped once more when that result is itself an interface value (its
// call node wraps every result of a nested call for such a parameter):
// inside describe, `s.(Circle)` gave the zero Circle and false, and a
// type switch on s took the default case or panicked with a nil pointer
// dereference, without an error (Go: the Circle). A variable holding the
// same result was passed as Go, and so is a parenthesized call, which
// yaegi evaluates as it evaluates a variable. So such an argument is
// written in parentheses, the same call in Go, in cells and in package
// files:
//
//	describe(newShape())  →  describe((newShape()))
//
// The same holds for the operands of the comparisons that pkgcompare.go
// writes as calls of a literal. A multi-value call as the arguments
// (`f(g())`) is left as it is: yaegi panics there when a result is not
// of an interface type. Written for this package.

// ifaceCallArgs returns c's arguments that are calls (not conversions
// or builtins) with one result of an interface type, each given to a
// parameter of a non-empty interface type declared in interpreted code
// (one whose package compiled reports false for, or an interface type
// literal) of a function that is not compiled.
func ifaceCallArgs(info *types.Info, c *ast.CallExpr, compiled func(*types.Package) bool) []ast.Expr {
	if info == nil || c.Ellipsis.IsValid() {
		return nil
	}
	tv, ok := info.Types[c.Fun]
	if !ok || tv.IsType() || tv.IsBuiltin() || tv.Type == nil {
		return nil
	}
	sig, ok := tv.Type.Underlying().(*types.Signature)
	if !ok {
		return nil
	}
	if obj := calleeObject(info, c.Fun); obj != nil && obj.Pkg() != nil && compiled(obj.Pkg()) {
		return nil
	}
	var out []ast.Expr
	for i, a := range c.Args {
		if !ifaceCallResult(info, a) {
			continue
		}
		if p := paramType(sig, i); p != nil && sourceIface(p, compiled) {
			out = append(out, a)
		}
	}
	return out
}

// ifaceCallResult reports whether e is a call, not a conversion or a
// builtin, with one result, of an interface type.
func ifaceCallResult(info *types.Info, e ast.Expr) bool {
	call, ok := e.(*ast.CallExpr)
	if !ok || !funcCall(info, call) {
		return false
	}
	t := info.TypeOf(e)
	return t != nil && types.IsInterface(t) // a tuple is not
}

// funcCall reports whether call calls a function, not a conversion or a
// builtin, as info shows.
func funcCall(info *types.Info, call *ast.CallExpr) bool {
	tv := info.Types[call.Fun]
	return !tv.IsType() && !tv.IsBuiltin()
}

// calleeObject returns the object that fun names (a function, method or
// variable), or nil (a function literal, a call's result).
func calleeObject(info *types.Info, fun ast.Expr) types.Object {
	switch x := unparen(fun).(type) {
	case *ast.Ident:
		return info.Uses[x]
	case *ast.SelectorExpr:
		return info.Uses[x.Sel]
	case *ast.IndexExpr:
		return calleeObject(info, x.X)
	case *ast.IndexListExpr:
		return calleeObject(info, x.X)
	}
	return nil
}

// paramType returns the type of the parameter that sig's argument i is
// given to (the element type for a variadic one), or nil.
func paramType(sig *types.Signature, i int) types.Type {
	n := sig.Params().Len()
	switch {
	case sig.Variadic() && i >= n-1:
		if s, ok := sig.Params().At(n - 1).Type().(*types.Slice); ok {
			return s.Elem()
		}
		return nil
	case i < n:
		return sig.Params().At(i).Type()
	}
	return nil
}

// sourceIface reports whether t is a non-empty interface type declared in
// interpreted code: a named type of a package compiled reports false for,
// or an interface type literal.
func sourceIface(t types.Type, compiled func(*types.Package) bool) bool {
	it, ok := t.Underlying().(*types.Interface)
	if !ok || it.NumMethods() == 0 {
		return false
	}
	switch x := t.(type) {
	case *types.Named:
		return x.Obj().Pkg() != nil && !compiled(x.Obj().Pkg())
	case *types.Interface:
		return true
	}
	return false // a type parameter, an alias of another package's type
}

// compiledPackage reports whether p is a package compiled into the
// kernel (not own, the package checked, nor one interpreted from source).
func compiledPackage(p, own *types.Package) bool {
	if p == own {
		return false
	}
	_, ok := packages().syms[p.Path()]
	return ok
}

// parenIfaceCallArgs writes the arguments of c that ifaceCallArgs
// returns in parentheses (see above), in a cell (with the types of
// third-party packages too, which the type oracle checks from source:
// `describe(shapes.New("circle"))` for a cell's `func describe(s
// shapes.Shape)` took the default case).
func (r *rewriter) parenIfaceCallArgs(c *ast.CallExpr) {
	if r.oracle == nil {
		return
	}
	own := r.oracle.pkg
	for _, a := range ifaceCallArgs(r.oracle.info, c, func(p *types.Package) bool { return compiledPackage(p, own) }) {
		for i := range c.Args {
			if c.Args[i] == a {
				c.Args[i] = &ast.ParenExpr{Lparen: a.Pos(), X: a, Rparen: a.End() - 1}
			}
		}
	}
}

// parenIfaceCallArgs writes the arguments of c that ifaceCallArgs
// returns in parentheses (see above), in a package file.
func (w *pkgGoWriter) parenIfaceCallArgs(c *ast.CallExpr) {
	if w.types == nil {
		return
	}
	own := w.types.pkg
	for _, a := range ifaceCallArgs(w.types.info, c, func(p *types.Package) bool { return compiledPackage(p, own) }) {
		w.enclose(a, "(", ")")
	}
}
