package gosession

import (
	"go/ast"
	"go/constant"
	"go/token"
)

// unsafe.Offsetof as the type checker computes it.
//
// yaegi v0.16.1 computes unsafe.Offsetof(x.f) by looking the field up by
// name in its own reflect type of the struct, where an unexported field
// is not found: `unsafe.Offsetof(x.b)` panicked "reflect: call of
// reflect.Value.Interface on zero Value" (gopl.io ch13/unsafeptr). The
// offset is a constant the type checker computes with the gc layout of
// the machine (go/types' default sizes, the layout reflect.StructOf gives
// the interpreter's structs too), so the call is written as that
// constant: `unsafe.Offsetof(x.b)` => `uintptr(2)`. Written for this
// package.

// offsetofNeedsTypes reports whether f calls unsafe.Offsetof (the rewrite
// needs the type oracle).
func offsetofNeedsTypes(f *ast.File) bool {
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok && isOffsetof(c) {
			found = true
		}
		return !found
	})
	return found
}

// isOffsetof reports whether c is written as a call of unsafe.Offsetof.
func isOffsetof(c *ast.CallExpr) bool {
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Offsetof" || len(c.Args) != 1 {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	return ok && pkg.Name == "unsafe" && pkg.Obj == nil
}

// offsetof rewrites a call of unsafe.Offsetof in place when the type
// oracle gives its constant value.
func (r *rewriter) offsetof(c *ast.CallExpr) {
	if r.oracle == nil || !isOffsetof(c) {
		return
	}
	tv, ok := r.oracle.info.Types[c]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Int {
		return
	}
	pos := c.Pos()
	c.Fun = &ast.Ident{NamePos: pos, Name: "uintptr"}
	c.Args = []ast.Expr{&ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: tv.Value.ExactString()}}
}
