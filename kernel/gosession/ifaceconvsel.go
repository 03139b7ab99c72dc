package gosession

import (
	"go/ast"
	"go/types"
)

// Methods selected on a conversion to an interface.
//
// yaegi v0.16.1 fails a method selected on a value converted to an
// interface type in the same expression: `Handler(hf).Serve(4)` for a
// function type with a Serve method panicked "reflect: call of
// reflect.Value.NumField on func Value", `Handler(P{1}).Serve(4)` for a
// struct "invalid interface value {1}", `io.Reader(&r).Read(b)` "reflect:
// Method index out of range" (Go calls the method of the value the
// interface holds). The conversion becomes a function literal returning
// the value as the interface type, whose result yaegi selects the method
// of as of any interface value:
//
//	Handler(hf).Serve(4)   =>   func() Handler { return hf }().Serve(4)
//
// Only where the type oracle shows the conversion's type is an interface.
// Written for this package.

// ifaceConvSelector rewrites the selector x described above.
func (r *rewriter) ifaceConvSelector(x *ast.SelectorExpr) {
	if r.oracle == nil {
		return
	}
	conv, ok := unparen(x.X).(*ast.CallExpr)
	if !ok || len(conv.Args) != 1 || conv.Ellipsis.IsValid() {
		return
	}
	tv, ok := r.oracle.info.Types[conv.Fun]
	if !ok || !tv.IsType() || !types.IsInterface(tv.Type) {
		return
	}
	if _, isParam := tv.Type.(*types.TypeParam); isParam {
		return
	}
	call := returnCall(conv.Fun, conv.Args[0], conv.Pos(), conv.End()) // compiledlit.go
	if tvConv, ok := r.oracle.info.Types[conv]; ok {
		r.oracle.info.Types[call] = tvConv // the later rewrites read its type
	}
	x.X = call
}
