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
// compute. Where a statement list cannot stand, in the init statement of
// an if, switch or for or in a for loop's post statement, the assignments
// are the body of a function literal called there:
//
//	for k, err = 0, nil; k < 3; k, err = k+1, nil {  →
//	for func() { k = 0; err = nil }(); k < 3; func() { k = k + 1; err = nil }() {
//
// Packages interpreted from source get the same, on the same lines
// (pkgTupleNils, pkgSimpleTupleNils). Written for this package.

// tupleNils rewrites the tuple assignments under n as above.
func (r *rewriter) tupleNils(n ast.Node) {
	eachListStmt(n, false, func(list []ast.Stmt, i int, s ast.Stmt, lbl *ast.LabeledStmt) { // see stmtlist.go
		as, ok := s.(*ast.AssignStmt)
		if !ok {
			return
		}
		stmts := nilSplit(as)
		if stmts == nil {
			return
		}
		setListStmt(list, i, lbl, &ast.BlockStmt{Lbrace: s.Pos(), List: stmts, Rbrace: s.End()})
	})
	ast.Inspect(n, func(m ast.Node) bool {
		for _, p := range simpleStmtFields(m) {
			if as, ok := (*p).(*ast.AssignStmt); ok {
				if stmts := nilSplit(as); stmts != nil {
					*p = calledBlock(as, stmts) // see tupleiface.go
				}
			}
		}
		return true
	})
}

// nilSplit returns the statements of the tuple assignment as with its nils
// assigned on their own, or nil when it assigns no nil by name.
func nilSplit(as *ast.AssignStmt) []ast.Stmt {
	lhs, rhs, nils := nilTargets(as)
	if len(nils) == 0 {
		return nil
	}
	var stmts []ast.Stmt
	if len(lhs) > 0 {
		stmts = append(stmts, &ast.AssignStmt{Lhs: lhs, TokPos: as.TokPos, Tok: token.ASSIGN, Rhs: rhs})
	}
	for _, l := range nils {
		stmts = append(stmts, &ast.AssignStmt{Lhs: []ast.Expr{l}, TokPos: as.TokPos, Tok: token.ASSIGN,
			Rhs: []ast.Expr{&ast.Ident{NamePos: as.TokPos, Name: "nil"}}})
	}
	return stmts
}

// simpleStmtFields returns the fields of n that hold a simple statement
// outside a statement list: the init statements of if, switch and for and
// a for loop's post statement (nil fields left out).
func simpleStmtFields(n ast.Node) []*ast.Stmt {
	var fields []*ast.Stmt
	switch x := n.(type) {
	case *ast.IfStmt:
		fields = append(fields, &x.Init)
	case *ast.SwitchStmt:
		fields = append(fields, &x.Init)
	case *ast.TypeSwitchStmt:
		fields = append(fields, &x.Init)
	case *ast.ForStmt:
		fields = append(fields, &x.Init, &x.Post)
	}
	var set []*ast.Stmt
	for _, f := range fields {
		if *f != nil {
			set = append(set, f)
		}
	}
	return set
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
func (w *pkgGoWriter) pkgTupleNils(as *ast.AssignStmt) { w.tupleNilsAs(as, "{ ", "}") }

// pkgSimpleTupleNils writes the tuple assignments with nil that are init
// or post statements of n, a statement of a package file, as above.
func (w *pkgGoWriter) pkgSimpleTupleNils(n ast.Node) {
	for _, p := range simpleStmtFields(n) {
		if as, ok := (*p).(*ast.AssignStmt); ok && !w.pkgIfaceTuple(as, "func() { ", "}()") { // see tupleiface.go
			w.tupleNilsAs(as, "func() { ", "}()")
		}
	}
}

// tupleNilsAs writes as with its nils assigned on their own, the
// statements between open and end.
func (w *pkgGoWriter) tupleNilsAs(as *ast.AssignStmt, open, end string) {
	lhs, rhs, nils := nilTargets(as)
	if len(nils) == 0 {
		return
	}
	w.replace(w.off(as.Pos()), w.off(as.End()), func() string {
		var b strings.Builder
		b.WriteString(open)
		if len(lhs) > 0 {
			b.WriteString(strings.Join(w.nodes(lhs), ", ") + " = " + strings.Join(w.nodes(rhs), ", ") + "; ")
		}
		for _, l := range nils {
			b.WriteString(w.node(l) + " = nil; ")
		}
		b.WriteString(end)
		return b.String()
	})
}
