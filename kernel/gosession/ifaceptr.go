package gosession

import (
	"go/ast"
	"go/types"
)

// A compiled interface compared with a pointer of a session type.
//
// yaegi v0.16.1 holds a session pointer stored in a compiled interface
// (io.Reader, fmt.Stringer, error) in its own wrapper, so comparing the
// interface with the pointer compared the wrapper: `var rd io.Reader = r;
// rd == r` for `r := &R{}` was false without an error (Go: true). Where the
// type checker shows one side is such an interface and the other a
// pointer to a type of the session, the comparison asserts the interface
// to the pointer type first, as compare.go does for values:
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
		it := r.compiledIfaceOperand(o) // compare.go
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
