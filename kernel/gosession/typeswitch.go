package gosession

import "go/ast"

// Top-level type switches.
//
// yaegi v0.16.1 crashes ("index out of range [1]") compiling a type switch
// that binds a variable (`switch v := x.(type)`) in its global scope, the
// top level of a cell; the same switch inside a block compiles right. The
// session puts such a switch in a block of its own. Written for this
// package.

// typeSwitch wraps a type switch with a bound variable in a block.
func (r *rewriter) typeSwitch(s ast.Stmt, ts *ast.TypeSwitchStmt) ast.Stmt {
	if r.madeLoops[s] {
		return s
	}
	if _, ok := ts.Assign.(*ast.AssignStmt); !ok {
		return s
	}
	r.markLoop(s)
	return &ast.BlockStmt{Lbrace: s.Pos(), List: []ast.Stmt{s}, Rbrace: s.End()}
}
