package gosession

import (
	"go/ast"
	"go/types"
	"reflect"
	"unsafe"
)

// reflect.DeepEqual of values holding session values in interfaces.
//
// yaegi v0.16.1 gives an element, map value or field of an interface type
// declared in the session (or in a package interpreted from source) the
// run-time type of its wrapper interp.valueInterface, a struct of a node
// pointer and a reflect.Value, and keeps values of types with methods in
// that wrapper inside `any` too. reflect.DeepEqual compared the wrappers,
// so two equal `[]Shape{Circle{1}}` were not deeply equal, nor two equal
// structs with a Shape field, without an error (Go: true). A call of
// reflect.DeepEqual in a cell or a package file is written as one of the
// session runtime's DeepEqual, which walks the two values as
// reflect.DeepEqual does and compares two wrappers by the type each
// records and the values they hold:
//
//	reflect.DeepEqual(a, b)  →  _activisDeepEqual(a, b)        (a cell)
//	reflect.DeepEqual(a, b)  →  _activisrt.DeepEqual(a, b)     (a package file)
//
// Written for this package; the walk follows reflect.DeepEqual's rules
// (nil and empty slices and maps differ, functions are equal only when
// both are nil, NaN differs from itself, cycles end where a pair of
// pointers is met again).

// deepEqualCall reports whether c calls reflect.DeepEqual with two
// operands, in code of the package pkg checked into info.
func deepEqualCall(c *ast.CallExpr, info *types.Info, pkg *types.Package) bool {
	sel, ok := unparen(c.Fun).(*ast.SelectorExpr)
	if !ok || len(c.Args) != 2 || c.Ellipsis.IsValid() {
		return false
	}
	fn := foreignFunc(info, pkg, sel.Sel) // ifaceloop.go
	return fn != nil && fn.FullName() == "reflect.DeepEqual"
}

// deepEqualOperand writes a cell's call of reflect.DeepEqual as the
// runtime's (see above).
func (r *rewriter) deepEqualOperand(c *ast.CallExpr) {
	if r.oracle == nil || !deepEqualCall(c, r.oracle.info, r.oracle.pkg) {
		return
	}
	c.Fun = &ast.Ident{NamePos: c.Fun.Pos(), Name: "_activisDeepEqual"}
}

// deepEqualOperand writes a package file's call of reflect.DeepEqual as
// the runtime's (see above).
func (w *pkgGoWriter) deepEqualOperand(c *ast.CallExpr) {
	if w.types == nil || !deepEqualCall(c, w.types.info, w.types.pkg) {
		return
	}
	w.runtime = true
	w.replace(w.off(c.Fun.Pos()), w.off(c.Fun.End()), func() string { return pkgRuntimeName + ".DeepEqual" })
}

// deepEqual is the runtime's DeepEqual (see above); where its walk
// panics (a value it cannot read), reflect.DeepEqual answers.
func deepEqual(a, b any) (eq bool) {
	defer func() {
		if recover() != nil {
			eq = reflect.DeepEqual(a, b)
		}
	}()
	d := deepEq{seen: map[deepVisit]bool{}}
	return d.equal(reflect.ValueOf(a), reflect.ValueOf(b))
}

// deepVisit is a pair of values of one type met by the walk.
type deepVisit struct {
	x, y unsafe.Pointer
	t    reflect.Type
}

// deepEq walks two values for deepEqual.
type deepEq struct {
	seen map[deepVisit]bool
}

// equal reports whether x and y are deeply equal (see above).
func (d *deepEq) equal(x, y reflect.Value) bool {
	if !x.IsValid() || !y.IsValid() {
		return x.IsValid() == y.IsValid()
	}
	xw, yw := isValueInterface(x.Type()), isValueInterface(y.Type()) // ifacert.go
	if xw || yw {
		return d.wrapped(x, y)
	}
	if x.Type() != y.Type() {
		return false
	}
	if d.cycle(x, y) {
		return true
	}
	switch x.Kind() {
	case reflect.Array, reflect.Slice:
		if x.Kind() == reflect.Slice {
			if x.IsNil() != y.IsNil() || x.Len() != y.Len() {
				return false
			}
			if x.UnsafePointer() == y.UnsafePointer() {
				return true
			}
		}
		for i := range x.Len() {
			if !d.equal(x.Index(i), y.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Interface:
		if x.IsNil() || y.IsNil() {
			return x.IsNil() == y.IsNil()
		}
		return d.equal(x.Elem(), y.Elem())
	case reflect.Pointer:
		if x.UnsafePointer() == y.UnsafePointer() {
			return true
		}
		return d.equal(x.Elem(), y.Elem())
	case reflect.Struct:
		for i := range x.NumField() {
			if !d.equal(x.Field(i), y.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Map:
		if x.IsNil() != y.IsNil() || x.Len() != y.Len() {
			return false
		}
		if x.UnsafePointer() == y.UnsafePointer() {
			return true
		}
		it := x.MapRange()
		for it.Next() {
			v := y.MapIndex(it.Key())
			if !v.IsValid() || !d.equal(it.Value(), v) {
				return false
			}
		}
		return true
	case reflect.Func:
		return x.IsNil() && y.IsNil()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return x.Int() == y.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return x.Uint() == y.Uint()
	case reflect.String:
		return x.String() == y.String()
	case reflect.Bool:
		return x.Bool() == y.Bool()
	case reflect.Float32, reflect.Float64:
		return x.Float() == y.Float()
	case reflect.Complex64, reflect.Complex128:
		return x.Complex() == y.Complex()
	case reflect.Chan, reflect.UnsafePointer:
		return x.Pointer() == y.Pointer()
	}
	panic("deepEqual: kind " + x.Kind().String()) // deepEqual falls back to reflect.DeepEqual
}

// wrapped compares x and y, one of them at least yaegi's wrapper: equal
// when both record the same type and hold deeply equal values.
func (d *deepEq) wrapped(x, y reflect.Value) bool {
	ix, tx := ifaceUnwrap(x.Interface()) // ifacert.go
	iy, ty := ifaceUnwrap(y.Interface())
	if tx != ty {
		return false
	}
	return d.equal(reflect.ValueOf(ix), reflect.ValueOf(iy))
}

// cycle reports whether the walk met the pair x, y (maps, slices and
// pointers) before, recording it; reflect.DeepEqual takes such a pair as
// equal, which ends a cyclic walk.
func (d *deepEq) cycle(x, y reflect.Value) bool {
	switch x.Kind() {
	case reflect.Map, reflect.Slice, reflect.Pointer:
	default:
		return false
	}
	if x.IsNil() || y.IsNil() {
		return false
	}
	v := deepVisit{x.UnsafePointer(), y.UnsafePointer(), x.Type()}
	if d.seen[v] {
		return true
	}
	d.seen[v] = true
	return false
}
