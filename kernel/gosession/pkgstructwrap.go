package gosession

import (
	"fmt"
	"go/ast"
	"go/types"
	"reflect"
)

// Struct values of the package's types converted to a compiled interface,
// in package files.
//
// yaegi v0.16.1 converts a value of an interpreted type with methods to a
// compiled interface with methods (error, fmt.Stringer) through a wrapper
// of the interface (interp._error for error) whose first field, IValue,
// is meant to hold the value and whose other fields are the methods. For a
// struct value it stored the struct's last field that is not a nil
// interface instead (it takes a struct without methods for an emulated
// interface), so the wrapper's methods ran but nothing asserted back:
// with `type DupError struct{ Name string }` and value Error and Unwrap
// methods, `err.(DupError)` of a returned DupError was false, and so were
// `errors.Is(fmt.Errorf("reg: %w", DupError{"a"}), ErrExists)` and
// `errors.As(err, &d)`, without an error (Go: true); for
// `type wrapped struct{ msg string; err error }` the wrapper held the
// inner error, which an assertion to the inner error's type took for the
// whole value. Plain yaegi too.
//
// With the package's types, each place where a value of a struct type of
// the package with value methods (heldStruct) is converted to a compiled
// interface with methods — a return, an assignment or declaration, an
// argument, a composite literal's element or field, a send, an explicit
// conversion, a %w operand of fmt.Errorf — is written as a call of a
// literal that converts it in a frame of its own and gives the wrapper to
// the session runtime's WrapStruct with the value, which sets the
// wrapper's IValue to the value:
//
//	return DupError{name}  →  return func(_activisV DupError) error { return _activisrt.WrapStruct(func() error { return _activisV }(), _activisV).(error) }(DupError{name})
//
// So does an instance of one of the package's generic struct types with
// value methods (ownInstance; `Box[int]{i}` appended to a []fmt.Stringer
// in a loop gave the last box three times, `fmt.Stringer(Box[int]{i})`
// panicked, "reflect.Set: value of type struct { V int } is not
// assignable to type fmt.Stringer", and assertions back were false), and
// a value of an interface type declared in interpreted code (or
// another package interpreted from source) converted to a compiled
// interface, which yaegi wrapped the same way. A cell's conversions of
// the package's values are sourcestructwrap.go's, an assertion of an
// `any` holding one to a compiled interface pkgifaceassert.go's.
// Conversions the type check cannot see are left as they are (a value of
// a type parameter, one made by compiled code or reflect), as README
// lists. Written for this package.

// structWraps rewrites the conversions of f as above. It runs after the
// file's other rewrites have enclosed their operands, so the conversion is
// the innermost.
func (w *pkgGoWriter) structWraps(f *ast.File) {
	if w.types == nil {
		return
	}
	implicitConversions(f, w.types.info, func(e *ast.Expr, to types.Type, _ *ast.CallExpr) { // convsites.go
		w.wrapStructTo(*e, to)
	})
}

// wrapStructTo writes e, converted to the type to, as a call of a literal
// giving the conversion to WrapStruct (see above) when to is a compiled
// interface with methods and e a value of a struct type of the package
// with value methods, or of an interface declared in interpreted code;
// it reports whether it did.
func (w *pkgGoWriter) wrapStructTo(e ast.Expr, to types.Type) bool {
	if e == nil {
		return false
	}
	lit := w.structWrapLiteral(w.types.typeOf(e), to)
	if lit == "" {
		return false
	}
	w.enclose(e, lit+"(", ")")
	return true
}

// wrapName returns the text assigning name, a value of type from, to
// the operand e: name, or its conversion as above where e is of a
// compiled interface (pkgRangeAssign's variables, which the type check
// does not know).
func (w *pkgGoWriter) wrapName(from types.Type, e ast.Expr, name string) string {
	if w.types == nil {
		return name
	}
	if lit := w.structWrapLiteral(from, w.types.typeOf(e)); lit != "" {
		return lit + "(" + name + ")"
	}
	return name
}

// structWrapLiteral returns the literal converting a value of type from
// to the type to as above, "" where none is needed; the file then
// imports the runtime.
func (w *pkgGoWriter) structWrapLiteral(from, to types.Type) string {
	if from == nil || to == nil {
		return ""
	}
	iface, ok := to.Underlying().(*types.Interface)
	if !ok || iface.NumMethods() == 0 || !w.compiledIface(to) {
		return ""
	}
	// a held struct, an interpreted interface, or a value of a type
	// parameter of the package's generic code (WrapStruct tells its kinds
	// apart at run time)
	tp, isParam := from.(*types.TypeParam)
	if isParam && tp.Obj().Pkg() != w.types.pkg || !isParam && !w.heldStruct(from) && !w.interpretedIface(from) && !w.ownInstance(from) {
		return ""
	}
	ft, tt := w.typeText(from), w.typeText(to)
	if ft == "" || tt == "" {
		return ""
	}
	w.runtime = true
	return wrapLiteral(pkgRuntimeName, ft, tt, !isParam && types.IsInterface(from))
}

// ownInstance reports whether t is an instance of one of the package's
// generic struct types with value methods (sourcestructwrap.go's
// instanceMethodStruct).
func (w *pkgGoWriter) ownInstance(t types.Type) bool {
	n, ok := t.(*types.Named)
	return ok && n.Obj().Pkg() == w.types.pkg && instanceMethodStruct(n)
}

// wrapText returns the call converting arg, a struct value of type ft, to
// tt as above.
func (w *pkgGoWriter) wrapText(ft, tt, arg string) string {
	w.runtime = true
	return wrapLiteral(pkgRuntimeName, ft, tt, false) + "(" + arg + ")"
}

// wrapLiteral returns the literal converting a value of the type written
// ft to the interface written tt through the runtime package rt's
// WrapStruct (see above). A conversion that gives nil (of a nil pointer,
// which yaegi converts to nil, or a nil interface in a type parameter)
// gives nil: WrapStruct's nil would not assert back. For a nilable ft
// (an interface) nil converts to nil first (yaegi's conversion of it
// panicked).
func wrapLiteral(rt, ft, tt string, nilable bool) string {
	check := ""
	if nilable {
		check = "if _activisV == nil { return nil }; "
	}
	wrap := ".WrapStruct"
	if nilable {
		wrap = ".WrapHeld"
	}
	return "func(_activisV " + ft + ") " + tt + " { " + check + "_activisX := func() " + tt + " { return _activisV }(); if _activisX == nil { return nil }; return " +
		rt + wrap + "(_activisX, _activisV).(" + tt + ") }"
}

// heldStruct reports whether t is a struct type of the package (not
// generic, not a pointer) with methods on value receivers, declared or
// promoted, whose values yaegi wraps as above.
func (w *pkgGoWriter) heldStruct(t types.Type) bool {
	return w.ownNamed(t) != nil && valueMethodStruct(t)
}

// valueMethodStruct reports whether t is a named struct type (not generic,
// not a pointer) with methods on value receivers, declared or promoted.
func valueMethodStruct(t types.Type) bool {
	n, ok := t.(*types.Named)
	if !ok || n.TypeParams().Len() > 0 {
		return false
	}
	_, isStruct := n.Underlying().(*types.Struct)
	return isStruct && types.NewMethodSet(n).Len() > 0
}

// interpretedIface reports whether t is an interface type with methods
// declared in interpreted code (this package or another interpreted from
// source), whose values yaegi keeps in its own wrapper and converts to a
// compiled interface as above.
func (w *pkgGoWriter) interpretedIface(t types.Type) bool {
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() == nil || w.compiledIface(t) {
		return false
	}
	iface, ok := n.Underlying().(*types.Interface)
	return ok && iface.NumMethods() > 0 && n.TypeParams().Len() == 0
}

// wrapHeld is the runtime's WrapHeld, wrapStruct for a value converted
// from an interface of interpreted code: yaegi binds the wrapper's
// methods to those of the struct value's last field that is not a nil
// interface (its getConcreteValue) where that field's type has a method
// of the name, so a struct{ p string; sb *strings.Builder } with a Write
// method, held in a session interface and converted to an io.Writer,
// wrote with the Builder's Write, without an error. Such a conversion
// panics, naming the method and the field's type; sourcestructwrap.go
// converts the session's own struct types from their type first.
func wrapHeld(x, v any) any {
	out := wrapStruct(x, v)
	rx := reflect.ValueOf(x)
	if !rx.IsValid() || !isYaegiWrapper(rx.Type()) {
		return out
	}
	inner, _ := ifaceUnwrap(v) // ifacert.go
	ri := reflect.ValueOf(inner)
	if !ri.IsValid() || ri.Kind() != reflect.Struct || ri.NumMethod() > 0 {
		return out
	}
	var last reflect.Value
	for i := ri.NumField() - 1; i >= 0 && !last.IsValid(); i-- {
		last = ri.Field(i)
		if last.Kind() == reflect.Interface {
			last = last.Elem()
		}
	}
	if !last.IsValid() || last.NumMethod() == 0 {
		return out
	}
	for j := 1; j < rx.NumField(); j++ {
		if name := rx.Type().Field(j).Name[1:]; last.MethodByName(name).IsValid() {
			panic(fmt.Sprintf("converting a struct value held in an interface of interpreted code to a compiled interface is not supported by the interpreter "+
				"when the struct's last field has a method of the same name: its %s would run the field's (%s) %s; convert the value from its own type "+
				"(assert it to its struct type first), give the methods pointer receivers, or move the field: %s", name, last.Type(), name, ErrUnsupported))
		}
	}
	return out
}

// wrapStruct is the runtime's WrapStruct: x is v converted to a compiled
// interface; when x is yaegi's wrapper of the interface and v holds a
// struct value, a copy of the wrapper holding v in IValue is returned,
// otherwise x.
func wrapStruct(x, v any) any {
	rx := reflect.ValueOf(x)
	if !rx.IsValid() || !isYaegiWrapper(rx.Type()) { // ifacert.go
		return x
	}
	inner, _ := ifaceUnwrap(v) // ifacert.go
	ri := reflect.ValueOf(inner)
	if !ri.IsValid() || ri.Kind() != reflect.Struct || ri.NumMethod() > 0 {
		return x
	}
	cp := reflect.New(rx.Type()).Elem()
	cp.Set(rx)
	cp.Field(0).Set(ri)
	return cp.Interface()
}
