package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// Inferred type arguments of generic calls, in package files: the cells'
// typeargs.go. yaegi v0.16.1 assigns inferred type arguments by position
// of occurrence, so a package calling its own `func Map[T, U any](xs []T,
// f func(T) U) []U` as `Map(rows, func(r Row) string {…})` failed to
// import ("cannot use type func(Row) string as type func(Row) Row"), and
// it infers nothing for a variadic type parameter (`Sum(1, 2, 3)` for
// `func Sum[T Number](xs ...T) T`, and slices.Concat(a, b): "undefined
// type for T"); maps.EqualFunc(m1, m2, eq) with maps of different value
// types failed ("cannot use type map[int][]uint8 as type map[int]int":
// the standard library's maps and slices examples as packages). With the
// package's types, a call written without type arguments of a generic
// function of two or more type parameters or a variadic one, or with a
// constant argument, of the
// package, of a standard package interpreted from source (slices, maps,
// cmp: sourceGenericStd) or of another third-party package interpreted
// from source, gets the checker's:
//
//	Map(rows, f)              →  Map[Row, string](rows, f)
//	slices.Concat(a, b)       →  slices.Concat[int](a, b)
//	mutable.Reverse(list)     →  mutable.Reverse[T, Slice](list)
//
// (github.com/samber/lo's Reverse, calling its mutable package's inside
// its own generic body, failed with a nil dereference in the CFG; the
// explicit instances of another package's generic functions work since
// the constraints in their signatures resolve, pkgsigalias.go.) Not where
// a type argument cannot be written in the file.

// inferredTypeArgs writes the type arguments of the call c (see above).
func (w *pkgGoWriter) inferredTypeArgs(c *ast.CallExpr) {
	if w.types == nil {
		return
	}
	indexed := unparen(c.Fun)
	fun := indexed
	base, given, partial := typeArgsOf(fun) // typeargs.go
	if partial {
		fun = base
	}
	var id *ast.Ident
	switch f := fun.(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		if x, ok := f.X.(*ast.Ident); ok {
			if _, isPkg := w.types.info.Uses[x].(*types.PkgName); isPkg {
				id = f.Sel
			}
		}
	}
	if id == nil {
		return
	}
	inst, ok := w.types.info.Instances[id]
	if !ok || inst.TypeArgs.Len() == 0 {
		return
	}
	fn, ok := w.types.info.Uses[id].(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg() != w.types.pkg && !sourceGenericStd(fn.Pkg().Path()) && !sourceModule(fn.Pkg().Path()) {
		return
	}
	if partial && len(given) >= inst.TypeArgs.Len() || !partial && !positionalInferenceFails(w.types.info, inst, c) { // typeargs.go
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
	list := "[" + strings.Join(args, ", ") + "]"
	if !partial {
		w.enclose(c.Fun, "", list)
		return
	}
	var lbrack, rbrack token.Pos
	switch x := indexed.(type) {
	case *ast.IndexExpr:
		lbrack, rbrack = x.Lbrack, x.Rbrack
	case *ast.IndexListExpr:
		lbrack, rbrack = x.Lbrack, x.Rbrack
	}
	w.replace(w.off(lbrack), w.off(rbrack)+1, func() string { return list })
}
