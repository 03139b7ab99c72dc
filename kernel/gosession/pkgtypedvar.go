package gosession

import (
	"go/ast"
	"strings"
)

// Typed var declarations whose value calls a generic function, in package
// files: the cells' typedvarcall.go. yaegi compiles such a call to the
// zero value without an error (`var m float64 = slices.Max(xs)` in a
// function of an imported package returned 0). With the package's types,
// each such value is evaluated in a function literal of the declared
// type, written on the value's own line so that the file keeps its lines:
//
//	var m float64 = slices.Max(xs)  →  var m float64 = func() float64 { return slices.Max(xs) }()
//
// Not where the type spans lines.

// typedGenericValues wraps the values of the typed var spec vs that call
// a generic function (see above).
func (w *pkgGoWriter) typedGenericValues(vs *ast.ValueSpec) {
	if w.types == nil || vs.Type == nil || len(vs.Values) != len(vs.Names) {
		return
	}
	typ := string(w.src[w.off(vs.Type.Pos()):w.off(vs.Type.End())])
	if strings.Contains(typ, "\n") {
		return
	}
	for _, v := range vs.Values {
		if callsGenericFunc(w.types.info, v) { // typedvarcall.go
			w.enclose(v, "func() "+typ+" { return ", " }()")
		}
	}
}
