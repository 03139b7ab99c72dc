package gosession

import (
	"go/ast"
	"go/token"
)

// Pointers to instances of a package's generic types.
//
// yaegi v0.16.1 takes `*p.Box[int]`, a pointer to an instance of a
// generic type of a package interpreted from source, for a dereference
// where nothing else tells it a type is meant: `var c *lru.Cache[string,
// int]` without a value (at the top level of a cell or in a function),
// `var x, y *p.Box[int] = nil, nil` and the conversion `(*p.Box[int])(v)`
// failed with "invalid operation: cannot indirect". A single variable
// with a value, a parameter, a field and an element of such a type
// compile. ptrZeros gives each such variable its own spec with the value
// nil, and writes the conversion as a call of a function whose parameter
// has the type:
//
//	var c *lru.Cache[string, int] = nil
//	func(v *p.Box[int]) *p.Box[int] { return v }(v)
//
// The same syntax with the generic types of the session or of compiled
// packages compiled; writing it the same way changes nothing for them.
// Written for this package.

// ptrZeros rewrites the declarations and conversions under n as above.
func (r *rewriter) ptrZeros(n ast.Node) {
	ast.Inspect(n, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.GenDecl:
			if x.Tok == token.VAR {
				x.Specs = r.splitPtrSpecs(x.Specs)
				if len(x.Specs) > 1 && !x.Lparen.IsValid() {
					x.Lparen, x.Rparen = x.Pos(), x.End()
				}
			}
		case *ast.CallExpr:
			r.ptrConversion(x)
		}
		return true
	})
}

// splitPtrSpecs returns specs with each spec of a pointer to a package's
// generic instance written as one spec per name, each with a value.
func (r *rewriter) splitPtrSpecs(specs []ast.Spec) []ast.Spec {
	var out []ast.Spec
	for _, sp := range specs {
		vs, ok := sp.(*ast.ValueSpec)
		if !ok || !r.pkgGenericPtr(vs.Type) || len(vs.Values) > 0 && len(vs.Names) == 1 || len(vs.Values) != 0 && len(vs.Values) != len(vs.Names) {
			out = append(out, sp)
			continue
		}
		for i, name := range vs.Names {
			v := ast.Expr(&ast.Ident{NamePos: vs.Type.End(), Name: "nil"})
			if len(vs.Values) > 0 {
				v = vs.Values[i]
			}
			spec := &ast.ValueSpec{Names: []*ast.Ident{name}, Type: vs.Type, Values: []ast.Expr{v}}
			if i == 0 {
				spec.Doc, spec.Comment = vs.Doc, vs.Comment
			}
			out = append(out, spec)
		}
	}
	return out
}

// ptrConversion writes the conversion c to a pointer to a package's
// generic instance as a call of a function with a parameter of that type.
func (r *rewriter) ptrConversion(c *ast.CallExpr) {
	p, ok := c.Fun.(*ast.ParenExpr)
	if !ok || len(c.Args) != 1 || c.Ellipsis.IsValid() || !r.pkgGenericPtr(p.X) {
		return
	}
	pos := c.Pos()
	v := &ast.Ident{NamePos: pos, Name: "v"}
	c.Fun = &ast.FuncLit{
		Type: &ast.FuncType{Func: pos,
			Params:  &ast.FieldList{Opening: pos, List: []*ast.Field{{Names: []*ast.Ident{v}, Type: p.X}}, Closing: pos},
			Results: &ast.FieldList{List: []*ast.Field{{Type: p.X}}}},
		Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{&ast.ReturnStmt{Return: pos, Results: []ast.Expr{&ast.Ident{NamePos: pos, Name: "v"}}}}, Rbrace: pos},
	}
}

// pkgGenericPtr tells whether t is a pointer to an instance of a generic
// type named with a package: *p.Box[int] (not the dereference of an
// element, *s.fns[0], of a variable s).
func (r *rewriter) pkgGenericPtr(t ast.Expr) bool {
	s, ok := t.(*ast.StarExpr)
	return ok && r.pkgInstance(s.X) != nil
}

// pkgInstance returns the package-qualified generic type of e when e is
// an instance of one written with its package's name (p.Box for
// p.Box[int]), or nil.
func (r *rewriter) pkgInstance(e ast.Expr) *ast.SelectorExpr {
	base, _, ok := typeArgsOf(e) // typeargs.go
	if !ok {
		return nil
	}
	sel, ok := base.(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	if id, ok := sel.X.(*ast.Ident); !ok || id.Obj != nil || !r.sc.isPackage(id.Name) {
		return nil
	}
	return sel
}
