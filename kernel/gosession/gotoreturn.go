package gosession

import "go/ast"

// Labelled return statements.
//
// yaegi v0.16.1 loses the results of a return statement that carries a
// label reached by goto: in `func p(xs []int) int { …; goto fail; …;
// return sum; fail: return -1 }` the call returned 0 (or the value of
// another variable), not -1, without an error. The same return inside a
// block under the label works, so the session writes `fail: return -1`
// as `fail: { return -1 }`, which means the same in Go. Written for this
// package.

// labelledReturns puts every labelled return statement with results in
// n into a block of its own (see above).
func labelledReturns(n ast.Node) {
	ast.Inspect(n, func(m ast.Node) bool {
		ls, ok := m.(*ast.LabeledStmt)
		if !ok {
			return true
		}
		if ret, ok := ls.Stmt.(*ast.ReturnStmt); ok && len(ret.Results) > 0 {
			ls.Stmt = &ast.BlockStmt{Lbrace: ret.Pos(), List: []ast.Stmt{ret}, Rbrace: ret.End()}
		}
		return true
	})
}
