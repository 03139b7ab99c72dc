package gosession

import (
	"go/ast"
	"go/types"
)

// Calls written with a list of type arguments as unkeyed elements of
// composite literals.
//
// yaegi v0.16.1 failed to compile a composite literal with an unkeyed
// element that calls a generic function written with two or more type
// arguments (`[]int{Two[int, bool](7, true)}`, `R{NewCache[string,
// int](), "x"}`): "not a generic type: func(main.A,main.B) main.A"
// (plain yaegi too). So did the calls whose type arguments the session
// writes out (typeargs.go: `[]any{Two(1, 2)}`, `[][]string{Map(xs,
// strconv.Itoa)}`), until stop 46. A keyed element, or such a call inside
// another expression, compiled. Such an element becomes a function
// literal returning it, of the type the type check gives it:
//
//	Two[int, bool](7, true)  →  func() int { return Two[int, bool](7, true) }()
//
// An element whose type the check cannot write is left as it was.
// Written for this package.

// listCallElems rewrites the elements described above under n; it runs
// after typeArgs has written type arguments out.
func (r *rewriter) listCallElems(n ast.Node) {
	if r.oracle == nil {
		return
	}
	ast.Inspect(n, func(m ast.Node) bool {
		lit, ok := m.(*ast.CompositeLit)
		if !ok {
			return true
		}
		for i, e := range lit.Elts {
			c, ok := unparen(e).(*ast.CallExpr)
			if !ok {
				continue
			}
			if _, list := unparen(c.Fun).(*ast.IndexListExpr); !list {
				continue
			}
			t := r.oracle.typeOf(c)
			if t == nil {
				continue
			}
			if _, tuple := t.(*types.Tuple); tuple {
				continue
			}
			te := r.oracle.expr(t)
			if te == nil {
				continue
			}
			lit.Elts[i] = returnCall(te, e, c.Pos(), c.End()) // compiledlit.go
		}
		return true
	})
}
