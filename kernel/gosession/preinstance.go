package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Instances of packages' generic types made before the call that would
// make them first.
//
// yaegi v0.16.1 makes an instance of a generic type, and compiles its
// methods, where it first meets it. Met first in the signature of a
// generic function it is instantiating (`p.Of(s, ok)` for `func Of[T
// any](v T, ok bool) Opt[T]`, with a new type argument), a method of the
// type that calls that function with arguments (`func (o Opt[T]) Then(…)
// Opt[T] { …; return Of(v, ok) }`) meets the function while its instance
// has no type yet, and the cell failed with a nil dereference in the CFG
// at the method's call (github.com/samber/mo's Option, whose methods call
// Some and TupleToOption, failed so). Made before the call, the instance
// is complete when the function's is made: preInstances puts a
// declaration `{ var _activisInstance p.Opt[string] }` at the start of
// each body (a function's, or the cell's statements) for the instances
// of generic types with methods, of packages interpreted from source, that the
// instantiated signatures of the body's calls of those packages' generic
// functions hold. Not for a type that refers to itself, whose instance
// made by a cell is another run-time type than the one the package's
// code makes (recursivelit.go), nor for one whose fields name the
// package's other types, which a cell cannot make (boundinstance.go).
// Written for this package.

// preInstanceVar is the variable of the declarations, each in a block of
// its own (a blank name at the top level of a cell failed: "cannot use _
// as value").
const preInstanceVar = "_activisInstance"

// preInstances adds the declarations described above under n.
func (r *rewriter) preInstances(n ast.Node) {
	if r.oracle == nil {
		return
	}
	var visit func(body *ast.BlockStmt)
	visit = func(body *ast.BlockStmt) {
		var decls []ast.Stmt
		seen := map[string]bool{}
		ast.Inspect(body, func(m ast.Node) bool {
			switch x := m.(type) {
			case *ast.FuncLit:
				visit(x.Body)
				return false
			case *ast.CallExpr:
				for _, t := range r.callInstances(x) {
					e := r.oracle.expr(t)
					key := types.TypeString(t, nil)
					if e == nil || seen[key] {
						continue
					}
					seen[key] = true
					pos := body.Lbrace
					decl := &ast.DeclStmt{Decl: &ast.GenDecl{TokPos: pos, Tok: token.VAR, Specs: []ast.Spec{
						&ast.ValueSpec{Names: []*ast.Ident{{NamePos: pos, Name: preInstanceVar}}, Type: cloneTypeAt(e, pos)}}}}
					decls = append(decls, &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{decl}, Rbrace: pos})
				}
			}
			return true
		})
		if len(decls) > 0 {
			body.List = append(decls, body.List...)
		}
	}
	switch x := n.(type) {
	case *ast.BlockStmt:
		visit(x)
	case *ast.File:
		for _, d := range x.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				visit(fd.Body)
			}
		}
	}
}

// callInstances returns the instances of generic types with methods of
// the package of the generic function c calls, a package interpreted from
// source, that the instantiated signature holds at its top (a parameter
// or result of the type, or a pointer to it).
func (r *rewriter) callInstances(c *ast.CallExpr) []*types.Named {
	fun := unparen(c.Fun)
	if base, _, ok := typeArgsOf(fun); ok {
		fun = base
	}
	sel, ok := fun.(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	inst, ok := r.oracle.info.Instances[sel.Sel]
	if !ok {
		return nil
	}
	fn, ok := r.oracle.info.Uses[sel.Sel].(*types.Func)
	sig, isSig := inst.Type.(*types.Signature)
	if !ok || !isSig || fn.Pkg() == nil || !sourceModule(fn.Pkg().Path()) {
		return nil
	}
	var out []*types.Named
	for _, tuple := range []*types.Tuple{sig.Params(), sig.Results()} {
		for v := range tuple.Variables() {
			t := v.Type()
			if p, ok := t.(*types.Pointer); ok {
				t = p.Elem()
			}
			named, ok := types.Unalias(t).(*types.Named)
			if !ok || named.TypeArgs().Len() == 0 || named.Obj().Pkg() != fn.Pkg() || named.Origin().NumMethods() == 0 {
				continue
			}
			if self, sibling := originRefs(named); self || sibling || holdsTypeParam(named, map[types.Type]bool{}) { // genericmulti.go, typeargs.go
				continue
			}
			out = append(out, named)
		}
	}
	return out
}
