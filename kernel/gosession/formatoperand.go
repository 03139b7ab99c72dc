package gosession

import (
	"go/ast"
	"go/types"
)

// Operands with a Format method given to fmt as elements or copies.
//
// yaegi v0.16.1 hands compiled fmt a value of a session type that has a
// Format method in its wrapper of fmt.Formatter where the value comes
// from a variable, a conversion or a literal, but bare, as its underlying
// type, where it comes from an element of a slice or array, or from a
// range variable or a copy of one: `for _, x := range []Money{1, 250} {
// fmt.Print(x, " ") }` printed `1 250 ` (Go `$0.01 $2.50 `), and so did
// `fmt.Print(xs[i])`, without an error. A conversion to the operand's own
// type makes yaegi hand over the wrapper, so each operand of a print call
// (printFuncs, nestedstringer.go: fmt's Print, Printf, Sprint… and log's)
// whose type, as the type oracle tells, is a session type (or a pointer to
// one) with a Format method is written as that conversion:
//
//	fmt.Print(x, " ")  =>  fmt.Print(Money(x), " ")
//
// Written for this package.

// formatOperands rewrites the operands of the print call c (see above).
func (r *rewriter) formatOperands(c *ast.CallExpr) {
	sel, ok := unparen(c.Fun).(*ast.SelectorExpr)
	if r.err != nil || r.oracle == nil || !ok || c.Ellipsis.IsValid() {
		return
	}
	id, ok := unparen(sel.X).(*ast.Ident)
	if !ok {
		return
	}
	fn, ok := printFuncs[r.importPath(id)][sel.Sel.Name]
	if !ok {
		return
	}
	first := fn.first
	if fn.printf {
		first++
	}
	for i := first; i < len(c.Args); i++ {
		t := r.oracle.typeOf(c.Args[i])
		if t == nil || types.IsInterface(t) || !hasFormat(t) {
			continue
		}
		n, ok := types.Unalias(t).(*types.Named)
		if p, isPtr := t.(*types.Pointer); isPtr {
			n, ok = types.Unalias(p.Elem()).(*types.Named)
		}
		if !ok || !isSessionNamed(n) || n.TypeParams().Len() > 0 {
			continue
		}
		te := r.oracle.expr(t)
		if te == nil {
			continue
		}
		pos := c.Args[i].Pos()
		setPositions(te, pos)
		c.Args[i] = &ast.CallExpr{Fun: &ast.ParenExpr{Lparen: pos, X: te, Rparen: pos}, Lparen: pos, Args: []ast.Expr{c.Args[i]}, Rparen: c.Args[i].End()}
	}
}
