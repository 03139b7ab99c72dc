package gosession

import (
	"go/ast"
	"go/token"
)

// Composite literals, calls and receives among several values of one
// assignment.
//
// yaegi v0.16.1 lets some values of an assignment be written straight
// into their destination and then drops the assignment of the others:
// for a composite literal (`n, xs := 5, []int{1, 2}` made n 0, `total,
// counts := 0.5, map[string]int{}` made total 0, `var name, tags = "a",
// []string{"x"}` made name "", `if n, xs := 3, []int{1}; n > 0` took the
// else branch), a receive (`a, b := x, <-ch` made a 0) and, in an
// assignment with `=`, a call (`a, b = x, f()` and `m, l = x, len(s)`
// left a unchanged; `p, q = id(q), id(p)` and `lo, hi = math.Min(hi, v),
// math.Max(lo, v)` read a variable the first call had already written),
// without an error, in functions and at the top level (returns and calls
// were right). In parentheses such a value is an ordinary operand, so the
// session puts every composite literal, receive and call among the values
// of such an assignment or declaration in parentheses, after the other
// rewrites (which may make such assignments themselves). Written for this
// package.

// parenMultiComposites puts in parentheses every composite literal,
// receive and call that is one of two or more values of an assignment or a
// var or const declaration in n (see above).
func parenMultiComposites(n ast.Node) {
	paren := func(values []ast.Expr) {
		if len(values) < 2 {
			return
		}
		for i, v := range values {
			switch x := v.(type) {
			case *ast.CompositeLit, *ast.CallExpr:
			case *ast.UnaryExpr:
				if x.Op != token.ARROW {
					continue
				}
			default:
				continue
			}
			values[i] = &ast.ParenExpr{Lparen: v.Pos(), X: v, Rparen: v.End()}
		}
	}
	ast.Inspect(n, func(m ast.Node) bool {
		switch x := m.(type) {
		case *ast.AssignStmt:
			paren(x.Rhs)
		case *ast.ValueSpec:
			paren(x.Values)
		case *ast.ReturnStmt:
			parenBuiltinResults(x.Results)
		}
		return true
	})
}

// parenBuiltinResults puts in parentheses the calls of builtin functions
// among two or more values of a return statement: yaegi v0.16.1 stores
// such a call's value straight into the first result, so `return 7,
// len(s)` returned 7 7 and `return xs, len(xs)` panicked in
// reflect.Value.SetInt (a slice value).
func parenBuiltinResults(results []ast.Expr) {
	if len(results) < 2 {
		return
	}
	for i, v := range results {
		if isBuiltinCall(v) {
			results[i] = &ast.ParenExpr{Lparen: v.Pos(), X: v, Rparen: v.End()}
		}
	}
}

// isBuiltinCall tells whether e calls a builtin function by its name
// (one not declared in the file).
func isBuiltinCall(e ast.Expr) bool {
	c, ok := e.(*ast.CallExpr)
	if !ok {
		return false
	}
	id, ok := c.Fun.(*ast.Ident)
	if !ok || id.Obj != nil {
		return false
	}
	switch id.Name {
	case "append", "cap", "complex", "copy", "imag", "len", "make", "new", "real", "recover":
		return true
	}
	return false
}
