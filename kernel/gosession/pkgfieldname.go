package gosession

import (
	"go/ast"
	"reflect"
	"unicode"
	"unicode/utf8"
)

// Unexported fields looked up by name through reflect, in package files.
//
// yaegi v0.16.1 gives a struct type of a package interpreted from source
// a run-time type made by reflect.StructOf, which cannot hold unexported
// fields: it names each `Xname` (pkgjsonfields.go tags them out of the
// encoders). reflect's lookups by the name the source gives then found
// nothing: the standard library's ExampleValue_FieldByName as a package,
// `reflect.ValueOf(u).FieldByName("firstName")` of a `user{firstName:
// "John"}`, printed `<invalid reflect.Value>` (Go `John`), and
// `reflect.TypeOf(u).FieldByName("age")` reported false, without an
// error. In a package file a call of FieldByName on a reflect.Value or a
// reflect.Type goes to the session runtime, which looks the name up as
// reflect does and, where that finds nothing for a name that is not
// exported, looks up the interpreter's `X` name in a struct type without
// a name (the interpreter's); the StructField found carries the source's
// name:
//
//	v.FieldByName("firstName")  →  _activisrt.ValueFieldByName(v, "firstName")
//
// `Type.Field(i).Name` still gives the interpreter's name (README).
// Written for this package.

// reflectFieldByName writes c, a call of FieldByName on a reflect.Value
// or reflect.Type in a package file, as above.
func (w *pkgGoWriter) reflectFieldByName(c *ast.CallExpr) {
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if w.types == nil || !ok || sel.Sel.Name != "FieldByName" || len(c.Args) != 1 || c.Ellipsis.IsValid() {
		return
	}
	fn := ""
	switch t := w.types.typeOf(sel.X); {
	case isReflectNamed(t, "Value"): // reflectiface.go
		fn = "ValueFieldByName"
	case isReflectNamed(t, "Type"):
		fn = "TypeFieldByName"
	default:
		return
	}
	if w.replace(w.off(sel.X.End()), w.off(c.Lparen)+1, func() string { return ", " }) {
		w.runtime = true
		w.before[w.off(c.Pos())] += pkgRuntimeName + "." + fn + "("
	}
}

// renamedField returns the field of the struct type t that the
// interpreter names for the unexported name, and whether there is one.
func renamedField(t reflect.Type, name string) (reflect.StructField, bool) {
	if r, _ := utf8.DecodeRuneInString(name); t.Kind() != reflect.Struct || t.Name() != "" || name == "" || unicode.IsUpper(r) {
		return reflect.StructField{}, false
	}
	f, ok := t.FieldByName("X" + name)
	if !ok {
		return f, false
	}
	f.Name = name
	return f, true
}

// valueFieldByName is v.FieldByName(name), or the interpreter's field
// for an unexported name (see above).
func valueFieldByName(v reflect.Value, name string) reflect.Value {
	f := v.FieldByName(name)
	if f.IsValid() {
		return f
	}
	if sf, ok := renamedField(v.Type(), name); ok {
		return v.FieldByIndex(sf.Index)
	}
	return f
}

// typeFieldByName is t.FieldByName(name), or the interpreter's field for
// an unexported name (see above).
func typeFieldByName(t reflect.Type, name string) (reflect.StructField, bool) {
	if f, ok := t.FieldByName(name); ok {
		return f, true
	}
	return renamedField(t, name)
}
