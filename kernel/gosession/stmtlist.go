package gosession

import "go/ast"

// eachListStmt calls f for every statement of the statement lists in n
// (block statements and the bodies of case and comm clauses), a list
// before the lists nested in its statements; s is the statement under its
// label, lbl the label or nil. f may replace list[i]: the walk then
// enters what replaced it. Function literals are not entered when
// skipFuncLits. The rewrites that put statements before one of a list
// (tupleassign.go, namedreturn.go, switchcases.go, selectoperands.go)
// walk with it.
func eachListStmt(n ast.Node, skipFuncLits bool, f func(list []ast.Stmt, i int, s ast.Stmt, lbl *ast.LabeledStmt)) {
	ast.Inspect(n, func(m ast.Node) bool {
		var list []ast.Stmt
		switch x := m.(type) {
		case *ast.FuncLit:
			return !skipFuncLits
		case *ast.BlockStmt:
			list = x.List
		case *ast.CaseClause:
			list = x.Body
		case *ast.CommClause:
			list = x.Body
		}
		for i, s := range list {
			lbl, _ := s.(*ast.LabeledStmt)
			if lbl != nil {
				s = lbl.Stmt
			}
			f(list, i, s, lbl)
		}
		return true
	})
}

// labelOf returns lbl's label, or nil.
func labelOf(lbl *ast.LabeledStmt) *ast.Ident {
	if lbl == nil {
		return nil
	}
	return lbl.Label
}

// setListStmt replaces the statement i of list, under its label lbl if
// there is one, by s.
func setListStmt(list []ast.Stmt, i int, lbl *ast.LabeledStmt, s ast.Stmt) {
	if lbl != nil {
		lbl.Stmt = s
		return
	}
	list[i] = s
}
