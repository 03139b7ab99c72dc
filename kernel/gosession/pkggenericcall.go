package gosession

import (
	"go/ast"
	"go/types"
	"strings"
)

// Inferred type arguments of the package's generic functions, in package
// files: the cells' typeargs.go. yaegi v0.16.1 assigns inferred type
// arguments by position of occurrence, so a package calling its own `func
// Map[T, U any](xs []T, f func(T) U) []U` as `Map(rows, func(r Row)
// string {…})` failed to import ("cannot use type func(Row) string as
// type func(Row) Row"). With the package's types, a call of one of the
// package's generic functions of two or more type parameters, written
// without type arguments, gets the checker's:
//
//	Map(rows, f)  →  Map[Row, string](rows, f)
//
// Not for other packages' generic functions (yaegi failed to instantiate
// those with explicit arguments) nor where a type argument cannot be
// written in the file.

// inferredTypeArgs writes the type arguments of the call c (see above).
func (w *pkgGoWriter) inferredTypeArgs(c *ast.CallExpr) {
	if w.types == nil {
		return
	}
	id, ok := unparen(c.Fun).(*ast.Ident)
	if !ok {
		return
	}
	inst, ok := w.types.info.Instances[id]
	if !ok || inst.TypeArgs.Len() < 2 {
		return
	}
	if fn, ok := w.types.info.Uses[id].(*types.Func); !ok || fn.Pkg() != w.types.pkg {
		return
	}
	var args []string
	for i := range inst.TypeArgs.Len() {
		text := w.typeText(inst.TypeArgs.At(i))
		if text == "" {
			return
		}
		args = append(args, text)
	}
	w.enclose(id, "", "["+strings.Join(args, ", ")+"]")
}
