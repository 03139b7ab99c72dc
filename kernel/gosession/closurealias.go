package gosession

import (
	"go/ast"
	"strings"
)

// Function values defined as another function value.
//
// The origin checks (ifaceorigin.go, ifaceflow.go) follow a call of a
// local or session variable defined with a function literal to that
// literal's parameters, so a call passing a session value the interpreter
// gives its underlying type (`f(Level(2))` for an `f` that prints its
// parameter with %T) is refused. A variable defined as another such
// variable (`g := f`) was not followed: `g(Level(2))` printed int (Go
// main.Level). closureAlias gives g f's declaration, when neither is
// assigned again nor has its address taken. Written for this package.

// closureAlias returns the declaration closureDeclIn gives the function
// variable id (a local one of scope, or a session variable), or nil.
func (r *rewriter) closureAlias(id *ast.Ident, scope ast.Node) *ast.FuncDecl {
	if strings.HasPrefix(id.Name, "_activis") {
		return nil
	}
	if id.Obj != nil {
		if id.Obj.Kind != ast.Var {
			return nil
		}
		return r.closureDeclIn(id.Obj, scope)
	}
	return r.sessionClosure(id.Name) // a session variable's definition, or nil
}

// closureAliasSource reports whether src, a session variable's
// definition, may define it as another variable (`g := f`, `var g = f`).
func closureAliasSource(src string) bool {
	_, v, ok := strings.Cut(src, "=")
	v = strings.TrimSpace(v)
	return ok && v != "" && !strings.ContainsAny(v, "(){}[] \t\n.")
}
