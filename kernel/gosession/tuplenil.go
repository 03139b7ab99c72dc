package gosession

import (
	"go/ast"
	"go/token"
	"strings"
)

// nil in a tuple assignment.
//
// yaegi v0.16.1 panicked on an assignment of several values one of which
// is nil: `s, err = "pre", nil` failed with "reflect: New(nil)" (plain
// yaegi too), in cells and functions alike, while `err = nil` ran. The
// session assigns such a nil on its own, after the others, where the
// assignment is a statement of a list and the variable a name:
//
//	n, err = 1, nil  →  { n = 1; err = nil }
//
// nil reads nothing, so setting it last changes no value the others
// compute. Packages interpreted from source get the same, on the same
// lines (pkgTupleNils). Written for this package.

// tupleNils rewrites the tuple assignments under n as above.
func (r *rewriter) tupleNils(n ast.Node) {
	eachListStmt(n, false, func(list []ast.Stmt, i int, s ast.Stmt, lbl *ast.LabeledStmt) { // see stmtlist.go
		as, ok := s.(*ast.AssignStmt)
		if !ok {
			return
		}
		lhs, rhs, nils := nilTargets(as)
		if len(nils) == 0 {
			return
		}
		var stmts []ast.Stmt
		if len(lhs) > 0 {
			as.Lhs, as.Rhs = lhs, rhs
			stmts = append(stmts, as)
		}
		for _, l := range nils {
			stmts = append(stmts, &ast.AssignStmt{Lhs: []ast.Expr{l}, TokPos: as.TokPos, Tok: token.ASSIGN,
				Rhs: []ast.Expr{&ast.Ident{NamePos: as.TokPos, Name: "nil"}}})
		}
		setListStmt(list, i, lbl, &ast.BlockStmt{Lbrace: s.Pos(), List: stmts, Rbrace: s.End()})
	})
}

// nilTargets splits the tuple assignment as into the variables assigned
// nil by name (nils) and the other operands and values, in order; nils is
// empty for any other statement.
func nilTargets(as *ast.AssignStmt) (lhs, rhs, nils []ast.Expr) {
	if as.Tok != token.ASSIGN || len(as.Lhs) < 2 || len(as.Rhs) != len(as.Lhs) {
		return nil, nil, nil
	}
	for j, l := range as.Lhs {
		if id, name := l.(*ast.Ident); name && id.Name != "_" && isNilIdent(as.Rhs[j]) {
			nils = append(nils, l)
			continue
		}
		lhs, rhs = append(lhs, l), append(rhs, as.Rhs[j])
	}
	return lhs, rhs, nils
}

// pkgTupleNils writes as, an assignment that is a statement of a list in
// a package file, as above, on the same lines.
func (w *pkgGoWriter) pkgTupleNils(as *ast.AssignStmt) {
	lhs, rhs, nils := nilTargets(as)
	if len(nils) == 0 {
		return
	}
	w.replace(w.off(as.Pos()), w.off(as.End()), func() string {
		var b strings.Builder
		b.WriteString("{ ")
		if len(lhs) > 0 {
			b.WriteString(strings.Join(w.nodes(lhs), ", ") + " = " + strings.Join(w.nodes(rhs), ", ") + "; ")
		}
		for _, l := range nils {
			b.WriteString(w.node(l) + " = nil; ")
		}
		b.WriteString("}")
		return b.String()
	})
}
