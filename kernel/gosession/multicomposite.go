package gosession

import "go/ast"

// Composite literals among several values of one assignment.
//
// yaegi v0.16.1 builds a composite literal on the right of an assignment
// of several values straight into its destination and then loses the
// other values: `n, xs := 5, []int{1, 2}` made n 0, `total, counts :=
// 0.5, map[string]int{}` made total 0, `var name, tags = "a",
// []string{"x"}` made name "", and `if n, xs := 3, []int{1}; n > 0` took
// the else branch, without an error (in functions and at the top level;
// returns and calls were right). A composite literal in parentheses is an
// ordinary operand there, so the session puts every composite literal
// among the values of such an assignment or declaration in parentheses,
// after the other rewrites (which may make such assignments themselves).
// Written for this package.

// parenMultiComposites puts in parentheses every composite literal that
// is one of two or more values of an assignment or a var or const
// declaration in n (see above).
func parenMultiComposites(n ast.Node) {
	paren := func(values []ast.Expr) {
		if len(values) < 2 {
			return
		}
		for i, v := range values {
			if cl, ok := v.(*ast.CompositeLit); ok {
				values[i] = &ast.ParenExpr{Lparen: cl.Pos(), X: cl, Rparen: cl.End()}
			}
		}
	}
	ast.Inspect(n, func(m ast.Node) bool {
		switch x := m.(type) {
		case *ast.AssignStmt:
			paren(x.Rhs)
		case *ast.ValueSpec:
			paren(x.Values)
		}
		return true
	})
}
