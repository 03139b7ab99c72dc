package gosession

import (
	"go/ast"
	"go/token"
	"strings"
)

// Range loops that assign to existing variables.
//
// yaegi v0.16.1 never assigns the iteration values of a range loop
// written with `=` (`for i = range s`, `for _, e = range s`, `for k, v =
// range m`, over channels and strings too): after the loop the variables
// held what they held before it (`j := -1; for j = range s {}` left -1,
// Go 5), and the body saw them unchanged; a range over an integer gave
// one past the last value (4 for `range 4`, Go 3), all without an error.
// The session writes such a loop with variables of its own, assigned to
// the operands at the start of each iteration, which is Go's order:
//
//	for k, v = range x {  →  for _activisRK1, _activisRV2 := range x { k, v = _activisRK1, _activisRV2
//
// (a blank operand stays blank; `for _ = range x` becomes `for range
// x`). Over an untyped constant the key takes the operand's type, as in
// Go: `for k = range 4` with k an int64 ranges over `k*0 + 4` (packages
// interpreted from source cannot range over integers: yaegi panics,
// "nil type", as README lists). In cells the syntax tree is
// changed (rangeAssigns); in packages interpreted from source, the
// file's text (pkgRangeAssign). Written for this package.

// rangeAssigns rewrites the range loops with `=` of n (see above).
func (r *rewriter) rangeAssigns(n ast.Node) {
	ast.Inspect(n, func(m ast.Node) bool {
		rs, ok := m.(*ast.RangeStmt)
		if !ok || rs.Tok != token.ASSIGN {
			return true
		}
		var lhs, rhs []ast.Expr
		own := func(e ast.Expr, kind string) ast.Expr {
			if e == nil || isBlank(e) {
				return e
			}
			name := r.fresh(kind)
			lhs = append(lhs, e)
			rhs = append(rhs, &ast.Ident{NamePos: e.Pos(), Name: name})
			return &ast.Ident{NamePos: e.Pos(), Name: name}
		}
		key, val := own(rs.Key, "RK"), own(rs.Value, "RV")
		if len(lhs) == 0 {
			rs.Key, rs.Value, rs.Tok = nil, nil, token.ILLEGAL
			return true
		}
		if rs.Key != nil && !isBlank(rs.Key) && r.untypedIntRange(rs.X) {
			// The key takes the operand's type: key*0 + x is of that
			// type (reading the key has no effect).
			rs.X = &ast.BinaryExpr{X: &ast.BinaryExpr{X: cloneAt(rs.Key, rs.X.Pos()), OpPos: rs.X.Pos(), Op: token.MUL,
				Y: &ast.BasicLit{ValuePos: rs.X.Pos(), Kind: token.INT, Value: "0"}}, OpPos: rs.X.Pos(), Op: token.ADD, Y: rs.X}
		}
		rs.Key, rs.Value, rs.Tok = key, val, token.DEFINE
		rs.Body.List = append([]ast.Stmt{&ast.AssignStmt{Lhs: lhs, TokPos: rs.Body.Lbrace, Tok: token.ASSIGN, Rhs: rhs}}, rs.Body.List...)
		return true
	})
}

// untypedIntRange tells whether x, a range operand, is an untyped
// integer constant: a literal, or a constant the type oracle knows.
func (r *rewriter) untypedIntRange(x ast.Expr) bool {
	if lit, ok := unparen(x).(*ast.BasicLit); ok {
		return lit.Kind == token.INT
	}
	if r.oracle == nil {
		return false
	}
	ok, _ := r.oracle.untypedInt(x) // constexpr.go
	return ok
}

// pkgRangeAssign writes range loop x of a package file, if it assigns
// with `=`, as rangeAssigns does, on the same lines.
func (w *pkgGoWriter) pkgRangeAssign(x *ast.RangeStmt) {
	if x.Tok != token.ASSIGN {
		return
	}
	var names, lhs, rhs []string
	for _, e := range []ast.Expr{x.Key, x.Value} {
		switch {
		case e == nil:
		case isBlank(e):
			names = append(names, "_")
		default:
			name := w.temp("RV")
			names = append(names, name)
			lhs, rhs = append(lhs, w.raw(e)), append(rhs, name)
		}
	}
	head := ""
	if len(lhs) > 0 {
		head = strings.Join(names, ", ") + " := "
	}
	if !w.replace(w.off(x.Key.Pos()), w.off(x.Range), func() string { return head }) {
		return
	}
	if len(lhs) > 0 {
		w.bodyStart(x.Body, " "+strings.Join(lhs, ", ")+" = "+strings.Join(rhs, ", ")+";") // pkgloopvar.go
	}
}
