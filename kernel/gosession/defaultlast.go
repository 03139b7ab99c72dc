package gosession

import (
	"go/ast"
	"go/token"
	"strconv"
	"strings"
)

// A default clause that is not the last clause of its switch.
//
// yaegi v0.16.1 swaps such a clause with the last one before compiling
// the switch, so the last clause's cases were tried in the default's
// place, before the clauses between them: with x = 10,
//
//	switch { default: …; case x > 0: fmt.Println("pos"); case x > 5: fmt.Println("big") }
//
// printed "big" (Go: "pos"), a type switch `default:` before `case
// fmt.Stringer:` and `case N:` picked N for an N with a String method,
// the case expressions were called out of order (`f(9), f(10)` before
// `f(5)`), and a fallthrough into the default clause ran the body of the
// clause swapped into its place, all without an error. The session
// moves the default clause to the end of the switch, which keeps Go's
// order of the other clauses: the default is taken only when no case
// matches, wherever it is written. A fallthrough whose target moves with
// it (the one of the clause before the default, the one of the default
// itself) panics where it runs, naming the line and the workaround. In
// cells the clause is moved in the syntax tree (defaultLast); in
// packages interpreted from source, in the file's text (pkgDefaultLast).
// Written for this package.

// defaultLast moves the default clause of every switch and type switch
// of n to the end (see above).
func (r *rewriter) defaultLast(n ast.Node) {
	ast.Inspect(n, func(m ast.Node) bool {
		body := switchBody(m)
		if body == nil {
			return true
		}
		d := defaultIndex(body)
		if d < 0 || d == len(body.List)-1 {
			return true
		}
		list := body.List
		def := list[d].(*ast.CaseClause)
		if d > 0 {
			r.refuseFallthrough(list[d-1].(*ast.CaseClause), "into")
		}
		r.refuseFallthrough(def, "out of")
		moved := make([]ast.Stmt, 0, len(list))
		moved = append(append(append(moved, list[:d]...), list[d+1:]...), def)
		body.List = moved
		return true
	})
}

// switchBody returns the body of a switch or type switch statement, or
// nil for any other node.
func switchBody(n ast.Node) *ast.BlockStmt {
	switch x := n.(type) {
	case *ast.SwitchStmt:
		return x.Body
	case *ast.TypeSwitchStmt:
		return x.Body
	}
	return nil
}

// defaultIndex returns the index of the default clause of a switch body,
// or -1.
func defaultIndex(body *ast.BlockStmt) int {
	for i, st := range body.List {
		if cc, ok := st.(*ast.CaseClause); ok && cc.List == nil {
			return i
		}
	}
	return -1
}

// endingFallthrough returns the fallthrough statement ending cc, or nil.
func endingFallthrough(cc *ast.CaseClause) *ast.BranchStmt {
	if len(cc.Body) == 0 {
		return nil
	}
	if b, ok := cc.Body[len(cc.Body)-1].(*ast.BranchStmt); ok && b.Tok == token.FALLTHROUGH {
		return b
	}
	return nil
}

// defaultFallthroughMsg is the panic of a fallthrough into ("into") or
// out of ("out of") a default clause that is not last, at place.
func defaultFallthroughMsg(place, dir string) string {
	return place + ": a fallthrough " + dir + " a default clause that is not the last clause of its switch is not supported by the interpreter " +
		"(it moves the default clause to the end, so the fallthrough would run another clause); " +
		"move the default clause to the end of the switch and repeat in it the statements the fallthrough should reach"
}

// refuseFallthrough makes the fallthrough ending cc, if any, panic with
// defaultFallthroughMsg where it runs.
func (r *rewriter) refuseFallthrough(cc *ast.CaseClause, dir string) {
	b := endingFallthrough(cc)
	if b == nil {
		return
	}
	pos := b.Pos()
	cc.Body[len(cc.Body)-1] = &ast.ExprStmt{X: &ast.CallExpr{
		Fun:    &ast.Ident{NamePos: pos, Name: "_activisErrorsRefuse"}, // gosrc/errors.go.txt
		Lparen: pos,
		Args:   []ast.Expr{&ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(defaultFallthroughMsg(r.place(pos), dir))}},
		Rparen: pos,
	}}
}

// pkgDefaultLast writes the switch or type switch with body body in a
// package file with its default clause last (see above).
func (w *pkgGoWriter) pkgDefaultLast(body *ast.BlockStmt) {
	d := defaultIndex(body)
	if d < 0 || d == len(body.List)-1 {
		return
	}
	def := body.List[d].(*ast.CaseClause)
	refuse := func(cc *ast.CaseClause, dir string) {
		if b := endingFallthrough(cc); b != nil {
			msg := defaultFallthroughMsg(w.where(b.Pos()), dir)
			w.replace(w.off(b.Pos()), w.off(b.End()), func() string { return "panic(" + strconv.Quote(msg) + ")" })
		}
	}
	if d > 0 {
		refuse(body.List[d-1].(*ast.CaseClause), "into")
	}
	refuse(def, "out of")
	lo, next, hi := w.off(def.Pos()), w.off(body.List[d+1].Pos()), w.off(body.Rbrace)
	w.replace(lo, hi, func() string {
		rest := w.text(next, hi)
		if t := strings.TrimRight(rest, " \t"); !strings.HasSuffix(t, "\n") {
			rest = t + "; "
		}
		return rest + w.text(lo, next)
	})
}
