package gosession

import (
	"go/ast"
	"go/types"
)

// Fields of a generic func type in generic structs of package files.
//
// yaegi v0.16.1 could not make an instance of a generic struct with a
// field whose type is an instance of a generic func type of its package
// when another package's generic struct embedded it:
//
//	type SplitFunc[T Stringish] func(T, bool) (int, T, error)
//	type Iterator[T Stringish] struct { split SplitFunc[T]; … }
//	// in another package: type Iterator[T …] struct{ *iterators.Iterator[T] }
//
// failed the import with "incomplete type Iterator[string]"
// (github.com/clipperhouse/uax29 v2.2.0, and so github.com/mattn/
// go-runewidth, which github.com/olekukonko/tablewriter imports). With the
// package's types, such a field is written with the func type the
// instance stands for, `split func(T, bool) (int, T, error)`: a value of
// SplitFunc[T] is assignable to it and calls the same, and the field's
// type is not seen outside the package unless it is exported, which
// these are not (an exported field keeps its type, as do func types with
// methods). Written for this package.

// funcTypeFields rewrites the fields of the generic struct types of f
// described above.
func (w *pkgGoWriter) funcTypeFields(f *ast.File) {
	if w.types == nil {
		return
	}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok {
			continue
		}
		for _, sp := range g.Specs {
			ts, ok := sp.(*ast.TypeSpec)
			if !ok || ts.TypeParams == nil {
				continue
			}
			st, ok := ts.Type.(*ast.StructType)
			if !ok {
				continue
			}
			for _, fl := range st.Fields.List {
				if len(fl.Names) == 0 || fl.Names[0].IsExported() {
					continue
				}
				if _, _, index := typeArgsOf(fl.Type); !index {
					continue
				}
				n, ok := w.types.typeOf(fl.Type).(*types.Named)
				if !ok || n.TypeArgs().Len() == 0 || n.NumMethods() > 0 || n.Obj().Pkg() != w.types.pkg {
					continue
				}
				sig, ok := n.Underlying().(*types.Signature)
				if !ok {
					continue
				}
				if text := w.typeText(sig); text != "" {
					w.replace(w.off(fl.Type.Pos()), w.off(fl.Type.End()), func() string { return text })
				}
			}
		}
	}
}
