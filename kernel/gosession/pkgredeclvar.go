package gosession

import (
	"go/ast"
	"go/token"
)

// Short variable declarations that redeclare a variable, in package
// files: the cells' redeclvar.go. yaegi made a new variable for a name
// that `n, err := f()` redeclares, so a package function returning its
// named result bare after `w, err := g()` returned the earlier err
// without an error. Each redeclared name is written, on the same line,
// as a temporary the declaration defines and an assignment after it (a
// value of literals, or nil, is assigned again by itself, its place taken
// by the blank identifier):
//
//	n, err := f()    →  n, _activisRd1 := f(); err = _activisRd1
//	a, s := g(), ""  →  a, _ := g(), ""; s = ""
//
// Only for a declaration that is a statement of a list, unlabelled.

// redeclaredDef writes as, a statement of a list, as above when it
// redeclares a variable.
func (w *pkgGoWriter) redeclaredDef(as *ast.AssignStmt) {
	if as.Tok != token.DEFINE {
		return
	}
	nn := len(as.Rhs) == len(as.Lhs)
	type edit struct {
		id        *ast.Ident
		in, value string
	}
	var edits []edit
	for i, l := range as.Lhs {
		id := redeclaredIdent(l) // redeclvar.go
		if id == nil {
			continue
		}
		if _, taken := w.repl[w.off(id.Pos())]; taken {
			return // another rewrite writes the name
		}
		e := edit{id: id, value: w.temp("Rd")}
		e.in = e.value
		if nn && isNilOrLit(as.Rhs[i]) { // compare.go
			e.in, e.value = "_", w.raw(as.Rhs[i]) // raw: node would fix the writer's marks before the walk ends
		}
		edits = append(edits, e)
	}
	sets := ""
	for _, e := range edits {
		w.replace(w.off(e.id.Pos()), w.off(e.id.End()), func() string { return e.in })
		sets += "; " + e.id.Name + " = " + e.value
	}
	if sets != "" {
		w.enclose(as, "", sets)
	}
}
