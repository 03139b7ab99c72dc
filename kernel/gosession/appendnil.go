package gosession

import (
	"go/ast"
	"go/types"
)

// nil appended to a slice of pointers, maps, functions or channels.
//
// yaegi v0.16.1 types an untyped nil by the slice it is appended to
// only while nil is still untyped: its typecheck of `var err error =
// nil` (or `err = nil`, a nil given to any interface variable) sets the
// interpreter's one nil type to typed, for good (itype.defaultType
// modifies the type it was asked about, the universe's nil), and from
// then on `append(nodes, nil)` for a `[]*Node` ended the cell with
// "reflect.Set: value of type interface {} is not assignable to type
// *struct { … }" — in the session always, whose prelude does so. Where
// the type oracle shows the slice's element type to be a pointer, map,
// function, channel or slice type, each untyped nil appended becomes
// that type's nil, `append(nodes, (*Node)(nil))`, which yaegi takes as a
// typed value. (An interface element is not touched: yaegi wraps its
// nil right.) Written for this package.

// appendNilNeedsTypes reports whether f appends a nil (see above).
func appendNilNeedsTypes(f *ast.File) bool {
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok && appendOf(c) {
			for _, a := range c.Args[1:] {
				found = found || isNilIdent(a) // typeswitch.go
			}
		}
		return !found
	})
	return found
}

// appendOf reports whether c calls the builtin append with elements (not
// spread).
func appendOf(c *ast.CallExpr) bool {
	id, ok := unparen(c.Fun).(*ast.Ident)
	return ok && id.Name == "append" && id.Obj == nil && len(c.Args) > 1 && !c.Ellipsis.IsValid()
}

// appendNils rewrites the appends under n (see above).
func (r *rewriter) appendNils(n ast.Node) {
	if r.oracle == nil {
		return
	}
	ast.Inspect(n, func(m ast.Node) bool {
		c, ok := m.(*ast.CallExpr)
		if !ok {
			return true
		}
		elem, nils := appendedNils(c, r.oracle.typeOf, r.oracle.info)
		if len(nils) == 0 {
			return true
		}
		te := r.oracle.expr(elem)
		if te == nil {
			return true
		}
		for _, i := range nils {
			pos := c.Args[i].Pos()
			c.Args[i] = &ast.CallExpr{Fun: &ast.ParenExpr{Lparen: pos, X: setPositions(cloneAt(te, pos), pos), Rparen: pos},
				Lparen: pos, Args: []ast.Expr{c.Args[i]}, Rparen: c.Args[i].End()}
		}
		return true
	})
}

// appendedNils returns, for a call c of the builtin append whose slice's
// element type is a pointer, map, function, channel or slice type (not an
// interface, whose nil yaegi handles), that type and the indices of the
// arguments that are the predeclared nil (not a variable named nil), as
// typeOf and info tell (see above); nil, nil for any other call.
func appendedNils(c *ast.CallExpr, typeOf func(ast.Expr) types.Type, info *types.Info) (elem types.Type, nils []int) {
	if !appendOf(c) {
		return nil, nil
	}
	if _, builtin := info.Uses[unparen(c.Fun).(*ast.Ident)].(*types.Builtin); !builtin {
		return nil, nil
	}
	s, ok := typeUnder[*types.Slice](typeOf(c.Args[0]))
	if !ok {
		return nil, nil
	}
	switch s.Elem().Underlying().(type) {
	case *types.Pointer, *types.Map, *types.Signature, *types.Chan, *types.Slice:
	default:
		return nil, nil
	}
	for i := 1; i < len(c.Args); i++ {
		if id, ok := unparen(c.Args[i]).(*ast.Ident); ok && id.Name == "nil" {
			if _, isNil := info.Uses[id].(*types.Nil); isNil {
				nils = append(nils, i)
			}
		}
	}
	return s.Elem(), nils
}
