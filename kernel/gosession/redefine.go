package gosession

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
	"strings"

	"github.com/traefik/yaegi/interp"

	"github.com/activis-go/activis/kernel/session"
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
// it cannot be called until it is defined again (or f changed back).
// Values computed before (x := g()) are not recomputed. Methods cannot be
// recompiled alone (yaegi keeps a type's first method set): a method that
// uses a redefined name makes the cell fail with an error saying to run
// the method's declaration again, which then makes a new version of the
// type (see renameTypes).
// Written for this package.

// funcDep is the record of a top-level function, method or variable for
// redefinition.
type funcDep struct {
	name   string
	node   *ast.FuncDecl // nil for a variable
	refs   map[string]bool
	order  int
	cell   string
	sig    string
	src    string // the printed declaration
	method bool   // a method: reported, not recompiled
	// lit holds the names the function literal a variable was defined
	// with refers to (stalelit.go); nil for other values.
	lit map[string]bool
}

// redefine records the functions, methods and variables a group defined
// and recompiles the functions depending on those it redefined.
func (s *Session) redefine(c *cell, st *state, file *ast.File, kind ItemKind) *session.ExecError {
	s.mu.Lock()
	if st.deps == nil {
		st.deps = map[string]*funcDep{}
	}
	changed := map[string]bool{}
	own := map[string]bool{}
	sigs := map[string]string{}
	note := func(key string, d *funcDep) {
		own[key] = true
		d.order = len(st.deps)
		if old := st.deps[key]; old != nil {
			changed[key] = true
			d.order = old.order
		}
		sigs[key] = d.sig
		st.deps[key] = d
	}
	noteVar := func(id *ast.Ident, tok token.Token) {
		if id.Name != "_" {
			note(id.Name, &funcDep{name: id.Name, cell: c.name, sig: tok.String() + " " + id.Name})
		}
	}
	if kind == DeclItem {
		for _, d := range file.Decls {
			switch x := d.(type) {
			case *ast.FuncDecl:
				hdr := *x
				hdr.Body, hdr.Doc = nil, nil
				fd := &funcDep{name: x.Name.Name, node: x, refs: globalRefs(x), cell: c.name,
					sig: nodeString(st.fset, &hdr), src: nodeString(st.fset, x)}
				key := x.Name.Name
				if x.Recv != nil && len(x.Recv.List) == 1 {
					fd.method = true
					fd.name = typeName(x.Recv.List[0].Type) + "." + x.Name.Name
					key = "(" + fd.name + ")"
				}
				note(key, fd)
			case *ast.GenDecl:
				if x.Tok != token.VAR && x.Tok != token.CONST {
					continue
				}
				for _, sp := range x.Specs {
					for _, n := range sp.(*ast.ValueSpec).Names {
						noteVar(n, x.Tok)
					}
				}
			}
		}
	} else if len(file.Decls) == 1 {
		if fd, ok := file.Decls[0].(*ast.FuncDecl); ok && fd.Body != nil {
			for _, stmt := range fd.Body.List {
				switch x := stmt.(type) {
				case *ast.AssignStmt:
					if x.Tok == token.DEFINE {
						for _, l := range x.Lhs {
							if id, ok := l.(*ast.Ident); ok {
								noteVar(id, token.VAR)
							}
						}
					}
				case *ast.DeclStmt:
					if gd, ok := x.Decl.(*ast.GenDecl); ok && (gd.Tok == token.VAR || gd.Tok == token.CONST) {
						for _, sp := range gd.Specs {
							for _, n := range sp.(*ast.ValueSpec).Names {
								noteVar(n, gd.Tok)
							}
						}
					}
				}
			}
		}
	}
	noteLits(st, file, kind) // stalelit.go
	// Functions using a type that got a new version (typedeps.go).
	versions := typeVersions(st, file)
	stale := map[string]bool{}
	var staleErrs []string
	if len(versions) > 0 {
		for name, d := range st.deps {
			if own[name] || d.node == nil || d.method {
				continue
			}
			ok, err := retarget(st, d, versions)
			if err != nil {
				staleErrs = append(staleErrs, err.Error())
			} else if ok {
				stale[name] = true
			}
		}
	}
	// The dependents, transitively, in definition order.
	var todo []*funcDep
	if len(changed) > 0 || len(stale) > 0 {
		reached := map[string]bool{}
		for name := range stale {
			reached[name] = true
			todo = append(todo, st.deps[name])
		}
		for grew := true; grew; {
			grew = false
			for name, d := range st.deps {
				if own[name] || reached[name] || d.node == nil {
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
	s.markStaleLits(st, c.name, own, changed, todo)                      // stalelit.go
	staleErrs = append(staleErrs, staleTypeConsts(st, file, changed)...) // typeconst.go
	s.mu.Unlock()
	fails := staleErrs
	for _, d := range todo {
		if d.method {
			if typ, _, _ := strings.Cut(d.name, "."); versions[typ] != "" || func() bool { _, ok := staleName(versions, typ); return ok }() {
				continue // a method of the old version of a type (typedeps.go)
			}
			var what []string
			for r := range d.refs {
				if changed[r] {
					what = append(what, r)
				}
			}
			sort.Strings(what)
			// The method's next declaration, even an identical one,
			// counts as a change: it makes a new version of the type.
			typ, m, _ := strings.Cut(d.name, ".")
			s.mu.Lock()
			if st.methodSrc[typ] != nil {
				st.methodSrc[typ][m] = "(stale: " + strings.Join(what, ", ") + " redefined)"
			}
			s.mu.Unlock()
			fails = append(fails, fmt.Sprintf("method %s (defined in %s) uses %s, which this cell redefined, and methods are not recompiled "+
				"(the interpreter keeps a type's first methods): it still uses the old %s; run the declaration of %s again (values made after that get a new version of %s)",
				d.name, d.cell, strings.Join(what, ", "), strings.Join(what, ", "), d.name, typ))
			continue
		}
		// The function is parsed again from its printed (rewritten) tree:
		// yaegi does not compile a tree twice right. A //line directive
		// keeps its lines.
		f, err := parser.ParseFile(st.fset, interp.DefaultSourceName,
			fmt.Sprintf("package main;\n//line %s:%d:1\n%s", interp.DefaultSourceName, st.fset.Position(d.node.Pos()).Line, d.src), parser.ParseComments)
		var prog *interp.Program
		if err == nil {
			aliases, _ := instanceAliases(f, topSpecs(f), sessionScope{s, st}.isGenericType) // nestedinst.go: the tree holds the instances as written
			f.Decls = withAliases(f.Decls, aliases)
			prog, _, err = st.compile(f) // session.go
		}
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
			} else if stale[d.name] {
				via = "a type it uses was declared again"
			}
			fails = append(fails, fmt.Sprintf("%s (defined in %s) no longer compiles (%s): %s; %s cannot be used until it is defined again",
				d.name, d.cell, via, s.fixPositions(err.Error()), d.name))
		}
	}
	if len(fails) == 0 {
		return nil
	}
	msg := "redefinition: " + strings.Join(fails, "\n")
	return &session.ExecError{Name: "CompileError", Value: msg, Traceback: []string{"CompileError: " + msg}}
}

// globalRefs returns the names a function refers to that it does not
// declare itself (session functions, variables, types and packages).
func globalRefs(fd *ast.FuncDecl) map[string]bool { return outerRefs(fd) }

// outerRefs returns the names n refers to that it does not declare
// itself: for a function or a function literal, the session's functions,
// variables, types and packages it uses.
func outerRefs(n ast.Node) map[string]bool {
	refs := map[string]bool{}
	skip := notReferences(n) // execute.go
	ast.Inspect(n, func(m ast.Node) bool {
		x, ok := m.(*ast.Ident)
		if !ok || skip[x] || x.Name == "_" || !token.IsIdentifier(x.Name) {
			return true
		}
		if x.Obj != nil {
			// Declared inside n (a parameter, a local): not a reference
			// to the session.
			if d, ok := x.Obj.Decl.(ast.Node); ok && d.Pos() >= n.Pos() && d.End() <= n.End() {
				return true
			}
		}
		refs[x.Name] = true
		return true
	})
	return refs
}

// redefinesVar reports whether a statement item defines a name a function
// of the session refers to: the statements after it run as a group of
// their own, after the dependents are recompiled.
func (s *Session) redefinesVar(st *state, src string) bool {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p; func _() {"+src+"\n}", parser.SkipObjectResolution)
	if err != nil || len(f.Decls) != 1 {
		return false
	}
	body := f.Decls[0].(*ast.FuncDecl).Body
	if body == nil || len(body.List) != 1 {
		return false
	}
	var names []string
	switch x := body.List[0].(type) {
	case *ast.AssignStmt:
		if x.Tok == token.DEFINE {
			for _, l := range x.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					names = append(names, id.Name)
				}
			}
		}
	case *ast.DeclStmt:
		if gd, ok := x.Decl.(*ast.GenDecl); ok && (gd.Tok == token.VAR || gd.Tok == token.CONST) {
			for _, sp := range gd.Specs {
				for _, n := range sp.(*ast.ValueSpec).Names {
					names = append(names, n.Name)
				}
			}
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, n := range names {
		for _, d := range st.deps {
			if d.node != nil && d.refs[n] {
				return true
			}
		}
	}
	return false
}
