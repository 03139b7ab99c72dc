package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// Select statements in package files.
//
// A package interpreted from source gets the fixes of selectbreak.go and
// selectoperands.go, on the same lines:
//
//	L: for { select { case <-done: break L } }  → { L: for { select { case <-done: goto _activisBrk1 } }; _activisBrk1: }
//	select { case ch <- f() * 5: … }            → { _activisS2 := (f() * 5); select { case ch <- _activisS2: … } }
//
// (yaegi left only the select, so the loop went on for ever, and sent 0).
// A labelled select keeps its operands as they are (a block would take
// its label).

// selectBreaks rewrites the breaks of loop ls that leave it from inside a
// select (see selectbreak.go).
func (w *pkgGoWriter) selectBreaks(ls *ast.LabeledStmt) {
	breaks := selectLoopBreaks(ls) // selectbreak.go
	if len(breaks) == 0 {
		return
	}
	target := w.temp("Brk")
	for _, x := range breaks {
		w.replace(w.off(x.Pos()), w.off(x.End()), func() string { return "goto " + target })
	}
	w.before[w.off(ls.Pos())] += "{ "
	end := w.off(ls.End())
	w.after[end] = "; " + target + ": }" + w.after[end]
}

// selectOperands evaluates the channel operands and sent values of sel
// that hold a call below their top first (see selectoperands.go), and the
// sent values structWraps converts through a call.
func (w *pkgGoWriter) selectOperands(sel *ast.SelectStmt) {
	var parts []ast.Node
	var names []string
	var values []ast.Expr
	hoist := func(e ast.Expr, wrapped bool) {
		if _, bare := unparen(e).(*ast.CallExpr); (bare || !hasCall(e)) && !wrapped {
			return
		}
		parts, names, values = append(parts, e), append(names, w.temp("S")), append(values, e)
	}
	for _, st := range sel.Body.List {
		cc, ok := st.(*ast.CommClause)
		if !ok || cc.Comm == nil {
			continue
		}
		switch c := cc.Comm.(type) {
		case *ast.SendStmt:
			hoist(c.Chan, false)
			hoist(c.Value, w.sentWrapped(c))
		case *ast.ExprStmt:
			if u, ok := unparen(c.X).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
				hoist(u.X, false)
			}
		case *ast.AssignStmt:
			if len(c.Rhs) == 1 {
				if u, ok := unparen(c.Rhs[0]).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
					hoist(u.X, false)
				}
			}
		}
	}
	if len(parts) == 0 {
		return
	}
	w.replace(w.off(sel.Pos()), w.off(sel.End()), func() string {
		return "{ " + strings.Join(names, ", ") + " := " + w.parenList(values) + "; " +
			w.splice(w.off(sel.Pos()), w.off(sel.End()), parts, names) + " }"
	})
}

// sentWrapped reports whether the value sent by c, a select case, is
// one structWraps gives to WrapStruct (pkgstructwrap.go): yaegi would not
// run that call either.
func (w *pkgGoWriter) sentWrapped(c *ast.SendStmt) bool {
	if w.types == nil {
		return false
	}
	ch, ok := typeUnder[*types.Chan](w.types.typeOf(c.Chan)) // pkgifaceloop.go
	return ok && w.structWrapLiteral(w.types.typeOf(c.Value), ch.Elem()) != ""
}
