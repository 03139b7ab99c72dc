package gosession

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
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
//	for k, v = range x {  →  for _activisRK1, _activisRV2 := range x { k = _activisRK1; v = _activisRV2
//
// (one assignment each where the operands are variables, as a tuple
// assignment storing into an interface panicked: `for i, sh = range
// []*Sq{…}` for a `var sh Shape`, tupleiface.go; a tuple otherwise)
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
		var kt, vt types.Type
		if r.oracle != nil {
			kt, vt = rangeElemTypes(r.oracle.typeOf(rs.X))
		}
		own := func(e ast.Expr, kind string, from types.Type) ast.Expr {
			if e == nil || isBlank(e) {
				return e
			}
			name := r.fresh(kind)
			lhs = append(lhs, e)
			var val ast.Expr = &ast.Ident{NamePos: e.Pos(), Name: name}
			if from != nil {
				// a struct value assigned to a compiled interface goes
				// through WrapStruct (sourcestructwrap.go) here: the
				// type check does not know the new names
				if src := r.structWrapLiteral(from, r.oracle.typeOf(e), e.Pos()); src != "" {
					if lit, err := parser.ParseExpr(src); err == nil {
						val = &ast.CallExpr{Fun: setPositions(lit, e.Pos()), Lparen: e.Pos(), Args: []ast.Expr{val}, Rparen: e.Pos()}
					}
				}
			}
			rhs = append(rhs, val)
			return &ast.Ident{NamePos: e.Pos(), Name: name}
		}
		key, val := own(rs.Key, "RK", kt), own(rs.Value, "RV", vt)
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
		var assigns []ast.Stmt
		if allIdents(lhs) {
			// one assignment each: a tuple assignment storing into an
			// interface panicked in yaegi (tupleiface.go)
			for j := range lhs {
				assigns = append(assigns, &ast.AssignStmt{Lhs: lhs[j : j+1], TokPos: rs.Body.Lbrace, Tok: token.ASSIGN, Rhs: rhs[j : j+1]})
			}
		} else {
			assigns = []ast.Stmt{&ast.AssignStmt{Lhs: lhs, TokPos: rs.Body.Lbrace, Tok: token.ASSIGN, Rhs: rhs}}
		}
		rs.Body.List = append(assigns, rs.Body.List...)
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
	var from [2]types.Type
	if w.types != nil {
		from[0], from[1] = rangeElemTypes(w.types.typeOf(x.X))
	}
	for i, e := range []ast.Expr{x.Key, x.Value} {
		switch {
		case e == nil:
		case isBlank(e):
			names = append(names, "_")
		default:
			name := w.temp("RV")
			names = append(names, name)
			lhs, rhs = append(lhs, w.raw(e)), append(rhs, w.wrapName(from[i], e, name))
		}
	}
	head := ""
	if len(lhs) > 0 {
		head = strings.Join(names, ", ") + " := "
	}
	if !w.replace(w.off(x.Key.Pos()), w.off(x.Range), func() string { return head }) {
		return
	}
	switch {
	case len(lhs) == 0:
	case allIdents([]ast.Expr{x.Key, x.Value}):
		var b strings.Builder
		for j := range lhs {
			b.WriteString(" " + lhs[j] + " = " + rhs[j] + ";")
		}
		w.bodyStart(x.Body, b.String()) // pkgloopvar.go
	default:
		w.bodyStart(x.Body, " "+strings.Join(lhs, ", ")+" = "+strings.Join(rhs, ", ")+";")
	}
}

// allIdents reports whether each of es that is not nil is an identifier:
// assigning them one by one is the tuple assignment (no operand of one is
// evaluated before another is assigned).
func allIdents(es []ast.Expr) bool {
	for _, e := range es {
		if _, ok := e.(*ast.Ident); e != nil && !ok {
			return false
		}
	}
	return true
}

// rangeElemTypes returns the types of the key and the value a range over
// a value of type t gives, nils where it is not a slice, array, pointer
// to an array, map or channel.
func rangeElemTypes(t types.Type) (key, value types.Type) {
	if t == nil {
		return nil, nil
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	switch u := t.Underlying().(type) {
	case *types.Slice:
		return types.Typ[types.Int], u.Elem()
	case *types.Array:
		return types.Typ[types.Int], u.Elem()
	case *types.Map:
		return u.Key(), u.Elem()
	case *types.Chan:
		return u.Elem(), nil
	}
	return nil, nil
}
