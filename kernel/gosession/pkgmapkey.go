package gosession

import (
	"go/ast"
	"go/types"
	"strconv"
	"strings"
)

// Maps keyed by interfaces holding the package's values, in package files.
//
// yaegi v0.16.1 keeps a value of one of the package's types with methods,
// stored in an interface, in a wrapper of its own, and a map keyed by an
// interface compares those wrappers, not the values: in a package,
// `m[a]++; m[b]++` for a `map[Shape]int` and two `Shape`s holding
// `Circle{1}` made two entries, so did one pointer stored twice, and
// `map[any]string` keys holding equal `Circle{2}` values, without an
// error (Go: one entry each). As the cells refuse such maps
// (ifacemapkey.go), each key of a map whose key type is an interface that
// one of the package's types with methods implements (an index, a
// `delete`, a map literal's key) is given to a literal that panics, naming
// the file, line, map key type and the workaround, when it holds such a
// value; keys of other types (strings, numbers, compiled types) pass:
//
//	m[k]  →  m[func(_activisK Shape) Shape { switch _activisK.(type) { case Circle, *Circle, *Sq: panic("…") }; return _activisK }(k)]
//
// Written for this package.

// mapKeys rewrites the map keys of f as above.
func (w *pkgGoWriter) mapKeys(f *ast.File) {
	if w.types == nil {
		return
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.IndexExpr:
			if m, ok := typeUnder[*types.Map](w.types.typeOf(x.X)); ok { // pkgifaceloop.go
				w.checkMapKey(x.Index, m.Key())
			}
		case *ast.CallExpr:
			if id, ok := unparen(x.Fun).(*ast.Ident); ok && id.Name == "delete" && len(x.Args) == 2 {
				if _, builtin := w.types.info.Uses[id].(*types.Builtin); builtin {
					if m, ok := typeUnder[*types.Map](w.types.typeOf(x.Args[0])); ok {
						w.checkMapKey(x.Args[1], m.Key())
					}
				}
			}
		case *ast.CompositeLit:
			if m, ok := typeUnder[*types.Map](w.types.typeOf(x)); ok {
				for _, e := range x.Elts {
					if kv, ok := e.(*ast.KeyValueExpr); ok {
						w.checkMapKey(kv.Key, m.Key())
					}
				}
			}
		}
		return true
	})
}

// checkMapKey writes the key k of a map keyed by kt as above.
func (w *pkgGoWriter) checkMapKey(k ast.Expr, kt types.Type) {
	if _, param := kt.(*types.TypeParam); param {
		return
	}
	it, ok := kt.Underlying().(*types.Interface)
	if !ok {
		return
	}
	var held []string
	for _, t := range w.implementerTypes(it) { // pkgifaceassert.go
		if types.NewMethodSet(types.NewPointer(w.ownNamed(t))).Len() > 0 {
			held = append(held, w.typeText(t))
		}
	}
	ks := w.typeText(kt)
	if len(held) == 0 || ks == "" {
		return
	}
	msg := w.where(k.Pos()) + ": a map keyed by " + ks + " holding a value of the package's types with methods (" + strings.Join(held, ", ") +
		"): the interpreter (yaegi v0.16.1) compares its own wrappers of such values, not the values, so equal keys make different entries; " +
		"key the map by a comparable field or ID, or compile the package into the kernel instead: activis-kernel build --with MODULE"
	w.enclose(k, "func(_activisK "+ks+") "+ks+" { switch _activisK.(type) { case "+strings.Join(held, ", ")+": panic("+strconv.Quote(msg)+") }; return _activisK }(", ")")
}
