package gosession

import (
	"fmt"
	"go/ast"
	"go/types"
	"math"
	"reflect"
	"unsafe"

	"github.com/traefik/yaegi/interp"
)

// unsafe.String, StringData, Slice and SliceData (Go 1.17, 1.20).
//
// yaegi v0.16.1's package unsafe has Add, Sizeof, Alignof and Offsetof
// only: a cell using the others failed ("package unsafe "unsafe" has no
// symbol String"). String and StringData are not generic and come from
// the session's table (their length may be of any integer type, as in
// Go, so String takes it as a value of any type and checks its range).
// Slice and SliceData are generic; where the type oracle gives the
// element type T, a call becomes
//
//	unsafe.SliceData(s)  →  func(_activisS []T) *T { … &_activisS[:1][0] … }(s)
//	unsafe.Slice(p, n)   →  func(_activisX []T) []T { return _activisX }(_activisiface.UnsafeSlice(p, n).([]T))
//
// (SliceData of a non-nil slice of capacity 0 gives a new pointer, an
// address the Go specification leaves unspecified). Written for this
// package.

// unsafeExports adds String and StringData to yaegi's table of unsafe.
func unsafeExports() interp.Exports {
	return interp.Exports{"unsafe/unsafe": {
		"String":     reflect.ValueOf(unsafeString),
		"StringData": reflect.ValueOf(func(s string) *byte { return unsafe.StringData(s) }),
	}}
}

// unsafeLen returns n, an integer of any type, as an int, or panics as Go
// does for a negative length or one too large (what names the function).
func unsafeLen(n any, what string) int {
	v := reflect.ValueOf(n)
	switch {
	case v.CanInt():
		if i := v.Int(); i >= 0 && i <= math.MaxInt {
			return int(i)
		}
	case v.CanUint():
		if u := v.Uint(); u <= math.MaxInt {
			return int(u)
		}
	default:
		panic(fmt.Sprintf("unsafe.%s: len of type %T is not an integer", what, n))
	}
	panic(runtimeError{"runtime error: unsafe." + what + ": len out of range"})
}

// unsafeString is unsafe.String with a length of any integer type.
func unsafeString(p *byte, n any) string {
	l := unsafeLen(n, "String")
	if p == nil && l > 0 {
		panic(runtimeError{"runtime error: unsafe.String: ptr is nil and len is not zero"})
	}
	if l > 0 && uintptr(unsafe.Pointer(p))+uintptr(l-1) < uintptr(unsafe.Pointer(p)) {
		panic(runtimeError{"runtime error: unsafe.String: len out of range"})
	}
	return unsafe.String(p, l)
}

// unsafeSlice is unsafe.Slice for a pointer p of any type (its element
// type's slice, in an any).
func unsafeSlice(p any, n any) any {
	v := reflect.ValueOf(p)
	if v.Kind() != reflect.Pointer {
		panic(fmt.Sprintf("unsafe.Slice of a %T, not a pointer", p))
	}
	l := unsafeLen(n, "Slice")
	elem := v.Type().Elem()
	if v.IsNil() {
		if l > 0 {
			panic(runtimeError{"runtime error: unsafe.Slice: ptr is nil and len is not zero"})
		}
		return reflect.Zero(reflect.SliceOf(elem)).Interface()
	}
	if size := elem.Size(); size > 0 && (uint64(l) > math.MaxUint64/uint64(size) ||
		uint64(v.Pointer())+uint64(l)*uint64(size)-1 < uint64(v.Pointer()) && l > 0) {
		panic(runtimeError{"runtime error: unsafe.Slice: len out of range"})
	}
	return reflect.SliceAt(elem, v.UnsafePointer(), l).Interface()
}

// unsafeNeedsTypes reports whether f calls unsafe.Slice or
// unsafe.SliceData (the rewrite needs the type oracle).
func unsafeNeedsTypes(f *ast.File) bool {
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok && unsafeGeneric(c) != "" {
			found = true
		}
		return !found
	})
	return found
}

// unsafeGeneric returns "Slice" or "SliceData" for a call of that
// function of unsafe, or "".
func unsafeGeneric(c *ast.CallExpr) string {
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok || (sel.Sel.Name != "Slice" || len(c.Args) != 2) && (sel.Sel.Name != "SliceData" || len(c.Args) != 1) || c.Ellipsis.IsValid() {
		return ""
	}
	if pkg, ok := sel.X.(*ast.Ident); !ok || pkg.Name != "unsafe" || pkg.Obj != nil {
		return ""
	}
	return sel.Sel.Name
}

// unsafeCalls rewrites a call of unsafe.Slice or unsafe.SliceData (see
// above) where the oracle gives its type.
func (r *rewriter) unsafeCalls(c *ast.CallExpr) {
	fn := unsafeGeneric(c)
	if fn == "" || r.oracle == nil {
		return
	}
	var elem types.Type
	switch t := r.oracle.typeOf(c).(type) {
	case *types.Slice:
		elem = t.Elem()
	case *types.Pointer:
		elem = t.Elem()
	default:
		return
	}
	te := r.oracle.expr(elem)
	if te == nil {
		return
	}
	pos := c.Pos()
	if fn == "Slice" {
		rt := r.ifaceRuntimeName()
		if rt == "" {
			return
		}
		call := &ast.CallExpr{Fun: &ast.SelectorExpr{X: &ast.Ident{NamePos: pos, Name: rt}, Sel: &ast.Ident{NamePos: pos, Name: "UnsafeSlice"}},
			Lparen: c.Lparen, Args: c.Args, Rparen: c.Rparen}
		id, err := parseResolved("func(_activisX []" + printType(te) + ") []" + printType(te) + " { return _activisX }")
		if err != nil {
			return
		}
		c.Fun = setPositions(id, pos)
		c.Args = []ast.Expr{&ast.TypeAssertExpr{X: call, Lparen: pos, Type: &ast.ArrayType{Lbrack: pos, Elt: cloneTypeAt(te, pos)}, Rparen: pos}}
		return
	}
	lit, err := parseResolved("func(_activisS []" + printType(te) + ") *" + printType(te) + ` {
	if cap(_activisS) > 0 {
		return &_activisS[:1][0]
	}
	if _activisS == nil {
		return nil
	}
	return new(` + printType(te) + `)
}`)
	if err != nil {
		return
	}
	c.Fun = setPositions(lit, pos)
}
