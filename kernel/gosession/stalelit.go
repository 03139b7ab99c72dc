package gosession

import (
	"go/ast"
	"go/token"
	"sort"
	"strings"
)

// Variables holding a function literal that uses a redefined name.
//
// Redefining f recompiles the session functions that call it
// (redefine.go), but a function value made before is not a declaration:
// after `h := func() int { return f() }` and a later `func f() int {
// return 2 }`, h() still called the old f (yaegi binds the call when it
// compiles the literal) and gave 1 without an error; after `limit :=
// 10` a literal reading limit still read the old variable. Running the
// literal again could undo a later assignment to h, so the session
// refuses h in later cells instead, naming f and saying to define h
// again; the refusal ends when a cell defines h. Values that hold the
// old literal elsewhere (a slice, a registered callback) are not seen.
// Written for this package.

// noteLits records, for the variables a group defines with a function
// literal, the names the literal refers to. s.mu is held.
func noteLits(st *state, file *ast.File, kind ItemKind) {
	note := func(names []*ast.Ident, values []ast.Expr) {
		if len(names) != len(values) {
			return
		}
		for i, id := range names {
			lit, ok := ast.Unparen(values[i]).(*ast.FuncLit)
			if d := st.deps[id.Name]; ok && d != nil && d.node == nil {
				d.lit = outerRefs(lit) // redefine.go
			}
		}
	}
	specs := func(gd *ast.GenDecl) {
		if gd.Tok == token.VAR {
			for _, sp := range gd.Specs {
				vs := sp.(*ast.ValueSpec)
				note(vs.Names, vs.Values)
			}
		}
	}
	if kind == DeclItem {
		for _, d := range file.Decls {
			if gd, ok := d.(*ast.GenDecl); ok {
				specs(gd)
			}
		}
		return
	}
	if len(file.Decls) != 1 {
		return
	}
	fd, ok := file.Decls[0].(*ast.FuncDecl)
	if !ok || fd.Body == nil {
		return
	}
	for _, stmt := range fd.Body.List {
		switch x := stmt.(type) {
		case *ast.AssignStmt:
			if x.Tok == token.DEFINE {
				var ids []*ast.Ident
				for _, l := range x.Lhs {
					id, ok := l.(*ast.Ident)
					if !ok {
						return
					}
					ids = append(ids, id)
				}
				note(ids, x.Rhs)
			}
		case *ast.DeclStmt:
			if gd, ok := x.Decl.(*ast.GenDecl); ok {
				specs(gd)
			}
		}
	}
}

// markStaleLits records the refusal of the variables holding a function
// literal that refers to a function, variable or constant this cell
// redefined (changed) or a function it recompiled (todo), other than
// those the cell defined (own). s.mu is held.
func (s *Session) markStaleLits(st *state, cell string, own, changed map[string]bool, todo []*funcDep) {
	hit := map[string]bool{}
	for n := range changed {
		if d := st.deps[n]; d != nil && !d.method {
			hit[n] = true // a function, variable or constant
		}
	}
	for _, d := range todo {
		if !d.method {
			hit[d.name] = true
		}
	}
	if len(hit) == 0 {
		return
	}
	for name, d := range st.deps {
		if own[name] || d.lit == nil {
			continue
		}
		var what []string
		for r := range d.lit {
			// A literal of this cell before a variable defined again
			// later in it uses the earlier one, as in Go (useorder.go).
			if hit[r] && !(d.cell == cell && st.deps[r] != nil && st.deps[r].node == nil) {
				what = append(what, r)
			}
		}
		if len(what) == 0 {
			continue
		}
		sort.Strings(what)
		if st.staleLits == nil {
			st.staleLits = map[string]string{}
		}
		fs := strings.Join(what, ", ")
		st.staleLits[name] = name + " holds a function literal of " + d.cell + " that uses " + fs + ", which " + cell +
			" replaced, and it would still use the old " + fs + " (a function value is not recompiled): define " + name + " again (run its cell)"
	}
}
