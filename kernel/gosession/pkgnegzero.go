package gosession

import (
	"go/ast"
	"go/types"
)

// Negative zero arguments in package files.
//
// yaegi v0.16.1 does not copy an argument that reflect reports as zero
// into the frame of an interpreted function it calls by name, so a -0
// float argument arrived as +0 (negzeroarg.go: `inv(math.Copysign(0,
// -1))` with `func inv(x float64) float64 { return 1 / x }` gave +Inf, Go
// -Inf). With the package's types (pkgtypes.go), a call of a function
// declared at the package level whose parameter can hold a -0 and whose
// argument is not a constant goes through a conversion to the function's
// type, as the cells' calls do, on the same line; constant arguments are
// converted to their parameters' types (yaegi does not convert them for a
// call of a converted function):
//
//	inv(z)        → (func(x float64) float64)(inv)(z)
//	scale(z, 2)   → (func(x float64, k float64) float64)(scale)(z, (float64)(2))
//
// A function whose type the file cannot name, and a generic one, are left
// as they are.

// negZeroArgs rewrites call c as above when it may lose a -0.
func (w *pkgGoWriter) negZeroArgs(c *ast.CallExpr) {
	if w.types == nil {
		return
	}
	id, ok := c.Fun.(*ast.Ident)
	if !ok {
		return
	}
	fn, ok := w.types.info.Uses[id].(*types.Func)
	if !ok || fn.Pkg() != w.types.pkg || fn.Parent() != fn.Pkg().Scope() {
		return
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.TypeParams().Len() > 0 || !w.losesNegZero(c, sig) {
		return
	}
	if w.logicLeft == nil {
		w.logicLeft = logicLeftCalls(w.file)
	}
	if w.logicLeft[c] {
		return // see negzeroarg.go's logicLeftCalls
	}
	ft := w.typeText(sig)
	if ft == "" {
		return
	}
	consts := map[ast.Expr]string{}
	params := sig.Params()
	for i, a := range c.Args {
		if tv, ok := w.types.info.Types[a]; !ok || tv.Value == nil || i >= params.Len() || (sig.Variadic() && i >= params.Len()-1) {
			continue
		}
		pt := params.At(i).Type()
		if types.IsInterface(pt) {
			continue
		}
		t := w.typeText(pt)
		if t == "" {
			return
		}
		consts[a] = t
	}
	w.enclose(c.Fun, "("+ft+")(", ")")
	for a, t := range consts {
		w.enclose(a, "("+t+")(", ")")
	}
}

// losesNegZero reports whether an argument of c that yaegi copies one by
// one may be a -0 it would drop (a parameter that can hold one, an
// argument that is not a constant; negzeroarg.go).
func (w *pkgGoWriter) losesNegZero(c *ast.CallExpr, sig *types.Signature) bool {
	return argsLoseNegZero(c, sig, func(a ast.Expr) bool {
		tv, ok := w.types.info.Types[a]
		return ok && tv.Value != nil
	})
}
