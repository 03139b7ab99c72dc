package gosession

import (
	"go/ast"
	"go/token"
)

// fieldOperands wraps in parentheses an operator expression assigned to a
// field: `r.Value = i * i` becomes `r.Value = (i * i)`. yaegi v0.16.1
// loses the result of a non-constant unary or binary expression assigned
// straight to an interface field of a struct from a compiled-in package
// (container/ring's Value stayed nil, and printing it printed nothing);
// the parentheses change nothing in Go and make yaegi keep the value.
// Found by the fourth hunt (testdata/fidelity/hunt4.txt).
func (r *rewriter) fieldOperands(n ast.Node) {
	as, ok := n.(*ast.AssignStmt)
	if !ok || as.Tok != token.ASSIGN || len(as.Lhs) != len(as.Rhs) {
		return
	}
	for i, l := range as.Lhs {
		if _, ok := l.(*ast.SelectorExpr); !ok {
			continue
		}
		switch as.Rhs[i].(type) {
		case *ast.BinaryExpr, *ast.UnaryExpr:
			as.Rhs[i] = &ast.ParenExpr{X: as.Rhs[i]}
		}
	}
}
