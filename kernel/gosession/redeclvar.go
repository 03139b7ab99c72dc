package gosession

import (
	"go/ast"
	"go/token"
)

// Short variable declarations that redeclare a variable.
//
// In Go, `n, err := f()` in the scope where err is already declared
// assigns that err (it "redeclares" it) and declares only n. yaegi v0.16.1
// made a new err in a function body instead, so what had the old one
// lost the value without an error: a named result returned bare (`func
// x() (s string) { a, s := 1, "s"; …; return }` returned ""), a deferred
// closure reading the named result err after `w, err := g()` (nil, where
// Go wrapped g's error), a closure made before (`x := 10; gx := func()
// int { return x }; x, y := 20, 1` then gx() gave 10, Go 20). At the
// top level of a cell the variables are the session's and were
// right. In function bodies (and blocks below a cell's top level) the
// session writes the redeclared names as an assignment after the
// declaration, their values through temporaries declared with the new
// names (a value of literals, or nil, moves to the assignment itself,
// where it takes the variable's type):
//
//	n, err := f()     →  n, _activisRd1 := f(); err = _activisRd1
//	a, s := g(), "s"   →  a := g(); s = "s"
//
// The values are evaluated in the same order, before any variable is
// set, as before. A labelled declaration is left as it is. Written for
// this package.

// redeclaredDefs rewrites the statement lists under n as above, except
// n's own list when n is a cell's top level (a block statement).
func (r *rewriter) redeclaredDefs(n ast.Node) {
	top, _ := n.(*ast.BlockStmt)
	ast.Inspect(n, func(m ast.Node) bool {
		switch x := m.(type) {
		case *ast.BlockStmt:
			if x != top {
				x.List = r.redeclaredList(x.List)
			}
		case *ast.CaseClause:
			x.Body = r.redeclaredList(x.Body)
		case *ast.CommClause:
			x.Body = r.redeclaredList(x.Body)
		}
		return true
	})
}

// redeclaredList returns list with each short variable declaration that
// redeclares a variable followed by the assignment of it (see above).
func (r *rewriter) redeclaredList(list []ast.Stmt) []ast.Stmt {
	return expandEach(list, func(s ast.Stmt) []ast.Stmt { // typedvarcall.go
		as, ok := s.(*ast.AssignStmt)
		if !ok || as.Tok != token.DEFINE {
			return nil
		}
		if sets := r.splitRedeclared(as); sets != nil {
			return append([]ast.Stmt{as}, sets...)
		}
		return nil
	})
}

// splitRedeclared removes the redeclared variables from the short
// variable declaration as and returns the assignments that set them, one
// each (yaegi panicked on nil in a tuple assignment: tuplenil.go), or nil
// when as redeclares none.
func (r *rewriter) splitRedeclared(as *ast.AssignStmt) []ast.Stmt {
	nn := len(as.Rhs) == len(as.Lhs) // a value per name, not one call's results
	var lhs, rhs []ast.Expr
	var sets []ast.Stmt
	for i, l := range as.Lhs {
		id := redeclaredIdent(l)
		var value ast.Expr
		switch {
		case id == nil:
			lhs = append(lhs, l)
		case nn && isNilOrLit(as.Rhs[i]): // compare.go
			value = as.Rhs[i] // no temporary: the literal takes the variable's type
		default:
			tmp := r.fresh("Rd")
			lhs = append(lhs, &ast.Ident{NamePos: id.Pos(), Name: tmp})
			value = &ast.Ident{NamePos: id.Pos(), Name: tmp}
		}
		if nn && value != as.Rhs[i] {
			rhs = append(rhs, as.Rhs[i])
		}
		if id != nil {
			sets = append(sets, &ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{NamePos: id.Pos(), Name: id.Name, Obj: id.Obj}},
				TokPos: as.Pos(), Tok: token.ASSIGN, Rhs: []ast.Expr{value}})
		}
	}
	if sets == nil {
		return nil
	}
	as.Lhs = lhs
	if nn {
		as.Rhs = rhs
	}
	return sets
}

// redeclaredIdent returns e, a name on the left of a short variable
// declaration, when the declaration redeclares it: the parser resolved it
// to an object declared elsewhere (by the object's position, which
// survives a rewrite that copies the statement). Shared with
// pkgredeclvar.go.
func redeclaredIdent(e ast.Expr) *ast.Ident {
	id, ok := e.(*ast.Ident)
	if !ok || id.Name == "_" || id.Obj == nil || id.Obj.Pos() == id.Pos() || !id.Obj.Pos().IsValid() {
		return nil
	}
	return id
}
