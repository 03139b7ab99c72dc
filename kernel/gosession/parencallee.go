package gosession

import "go/ast"

// parenCallee drops the parentheses around a callee that is a name or an
// instance of a generic function: `(f)(x)` becomes `f(x)` and
// `(double[int])(10)` `double[int](10)`, the same calls in Go. yaegi
// v0.16.1 panicked "reflect: call of reflect.Value.Call on ptr Value"
// when the name was a function declared in the session, and "… on int
// Value" for the instance. Package files get the same (pkgParenCallee,
// which writes the parentheses as spaces). Written for this package.
func parenCallee(c *ast.CallExpr) {
	if _, ok := c.Fun.(*ast.ParenExpr); !ok {
		return
	}
	if f := unparen(c.Fun); parenFreeCallee(f) {
		c.Fun = f
	}
}

// parenFreeCallee reports whether the callee f may be written without
// parentheses: a name or an index expression.
func parenFreeCallee(f ast.Expr) bool {
	switch f.(type) {
	case *ast.Ident, *ast.IndexExpr, *ast.IndexListExpr:
		return true
	}
	return false
}

// pkgParenCallee does what parenCallee does, for the call c of a package
// file.
func (w *pkgGoWriter) pkgParenCallee(c *ast.CallExpr) {
	p, ok := c.Fun.(*ast.ParenExpr)
	if !ok || !parenFreeCallee(unparen(p)) {
		return
	}
	for {
		lp, rp := w.off(p.Lparen), w.off(p.Rparen)
		w.replace(lp, lp+1, func() string { return " " })
		w.replace(rp, rp+1, func() string { return " " })
		inner, ok := p.X.(*ast.ParenExpr)
		if !ok {
			return
		}
		p = inner
	}
}
