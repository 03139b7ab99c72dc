package gosession

import (
	"go/ast"
	"go/types"
	"strconv"
)

// Type assertions to a type that one of the package's types looks like at
// run time, in package files.
//
// yaegi v0.16.1 gives a type declared in interpreted code the run-time
// type of its underlying type (pkgiface.go). A value of a type with
// methods stored in an interface is held in yaegi's wrapper, which
// records the type's name, but an assertion to the underlying type looked
// through it: in a package with `type Level int` and a String method,
// `var a any = Level(1); i, ok := a.(int)` gave `1 true` (Go `0 false`),
// without an error. With the package's types, an assertion of an
// interface value to a basic type whose values one of the package's types
// with methods looks like is written, on its line, as a call that first asks
// the session runtime which type the wrapper records (HeldType): a value
// held as one of those types is not of the type asserted.
//
//	i, ok := a.(int)  →  i, ok := func(x any) (int, bool) { if h := _activisrt.HeldType(x); h == "p.Level" { var z int; return z, false }; v, ok := x.(int); return v, ok }(a)
//
// The single-result form panics as Go does, with the runtime's message
// (`interface conversion: interface {} is p.Level, not int`). A value
// that reached the interface without yaegi's wrapper (returned from a
// function as `any`, stored in a sync.Map or a context) carries no name
// and still asserts to the underlying type, as README lists; so does a
// value of a type without methods, which yaegi never wraps, and a struct
// value asserted to an unnamed struct type (see heldLookalikes).

// heldAssert rewrites the type assertion ta as above; commaOk tells
// whether its two results are used.
func (w *pkgGoWriter) heldAssert(ta *ast.TypeAssertExpr, commaOk bool) {
	if w.types == nil || ta.Type == nil {
		return
	}
	xt, bt := w.types.typeOf(ta.X), w.types.typeOf(ta.Type)
	if xt == nil || bt == nil || !types.IsInterface(xt) || types.IsInterface(bt) {
		return
	}
	if _, isParam := bt.(*types.TypeParam); isParam {
		return
	}
	names := w.heldLookalikes(bt)
	xText, bText := w.typeText(xt), w.typeText(bt)
	if len(names) == 0 || xText == "" || bText == "" {
		return
	}
	w.runtime = true
	held := "h := " + pkgRuntimeName + ".HeldType(x); "
	for i, n := range names {
		if i > 0 {
			held += " || "
		}
		held += "h == " + strconv.Quote(n)
	}
	var text string
	if commaOk {
		text = "func(x " + xText + ") (" + bText + ", bool) { if " + held + " { var z " + bText +
			"; return z, false }; v, ok := x.(" + bText + "); return v, ok }("
	} else {
		iface := types.TypeString(xt, w.pkgQualifier)
		if iface == "any" {
			iface = "interface {}"
		}
		text = "func(x " + xText + ") " + bText + " { if " + held + " { panic(" +
			strconv.Quote("interface conversion: "+iface+" is ") + " + h + " + strconv.Quote(", not "+types.TypeString(bt, w.pkgQualifier)) +
			") }; return x.(" + bText + ") }("
	}
	w.replaceToEnd(w.off(ta.Pos()), w.off(ta.End()), func() string {
		return text + w.node(ta.X) + ")"
	})
}

// heldLookalikes returns, as yaegi's wrapper records them ("p.Level"),
// the package's concrete types whose values yaegi wraps in an interface
// (they have methods) and that have the run-time type of t, a basic type.
// Not for composite types: yaegi records the name of a struct type of the
// package with an unnamed struct value of the same fields too
// (`any(struct{ a, b int }{3, 4})` is held as "p.pair"), so the name
// cannot tell them apart.
func (w *pkgGoWriter) heldLookalikes(t types.Type) []string {
	if _, basic := types.Unalias(t).(*types.Basic); !basic {
		return nil
	}
	var out []string
	for _, n := range w.concreteTypes() {
		if types.NewMethodSet(n).Len() > 0 && types.Identical(n.Underlying(), t) {
			out = append(out, w.types.pkg.Name()+"."+n.Obj().Name())
		}
	}
	return out
}
