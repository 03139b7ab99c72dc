package gosession

import (
	"go/ast"
	"go/token"
	"regexp"
	"sort"
	"strings"

	"github.com/activis-go/activis/kernel/session"
)

// Names declared by a group that failed to compile.
//
// yaegi declares a group's top-level names while it type-checks the group,
// before it finds an error, and keeps them: after `x := 5` and a line that
// does not compile in the same cell, x exists with its zero value, so a
// later cell printed 0 for it without an error; a name declared before
// and declared again by such a group lost its value the same way (`n :=
// 3`, then a failing cell with `n := 4`: n was 0). The session remembers
// the names such a group declares (failedNames); a later group that uses
// one without declaring it is refused, naming the cell, until a group that
// declares it compiles and runs. A name whose import failed is refused the
// same way (noteFailedImport). Written for this package.

// topNames lists the names a group declares at its top level: functions,
// types, variables and constants of a declaration group, and the
// variables a statement group defines with := or var.
func topNames(file *ast.File, kind ItemKind) []string {
	var names []string
	for _, id := range topIdents(file, kind) {
		if id.Name != "_" && !strings.HasPrefix(id.Name, "_activis") {
			names = append(names, id.Name)
		}
	}
	return names
}

// topIdents returns the identifiers topNames names, in source order,
// blank and session names included.
func topIdents(file *ast.File, kind ItemKind) []*ast.Ident {
	var out []*ast.Ident
	addSpecs := func(gd *ast.GenDecl) {
		for _, sp := range gd.Specs {
			switch y := sp.(type) {
			case *ast.TypeSpec:
				out = append(out, y.Name)
			case *ast.ValueSpec:
				out = append(out, y.Names...)
			}
		}
	}
	switch kind {
	case DeclItem:
		for _, d := range file.Decls {
			switch x := d.(type) {
			case *ast.FuncDecl:
				if x.Recv == nil {
					out = append(out, x.Name)
				}
			case *ast.GenDecl:
				if x.Tok != token.IMPORT {
					addSpecs(x)
				}
			}
		}
	case StmtItem, ExprItem:
		fd, ok := file.Decls[0].(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			return nil
		}
		for _, stmt := range fd.Body.List {
			switch x := stmt.(type) {
			case *ast.DeclStmt:
				if gd, ok := x.Decl.(*ast.GenDecl); ok {
					addSpecs(gd)
				}
			case *ast.AssignStmt:
				if x.Tok == token.DEFINE {
					for _, l := range x.Lhs {
						if id, ok := l.(*ast.Ident); ok {
							out = append(out, id)
						}
					}
				}
			}
		}
	}
	return out
}

// noteFailed records the names a group that failed to compile declared
// (see above).
func (s *Session) noteFailed(st *state, file *ast.File, kind ItemKind, cell string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, n := range topNames(file, kind) {
		if st.imports[n] != "" {
			continue
		}
		if st.failedNames == nil {
			st.failedNames = map[string]string{}
		}
		st.failedNames[n] = cell
	}
}

// noteFailedImport records that the import of the package named name
// failed in cell: yaegi keeps a half-made symbol of that name, so a later
// cell using it failed with "incomplete type p" or a nil dereference and
// a hint about top-level variables; usesFailed says what happened.
func (s *Session) noteFailedImport(st *state, name, cell string) {
	if name == "" || name == "_" || name == "." {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if st.imports[name] != "" {
		return // an earlier import of that name stands
	}
	if st.failedImports == nil {
		st.failedImports = map[string]string{}
	}
	st.failedImports[name] = cell
}

// undefinedMsg matches a compile error's report of an undefined name.
var undefinedMsg = regexp.MustCompile(`(?:^|: )undefined: (\w+)`)

// noteUndefined records the name a failed compile's message msg reports
// undefined, where the session does not declare it: yaegi keeps a
// half-made symbol of that name, so a later cell using it failed with
// yaegi's "CFG post-order panic: incomplete type Temp" (for
// `x := []any{Temp(1)}` after `fmt.Println(Temp(3))` failed) or with a
// hint about top-level variables; usesFailed reports it undefined again.
func (s *Session) noteUndefined(st *state, msg string) {
	m := undefinedMsg.FindStringSubmatch(msg)
	if m == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if st.decls[m[1]] != nil || st.imports[m[1]] != "" {
		return
	}
	if st.undefinedNames == nil {
		st.undefinedNames = map[string]bool{}
	}
	st.undefinedNames[m[1]] = true
}

// clearFailed forgets the names a group that compiled and ran declared.
func (s *Session) clearFailed(st *state, file *ast.File, kind ItemKind) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, n := range topNames(file, kind) {
		delete(st.failedNames, n)
		delete(st.undefinedNames, n)
		delete(st.unreached, n) // unreached.go
		delete(st.staleLits, n) // stalelit.go
	}
}

// usesFailed refuses a group that uses a name only a failed group
// declared, and does not declare it itself.
func (s *Session) usesFailed(st *state, file *ast.File, kind ItemKind) *session.ExecError {
	s.mu.Lock()
	failed := len(st.failedNames) > 0 || len(st.unreached) > 0 || len(st.staleLits) > 0 || len(st.failedImports) > 0 ||
		len(st.undefinedNames) > 0
	s.mu.Unlock()
	if !failed {
		return nil
	}
	own := map[string]bool{}
	for _, n := range topNames(file, kind) {
		own[n] = true
	}
	skip := notReferences(file) // execute.go
	used := map[string]string{}
	where := map[string]string{} // the position of a name reported undefined
	s.mu.Lock()
	ast.Inspect(file, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || skip[id] || id.Obj != nil || own[id.Name] {
			return true
		}
		if cell, ok := st.failedNames[id.Name]; ok {
			used[id.Name] = id.Name + " was declared by " + cell + ", which failed to compile, so it has no value (the interpreter keeps the name with its zero value); run a corrected cell that declares it"
		} else if cell, ok := st.unreached[id.Name]; ok {
			used[id.Name] = id.Name + " was declared by " + cell + " after the point where that cell stopped, so it has no value (the interpreter declared the name with its zero value before the cell ran); run a cell that declares it"
		} else if msg, ok := st.staleLits[id.Name]; ok {
			used[id.Name] = msg // stalelit.go
		} else if st.undefinedNames[id.Name] && st.decls[id.Name] == nil && st.imports[id.Name] == "" {
			where[id.Name] = st.fset.Position(id.Pos()).String()
			used[id.Name] = "undefined: " + id.Name
		} else if cell, ok := st.failedImports[id.Name]; ok && st.imports[id.Name] == "" {
			used[id.Name] = id.Name + " is not imported: its import in " + cell + " failed (the error there says why); " +
				"import the package again once it is fixed (%go get a version that builds), or compile it into the kernel (activis-kernel build --with MODULE)"
		}
		return true
	})
	s.mu.Unlock()
	if len(used) == 0 {
		return nil
	}
	names := make([]string, 0, len(used))
	for n := range used {
		names = append(names, n)
	}
	sort.Strings(names)
	n := names[0]
	msg := used[n]
	if w := where[n]; w != "" {
		msg = s.fixPositions(w + ": " + msg) // as the compile reported it: "In[3] line 1: undefined: Temp"
	}
	return &session.ExecError{Name: "CompileError", Value: msg, Traceback: []string{"CompileError: " + msg}}
}
