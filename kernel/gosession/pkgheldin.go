package gosession

import (
	"go/ast"
	"go/types"
	"reflect"
)

// Values held in a compiled interface and then in `any`, asserted to
// their type, in package files.
//
// yaegi v0.16.1 holds a value of an interpreted type with methods
// converted to a compiled interface (error, fmt.Stringer) in its wrapper
// of the interface, and looks into the wrapper when such an interface is
// asserted to the type. Once the interface is converted to `any` (given
// to an `any` parameter, stored in a `[]any`), an assertion of the `any`
// to the type looked at the wrapper only: with `var e error = &PE{1}`,
// `var a any = e; _, ok := a.(*PE)` and `isPE(e)` for `func isPE(v any)
// bool { _, ok := v.(*PE); return ok }` were false (Go true), without an
// error; so was a type switch case `*PE` on it. With the package's types,
// an assertion of an empty interface to a concrete type with methods of
// interpreted code is written, on its line, as a call of a literal that
// asserts the value, then what a wrapper in it holds (the session
// runtime's HeldIn):
//
//	_, ok := a.(*PE)  →  _, ok := func(x any) (*PE, bool) { if v, ok := x.(*PE); ok { return v, true }; v, ok := _activisrt.HeldIn(x).(*PE); return v, ok }(a)
//
// and pkgassertchain.go's switches test and bind their cases the same
// way. An assertion to a type parameter looks into a wrapper only for a
// struct or pointer it holds (heldInParamFunc): its type argument may be
// a basic type, which a wrapper of a type with methods holds a value of,
// so `is[Num](err)` for `type Num int` with an Error method stays false
// (Go true), as README lists. Written for this package.

// anyHeldAssert rewrites the type assertion ta as above; commaOk tells
// whether its two results are used.
func (w *pkgGoWriter) anyHeldAssert(ta *ast.TypeAssertExpr, commaOk bool) {
	if w.types == nil || ta.Type == nil {
		return
	}
	xt := w.types.typeOf(ta.X)
	if xt == nil {
		return
	}
	if it, ok := xt.Underlying().(*types.Interface); !ok || it.NumMethods() != 0 {
		return
	}
	text := w.heldInFunc(ta.Type, commaOk)
	if text == "" {
		return
	}
	w.replaceToEnd(w.off(ta.Pos()), w.off(ta.End()), func() string {
		return text + "(" + w.node(ta.X) + ")"
	})
}

// heldInFunc returns the literal asserting an `any` to the type te as
// above (with the comma-ok results when commaOk), or "" when te is not a
// concrete type with methods of interpreted code or a type parameter.
func (w *pkgGoWriter) heldInFunc(te ast.Expr, commaOk bool) string {
	t := w.types.typeOf(te)
	if tp, ok := t.(*types.TypeParam); ok {
		return w.heldInParamFunc(tp, commaOk)
	}
	if t == nil || types.IsInterface(t) || types.NewMethodSet(t).Len() == 0 {
		return ""
	}
	named := t
	if p, ok := t.(*types.Pointer); ok {
		named = p.Elem()
	}
	n, ok := named.(*types.Named)
	if !ok || n.Obj().Pkg() == nil || compiledPackage(n.Obj().Pkg(), w.types.pkg) { // ifacecallarg.go
		return ""
	}
	return w.heldInLiteral(w.typeText(t), "HeldIn", commaOk)
}

// heldInLiteral returns the literal asserting an `any` x to the type
// written tt, then what the runtime function fn gives of it, or "" for no
// tt.
func (w *pkgGoWriter) heldInLiteral(tt, fn string, commaOk bool) string {
	if tt == "" {
		return ""
	}
	w.runtime = true
	held := pkgRuntimeName + "." + fn + "(x).(" + tt + ")"
	if commaOk {
		return "func(x any) (" + tt + ", bool) { if v, ok := x.(" + tt + "); ok { return v, true }; v, ok := " + held + "; return v, ok }"
	}
	return "func(x any) " + tt + " { if v, ok := x.(" + tt + "); ok { return v }; if v, ok := " + held + "; ok { return v }; return x.(" + tt + ") }"
}

// heldIn is the runtime's HeldIn: the value yaegi's wrapper of a compiled
// interface in x holds (its IValue), or nil where x holds no such wrapper.
func heldIn(x any) any {
	inner, _ := ifaceUnwrap(x) // ifacert.go
	rv := reflect.ValueOf(inner)
	if !rv.IsValid() || !isYaegiWrapper(rv.Type()) {
		return nil
	}
	held, _ := ifaceUnwrap(rv.Field(0).Interface())
	return held
}

// anyHeldFunc is heldInFunc for a case te of a switch on a value of the
// interface type it: "" unless it is empty.
func (w *pkgGoWriter) anyHeldFunc(it *types.Interface, te ast.Expr, commaOk bool) string {
	if it.NumMethods() != 0 {
		return ""
	}
	return w.heldInFunc(te, commaOk)
}

// heldInParamFunc is heldInFunc for an assertion to the type parameter
// tp: what a wrapper in the value holds is asserted to tp only when it is
// a struct or a pointer (HeldInComposite), as the type argument may be a
// basic type that a wrapper of a type with methods holds a value of
// (`type Code int`'s value is an int there).
func (w *pkgGoWriter) heldInParamFunc(tp *types.TypeParam, commaOk bool) string {
	if tp.Obj().Name() == "_" {
		return ""
	}
	return w.heldInLiteral(tp.Obj().Name(), "HeldInComposite", commaOk)
}

// heldInComposite is the runtime's HeldInComposite: heldIn's value when
// it is a struct or a pointer, else nil.
func heldInComposite(x any) any {
	h := heldIn(x)
	if k := reflect.ValueOf(h).Kind(); k != reflect.Struct && k != reflect.Pointer {
		return nil
	}
	return h
}
