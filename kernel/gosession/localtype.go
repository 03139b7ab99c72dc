package gosession

import (
	"go/ast"
	"go/token"
)

// Types declared in a function with the name of a package-level type.
//
// yaegi v0.16.1 resolves a type declared inside a function body to the
// package-level type of the same name: with `type T struct{ X int }` and
// a String method at the top level, `func f() { type T struct{ X int };
// fmt.Println(T{1}) }` printed the package T's String text, and `type
// Celsius int` declared in a function over a package-level `type Celsius
// float64` made `c / 2` a float division (3.5 for Go's 3), without an
// error. The session refuses such a declaration, naming it and the
// workaround (another name for the local type). Written for this package.

// refuseShadowingTypes fails the rewrite for a type declared in a
// function or block of n (a declaration statement) whose name is a type of
// the group or of the session.
func (r *rewriter) refuseShadowingTypes(n ast.Node) {
	top := map[string]bool{}
	if f, ok := n.(*ast.File); ok {
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.TYPE {
				for _, s := range g.Specs {
					top[s.(*ast.TypeSpec).Name.Name] = true
				}
			}
		}
	}
	ts, _ := r.sc.(interface{ isType(string) bool }) // errorwrap.go
	ast.Inspect(n, func(m ast.Node) bool {
		ds, ok := m.(*ast.DeclStmt)
		if !ok || r.err != nil {
			return r.err == nil
		}
		g, ok := ds.Decl.(*ast.GenDecl)
		if !ok || g.Tok != token.TYPE {
			return true
		}
		for _, s := range g.Specs {
			name := s.(*ast.TypeSpec).Name
			if name.Name != "_" && (top[name.Name] || ts != nil && ts.isType(name.Name)) {
				r.fail(name.Pos(), "type %[1]s declared in a function has the name of a package-level type %[1]s: "+
					"the interpreter would use the package-level %[1]s there; give the local type another name", name.Name)
				return false
			}
		}
		return true
	})
}
