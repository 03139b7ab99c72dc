package gosession

import "go/ast"

// keepIfaceArgs writes the arguments of c that a compiled container keeps
// as elements of a `[]any` where their type is one of interpreted code
// with methods (keptArgs, keepiface.go):
//
//	c.cache.Store(rt, enc) → c.cache.Store(rt, []any{enc}[0])
func (w *pkgGoWriter) keepIfaceArgs(c *ast.CallExpr) {
	if w.types == nil {
		return
	}
	for _, k := range keptArgs(c, w.types.info, w.types.pkg) {
		arg := c.Args[k.index]
		if k.value == arg {
			w.enclose(arg, "[]any{", "}[0]")
			continue
		}
		if w.replace(w.off(arg.Pos()), w.off(k.value.Pos()), func() string { return "[]any{" }) {
			w.replaceToEnd(w.off(k.value.End()), w.off(arg.End()), func() string { return "}[0]" })
		}
	}
}
