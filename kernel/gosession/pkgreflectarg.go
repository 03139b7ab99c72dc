package gosession

import (
	"go/ast"
	"go/types"
	"reflect"
)

// Values held in interfaces given to reflect, in package files.
//
// yaegi v0.16.1 holds a value of a type with methods declared in
// interpreted code, once it is in an interface, as its wrapper
// interp.valueInterface (the value and the interpreter's node for its
// type), and hands reflect the wrapper: a package's `reflect.ValueOf(v)`
// of a `v any` holding a cell's `Cfg` with a method saw a struct of the
// interpreter's two fields, so github.com/BurntSushi/toml's Marshal of it
// wrote "" without an error (reflectiface.go refuses it since), and a
// walker of struct fields saw none of the value's. In a package file, the
// operand of reflect.ValueOf and reflect.TypeOf whose static type is an
// interface is given to the session runtime's Unwrap, which returns the
// value the wrapper holds (and any other value as it is):
//
//	rv := reflect.ValueOf(v)  →  rv := reflect.ValueOf(_activisrt.Unwrap(v))
//
// The value then has the run-time type yaegi gives its type (its
// underlying type, no methods), as a value of a type without methods
// already had. A wrapper met deeper (a field of type any, a map's
// element) reaches the package as the Elem of a reflect.Value of kind
// Interface: gopkg.in/yaml.v3's Marshal of a struct whose
// `map[string]any` held a cell's `Srv` with a method wrote `s: {}`. The
// file's calls of Elem on a reflect.Value go to the runtime's ValueElem,
// which gives the value such a wrapper holds (Elem of an interface is not
// addressable either) and is Elem otherwise:
//
//	v.Elem()  →  _activisrt.ValueElem(v)
//
// Written for this package.

// reflectOperand writes the operand of c, a call of reflect.ValueOf or
// reflect.TypeOf in a package file, as above.
func (w *pkgGoWriter) reflectOperand(c *ast.CallExpr) {
	if w.types == nil || len(c.Args) != 1 || c.Ellipsis.IsValid() {
		return
	}
	if !w.isPkgFunc(c.Fun, "reflect", "ValueOf") && !w.isPkgFunc(c.Fun, "reflect", "TypeOf") { // see pkgerrchain.go
		return
	}
	t := w.types.typeOf(c.Args[0])
	if t == nil || !types.IsInterface(t) {
		return
	}
	if _, ok := types.Unalias(t).(*types.TypeParam); ok {
		return
	}
	w.runtime = true
	w.enclose(c.Args[0], pkgRuntimeName+".Unwrap(", ")")
}

// reflectElem writes c, a call of Elem on a reflect.Value in a package
// file, as the runtime's ValueElem (see above).
func (w *pkgGoWriter) reflectElem(c *ast.CallExpr) {
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if w.types == nil || !ok || sel.Sel.Name != "Elem" || len(c.Args) != 0 {
		return
	}
	if !isReflectNamed(w.types.typeOf(sel.X), "Value") { // reflectiface.go
		return
	}
	if w.replaceToEnd(w.off(sel.X.End()), w.off(c.End()), func() string { return ")" }) {
		w.runtime = true
		w.before[w.off(c.Pos())] += pkgRuntimeName + ".ValueElem("
	}
}

// valueElem is v.Elem(), but the value the interpreter's interface
// wrapper holds where v is an interface holding one (see above).
func valueElem(v reflect.Value) reflect.Value {
	e := v.Elem()
	if v.Kind() != reflect.Interface {
		return e
	}
	if inner, ok := wrappedValue(e); ok && inner.IsValid() {
		return inner
	}
	return e
}

// wrappedValue returns the value the interpreter's interface wrapper e
// holds (the zero Value for nil), and whether e is one.
func wrappedValue(e reflect.Value) (reflect.Value, bool) {
	if !e.IsValid() || !isValueInterface(e.Type()) || !e.CanInterface() { // ifacert.go
		return e, false
	}
	x, _ := ifaceUnwrap(e.Interface())
	return reflect.ValueOf(x), true
}
