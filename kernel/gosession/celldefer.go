package gosession

import (
	"go/ast"

	"github.com/activis-go/activis/kernel/session"
)

// defer at the top level of a cell.
//
// A cell's statements run as yaegi's top-level code, group by group, and
// yaegi v0.16.1 ran a defer there when its statement group ended and
// again after each later group: `defer fmt.Println("d"); fmt.Println("x")`
// printed d, x, d (Go, for a function body: x, d), and `for i := range 3
// { defer fmt.Print(i) }` before other statements printed its calls twice,
// without an error; a `defer f.Close()` closed the file before the next
// statement used it. A defer statement at the top level of a cell (not in
// a function literal) becomes a call that records the deferred call
// (its arguments already evaluated, deferargs.go); the session runs the
// recorded calls when the cell ends, last first, as a function's defers
// run when it returns, also after an error (not after os.Exit, which runs
// no deferred calls), and reports a panic of one as the cell's error when
// the cell had none. A deferred function that calls
// recover() is left to yaegi: the session's calls cannot recover the
// cell's panic. Written for this package.

// cellDefers rewrites the top-level defer statements of a statement
// group's body (see above).
func cellDefers(body *ast.BlockStmt) {
	var walk func(list []ast.Stmt)
	visit := func(s ast.Stmt) ast.Stmt {
		d, ok := s.(*ast.DeferStmt)
		if !ok {
			ast.Inspect(s, func(n ast.Node) bool {
				switch x := n.(type) {
				case *ast.FuncLit:
					return false
				case *ast.BlockStmt:
					walk(x.List)
					return false
				case *ast.CaseClause:
					walk(x.Body)
					return false
				case *ast.CommClause:
					walk(x.Body)
					return false
				}
				return true
			})
			return s
		}
		if callsRecover(d.Call) {
			return s
		}
		pos := d.Defer
		return &ast.ExprStmt{X: &ast.CallExpr{Fun: &ast.Ident{NamePos: pos, Name: "_activisCellDefer"}, Lparen: pos,
			Args: []ast.Expr{&ast.FuncLit{Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{}},
				Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{&ast.ExprStmt{X: d.Call}}, Rbrace: d.End()}}},
			Rparen: d.End()}}
	}
	walk = func(list []ast.Stmt) {
		for i, s := range list {
			if l, ok := s.(*ast.LabeledStmt); ok {
				l.Stmt = visit(l.Stmt)
				continue
			}
			list[i] = visit(s)
		}
	}
	walk(body.List)
}

// callsRecover reports whether n calls recover, directly or in a function
// literal.
func callsRecover(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		if c, ok := m.(*ast.CallExpr); ok {
			if id, ok := unparen(c.Fun).(*ast.Ident); ok && (id.Name == "recover" || id.Name == "_activisRecovered") {
				found = true
			}
		}
		return !found
	})
	return found
}

// cellDefer records f, a deferred call at the top level of the running
// cell, to run when the cell ends (see above); with no cell running it
// runs f now.
func (s *Session) cellDefer(f func()) {
	c := s.cur.Load()
	if c == nil {
		f()
		return
	}
	c.mu.Lock()
	c.defers = append(c.defers, f)
	c.mu.Unlock()
}

// runCellDefers runs the cell's recorded defers, last first, and returns
// the error of the first that panicked, or nil.
func (s *Session) runCellDefers(c *cell) (first *session.ExecError) {
	for {
		c.mu.Lock()
		n := len(c.defers)
		if n == 0 {
			c.mu.Unlock()
			return first
		}
		f := c.defers[n-1]
		c.defers = c.defers[:n-1]
		c.mu.Unlock()
		func() {
			defer func() {
				if r := recover(); r != nil && first == nil {
					first = s.panicError(c, r, nil)
				}
			}()
			f()
		}()
	}
}
