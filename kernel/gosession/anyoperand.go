package gosession

import (
	"go/ast"
	"go/token"
)

// anyOperands wraps in parentheses an operator expression assigned to
// a variable, an element, a map entry or a pointee (`v = -x`, `xs[i] = x << 3`,
// `m[k] = ^x`, `*p = -x`) and the values of a `var` declaration with a type
// (`var w any = -x`). yaegi v0.16.1 drops the result of such an expression
// (`-x`, `^x`, `!b`, `x << n`, `x % y`, `x == y`) stored straight into a destination of interface
// type: the variable or element stayed nil and the map entry was not stored
// at all, with no error. The parentheses change nothing in Go and make yaegi
// keep the value. Assignments to fields are handled by fieldOperands
// (fieldoperand.go). Found by the sixth hunt (testdata/fidelity/hunt6.txt).
func (r *rewriter) anyOperands(n ast.Node) {
	switch x := n.(type) {
	case *ast.AssignStmt:
		if x.Tok != token.ASSIGN || len(x.Lhs) != len(x.Rhs) {
			return
		}
		for i, l := range x.Lhs {
			switch l.(type) {
			case *ast.Ident, *ast.IndexExpr, *ast.StarExpr:
				x.Rhs[i] = parenOperand(x.Rhs[i])
			}
		}
	case *ast.ValueSpec:
		if x.Type == nil {
			return
		}
		for i, v := range x.Values {
			x.Values[i] = parenOperand(v)
		}
	}
}

// parenOperand returns e in parentheses if it is a binary expression or an
// arithmetic or logical unary one (not & or <-), else e.
func parenOperand(e ast.Expr) ast.Expr {
	switch x := e.(type) {
	case *ast.UnaryExpr:
		switch x.Op {
		case token.SUB, token.ADD, token.XOR, token.NOT:
			return &ast.ParenExpr{X: e}
		}
	case *ast.BinaryExpr:
		return &ast.ParenExpr{X: e}
	}
	return e
}
