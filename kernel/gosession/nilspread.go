package gosession

import "go/ast"

// nilSpread drops a spread nil from the call c: `f(a, nil...)` becomes
// `f(a)`, which Go runs the same way (the variadic parameter is a nil
// slice either way). yaegi v0.16.1 failed to compile `f(nil...)` ("CFG
// post-order panic"). Found by the fifth hunt
// (testdata/fidelity/hunt5.txt). Written for this package.
func (r *rewriter) nilSpread(c *ast.CallExpr) {
	if !c.Ellipsis.IsValid() || len(c.Args) == 0 {
		return
	}
	id, ok := unparen(c.Args[len(c.Args)-1]).(*ast.Ident)
	if !ok || id.Name != "nil" || id.Obj != nil || r.sc.globalType("nil") != nil {
		return
	}
	c.Args = c.Args[:len(c.Args)-1]
	c.Ellipsis = 0
}
