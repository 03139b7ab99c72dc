package gosession

import (
	"go/ast"
	"go/token"
)

// Type aliases declared inside functions.
//
// yaegi v0.16.1 compiles a type alias declared inside a function (`type
// Pair = [2]float64` in a function body) but does not find it where it is
// used, nor the declaration itself: "undefined: Pair". In a cell's
// functions, an alias whose type names only types of the package level
// (or none) is declared at the package level instead, under a name of its
// own, and the function's uses of it are renamed to that name. An alias
// of a type declared in the function, and one in a function literal of a
// cell of statements, fail as before. Written for this package.

// localAliases hoists the local type aliases of the functions of f (see
// above).
func (r *rewriter) localAliases(f *ast.File) {
	var hoisted []ast.Decl
	top := topSpecs(f) // nestedinst.go; the aliases hoisted join them, declared after f's declarations
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		eachListStmt(fd.Body, false, func(list []ast.Stmt, i int, s ast.Stmt, lbl *ast.LabeledStmt) { // see stmtlist.go
			ds, ok := s.(*ast.DeclStmt)
			if !ok || lbl != nil {
				return
			}
			g, ok := ds.Decl.(*ast.GenDecl)
			if !ok || g.Tok != token.TYPE {
				return
			}
			var kept []ast.Spec
			for _, sp := range g.Specs {
				ts := sp.(*ast.TypeSpec)
				if !ts.Assign.IsValid() || ts.TypeParams != nil || ts.Name.Obj == nil || !packageLevelType(ts.Type, top) {
					kept = append(kept, sp)
					continue
				}
				name := r.fresh("Alias" + ts.Name.Name + "_")
				hoisted = append(hoisted, &ast.GenDecl{TokPos: ts.Pos(), Tok: token.TYPE, Specs: []ast.Spec{
					&ast.TypeSpec{Name: &ast.Ident{NamePos: ts.Name.Pos(), Name: name}, Assign: ts.Assign, Type: ts.Type}}})
				top[ts] = len(f.Decls)
				obj := ts.Name.Obj
				ast.Inspect(fd.Body, func(m ast.Node) bool {
					if id, ok := m.(*ast.Ident); ok && id.Obj == obj && id != ts.Name {
						id.Name = name
					}
					return true
				})
			}
			if len(kept) == 0 {
				list[i] = &ast.EmptyStmt{Semicolon: ds.Pos(), Implicit: true}
			} else {
				g.Specs = kept
			}
		})
	}
	f.Decls = append(f.Decls, hoisted...)
}

// packageLevelType tells whether the type expression t names nothing
// declared inside a function: every name in it is unresolved in the file
// (a type of the session, of the universe or a package), a field, or
// declared by a spec of top (the package level of the file and the
// aliases hoisted before).
func packageLevelType(t ast.Expr, top map[any]int) bool {
	ok := true
	ast.Inspect(t, func(n ast.Node) bool {
		if id, isID := n.(*ast.Ident); isID && id.Obj != nil {
			_, field := id.Obj.Decl.(*ast.Field)
			if _, in := top[id.Obj.Decl]; !field && !in {
				ok = false
			}
		}
		return ok
	})
	return ok
}
