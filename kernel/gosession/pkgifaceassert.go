package gosession

import (
	"go/ast"
	"go/types"
	"strconv"
	"strings"
)

// Assertions to interfaces of values held in compiled interfaces, in
// package files.
//
// yaegi v0.16.1 stores a value of a type declared in interpreted code
// that goes into a variable of a compiled interface type (error,
// fmt.Stringer, io.Reader) as a wrapper with that interface's methods
// only: asserting it to another interface failed for a value that has the
// methods. In a package, `var e error = &wrapErr{…}; _, ok :=
// e.(interface{ Unwrap() error })` gave false (go run: true), so
// github.com/pkg/errors' Cause returned its argument (`outer: middle:
// inner: error`, Go `error`), without an error. Asserting to a concrete
// type works (a type switch over such a value did not match either). With
// the package's types (pkgtypes.go), such an assertion is written, on its
// line, as a function literal that asserts the value to each of the
// package's concrete types (and pointers to them) that implement the
// asserted interface and the operand's, and asserts as written otherwise:
//
//	c, ok := err.(causer)
//	  → c, ok := func(x error) (causer, bool) { if v, ok := x.(*withStack); ok { return v, true }; …; v, ok := x.(causer); return v, ok }(err)
//
// Types of another interpreted package, and types declared inside a
// function, are not among the cases (README lists it).
//
// So is an assertion of an `any` to a compiled interface, for the
// struct types and pointers among the cases (a func or basic value of a
// type's run-time type would match too): yaegi holds a struct value in
// an any as its run-time type, without methods, so `var a any =
// Plain{…}; a.(error)` was false (Go true) without an error. A struct
// value returned as a compiled interface is converted as pkgstructwrap.go
// does.

// ifaceAssert rewrites the type assertion ta as above; commaOk tells
// whether its two results are used.
func (w *pkgGoWriter) ifaceAssert(ta *ast.TypeAssertExpr, commaOk bool) {
	if w.types == nil || ta.Type == nil {
		return
	}
	xt, it := w.types.typeOf(ta.X), w.types.typeOf(ta.Type)
	if xt == nil || it == nil || !types.IsInterface(it) || !types.IsInterface(xt) {
		return
	}
	xi, _ := xt.Underlying().(*types.Interface)
	ii, _ := it.Underlying().(*types.Interface)
	if xi == nil || ii == nil || ii.NumMethods() == 0 || types.Implements(xt, ii) {
		return
	}
	if xi.NumMethods() > 0 && !w.compiledIface(xt) || xi.NumMethods() == 0 && !w.compiledIface(it) {
		return
	}
	xText, iText := w.typeText(xt), w.typeText(it)
	if xText == "" || iText == "" {
		return
	}
	var cases []types.Type
	for _, c := range w.implementerTypes(ii, xi) {
		if xi.NumMethods() > 0 || structOrPointer(c) { // from an any, a func or basic value of the type's run-time type would match too
			cases = append(cases, c)
		}
	}
	twin, sigs := ifaceTwinOf(ii) // ifacetwin.go
	if len(cases) == 0 && twin == "" {
		return
	}
	// A compiled value with the methods, through the interface's compiled
	// twin (yaegi failed "interface conversion: nil is not interface {
	// Unwrap() []error }" for errors.Join's error).
	var twinTest func(ok string) string
	if twin != "" {
		w.runtime = true
		args := "x"
		for _, s := range sigs {
			args += ", " + strconv.Quote(s)
		}
		twinTest = func(ok string) string {
			return "if " + pkgRuntimeName + ".Implements(" + args + ") { if v, ok := x.(" + pkgRuntimeName + "." + twin + "); ok { return v" + ok + " } }; "
		}
	}
	lit := w.ifaceAssertLit(xText, iText, cases, w.compiledIface(it), twinTest, commaOk) + "("
	// The assertion `.(I)` is cut and the operand enclosed, so that what
	// other rewrites insert at the operand's start (an enclosing print
	// call's helper) stays outside the literal and is written once.
	if w.replace(w.off(ta.X.End()), w.off(ta.End()), func() string { return "" }) {
		w.enclose(ta.X, lit, ")")
	}
}

// ifaceAssertLit returns the literal asserting its operand x, of the type
// written xText, to the interface written iText through the concrete
// types cases in turn, then as written (with the comma-ok results when
// commaOk); a case of a struct type with value methods is converted as
// pkgstructwrap.go does when wrap (iText is a compiled interface); twin,
// when not nil, writes a test before the last assertion, given what
// follows the returned value.
func (w *pkgGoWriter) ifaceAssertLit(xText, iText string, cases []types.Type, wrap bool, twin func(ok string) string, commaOk bool) string {
	ok, sig, end := "", iText, "return x.("+iText+") }"
	if commaOk {
		ok, sig, end = ", true", "("+iText+", bool)", "v, ok := x.("+iText+"); return v, ok }"
	}
	var b strings.Builder
	b.WriteString("func(x " + xText + ") " + sig + " { ")
	for _, c := range cases {
		text, ret := w.typeText(c), "v"
		if wrap && w.heldStruct(c) { // pkgstructwrap.go
			ret = w.wrapText(text, iText, "v")
		}
		b.WriteString("if v, ok := x.(" + text + "); ok { return " + ret + ok + " }; ")
	}
	if twin != nil {
		b.WriteString(twin(ok))
	}
	b.WriteString(end)
	return b.String()
}

// implementers returns, written in the file, the package's concrete
// types and pointers to them that implement every interface of ifaces.
func (w *pkgGoWriter) implementers(ifaces ...*types.Interface) []string {
	var out []string
	for _, t := range w.implementerTypes(ifaces...) {
		out = append(out, w.typeText(t))
	}
	return out
}

// structOrPointer reports whether t is a struct type or a pointer to a
// named type.
func structOrPointer(t types.Type) bool {
	if _, ptr := t.(*types.Pointer); ptr {
		return true
	}
	_, isStruct := t.Underlying().(*types.Struct)
	return isStruct
}

// implementerTypes is implementers' types, those the file can name.
func (w *pkgGoWriter) implementerTypes(ifaces ...*types.Interface) []types.Type {
	var out []types.Type
	for _, n := range w.concreteTypes() {
		for _, t := range []types.Type{n, types.NewPointer(n)} {
			all := true
			for _, i := range ifaces {
				all = all && types.Implements(t, i)
			}
			if all && w.typeText(t) != "" {
				out = append(out, t)
			}
		}
	}
	return out
}

// compiledIface reports whether t is error or an interface type of the
// standard library (compiled into the kernel).
func (w *pkgGoWriter) compiledIface(t types.Type) bool {
	return compiledIface(t, w.types.pkg)
}

// compiledIface reports whether t is error or an interface type of the
// standard library or of another package compiled into the kernel, for
// code of the package own: a cell's or a package file's.
func compiledIface(t types.Type, own *types.Package) bool {
	if t == types.Universe.Lookup("error").Type() {
		return true
	}
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg() == own {
		return false
	}
	first, _, _ := strings.Cut(n.Obj().Pkg().Path(), "/")
	return !strings.Contains(first, ".") || compiledPackage(n.Obj().Pkg(), own) // ifacecallarg.go
}

// switchCompiledIface writes the operand of the type switch ts as a call
// that panics (refuseOperand) when the operand's type is a compiled
// interface and a case names a concrete type of the package: yaegi ran no
// such case for a value of it (`switch err.(type) { case *wrapErr: }`
// with a *wrapErr in err ran the default), also with the operand
// converted to any.
func (w *pkgGoWriter) switchCompiledIface(ts *ast.TypeSwitchStmt) {
	if w.types == nil {
		return
	}
	ta := switchAssert(ts)
	if ta == nil {
		return
	}
	xt := w.types.typeOf(ta.X)
	if xt == nil || !types.IsInterface(xt) || !w.compiledIface(xt) {
		return
	}
	for _, st := range ts.Body.List {
		if cc, ok := st.(*ast.CaseClause); ok {
			for _, e := range cc.List {
				if t := w.types.typeOf(e); t != nil && w.ownNamed(t) != nil {
					w.refuseOperand(ta.X, "the type switch on "+types.ExprString(ta.X)+" of type "+types.TypeString(xt, w.pkgQualifier)+
						" with case "+types.ExprString(e)+" would run no case for a value of "+types.ExprString(e),
						"the interpreter (yaegi v0.16.1) keeps a value of the package's types in a compiled interface as a wrapper that a type switch does not match")
					return
				}
			}
		}
	}
}
