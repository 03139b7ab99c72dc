package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
)

// The order in which yaegi makes the run-time types of a cell's mutually
// recursive struct types.
//
// A cell that declares struct types referring to each other, one held by
// value, met the fault pkgcycleorder.go describes for packages: with
// `type C struct{ A; Index []int }`, `type B struct{ m map[string]*C }`
// and `type A struct{ Name string; Kind int; *B }`, a function returning
// `c.A` of a `&C{A: A{Name: "n", Kind: 2}}` gave `{ 1}` for Go's `{n 2}`,
// without an error, as the function's composite literal made A's run-time
// type first. With the type oracle, the cell gets, after the last of its
// type declarations, a variable of the start pkgcycleorder.go's simulation
// finds for each such cycle among the types the cell declares, so that
// the cycle's run-time types are made from there:
//
//	type A struct{ …; *B }   →   type A struct{ …; *B }
//	                             var _activisCycle_C C
//
// Written for this package.

// cycleOrderVars declares the variables of f as above.
func (r *rewriter) cycleOrderVars(f *ast.File) {
	if r.oracle == nil || r.oracle.pkg == nil {
		return
	}
	declared := map[*types.TypeName]bool{}
	last := -1
	for i, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.TYPE {
			continue
		}
		for _, sp := range g.Specs {
			if tn, ok := r.oracle.info.Defs[sp.(*ast.TypeSpec).Name].(*types.TypeName); ok {
				declared[tn] = true
				last = i
			}
		}
	}
	if last < 0 {
		return
	}
	pos := f.Decls[last].End()
	var specs []ast.Spec
	for _, tn := range cycleStartsOf(r.oracle.pkg) { // pkgcycleorder.go
		if !declared[tn] {
			continue
		}
		specs = append(specs, &ast.ValueSpec{
			Names: []*ast.Ident{{NamePos: pos, Name: "_activisCycle_" + tn.Name()}},
			Type:  &ast.Ident{NamePos: pos, Name: tn.Name()},
		})
	}
	if len(specs) == 0 {
		return
	}
	decl := &ast.GenDecl{TokPos: pos, Tok: token.VAR, Specs: specs}
	f.Decls = append(f.Decls[:last+1], append([]ast.Decl{decl}, f.Decls[last+1:]...)...)
}
