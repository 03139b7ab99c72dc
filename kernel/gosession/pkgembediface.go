package gosession

import (
	"go/ast"
	"strings"
)

// Methods promoted from an embedded interface field, in package files.
//
// The cells' embediface.go, for packages interpreted from source: yaegi
// v0.16.1 panicked with "invalid interface value" when a method was
// called through a struct embedding an interface (`type Named struct {
// Shape; Name string }`, `shapes[i].Area()` in a package's sort.Slice
// callback), while the call through the field's name works. With the
// package's types, such a selector is written out to that field, on its
// line: `shapes[i].Area` becomes `shapes[i].Shape.Area`, for calls and
// method values alike.

// embeddedIfaceMethod rewrites sel as above.
func (w *pkgGoWriter) embeddedIfaceMethod(sel *ast.SelectorExpr) {
	if w.types == nil {
		return
	}
	if path := embeddedIfacePath(w.types.info.Selections[sel]); path != nil {
		end := w.off(sel.X.End())
		w.after[end] += "." + strings.Join(path, ".")
	}
}
