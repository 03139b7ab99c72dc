package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Session values shown through the methods compiled display code looks for.
//
// display.Convert renders a value implementing display.Renderer with its
// own bundle and formats one with a String method by it, but it is
// compiled: a value of a type declared in the session reaches it without
// its methods, so `Card{"a"}` as a cell's trailing expression, or
// display.Display(card), showed the struct's fields (`{title:"a"}`)
// where the compiled program renders the card's HTML, and `S{2}` with
// String showed `{x:2}` for `S2`. Held in a variable of the compiled
// interface the value keeps its methods (yaegi wraps it when it passes a
// value as an argument of that type, not in a conversion), so where the
// type oracle gives the shown expression a type of the session whose
// method set has Render() display.Bundle, or else String() string, the
// session passes it through a function of display.Renderer or
// fmt.Stringer first (a trailing expression, and the value argument of
// display.Display and display.Update). Written for this package.

// shownIface returns e converted as described above, or e.
func (r *rewriter) shownIface(e ast.Expr) ast.Expr {
	if held := r.shownHeld(e); held != nil {
		return held
	}
	pkg, iface := r.shownIfaceOf(e)
	if pkg == "" || !r.importedAs(pkg) {
		return e
	}
	at := e.Pos()
	return identityCall(&ast.SelectorExpr{X: &ast.Ident{NamePos: at, Name: pkg}, Sel: &ast.Ident{NamePos: at, Name: iface}}, e) // see compiledlit.go
}

// shownHeld returns, for e of an empty interface type or an interface
// type of the session, the call that gives the text of the String or
// Error method of the session value e holds, as a value display shows as
// that text, or the value itself (methodTextAs); nil for another e. A
// session value held in an `any` reached display without its methods:
// `var b any = Level(1); b` showed `1` where its String gives "hi", and a
// struct with String its fields, until stop 46. A value of a compiled
// interface type (error, fmt.Stringer) keeps its methods in yaegi's
// wrapper.
func (r *rewriter) shownHeld(e ast.Expr) ast.Expr {
	if r.oracle == nil {
		return nil
	}
	t := r.oracle.typeOf(e)
	if t == nil || !types.IsInterface(t) {
		return nil
	}
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != r.oracle.pkg {
		return nil // error, fmt.Stringer, a package's interface
	}
	if !r.printMethods(e.Pos()) { // instanceprint.go
		return nil
	}
	return r.methodTextAs(e, textShow) // fmttype.go
}

// shownIfaceOf returns the package and name of the interface shownIface
// passes e through, or "", "". The session imports fmt for a trailing
// expression that needs it (prepareGroup): `P{1}` of a type with String
// showed its fields in a session that had not imported fmt.
func (r *rewriter) shownIfaceOf(e ast.Expr) (pkg, iface string) {
	if r.oracle == nil {
		return "", ""
	}
	t := r.oracle.typeOf(e)
	if t == nil || types.IsInterface(t) {
		return "", ""
	}
	base := t
	if p, ok := t.(*types.Pointer); ok {
		base = p.Elem()
	}
	if n, ok := base.(*types.Named); !ok || n.Obj().Pkg() != r.oracle.pkg {
		return "", ""
	}
	ms := types.NewMethodSet(t)
	switch {
	case r.hasMethod(ms, "Render", func(res types.Type) bool {
		n, ok := res.(*types.Named)
		return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == DisplayPath && n.Obj().Name() == "Bundle"
	}):
		return "display", "Renderer"
	case r.hasMethod(ms, "String", func(res types.Type) bool { return types.Identical(res, types.Typ[types.String]) }):
		return "fmt", "Stringer"
	}
	return "", ""
}

// hasMethod reports whether ms has a method name without parameters with
// one result that result accepts.
func (r *rewriter) hasMethod(ms *types.MethodSet, name string, result func(types.Type) bool) bool {
	sel := ms.Lookup(r.oracle.pkg, name)
	if sel == nil {
		return false
	}
	sig, ok := sel.Type().(*types.Signature)
	return ok && sig.Params().Len() == 0 && sig.Results().Len() == 1 && result(sig.Results().At(0).Type())
}

// importedAs reports whether the session imports the package display
// (DisplayPath) or fmt under its own name.
func (r *rewriter) importedAs(name string) bool {
	ip, ok := r.sc.(interface{ importPath(string) string })
	if !ok {
		return false
	}
	switch name {
	case "display":
		return ip.importPath(name) == DisplayPath
	case "fmt":
		return ip.importPath(name) == "fmt"
	}
	return false
}

// importPath returns the path the session imports under name, or "".
func (sc sessionScope) importPath(name string) string {
	sc.s.mu.Lock()
	defer sc.s.mu.Unlock()
	return sc.st.imports[name]
}

// displayArgs converts the shown value of a call of display.Display or
// display.Update as described above.
func (r *rewriter) displayArgs(c *ast.CallExpr) {
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok {
		return
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok || pkg.Obj != nil || pkg.Name != "display" || !r.importedAs("display") || c.Ellipsis != token.NoPos {
		return
	}
	switch {
	case sel.Sel.Name == "Display" && len(c.Args) == 1:
		c.Args[0] = r.shownIface(c.Args[0])
	case sel.Sel.Name == "Update" && len(c.Args) == 2:
		c.Args[1] = r.shownIface(c.Args[1])
	}
}
