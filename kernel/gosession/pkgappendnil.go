package gosession

import "go/ast"

// nil appended in package files: as in cells (appendnil.go), yaegi's nil
// is typed once anything gave it to an interface, and `append(nodes,
// nil)` for a `[]*node` ended the call with "reflect.Set: value of type
// interface {} is not assignable". With the package's types, each nil
// appended to a slice of pointers, maps, functions, channels or slices
// is written as that type's nil, `append(nodes, (*node)(nil))`.

// appendNils rewrites the appends of f (see above).
func (w *pkgGoWriter) appendNils(f *ast.File) {
	if w.types == nil {
		return
	}
	ast.Inspect(f, func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		elem, nils := appendedNils(c, w.types.typeOf, w.types.info) // appendnil.go
		if len(nils) == 0 {
			return true
		}
		if text := w.typeText(elem); text != "" {
			for _, i := range nils {
				w.enclose(c.Args[i], "("+text+")(", ")")
			}
		}
		return true
	})
}
