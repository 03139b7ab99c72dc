package gosession

import (
	"go/ast"
	"go/token"
	"strings"
)

// Defer arguments in package files.
//
// A package interpreted from source gets the fix of deferargs.go: yaegi
// reads the variables a deferred call's arguments name when the function
// returns (`x := 1; defer f(x); x = 2` called f(2), and a defer in a loop
// saw the last value), and drops the ... of a deferred call. A deferred
// call whose arguments read a variable of the file or make a call is
// served, on the same lines, as
//
//	defer f(x, g(y))  → { _activisD1, _activisD2 := (x), (g(y)); defer f(_activisD1, _activisD2) }
//	defer f(a, xs...) → { _activisD1, _activisD2 := (a), (xs); defer func() { f(_activisD1, _activisD2...) }() }
//
// Constants, and names of other packages, stay as written (without
// types, a copy of an untyped constant would take its default type); so
// does the function of the call. With the package's types (pkgtypes.go),
// variables of the package declared in other files are copied too, and
// so is the receiver of a method the call names (pkgdeferlit.go).

// deferArgs rewrites defer statement d as above.
func (w *pkgGoWriter) deferArgs(d *ast.DeferStmt) {
	call := d.Call
	var parts []ast.Node
	var names []string
	var values []ast.Expr
	if x := w.deferReceiver(call); x != nil { // see pkgdeferlit.go
		parts, names, values = append(parts, x), append(names, w.temp("D")), append(values, x)
	}
	for i, a := range call.Args {
		if !readsVariable(a) && !w.readsPackageVar(a) && !(call.Ellipsis.IsValid() && i == len(call.Args)-1) {
			continue
		}
		parts, names, values = append(parts, a), append(names, w.temp("D")), append(values, a)
	}
	temps, vars := w.passDeferVars(d) // see pkgdeferlit.go
	if len(parts) == 0 && len(temps) == 0 {
		return
	}
	w.replace(w.off(d.Pos()), w.off(d.End()), func() string {
		callText := w.splice(w.off(call.Pos()), w.off(call.End()), parts, names)
		values := w.parenList(values)
		if len(parts) > 0 && len(vars) > 0 {
			values += ", "
		}
		def := "{ " + strings.Join(append(names[:len(names):len(names)], temps...), ", ") + " := " + values + strings.Join(vars, ", ") + "; "
		if call.Ellipsis.IsValid() {
			return def + "defer func() { " + callText + " }() }"
		}
		return def + "defer " + callText + " }"
	})
}

// readsVariable reports whether e reads a variable declared in its file
// (a name the parser resolved to a variable), calls a function or
// receives.
func readsVariable(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.Ident:
			if x.Obj != nil && x.Obj.Kind == ast.Var {
				found = true
			}
		case *ast.CallExpr:
			found = true
		case *ast.UnaryExpr:
			if x.Op == token.ARROW {
				found = true
			}
		}
		return !found
	})
	return found
}
