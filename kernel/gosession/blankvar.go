package gosession

import (
	"go/ast"
	"go/token"
)

// Blank variables declared without a value.
//
// yaegi v0.16.1 refused `var _ T` without a value in a function body and at
// a cell's top level ("cannot use _ as value"), and so `var _, y int`;
// with a value (`var _ Shape = (*Circle)(nil)`, the check that a type
// implements an interface) it was right. Such a blank name gets the
// type's zero value in a cell, which has no other effect:
//
//	var _ sync.Mutex  →  var _ sync.Mutex = *new(sync.Mutex)
//
// and, in a package file's function bodies (its package-level ones were
// right), a name of its own that nothing reads. Written for this package.

// blankVars gives the blank names of the var declarations under n their
// zero values (see above).
func blankVars(n ast.Node) {
	ast.Inspect(n, func(m ast.Node) bool {
		g, ok := m.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR {
			return true
		}
		for _, s := range g.Specs {
			vs, ok := s.(*ast.ValueSpec)
			if !ok || vs.Type == nil || len(vs.Values) > 0 || !hasBlank(vs.Names) {
				continue
			}
			for _, id := range vs.Names {
				pos := id.Pos()
				vs.Values = append(vs.Values, &ast.StarExpr{Star: pos, X: &ast.CallExpr{
					Fun: &ast.Ident{NamePos: pos, Name: "new"}, Lparen: pos, Args: []ast.Expr{cloneTypeAt(vs.Type, pos)}, Rparen: pos}})
			}
		}
		return true
	})
}

// hasBlank reports whether one of names is the blank identifier.
func hasBlank(names []*ast.Ident) bool {
	for _, id := range names {
		if id.Name == "_" {
			return true
		}
	}
	return false
}

// blankVars renames the blank names of the var declarations in the
// function bodies of f that have no values (see above).
func (w *pkgGoWriter) blankVars(f *ast.File) {
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		ast.Inspect(fd.Body, func(m ast.Node) bool {
			g, ok := m.(*ast.GenDecl)
			if !ok || g.Tok != token.VAR {
				return true
			}
			for _, s := range g.Specs {
				vs, ok := s.(*ast.ValueSpec)
				if !ok || len(vs.Values) > 0 {
					continue
				}
				for _, id := range vs.Names {
					if id.Name == "_" {
						name := w.temp("Blank")
						w.replace(w.off(id.Pos()), w.off(id.End()), func() string { return name })
					}
				}
			}
			return true
		})
	}
}
