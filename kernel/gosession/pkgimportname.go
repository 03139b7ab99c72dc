package gosession

import (
	"go/ast"
	"go/types"
	"strconv"
)

// Third-party packages named like standard packages interpreted from
// source, imported by package files.
//
// yaegi v0.16.1 takes a package name for the standard library's package
// of that name where the session keeps that package as source (maps,
// slices, cmp, iter, unique, weak, structs; sourceGenericStd): in a cell,
// `import "github.com/google/go-cmp/cmp"` then `cmp.Equal` failed
// ("undefined selector", execute.go's stdNameHint gives the workaround,
// an import under another name), and a package file's import of such a
// package failed its package's import: github.com/emirpasic/gods'
// treemap, whose `maps.Map` is its own package gods/maps ("undefined
// selector maps.Map"). A package file's import of such a package gets a
// name of its own, and the file's uses of it follow:
//
//	import "github.com/emirpasic/gods/maps"  →  import _activisImport_maps "github.com/emirpasic/gods/maps"
//	maps.Map                                  →  _activisImport_maps.Map
//
// Written for this package.

// importRenames gives the imports of f that need a name of their own
// one (see above), noting the new names by import path.
func (w *pkgGoWriter) importRenames(f *ast.File) {
	for _, im := range f.Imports {
		p, err := strconv.Unquote(im.Path.Value)
		if err != nil || !thirdParty(p) {
			continue
		}
		name := ""
		if im.Name != nil {
			name = im.Name.Name
		} else {
			for n, q := range w.imports {
				if q == p {
					name = n
				}
			}
		}
		if name == "" || name == "_" || name == "." || !stdSourceName(name) {
			continue
		}
		if w.renamedImports == nil {
			w.renamedImports = map[string]string{}
		}
		to := "_activisImport_" + name
		w.renamedImports[p] = to
		if im.Name != nil {
			w.replace(w.off(im.Name.Pos()), w.off(im.Name.End()), func() string { return to })
		} else {
			w.before[w.off(im.Path.Pos())] += to + " "
		}
	}
}

// stdSourceName reports whether name is the name of a standard package
// the session interprets from source: their import paths are their
// names (typeimport.go's sourceGenericStd).
func stdSourceName(name string) bool { return sourceGenericStd(name) }

// renamedImport returns the new name of the package id names, when the
// file's import of it was renamed, or "".
func (w *pkgGoWriter) renamedImport(id *ast.Ident) string {
	if len(w.renamedImports) == 0 {
		return ""
	}
	p := w.imports[id.Name]
	if w.types != nil {
		pn, ok := w.types.info.Uses[id].(*types.PkgName)
		if !ok {
			return ""
		}
		p = pn.Imported().Path()
	}
	return w.renamedImports[p]
}

// renameImportUse writes the package name of sel as its import's new
// name (see above).
func (w *pkgGoWriter) renameImportUse(sel *ast.SelectorExpr) {
	id, ok := sel.X.(*ast.Ident)
	if !ok {
		return
	}
	if to := w.renamedImport(id); to != "" {
		w.replace(w.off(id.Pos()), w.off(id.End()), func() string { return to })
	}
}
