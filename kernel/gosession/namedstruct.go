package gosession

import (
	"go/ast"
	"go/types"
)

// Values of an unnamed struct type given to a named struct type.
//
// Go lets a value of an unnamed struct type be assigned to a named struct
// type with the same fields (their underlying types are identical); yaegi
// v0.16.1 refused it: `var t T2 = p` for `p := struct{ X, Y int }{1, 2}`
// and `type T2 struct{ X, Y int }` failed with "cannot use type struct {
// X int; Y int} as type main.T2 in assignment", and so did `show(p)` for
// a `func show(t T2)`, a return, a field or an element. With the type
// oracle's types, each such value is converted explicitly, which yaegi
// runs:
//
//	var t T2 = p  →  var t T2 = T2(p)
//
// Written for this package.

// unnamedStructs rewrites the values under n as above.
func (r *rewriter) unnamedStructs(n ast.Node) {
	if r.oracle == nil {
		return
	}
	converted := map[ast.Expr]bool{} // operands of explicit conversions, converted already
	ast.Inspect(n, func(m ast.Node) bool {
		if c, ok := m.(*ast.CallExpr); ok && len(c.Args) == 1 {
			if tv, ok := r.oracle.info.Types[c.Fun]; ok && tv.IsType() {
				converted[c.Args[0]] = true
			}
		}
		return true
	})
	implicitConversions(n, r.oracle.info, func(slot *ast.Expr, to types.Type, _ *ast.CallExpr) { // convsites.go
		if converted[*slot] {
			return
		}
		named, ok := types.Unalias(to).(*types.Named)
		if !ok {
			return
		}
		if _, ok := named.Underlying().(*types.Struct); !ok {
			return
		}
		if _, unnamed := types.Unalias(r.oracle.info.TypeOf(*slot)).(*types.Struct); !unnamed {
			return
		}
		if te := r.oracle.expr(to); te != nil {
			v := *slot
			*slot = &ast.CallExpr{Fun: cloneAt(te, v.Pos()), Lparen: v.Pos(), Args: []ast.Expr{v}, Rparen: v.End()}
		}
	})
}
