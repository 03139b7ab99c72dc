package gosession

import (
	"go/ast"
	"go/types"
)

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
		if !ok || !appendOf(c) {
			return true
		}
		if _, builtin := w.types.info.Uses[unparen(c.Fun).(*ast.Ident)].(*types.Builtin); !builtin {
			return true
		}
		s, ok := typeUnder[*types.Slice](w.types.typeOf(c.Args[0]))
		if !ok || !typedNilElem(s.Elem()) {
			return true
		}
		text := w.typeText(s.Elem())
		if text == "" {
			return true
		}
		for _, a := range c.Args[1:] {
			if id, ok := unparen(a).(*ast.Ident); ok && id.Name == "nil" {
				if _, isNil := w.types.info.Uses[id].(*types.Nil); isNil {
					w.enclose(a, "("+text+")(", ")")
				}
			}
		}
		return true
	})
}
