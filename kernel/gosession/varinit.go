package gosession

import (
	"go/ast"
	"go/token"
	"slices"
)

// Package-level variables initialised in Go's order.
//
// Go initialises package-level variables by repeatedly taking the
// earliest one in declaration order whose dependencies are initialised,
// where a reference to a function counts as a reference to every variable
// the function refers to, transitively. yaegi v0.16.1 follows only the
// variables an initialiser names itself: with
//
//	var (
//		_ = f()
//		a = b / 2
//		b = 6
//		c = f()
//	)
//	func f() int { a++; return a }
//
// it ran f before a = b / 2, so a, b, c were 3 6 2 (Go: 5 6 5), without
// an error. When a cell's declarations compile as one unit (program.go),
// the session computes Go's order and, where it differs from the order
// written, declares the variables in it, one declaration per spec, each
// at its own position (yaegi, given them in that order, keeps it).
// Only names resolved in the cell count; methods are not followed.
// Written for this package.

// varInitOrder reorders the package-level var declarations of f (see
// above).
func varInitOrder(f *ast.File) {
	var specs []*ast.ValueSpec
	first := -1
	for i, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.VAR {
			if first < 0 {
				first = i
			}
			for _, sp := range g.Specs {
				specs = append(specs, sp.(*ast.ValueSpec))
			}
		}
	}
	if len(specs) < 2 {
		return
	}
	owner := map[*ast.Object]int{} // a variable's object -> its spec
	for i, sp := range specs {
		for _, n := range sp.Names {
			if n.Obj != nil {
				owner[n.Obj] = i
			}
		}
	}
	// refs adds to into the specs n refers to, directly or through the
	// functions it calls, each function walked once (seen): a set kept
	// per function would be incomplete for one met inside a cycle of
	// calls, whose other members are still being walked.
	var refs func(n ast.Node, into map[int]bool, seen map[*ast.FuncDecl]bool)
	refs = func(n ast.Node, into map[int]bool, seen map[*ast.FuncDecl]bool) {
		ast.Inspect(n, func(m ast.Node) bool {
			id, ok := m.(*ast.Ident)
			if !ok || id.Obj == nil {
				return true
			}
			if s, ok := owner[id.Obj]; ok {
				into[s] = true
			} else if fd, ok := id.Obj.Decl.(*ast.FuncDecl); ok && id.Obj.Kind == ast.Fun && fd.Recv == nil && fd.Body != nil && !seen[fd] {
				seen[fd] = true
				refs(fd.Body, into, seen)
			}
			return true
		})
	}
	deps := make([]map[int]bool, len(specs))
	for i, sp := range specs {
		deps[i] = map[int]bool{}
		for _, v := range sp.Values {
			refs(v, deps[i], map[*ast.FuncDecl]bool{})
		}
		delete(deps[i], i)
	}
	order := make([]int, 0, len(specs))
	done := make([]bool, len(specs))
	for len(order) < len(specs) {
		next := -1
		for i := range specs {
			if done[i] {
				continue
			}
			ready := true
			for d := range deps[i] {
				if !done[d] {
					ready = false
					break
				}
			}
			if ready {
				next = i
				break
			}
		}
		if next < 0 {
			return // a cycle: Go refuses it, and so will the interpreter
		}
		done[next] = true
		order = append(order, next)
	}
	if slices.IsSorted(order) {
		return
	}
	decls := make([]ast.Decl, 0, len(f.Decls)+len(specs))
	decls = append(decls, f.Decls[:first]...)
	for _, i := range order {
		decls = append(decls, &ast.GenDecl{TokPos: specs[i].Pos(), Tok: token.VAR, Specs: []ast.Spec{specs[i]}})
	}
	for _, d := range f.Decls[first:] {
		if g, ok := d.(*ast.GenDecl); !ok || g.Tok != token.VAR {
			decls = append(decls, d)
		}
	}
	f.Decls = decls
}
