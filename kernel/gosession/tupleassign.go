package gosession

import (
	"go/ast"
	"go/token"
)

// Index expressions on the left of a tuple assignment.
//
// Go evaluates the operands of index expressions on the left of an
// assignment before it assigns anything (the specification's example: `i,
// x[i] = 1, 2` sets x[0]). yaegi v0.16.1 reads a map key that is a
// variable (or a field or element of one) when it assigns the element, after
// the assignments to its left: `key, m[key] = "b", 7` stored m["b"] (Go:
// m["a"]), and `k, m[k] = w, len(w)` in a loop filled the map one key late,
// without an error. Slice indexes were right; a map or array whose variable
// is itself assigned to its left (`a, a[0] = b, 5`) got the element stored
// into the new value (Go: into the old one, then replaced).
//
// The session evaluates such keys first: a tuple assignment in a statement
// list whose index expressions on the left mention a variable assigned to
// their left becomes `{ _k1 := key; key, m[_k1] = "b", 7 }` (every
// index of the left side hoisted, left to right, so calls keep their
// order). An index expression whose map, array or slice variable is
// assigned to its left, and such an assignment where no statement list
// holds it (the init or post statement of `for`, `if`, `switch`), are
// refused with the workaround: two assignments. Written for this package.

// tupleIndexKeys rewrites the tuple assignments of n (see above).
func (r *rewriter) tupleIndexKeys(n ast.Node) {
	inList := map[*ast.AssignStmt]bool{}
	eachListStmt(n, false, func(list []ast.Stmt, i int, s ast.Stmt, lbl *ast.LabeledStmt) { // see stmtlist.go
		as, ok := s.(*ast.AssignStmt)
		if !ok || !r.tupleNeedsHoist(as) {
			return
		}
		inList[as] = true
		setListStmt(list, i, lbl, r.hoistTupleIndexes(as))
	})
	ast.Inspect(n, func(m ast.Node) bool {
		switch x := m.(type) {
		case *ast.AssignStmt:
			if !inList[x] && r.tupleNeedsHoist(x) {
				r.fail(x.Pos(), "an assignment that assigns a variable and, to its right, an element indexed by it (`k, m[k] = …`) is not supported here (the interpreter reads the index after the assignment); write it as a statement of its own, or as two assignments")
			}
		}
		return true
	})
}

// tupleNeedsHoist tells whether an index expression on the left of as
// mentions a variable assigned to its left; it refuses (r.fail) one whose
// indexed variable itself is.
func (r *rewriter) tupleNeedsHoist(as *ast.AssignStmt) bool {
	if as.Tok != token.ASSIGN || len(as.Lhs) < 2 {
		return false
	}
	need := false
	assigned := map[string]bool{} // the variables assigned or assigned into
	whole := map[string]bool{}    // the variables assigned
	for _, lhs := range as.Lhs {
		id, idxs := lhsPath(lhs, true)
		for _, x := range idxs {
			if mentionsAny(x.Index, assigned) {
				need = true
			}
		}
		if id != nil && len(idxs) > 0 && whole[id.Name] {
			r.fail(lhs.Pos(), "an assignment to %s and, to its right, to an element of it (`a, a[i] = b, v`) is not supported (the interpreter stores the element into the new value); write two assignments", id.Name)
		}
		if id != nil && id.Name != "_" {
			assigned[id.Name] = true
			if id == unparen(lhs) {
				whole[id.Name] = true
			}
		}
	}
	return need
}

// hoistTupleIndexes returns the block evaluating every index of as's left
// side into a variable of its own, then as with those variables.
func (r *rewriter) hoistTupleIndexes(as *ast.AssignStmt) *ast.BlockStmt {
	var pre []ast.Stmt
	for _, lhs := range as.Lhs {
		_, idxs := lhsPath(lhs, true)
		for k := len(idxs) - 1; k >= 0; k-- { // innermost (leftmost) first
			x := idxs[k]
			if _, lit := x.Index.(*ast.BasicLit); lit {
				continue
			}
			name := r.fresh("Key")
			pos := x.Index.Pos()
			pre = append(pre, &ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{NamePos: pos, Name: name}},
				TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{x.Index}})
			x.Index = &ast.Ident{NamePos: pos, Name: name}
		}
	}
	return &ast.BlockStmt{Lbrace: as.Pos(), List: append(pre, as), Rbrace: as.End()}
}

// lhsPath walks an assignable expression down through parentheses, fields,
// indexes and, when derefs is set, pointer indirections. It returns the
// variable the expression starts from (nil when it starts elsewhere, as
// f().x does) and the index expressions crossed, outermost first.
func lhsPath(e ast.Expr, derefs bool) (root *ast.Ident, idxs []*ast.IndexExpr) {
	for {
		switch x := e.(type) {
		case *ast.Ident:
			return x, idxs
		case *ast.ParenExpr:
			e = x.X
		case *ast.SelectorExpr:
			e = x.X
		case *ast.IndexExpr:
			e, idxs = x.X, append(idxs, x)
		case *ast.StarExpr:
			if !derefs {
				return nil, idxs
			}
			e = x.X
		default:
			return nil, idxs
		}
	}
}

// mentionsAny tells whether e mentions an identifier named in names.
func mentionsAny(e ast.Expr, names map[string]bool) bool {
	found := false
	ast.Inspect(e, func(m ast.Node) bool {
		switch x := m.(type) {
		case *ast.SelectorExpr:
			// x.t reads x, not a variable t
			found = found || mentionsAny(x.X, names)
			return false
		case *ast.Ident:
			found = found || names[x.Name]
		}
		return !found
	})
	return found
}
