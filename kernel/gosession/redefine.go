package gosession

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
	"strings"

	"github.com/traefik/yaegi/interp"

	"github.com/activis-go/activis/kernel"
)

// Redefinition re-evaluates dependents.
//
// yaegi binds a call to the function it names when the caller is compiled,
// so redefining f in a later cell left an earlier g calling the old f
// (yaegi issue 1673). The session records each top-level function's
// (rewritten) syntax tree and the session names it refers to; when a cell
// redefines functions, every recorded function that refers to one of them,
// directly or through another such function, is compiled again from its
// tree, in the order the functions were first defined. A dependent that no
// longer compiles (the new f has another signature) makes the cell fail
// with an error naming it, the cell that defined it and f's new signature;
// it cannot be called until it is defined again (or f changed back). Values computed before
// (x := g()) are not recomputed, and methods are not re-evaluated.
// Written for this package.

// funcDep is the record of a top-level function for redefinition.
type funcDep struct {
	name  string
	node  *ast.FuncDecl
	refs  map[string]bool
	order int
	cell  string
	sig   string
	src   string // the printed declaration
}

// redefine records the functions of a declaration group that ran and
// recompiles the functions depending on those it redefined.
func (s *Session) redefine(c *cell, st *state, file *ast.File) *kernel.ExecError {
	s.mu.Lock()
	if st.deps == nil {
		st.deps = map[string]*funcDep{}
	}
	changed := map[string]bool{}
	own := map[string]bool{}
	sigs := map[string]string{}
	for _, d := range file.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv != nil {
			continue
		}
		name := fd.Name.Name
		own[name] = true
		hdr := *fd
		hdr.Body, hdr.Doc = nil, nil
		sig := nodeString(st.fset, &hdr)
		sigs[name] = sig
		order := len(st.deps)
		if old := st.deps[name]; old != nil {
			changed[name] = true
			order = old.order
		}
		st.deps[name] = &funcDep{name: name, node: fd, refs: globalRefs(fd), order: order, cell: c.name, sig: sig, src: nodeString(st.fset, fd)}
	}
	// The dependents, transitively, in definition order.
	var todo []*funcDep
	if len(changed) > 0 {
		reached := map[string]bool{}
		for grew := true; grew; {
			grew = false
			for name, d := range st.deps {
				if own[name] || reached[name] {
					continue
				}
				for r := range d.refs {
					if changed[r] || reached[r] {
						reached[name] = true
						todo = append(todo, d)
						grew = true
						break
					}
				}
			}
		}
		sort.Slice(todo, func(i, j int) bool { return todo[i].order < todo[j].order })
	}
	s.mu.Unlock()
	var fails []string
	for _, d := range todo {
		// The function is parsed again from its printed (rewritten) tree:
		// yaegi does not compile a tree twice right. A //line directive
		// keeps its lines.
		st.interpMu.Lock()
		f, err := parser.ParseFile(st.fset, interp.DefaultSourceName,
			fmt.Sprintf("package main;\n//line %s:%d:1\n%s", interp.DefaultSourceName, st.fset.Position(d.node.Pos()).Line, d.src), parser.ParseComments)
		var prog *interp.Program
		if err == nil {
			prog, err = compileSafe(st.in, f)
		}
		st.interpMu.Unlock()
		if err == nil {
			_, err = st.in.ExecuteWithContext(c.ctx, prog)
		}
		if err != nil {
			var what []string
			for r := range d.refs {
				if changed[r] {
					what = append(what, "`"+sigs[r]+"`")
				}
			}
			sort.Strings(what)
			via := "a function it calls was redefined"
			if len(what) > 0 {
				via = "now " + strings.Join(what, ", ")
			}
			fails = append(fails, fmt.Sprintf("%s (defined in %s) no longer compiles (%s): %s; %s cannot be used until it is defined again",
				d.name, d.cell, via, s.fixPositions(err.Error()), d.name))
		}
	}
	if len(fails) == 0 {
		return nil
	}
	msg := "redefinition: " + strings.Join(fails, "\n")
	return &kernel.ExecError{Name: "CompileError", Value: msg, Traceback: []string{"CompileError: " + msg}}
}

// globalRefs returns the names a function refers to that it does not
// declare itself (session functions, variables, types and packages).
func globalRefs(fd *ast.FuncDecl) map[string]bool {
	refs := map[string]bool{}
	skip := map[*ast.Ident]bool{fd.Name: true}
	ast.Inspect(fd, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.SelectorExpr:
			skip[x.Sel] = true
		case *ast.KeyValueExpr:
			if id, ok := x.Key.(*ast.Ident); ok {
				skip[id] = true
			}
		case *ast.Ident:
			if skip[x] || x.Name == "_" || !token.IsIdentifier(x.Name) {
				break
			}
			if x.Obj != nil {
				// Declared inside fd (a parameter, a local): not a
				// reference to the session.
				if d, ok := x.Obj.Decl.(ast.Node); ok && d.Pos() >= fd.Pos() && d.End() <= fd.End() {
					break
				}
			}
			refs[x.Name] = true
		}
		return true
	})
	return refs
}
