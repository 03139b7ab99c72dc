package gosession

import (
	"go/ast"
	"strconv"
)

// Deferred calls of earlier function literals in package files.
//
// yaegi v0.16.1 deadlocks when a deferred call runs a function literal
// that was created earlier in the same function (`cleanup := func() {…};
// defer cleanup()`, also called from a deferred literal or passed to one
// as an argument): a package function doing that hung the cell for ever.
// The cells refuse it (deferargs.go); a package file cannot be changed by
// the user, so the defer statement is written, on its lines, as a panic
// that names the construct and the compiled route:
//
//	defer cleanup()  → panic("example.com/m/p/f.go:12: a deferred call of cleanup, … (activis-kernel build --with)")
//
// The function then fails with that panic where it would have hung. A
// deferred call of what a literal returns, in a loop, is written so too
// (deferMadeInLoop).

// deferHang rewrites defer statement d as above, and reports whether it
// did.
func (w *pkgGoWriter) deferHang(d *ast.DeferStmt) bool {
	if w.deferMadeInLoop(d) {
		return true
	}
	id := deferHangVar(d)
	if id == nil {
		return false
	}
	msg := w.where(d.Pos()) + ": a deferred call of " + id.Name +
		", a function literal created earlier in the same function, would deadlock the interpreter (yaegi v0.16.1); " +
		"compile the package into the kernel instead: activis-kernel build --with MODULE"
	return w.replace(w.off(d.Pos()), w.off(d.End()), func() string { return "panic(" + strconv.Quote(msg) + ")" })
}

// deferHangVar returns the variable holding an earlier function literal
// that deferred call d runs (as the function, an argument, or called from
// the deferred literal's body), or nil.
func deferHangVar(d *ast.DeferStmt) *ast.Ident {
	if id, ok := unparen(d.Call.Fun).(*ast.Ident); ok && closureLitVar(id, nil) {
		return id
	}
	for _, a := range d.Call.Args {
		if id, ok := unparen(a).(*ast.Ident); ok && closureLitVar(id, nil) {
			return id
		}
	}
	lit, ok := unparen(d.Call.Fun).(*ast.FuncLit)
	if !ok {
		return nil
	}
	var found *ast.Ident
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok || found != nil {
			return false
		}
		if c, ok := n.(*ast.CallExpr); ok {
			if id, ok := unparen(c.Fun).(*ast.Ident); ok && closureLitVar(id, lit) {
				found = id
			}
		}
		return found == nil
	})
	return found
}

// deferMadeInLoop writes, as deferHang does, a deferred call of the
// function that a function literal returns (`defer func() func() {…}()()`)
// in a loop, when the literal reads the loop's variables: yaegi evaluated
// the literal's call, with the copies pkgdeferlit.go passes it, at the
// function's exit, so every deferred call saw the last iteration's values
// (`ccc`, Go `cba`), and hoisting the call deadlocks as above. It reports
// whether it did.
func (w *pkgGoWriter) deferMadeInLoop(d *ast.DeferStmt) bool {
	_, call := deferredLit(d.Call)
	if call == nil || call == d.Call || len(w.deferVars[d]) == 0 {
		return false
	}
	msg := w.where(d.Pos()) + ": a deferred call of the function a function literal " +
		"returns (defer func() func() {…}()()), in a loop and reading its variables, would see the last iteration's values " +
		"in the interpreter (yaegi v0.16.1); compile the package into the kernel instead: activis-kernel build --with MODULE"
	return w.replace(w.off(d.Pos()), w.off(d.End()), func() string { return "panic(" + strconv.Quote(msg) + ")" })
}
