package gosession

import (
	"go/ast"
	"go/types"
)

// Range over a pointer to an array.
//
// yaegi v0.16.1 ranges over a pointer to an array wrongly: a method
// `func (v *Vec) Scale(k float64) { for i := range v { v[i] *= k } }` of
// `type Vec [3]float64` panicked with "reflect: call of reflect.Value.Float
// on array Value" (found by a hunt). Ranging over the array's slice does
// what Go's range over the pointer does (the pointer evaluated once, each
// element read when its iteration starts), so with the type oracle (cells)
// or the package's types (package files) the range expression p becomes
// p[:]. One difference: a key-only loop over a nil pointer panics (Go
// takes len of the array type and does not dereference it). Written for
// this package.

// isArrayPointer reports whether t is a pointer to an array.
func isArrayPointer(t types.Type) bool {
	if t == nil {
		return false
	}
	p, ok := t.Underlying().(*types.Pointer)
	if !ok {
		return false
	}
	_, ok = p.Elem().Underlying().(*types.Array)
	return ok
}

// rangeArrayPointer makes the range expression of x, a pointer to an
// array, its slice (see above).
func (r *rewriter) rangeArrayPointer(x *ast.RangeStmt) {
	if r.oracle == nil || !isArrayPointer(r.oracle.typeOf(x.X)) {
		return
	}
	x.X = &ast.SliceExpr{X: x.X, Lbrack: x.X.End(), Rbrack: x.X.End()}
}

// rangeArrayPointer writes the range expression of x, a pointer to an
// array, as its slice, in a package file (see above).
func (w *pkgGoWriter) rangeArrayPointer(x *ast.RangeStmt) {
	if w.types == nil || !isArrayPointer(w.types.typeOf(x.X)) {
		return
	}
	w.enclose(x.X, "(", ")[:]")
}
