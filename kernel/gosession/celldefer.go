package gosession

import (
	"go/ast"
	"strconv"
	"strings"

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
// the cell had none. yaegi also ran a deferred function literal that
// recovers (`defer func() { if r := recover(); r != nil { … } }()`)
// again after each later statement group and in later cells, printing
// its message each time. It is recorded as the others, and its
// recover() calls (those of the literal's own body, not of a function
// literal inside it, which recover nothing in Go) become
// _activisCellRecover(), which gives the panic that stopped the cell's
// top-level code, or that a later-deferred call raised, while the
// recorded calls run; a recovered panic is no longer the cell's error,
// as a recovered panic in main lets the program end normally. A
// deferred named function that calls recover (`defer handle()`) cannot
// recover the cell's panic this way: its recover() is yaegi's, which
// holds no panic when the session calls it; the cell's error says so.
// Written for this package.

// cellDefers rewrites the top-level defer statements of a statement
// group's body (see above).
// recovers tells whether the session function of a name calls recover.
func cellDefers(body *ast.BlockStmt, recovers func(name string) bool) {
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
		named := false
		switch f := unparen(d.Call.Fun).(type) {
		case *ast.FuncLit:
			cellRecovers(f.Body)
		case *ast.Ident:
			named = recovers(f.Name)
		}
		pos := d.Defer
		return &ast.ExprStmt{X: &ast.CallExpr{Fun: &ast.Ident{NamePos: pos, Name: "_activisCellDefer"}, Lparen: pos,
			Args: []ast.Expr{&ast.FuncLit{Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{}},
				Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{&ast.ExprStmt{X: d.Call}}, Rbrace: d.End()}},
				&ast.Ident{NamePos: pos, Name: strconv.FormatBool(named)}},
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

// cellRecovers makes the recover() calls of a function literal deferred
// at the top level of a cell, those of its body outside function literals
// inside it, calls of _activisCellRecover (see above).
func cellRecovers(body *ast.BlockStmt) {
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if id, ok := unparen(x.Fun).(*ast.Ident); ok && id.Name == "recover" && len(x.Args) == 0 {
				id.Name = "_activisCellRecover"
			}
		}
		return true
	})
}

// callsRecover reports whether the session function name calls recover.
func (st *state) callsRecover(name string) bool {
	d := st.decls[name]
	return d != nil && d.Kind == "func" && strings.Contains(d.Src, "recover()")
}

// deferred is a call deferred at the top level of a cell; namedRecover
// tells that it calls a named function that calls recover.
type deferred struct {
	f            func()
	namedRecover bool
}

// cellDefer records f, a deferred call at the top level of the running
// cell, to run when the cell ends (see above); with no cell running it
// runs f now.
func (s *Session) cellDefer(f func(), namedRecover bool) {
	c := s.cur.Load()
	if c == nil {
		f()
		return
	}
	c.mu.Lock()
	c.defers = append(c.defers, deferred{f, namedRecover})
	c.mu.Unlock()
}

// cellPanic is a panic in flight while a cell's defers run.
type cellPanic struct{ v any }

// cellRecover is recover() in a function literal deferred at the top level
// of the running cell: it returns the panic in flight and stops it, or
// nil (see above).
func (s *Session) cellRecover() any {
	c := s.cur.Load()
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	p := c.panicking
	if p == nil {
		return nil
	}
	c.panicking, c.recovered = nil, true
	return p.v
}

// startPanic records v, with which the cell's top-level code or one of its
// deferred calls panicked, as the panic in flight.
func (c *cell) startPanic(v any) {
	c.mu.Lock()
	c.panicking, c.recovered = &cellPanic{v}, false
	c.mu.Unlock()
}

// runCellDefers runs the cell's recorded defers, last first, and returns
// the cell's error: err, the error the cell ended with, unless it is a
// panic a deferred call recovered; the error of a deferred call that
// panicked when there was none; or nil.
func (s *Session) runCellDefers(c *cell, err *session.ExecError) *session.ExecError {
	c.mu.Lock()
	panicked := c.panicking != nil // err is the panic in flight
	c.mu.Unlock()
	named := false // a deferred named function calls recover
	for {
		c.mu.Lock()
		n := len(c.defers)
		if n == 0 {
			p, rec := c.panicking, c.recovered
			c.panicking, c.recovered = nil, false
			c.mu.Unlock()
			switch {
			case panicked && p == nil && rec:
				return nil
			case p != nil && named && err != nil:
				err.Value += "; a deferred named function that calls recover() cannot recover a panic of a cell's top-level code: " +
					"defer a function literal that calls recover (defer func() { if r := recover(); r != nil { … } }())"
				err.Traceback = append(err.Traceback, err.Value)
			}
			return err
		}
		d := c.defers[n-1]
		c.defers = c.defers[:n-1]
		c.mu.Unlock()
		named = named || d.namedRecover
		func() {
			defer func() {
				if r := recover(); r != nil {
					c.mu.Lock()
					rec := c.recovered
					c.mu.Unlock()
					if err == nil || panicked && rec {
						err, panicked = s.panicError(c, r, nil), true
					}
					c.startPanic(r)
				}
			}()
			d.f()
		}()
	}
}
