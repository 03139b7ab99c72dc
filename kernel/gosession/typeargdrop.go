package gosession

import (
	"go/ast"
	"go/types"
	"strings"
)

// Explicit type arguments that are the caller's own type parameter.
//
// yaegi v0.16.1 failed on a generic call written with one explicit type
// argument that is a type parameter of the function (or type) it is in,
// `B[T](x)` inside `func F[T any](x T) T`, once F was instantiated with a
// named type (`F[Dur](3)`, `F[time.Duration]`): "runtime error: invalid
// memory address or nil pointer dereference" (github.com/spf13/cast's
// toSliceE[time.Duration] failed so); F[int] worked, and so did `B(x)`.
// Where the type argument is what Go would infer anyway — the callee has
// one type parameter, a parameter of exactly that type, and the argument
// there has the caller's type parameter as its type — the type argument
// is dropped: `B[T](x)` → `B(x)`, the same call. Cells get dropTypeArg
// (with the cell's type check), package files pkgDropTypeArg (written
// as spaces). Written for this package.

// inferableTypeArg reports whether the explicit type argument of the call
// c of the instance id is inferred from its arguments (see above).
func inferableTypeArg(info *types.Info, id *ast.Ident, c *ast.CallExpr) bool {
	inst, ok := info.Instances[id]
	if !ok || inst.TypeArgs.Len() != 1 {
		return false
	}
	targ, ok := inst.TypeArgs.At(0).(*types.TypeParam)
	if !ok {
		return false
	}
	fn, ok := info.Uses[id].(*types.Func)
	if !ok {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.TypeParams().Len() != 1 || sig.Variadic() && len(c.Args) >= sig.Params().Len() {
		return false
	}
	tp := sig.TypeParams().At(0)
	for j := range min(sig.Params().Len(), len(c.Args)) {
		if !types.Identical(sig.Params().At(j).Type(), tp) {
			continue
		}
		if at := info.Types[c.Args[j]].Type; at != nil && types.Identical(at, targ) {
			return true
		}
	}
	return false
}

// explicitInstance returns the identifier of the generic function c
// calls with one explicit type argument, and the index expression, or
// nil.
func explicitInstance(c *ast.CallExpr) (*ast.Ident, *ast.IndexExpr) {
	ix, ok := unparen(c.Fun).(*ast.IndexExpr)
	if !ok {
		return nil, nil
	}
	if id := refIdent(ix.X); id != nil { // typeargs.go
		return id, ix
	}
	return nil, nil
}

// dropTypeArg drops the type argument of the cell's call c (see above).
func (r *rewriter) dropTypeArg(c *ast.CallExpr) {
	if r.oracle == nil {
		return
	}
	if id, ix := explicitInstance(c); id != nil && inferableTypeArg(r.oracle.info, id, c) {
		c.Fun = ix.X
	}
}

// pkgDropTypeArg does what dropTypeArg does, for the call c of a package
// file.
func (w *pkgGoWriter) pkgDropTypeArg(c *ast.CallExpr) {
	if w.types == nil {
		return
	}
	if id, ix := explicitInstance(c); id != nil && inferableTypeArg(w.types.info, id, c) {
		lo, hi := w.off(ix.Lbrack), w.off(ix.Rbrack)+1
		w.replace(lo, hi, func() string { return strings.Repeat(" ", hi-lo) })
	}
}
