package gosession

import (
	"go/ast"
	"go/parser"
	"go/types"
)

// Struct values of a third-party package's types converted to a compiled
// interface in a cell.
//
// pkgstructwrap.go's fault, met in the cell: yaegi v0.16.1's wrapper of a
// compiled interface (error) kept a struct value's last field instead of
// the value, so the package's own `err.(Plain)` of an error a cell made
// from a structwrap.Plain was false (`structwrap.Check(structwrap.Plain{1,
// "x"})` took no case), so was the cell's assertion of it, and `var e
// error = structwrap.DupError{"c"}` panicked (reflect.Set). With the type
// oracle, each conversion a cell makes of a value of a struct type with
// value methods of a package interpreted from source to a compiled
// interface with methods (a return, an assignment or declaration, an
// argument, a composite literal's element, a send, an explicit
// conversion) is written as a call of a literal that converts it in a
// frame of its own and gives the wrapper to the runtime's WrapStruct with
// the value, as package files do:
//
//	structwrap.Check(structwrap.Plain{1, "x"})
//	  → structwrap.Check(func(_activisV structwrap.Plain) error { return _activisiface.WrapStruct(func() error { return _activisV }(), _activisV).(error) }(structwrap.Plain{1, "x"}))
//
// The session's own struct types are errorconv.go's and the refusals'
// (ifaceguard.go, errorchain.go), and so are the arguments of the errors
// package's functions, which errorchain.go walks or refuses (errors.Is
// with a target of such a type equals nothing: sourcetypes.go). Written
// for this package.

// sourceStructWraps rewrites the conversions under n as above.
func (r *rewriter) sourceStructWraps(n ast.Node) {
	if r.oracle == nil {
		return
	}
	implicitConversions(n, r.oracle.info, func(e *ast.Expr, to types.Type, call *ast.CallExpr) { // convsites.go
		if call != nil {
			if sel, ok := unparen(call.Fun).(*ast.SelectorExpr); ok {
				if fn, ok := r.oracle.info.Uses[sel.Sel].(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == "errors" {
					return // errorchain.go's, which walks or refuses them
				}
			}
		}
		r.wrapSourceStruct(e, to)
	})
}

// wrapSourceStruct replaces *e, converted to the type to, by the call of
// the literal above when to is a compiled interface with methods and *e
// a value of a struct type with value methods of a package interpreted
// from source.
func (r *rewriter) wrapSourceStruct(e *ast.Expr, to types.Type) {
	if to == nil || *e == nil {
		return
	}
	iface, ok := to.Underlying().(*types.Interface)
	if !ok || iface.NumMethods() == 0 || !r.compiledIfaceOf(to) {
		return
	}
	from := r.oracle.typeOf(*e)
	n, ok := from.(*types.Named)
	if !ok || !valueMethodStruct(n) || n.Obj().Pkg() == nil || n.Obj().Pkg() == r.oracle.pkg || compiledPackage(n.Obj().Pkg(), r.oracle.pkg) { // pkgstructwrap.go
		return
	}
	qual := func(p *types.Package) string { return r.oracle.names[p.Path()] }
	ft, tt := types.TypeString(from, qual), types.TypeString(to, qual)
	rt := r.ifaceRuntimeName()
	if rt == "" || qual(n.Obj().Pkg()) == "" {
		return
	}
	if tn, ok := to.(*types.Named); ok && tn.Obj().Pkg() != nil && qual(tn.Obj().Pkg()) == "" {
		return // an interface of a package the session does not import
	}
	lit, err := parser.ParseExpr(wrapLiteral(rt, ft, tt, false))
	if err != nil {
		return
	}
	pos := (*e).Pos()
	*e = &ast.CallExpr{Fun: setPositions(lit, pos), Lparen: pos, Args: []ast.Expr{*e}, Rparen: (*e).End()}
}

// compiledIfaceOf reports whether t is error or a named interface of a
// compiled package.
func (r *rewriter) compiledIfaceOf(t types.Type) bool {
	if t == types.Universe.Lookup("error").Type() {
		return true
	}
	n, ok := t.(*types.Named)
	return ok && n.Obj().Pkg() != nil && compiledPackage(n.Obj().Pkg(), r.oracle.pkg) // ifacecallarg.go
}
