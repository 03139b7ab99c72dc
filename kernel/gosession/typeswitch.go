package gosession

import (
	"go/ast"
	"go/token"
)

// Top-level type switches.
//
// yaegi v0.16.1 crashes ("index out of range [1]") compiling a type switch
// that binds a variable (`switch v := x.(type)`) in its global scope, the
// top level of a cell; the same switch inside a block compiles right. The
// session puts such a switch in a block of its own. Written for this
// package.
//
// yaegi also stores the bound variable of every execution of the switch in
// one variable, so closures made in a case body in a loop saw the last
// value; a case body that captures it starts with a fresh copy (`v := v`).

// typeSwitch wraps a type switch with a bound variable in a block.
func (r *rewriter) typeSwitch(s ast.Stmt, ts *ast.TypeSwitchStmt) ast.Stmt {
	if r.madeLoops[s] {
		return s
	}
	as, ok := ts.Assign.(*ast.AssignStmt)
	if !ok {
		return s
	}
	r.typeSwitchVars(ts, as)
	r.markLoop(s)
	return &ast.BlockStmt{Lbrace: s.Pos(), List: []ast.Stmt{s}, Rbrace: s.End()}
}

// typeSwitchVars gives the case bodies that capture the bound variable a
// fresh copy of it.
func (r *rewriter) typeSwitchVars(ts *ast.TypeSwitchStmt, as *ast.AssignStmt) {
	if len(as.Lhs) != 1 {
		return
	}
	v, ok := as.Lhs[0].(*ast.Ident)
	if !ok || v.Name == "_" {
		return
	}
	byName := []*ast.Ident{{Name: v.Name}}
	for _, st := range ts.Body.List {
		cc, ok := st.(*ast.CaseClause)
		if !ok || !captures(&ast.BlockStmt{List: cc.Body}, byName) {
			continue
		}
		pos := cc.Colon
		cc.Body = append([]ast.Stmt{&ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{NamePos: pos, Name: v.Name}}, TokPos: pos, Tok: token.DEFINE,
			Rhs: []ast.Expr{&ast.Ident{NamePos: pos, Name: v.Name}}}}, cc.Body...)
		if r.loopScoped == nil {
			r.loopScoped = map[ast.Stmt]bool{}
		}
		r.loopScoped[cc] = true
	}
}
