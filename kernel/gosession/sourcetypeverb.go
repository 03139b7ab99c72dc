package gosession

import (
	"go/ast"
	"go/types"
)

// %T in cells of values of the types of packages interpreted from source.
//
// yaegi v0.16.1 gives a type of a package interpreted from source the
// run-time type of its underlying type (pkgtypeverb.go), so `%T` in a
// cell printed `struct { X int; Y int }` for a p.Point, `*struct { V int
// }` for a *p.Box[int] and `int` for a p.ID, without an error. Where the
// cell's type check gives the operand a static type that is not an
// interface and holds a named type of such a package, fmtTypes
// (fmttype.go) prints the name the type checker writes with package
// names, as Go's %T does (`p.Point`, `*p.Box[int]`, `[]p.Point`,
// `p.Box[main.Sample]`). An operand of an interface type holding such a
// value still prints the underlying type, as README lists. Written for
// this package.

// sourceTypeName returns %T of e when its static type holds a named type
// of a package interpreted from source, or "".
func (r *rewriter) sourceTypeName(e ast.Expr) string {
	if r.oracle == nil {
		return ""
	}
	t := r.oracle.info.Types[e].Type
	if t == nil || types.IsInterface(t) {
		return ""
	}
	found := false
	walkType(t, typePolicy{
		mapKeys: true,
		field:   func(*types.Named, *types.Struct, int) walkStep { return walkSkip },
		visit: func(u types.Type, _ int) walkStep {
			if n, ok := types.Unalias(u).(*types.Named); ok && n.Obj().Pkg() != nil && sourceModule(n.Obj().Pkg().Path()) {
				found = true
				return walkFound
			}
			return walkDescend
		},
	})
	if !found || typeParamOf(t) {
		return ""
	}
	return types.TypeString(t, func(p *types.Package) string { return p.Name() })
}

// typeParamOf tells whether t holds a type parameter (of a generic
// function of the cell, whose %T the type checker cannot tell).
func typeParamOf(t types.Type) bool {
	found := false
	walkType(t, typePolicy{mapKeys: true, visit: func(u types.Type, _ int) walkStep {
		if _, ok := u.(*types.TypeParam); ok {
			found = true
			return walkFound
		}
		return walkDescend
	}})
	return found
}
