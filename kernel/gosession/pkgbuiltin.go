package gosession

import (
	"go/ast"
	"go/types"
)

// Builtins of package files that the session implements.
//
// yaegi v0.16.1's print and println wrote to stdout with fmt's %v and a
// space after every operand (`print(lang, " is created by ", by)` gave
// `Go  is created by  Google`); Go's write to stderr in the runtime's
// format. It has no clear (Go 1.21): a package calling it failed to
// import ("undefined: clear"). With the package's types, a call of one
// of these builtins becomes a call of the session runtime's function, as
// in cells (print.go, gosrc/prelude.go.txt):
//
//	println(a, b)  → _activisrt.Println(a, b)
//	clear(m)       → _activisrt.Clear(m)
//
// and so in a go statement (pkgsource.go's goText).
var pkgBuiltins = map[string]string{"print": "Print", "println": "Println", "clear": "Clear"}

// builtinCall rewrites the call c as above.
func (w *pkgGoWriter) builtinCall(c *ast.CallExpr) {
	id, ok := unparen(c.Fun).(*ast.Ident)
	if !ok || pkgBuiltins[id.Name] == "" {
		return
	}
	if !w.isBuiltin(id) {
		return
	}
	if w.replace(w.off(id.Pos()), w.off(id.End()), func() string { return pkgRuntimeName + "." + pkgBuiltins[id.Name] }) {
		w.runtime = true
	}
}

// isBuiltin reports whether id names a builtin, with the package's types.
func (w *pkgGoWriter) isBuiltin(id *ast.Ident) bool {
	if w.types == nil {
		return false
	}
	_, ok := w.types.info.Uses[id].(*types.Builtin)
	return ok
}
