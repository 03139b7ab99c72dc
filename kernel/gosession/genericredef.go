package gosession

import (
	"fmt"
	"go/ast"
	"strings"
)

// A generic function declared again with another body.
//
// yaegi keeps the instances it made of a generic function under the
// function's name: after `func Double[T int | float64](x T) T { return x
// * 2 }` had been called with an int (or compiled into a caller), the
// declaration `… { return x * 3 }` in a later cell left Double(3) at 6
// while Double(1.5) gave 4.5, without an error, and the functions that
// call it kept the old code after their recompilation (redefine.go). The
// session keeps each generic function's source and refuses a declaration
// of the same name with another source, saying to give it a new name;
// running the same declaration again, or another one before any code
// referred to the function, is allowed. Written for this
// package.

// genericRedefined returns the error refusing the generic functions of
// file that the session declared before with another source; the sources
// of the others wait in st.genericPending for the group to run
// (keepGenerics).
func (s *Session) genericRedefined(st *state, file *ast.File) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	srcs := map[string]string{}
	for _, d := range file.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv != nil || fd.Type.TypeParams == nil || len(fd.Type.TypeParams.List) == 0 {
			continue
		}
		bare := *fd
		bare.Doc = nil // the cell's //line directive
		src := nodeString(st.fset, &bare)
		if old, ok := st.genericFuncs[fd.Name.Name]; ok && old.used && old.src != src {
			return fmt.Errorf("generic function %s was declared by %s with another body, and the interpreter keeps the instances it made of the first one "+
				"(calls would still run the old code for type arguments used before): declare the new version under a new name, such as %s2, or restart the kernel",
				fd.Name.Name, old.cell, strings.TrimSuffix(fd.Name.Name, "2"))
		}
		srcs[fd.Name.Name] = src
	}
	st.genericPending = srcs
	return nil
}

// keepGenerics records the sources genericRedefined left pending, for a
// group of file that compiled and ran in cell, and marks the generic
// functions file refers to as used.
func (s *Session) keepGenerics(st *state, file *ast.File, cell string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st.genericFuncs == nil {
		st.genericFuncs = map[string]*genericFunc{}
	}
	for n, src := range st.genericPending {
		if old := st.genericFuncs[n]; old == nil || old.src != src {
			st.genericFuncs[n] = &genericFunc{src: src, cell: cell}
		}
	}
	st.genericPending = nil
	skip := notReferences(file) // execute.go
	ast.Inspect(file, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || skip[id] {
			return true
		}
		if id.Obj != nil {
			if _, ok := id.Obj.Decl.(*ast.FuncDecl); !ok {
				return true // a local name
			}
		}
		if g := st.genericFuncs[id.Name]; g != nil {
			g.used = true
		}
		return true
	})
}

// genericFunc is the recorded declaration of a generic function.
type genericFunc struct {
	src  string // the declaration
	cell string // the cell that declared it
	used bool   // code compiled since refers to it
}
