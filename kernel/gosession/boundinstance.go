package gosession

import (
	"go/ast"
	"go/types"
)

// Instances of a package's generic types named in a cell.
//
// yaegi v0.16.1 makes an instance of a generic type that a cell names
// (`var c *p.Cache[int]`, `&p.Cache[int]{}`, a parameter of that type) in
// the cell's scope. Where the type's fields name other types of its
// package (`type Cache[V any] struct{ l *list[V] }`, as
// github.com/hashicorp/golang-lru's Cache holds its internal list), those
// names are unknown there and the compile failed with "incomplete type
// Cache[int]" at the package's line; the instance then stayed broken for
// the session, so a function of a later cell that had made one through
// the package (`c, _ := p.NewCache[int](3)`) failed too. With the cell's
// types, boundInstances refuses the cell before yaegi sees it,
// naming the instance and what works: the package's functions with :=
// inside a function, where the package makes the instance. The top-level
// definitions from such calls are refused by unmakeableResult
// (genericmulti.go). Written for this package.

// boundInstances fails the rewrite when n names an instance of a
// package's generic type whose fields name other types of its package.
func (r *rewriter) boundInstances(n ast.Node) {
	if r.oracle == nil {
		return
	}
	ast.Inspect(n, func(m ast.Node) bool {
		if r.err != nil {
			return false
		}
		e, ok := m.(ast.Expr)
		if !ok {
			return true
		}
		sel := r.pkgInstance(e) // ptrzero.go
		if sel == nil {
			return true
		}
		tv, ok := r.oracle.info.Types[e]
		if !ok || !tv.IsType() || packageBoundInstance(tv.Type, r.oracle.pkg) == nil {
			return true
		}
		name := types.TypeString(tv.Type, func(p *types.Package) string { return p.Name() })
		pkg := types.ExprString(sel.X)
		r.fail(m.Pos(), "%s, an instance of a package's generic type whose fields name other named types, cannot be named in a cell: "+
			"the interpreter makes it in the cell, where it cannot resolve them, and the instance would stay broken for the session; "+
			"let the package make it: call its constructor with := inside a function and use the value there (func run() { c := %s.New…(…); … }), "+
			"or compile the package into the kernel (activis-kernel build --with MODULE)", name, pkg)
		return false
	})
}
