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
		if !ok || !appendOf(c) {
			return true
		}
		elem := r.sliceElem(c.Args[0]) // see ifaceloop.go
		if elem == nil || !typedNilElem(elem) {
			return true
		}
		for i := 1; i < len(c.Args); i++ {
			if !isUniverseNil(r, c.Args[i]) {
				continue
			}
			te := r.oracle.expr(elem)
			if te == nil {
				return true
			}
			pos := c.Args[i].Pos()
			c.Args[i] = &ast.CallExpr{Fun: &ast.ParenExpr{Lparen: pos, X: setPositions(te, pos), Rparen: pos},
				Lparen: pos, Args: []ast.Expr{c.Args[i]}, Rparen: c.Args[i].End()}
		}
		return true
	})
}

// typedNilElem reports whether t is a pointer, map, function, channel or
// slice type (not an interface, whose nil yaegi handles).
func typedNilElem(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Pointer, *types.Map, *types.Signature, *types.Chan, *types.Slice:
		return true
	}
	return false
}

// isUniverseNil reports whether e is the identifier nil and the oracle
// resolves it to the predeclared nil (not a variable named nil).
func isUniverseNil(r *rewriter, e ast.Expr) bool {
	id, ok := unparen(e).(*ast.Ident)
	if !ok || id.Name != "nil" {
		return false
	}
	_, isNil := r.oracle.info.Uses[id].(*types.Nil)
	return isNil
}
