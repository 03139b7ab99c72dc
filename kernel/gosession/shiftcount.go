package gosession

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
)

// Negative shift counts.
//
// Go panics with "runtime error: negative shift amount" when the count of
// a shift is a negative value of a signed integer type; yaegi v0.16.1
// converts the count to an unsigned one and shifts, so `x << s` with
// s = -1 gave 0 without an error. A shift (or <<=, >>=) whose count is not
// a constant and whose type is a signed integer type, as the session's
// type check tells, gets its count written as _activisShift(int64(s)),
// the prelude's function, which calls shiftCount, which panics as Go
// does, when the count is negative. The check costs an interpreted call
// (BenchmarkShiftCount: 10^5 shifts by an int count 118 ms, by a uint
// count 19 ms), so counts that cannot be negative are left alone:
// len(...), cap(...), x & c with a constant c >= 0, and the variable of a
// range loop or of a loop `for i := c; ...; i++` (c >= 0) that the body
// does not assign. Written for this package.

// shiftSink keeps shiftCount's shift from being dropped.
var shiftSink uint64

// shiftCount returns s as a shift count, panicking with Go's run-time
// error when it is negative.
func shiftCount(s int64) uint64 {
	if s < 0 {
		shiftSink = 1 << s // runtime error: negative shift amount
	}
	return uint64(s)
}

// shiftNeedsTypes tells whether f holds a shift whose count is not a
// literal.
func shiftNeedsTypes(f *ast.File) bool {
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.BinaryExpr:
			_, lit := x.Y.(*ast.BasicLit)
			found = found || (x.Op == token.SHL || x.Op == token.SHR) && !lit
		case *ast.AssignStmt:
			found = found || x.Tok == token.SHL_ASSIGN || x.Tok == token.SHR_ASSIGN
		}
		return !found
	})
	return found
}

// shiftCounts checks the count of the shift n (a binary expression or
// an assignment) when it may be negative.
func (r *rewriter) shiftCounts(n ast.Node) {
	switch x := n.(type) {
	case *ast.BinaryExpr:
		if x.Op == token.SHL || x.Op == token.SHR {
			x.Y = r.checkedCount(x.Y)
		}
	case *ast.AssignStmt:
		if (x.Tok == token.SHL_ASSIGN || x.Tok == token.SHR_ASSIGN) && len(x.Rhs) == 1 {
			x.Rhs[0] = r.checkedCount(x.Rhs[0])
		}
	}
}

// checkedCount returns the count e, through _activisShift when it is a
// non-constant of a signed integer type.
func (r *rewriter) checkedCount(e ast.Expr) ast.Expr {
	if r.oracle == nil {
		return e
	}
	tv, ok := r.oracle.info.Types[e]
	if !ok || tv.Value != nil || tv.Type == nil {
		return e
	}
	b, ok := tv.Type.Underlying().(*types.Basic)
	if !ok || b.Info()&types.IsInteger == 0 || b.Info()&types.IsUnsigned != 0 {
		return e
	}
	if r.nonNegative(e) {
		return e
	}
	pos := e.Pos()
	return &ast.CallExpr{Fun: &ast.Ident{NamePos: pos, Name: "_activisShift"}, Lparen: pos, Rparen: pos,
		Args: []ast.Expr{&ast.CallExpr{Fun: &ast.Ident{NamePos: pos, Name: "int64"}, Lparen: pos, Args: []ast.Expr{e}, Rparen: pos}}}
}

// nonNegative tells whether the count e cannot be negative.
func (r *rewriter) nonNegative(e ast.Expr) bool {
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok {
			break
		}
		e = p.X
	}
	switch x := e.(type) {
	case *ast.CallExpr:
		id, ok := x.Fun.(*ast.Ident)
		return ok && (id.Name == "len" || id.Name == "cap") && r.oracle.info.Uses[id] == types.Universe.Lookup(id.Name)
	case *ast.BinaryExpr:
		if x.Op != token.AND {
			return false
		}
		for _, o := range []ast.Expr{x.X, x.Y} {
			if v := r.oracle.info.Types[o].Value; v != nil && constant.Sign(v) >= 0 {
				return true
			}
		}
	case *ast.Ident:
		return r.counter(r.oracle.info.Uses[x])
	}
	return false
}

// counter tells whether obj is the key of a range loop or the variable
// of a loop `for i := c; ...; i++` with a constant c >= 0, and the loop
// body assigns it nowhere (nor takes its address).
func (r *rewriter) counter(obj types.Object) bool {
	if obj == nil || r.root == nil {
		return false
	}
	var body *ast.BlockStmt
	ast.Inspect(r.root, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.RangeStmt:
			if id, ok := x.Key.(*ast.Ident); ok && x.Tok == token.DEFINE && r.oracle.info.Defs[id] == obj {
				body = x.Body
			}
		case *ast.ForStmt:
			init, ok := x.Init.(*ast.AssignStmt)
			post, okPost := x.Post.(*ast.IncDecStmt)
			if !ok || !okPost || post.Tok != token.INC || len(init.Lhs) != 1 || init.Tok != token.DEFINE {
				return body == nil
			}
			id, ok := init.Lhs[0].(*ast.Ident)
			if v := r.oracle.info.Types[init.Rhs[0]].Value; ok && r.oracle.info.Defs[id] == obj && v != nil && constant.Sign(v) >= 0 {
				body = x.Body
			}
		}
		return body == nil
	})
	if body == nil {
		return false
	}
	assigned := false
	uses := func(e ast.Expr) bool {
		id, ok := e.(*ast.Ident)
		return ok && r.oracle.info.Uses[id] == obj
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.AssignStmt:
			for _, l := range x.Lhs {
				assigned = assigned || uses(l)
			}
		case *ast.IncDecStmt:
			assigned = assigned || uses(x.X)
		case *ast.UnaryExpr:
			assigned = assigned || x.Op == token.AND && uses(x.X)
		}
		return !assigned
	})
	return !assigned
}
