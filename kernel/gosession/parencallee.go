package gosession

import "go/ast"

// parenCallee drops the parentheses around a callee that is a name:
// `(f)(x)` becomes `f(x)`, the same call in Go. yaegi v0.16.1 panicked
// "reflect: call of reflect.Value.Call on ptr Value" when the name was a
// function declared in the session. Written for this package.
func parenCallee(c *ast.CallExpr) {
	if _, ok := c.Fun.(*ast.ParenExpr); !ok {
		return
	}
	if id, ok := unparen(c.Fun).(*ast.Ident); ok {
		c.Fun = id
	}
}
