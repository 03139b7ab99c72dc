package gosession

import (
	"go/ast"
	"go/types"
	"strings"
)

// Arrays and structs holding interfaces compared in package files.
//
// yaegi v0.16.1 compares two arrays or structs element by element with its
// wrappers of the package's values in their interface elements, so in a
// package `[2]Shape{Circle{1}, Circle{2}} == [2]Shape{Circle{1},
// Circle{2}}` was false, and so were two equal structs with a Shape field
// and two `any` holding equal such structs, without an error (Go: true).
// With the package's types, such a comparison is written as a call of a
// literal comparing the elements and fields one by one, each interface
// among them as pkgcompare.go compares two interfaces:
//
//	x == y  →  func(_activisX, _activisY [2]Shape) bool { for _activisI := range _activisX { if !func(…)(_activisX[_activisI], _activisY[_activisI]) { return false } }; return true }(x, y)
//
// Types nested deeper than deepEqDepth are compared as they are. Written
// for this package.

// deepEqDepth is how deep deepEqLit writes nested comparisons.
const deepEqDepth = 3

// compareDeep rewrites b, a comparison of two operands of an array or
// struct type (tx, ty; not interfaces) holding interfaces, as above; it
// reports whether it did.
func (w *pkgGoWriter) compareDeep(b *ast.BinaryExpr, tx, ty types.Type) bool {
	t := tx
	if !types.Identical(tx, ty) {
		if !types.AssignableTo(ty, tx) {
			t = ty
		}
	}
	lit := w.deepEqLit(t, 0)
	if lit == "" {
		return false
	}
	w.wrapCompare(b, lit+"(")
	return true
}

// deepEqLit returns a function literal comparing two values of type t as
// Go does (see above), or "" where the interpreter's == is right for t
// (no interface of the package's values in it), or t cannot be written.
func (w *pkgGoWriter) deepEqLit(t types.Type, depth int) string {
	if depth > deepEqDepth {
		return ""
	}
	if named, ok := t.(*types.Named); ok && named.Obj().Pkg() != w.types.pkg {
		return "" // another package's: its fields are not ours to read
	}
	switch u := t.Underlying().(type) {
	case *types.Interface:
		if _, param := t.(*types.TypeParam); param {
			return ""
		}
		return w.ifacesEqLit(t, t, depth)
	case *types.Array:
		el := w.deepEqLit(u.Elem(), depth+1)
		ts := w.typeText(t)
		if el == "" || ts == "" {
			return ""
		}
		return "func(_activisX, _activisY " + ts + ") bool { for _activisI := range _activisX { if !" + el +
			"(_activisX[_activisI], _activisY[_activisI]) { return false } }; return true }"
	case *types.Struct:
		ts := w.typeText(t)
		if ts == "" {
			return ""
		}
		var terms []string
		deep := false
		for i := range u.NumFields() {
			f := u.Field(i)
			if f.Name() == "_" {
				continue
			}
			x, y := "_activisX."+f.Name(), "_activisY."+f.Name()
			if el := w.deepEqLit(f.Type(), depth+1); el != "" {
				deep = true
				terms = append(terms, el+"("+x+", "+y+")")
			} else {
				terms = append(terms, x+" == "+y)
			}
		}
		if !deep {
			return ""
		}
		return "func(_activisX, _activisY " + ts + ") bool { return " + strings.Join(terms, " && ") + " }"
	}
	return ""
}

// ifacesEqLit returns the literal comparing two interfaces of types tx
// and ty (pkgcompare.go's compareIfaces), "" where the interpreter's == is
// right: each concrete type of the package that may be in both and that
// the interpreter wraps (one with methods) or compares wrongly (an array
// or struct holding interfaces) is asserted in turn and compared as Go
// does.
func (w *pkgGoWriter) ifacesEqLit(tx, ty types.Type, depth int) string {
	ix, iy := tx.Underlying().(*types.Interface), ty.Underlying().(*types.Interface)
	var cases, others []string
	for _, n := range w.concreteTypes() {
		methods := types.NewMethodSet(types.NewPointer(n)).Len() > 0
		deep := ""
		if types.Comparable(n) {
			deep = w.deepEqLit(n, depth+1)
		}
		if !methods && deep == "" {
			continue
		}
		value := types.Comparable(n) && w.valueTellsApart(n, ix.Empty() || iy.Empty())
		for _, t := range []types.Type{types.NewPointer(n), n} {
			if (t == n && !value) || (t != n && !methods) || !types.Implements(t, ix) || !types.Implements(t, iy) ||
				ifacePromoted(t, ix) || ifacePromoted(t, iy) {
				continue
			}
			s := w.typeText(t)
			if s == "" {
				continue
			}
			eq := "_activisV == _activisW"
			if t == n && deep != "" {
				eq = deep + "(_activisV, _activisW)"
			}
			cases = append(cases, "if _activisV, _activisOK := _activisX.("+s+"); _activisOK { _activisW, _activisOK := _activisY.("+s+"); return _activisOK && "+eq+" }; ")
			others = append(others, "if _, _activisOK := _activisY.("+s+"); _activisOK { return false }; ")
		}
	}
	xs, ys := w.typeText(tx), w.typeText(ty)
	if len(cases) == 0 || xs == "" || ys == "" {
		return ""
	}
	return "func(_activisX " + xs + ", _activisY " + ys + ") bool { " + strings.Join(cases, "") + strings.Join(others, "") + "return _activisX == _activisY }"
}

// ifacePromoted reports whether t has a method of the interface it only
// through an embedded interface field: yaegi's type check refuses the
// assertion of such an interface to t ("impossible type assertion: *p.Tagged
// does not implement p.Shape (missing Area method)" failed the import of a
// package comparing two Shapes where `type Tagged struct{ Shape; Tag
// string }`).
func ifacePromoted(t types.Type, it *types.Interface) bool {
	for i := range it.NumMethods() {
		m := it.Method(i)
		obj, _, _ := types.LookupFieldOrMethod(t, true, m.Pkg(), m.Name())
		if f, ok := obj.(*types.Func); ok {
			if recv := f.Type().(*types.Signature).Recv(); recv != nil && types.IsInterface(recv.Type()) {
				return true
			}
		}
	}
	return false
}
