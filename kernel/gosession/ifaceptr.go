package gosession

import (
	"go/ast"
	"go/parser"
	"go/types"
)

// An interface compared with a pointer of a session type.
//
// yaegi v0.16.1 holds a session pointer stored in an interface in its own
// wrapper, so comparing the interface with the pointer compared the
// wrapper: `var rd io.Reader = r; rd == r` for `r := &R{}` was false
// without an error (Go: true), and so were `s == p` for a session
// interface `Shape` holding `p := &sq{2}` and `a == p` for an `any`.
// Where the type checker shows one side is an interface (compiled, of
// the session, or written as a literal) and the other a pointer to a type
// of the session, the comparison asserts the interface to the pointer
// type first, as compare.go does for values:
//
//	rd == r   =>   true == func(_x io.Reader, _y *R) bool {
//	                   _v, _ok := _x.(*R); return _ok && _v == _y }(rd, r)
//
// Written for this package.

// comparePointerIface rewrites b as above and reports whether it did.
func (r *rewriter) comparePointerIface(b *ast.BinaryExpr) bool {
	if r.oracle == nil || r.err != nil {
		return false
	}
	for _, ptrLeft := range []bool{true, false} {
		p, o := b.X, b.Y
		if !ptrLeft {
			p, o = b.Y, b.X
		}
		pt, ok := r.oracle.typeOf(p).(*types.Pointer)
		if !ok {
			continue
		}
		n, ok := pt.Elem().(*types.Named)
		if !ok || n.Obj().Pkg() != r.oracle.pkg || n.TypeArgs() != nil {
			continue
		}
		it := r.ifaceOperand(o)
		if it == nil {
			continue
		}
		ptrType := func() ast.Expr {
			return &ast.StarExpr{Star: b.OpPos, X: &ast.Ident{NamePos: b.OpPos, Name: n.Obj().Name()}}
		}
		r.assertEqual(b, ptrLeft, ptrType, it, nil) // compare.go
		return true
	}
	return false
}

// ifaceOperand returns the interface type of e, where the type checker
// knows e is of one, written as the cell writes it: a compiled interface
// (compare.go's compiledIfaceOperand), an interface declared in the
// session, or an interface literal (any); nil for a generic interface, a
// type parameter, or a type it cannot write. The comparison's parameter
// gets that type, not any (see compiledIfaceOperand).
func (r *rewriter) ifaceOperand(e ast.Expr) ast.Expr {
	if it := r.compiledIfaceOperand(e); it != nil || r.oracle == nil {
		return it
	}
	t := r.oracle.typeOf(e)
	if t == nil || !types.IsInterface(t) {
		return nil
	}
	if _, ok := t.(*types.TypeParam); ok {
		return nil
	}
	ok := true
	text := types.TypeString(t, func(p *types.Package) string {
		if p == r.oracle.pkg {
			return ""
		}
		name, imported := r.oracle.names[p.Path()]
		ok = ok && imported
		return name
	})
	if n, named := t.(*types.Named); named && (n.TypeArgs() != nil || n.Obj().Pkg() == nil) {
		return nil // a generic interface, or error (compiledIfaceOperand)
	}
	x, err := parser.ParseExpr(text)
	if !ok || err != nil {
		return nil
	}
	return setPositions(x, e.Pos())
}
