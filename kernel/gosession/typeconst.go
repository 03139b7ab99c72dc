package gosession

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
	"strings"
)

// Types whose declaration uses a redefined constant.
//
// A type is compiled once: after `const N = 3; type Arr [N]int`, a later
// `const N = 5` recompiled the functions using N (redefine.go) but left
// Arr a [3]int, so `len(Arr{})` in a function gave 3 where Go gives 5,
// without an error. Such a redefinition makes the cell fail with an error
// naming the type and saying to declare it again in a later cell, which
// then gives it a new version even when the declaration is the same
// (renameTypes, names.go), and the functions using it follow
// (typedeps.go). Written for this package.

// staleTypeConsts returns the errors for the session types, other than
// those file declares, whose declaration refers to a constant or variable
// of changed. s.mu is held.
func staleTypeConsts(st *state, file *ast.File, changed map[string]bool) []string {
	declared := map[string]bool{}
	for _, d := range file.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.TYPE {
			for _, sp := range gd.Specs {
				declared[sp.(*ast.TypeSpec).Name.Name] = true
			}
		}
	}
	var out []string
	for u, src := range st.typeSrc {
		if declared[st.typeNames[u]] || src == "" {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), "", "package main\ntype "+src, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		skip := notReferences(f) // execute.go
		uses := map[string]bool{}
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.Field:
				for _, nm := range x.Names {
					skip[nm] = true
				}
			case *ast.Ident:
				if !skip[x] && changed[x.Name] && st.deps[x.Name] != nil && st.deps[x.Name].node == nil {
					uses[x.Name] = true
				}
			}
			return true
		})
		if len(uses) == 0 {
			continue
		}
		names := make([]string, 0, len(uses))
		for n := range uses {
			names = append(names, n)
		}
		sort.Strings(names)
		w := strings.Join(names, ", ")
		if st.staleTypes == nil {
			st.staleTypes = map[string]bool{}
		}
		st.staleTypes[u] = true // its next declaration makes a new version
		out = append(out, fmt.Sprintf("type %s uses %s, which this cell redefined, and a type is compiled once: it keeps the old %s; run the declaration of %s again in a later cell (the functions using it follow)", u, w, w, u))
	}
	sort.Strings(out)
	return out
}
