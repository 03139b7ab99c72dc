package gosession

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"

	"github.com/traefik/yaegi/interp"
)

// Functions using a type that got a new version.
//
// A type declared again with another declaration, or whose methods a cell
// changes, gets a new interpreter name (renameTypes, names.go), but the
// session functions compiled before kept the old type: after `func (p P)
// M() int { return 2 }` replaced `return 1`, a function `use(p P) int {
// return p.M() }` of an earlier cell still called the old method, so
// use(P{}) gave 1 where P{}.M() gave 2, without an error; after a field
// was added to P, use(P{1, 2}) failed with "cannot use type main.P_v1 as
// type main.P". When a group gives types new versions, redefine compiles
// the recorded functions (not methods) that refer to an earlier version
// again, with the references pointing at the new one, and then their
// dependents as for any redefinition; one that no longer compiles (it
// uses a field the type lost) is named. Methods of the old version are
// left to the values made before. Written for this package.

// typeVersions returns the user names of the types file declares under a
// new version, with the version's interpreter name. s.mu is held.
func typeVersions(st *state, file *ast.File) map[string]string {
	out := map[string]string{}
	for _, d := range file.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			continue
		}
		for _, sp := range gd.Specs {
			internal := sp.(*ast.TypeSpec).Name.Name
			for u, i := range st.typeNames {
				if i == internal && u != i && !predeclaredType(u) {
					out[u] = i
				}
			}
		}
	}
	return out
}

// staleName returns the current interpreter name of a type of versions
// when name is an earlier interpreter name of it (the user name or
// name_vN).
func staleName(versions map[string]string, name string) (string, bool) {
	for u, i := range versions {
		if name == i {
			return "", false
		}
		if name == u {
			return i, true
		}
		if rest, ok := strings.CutPrefix(name, u+"_v"); ok && rest != "" && strings.Trim(rest, "0123456789") == "" {
			return i, true
		}
	}
	return "", false
}

// retarget rewrites the recorded function d to refer to the new versions
// of versions' types and reports whether it referred to an earlier one.
func retarget(st *state, d *funcDep, versions map[string]string) (bool, error) {
	stale := false
	for r := range d.refs {
		if _, ok := staleName(versions, r); ok {
			stale = true
		}
	}
	if !stale {
		return false, nil
	}
	f, err := parser.ParseFile(st.fset, interp.DefaultSourceName,
		fmt.Sprintf("package main;\n//line %s:%d:1\n%s", interp.DefaultSourceName, st.fset.Position(d.node.Pos()).Line, d.src), parser.ParseComments)
	if err != nil {
		return true, fmt.Errorf("retargeting %s: %w", d.name, err)
	}
	fd, ok := f.Decls[0].(*ast.FuncDecl)
	if !ok {
		return true, fmt.Errorf("retargeting %s: not a function", d.name)
	}
	skip := notReferences(f) // execute.go
	ast.Inspect(fd, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.StructType:
			for _, fl := range x.Fields.List {
				for _, nm := range fl.Names {
					skip[nm] = true
				}
			}
		case *ast.Ident:
			if skip[x] || x.Obj != nil {
				break // a field, a selected name or a local name
			}
			if i, ok := staleName(versions, x.Name); ok {
				x.Name = i
			}
		}
		return true
	})
	fd.Doc = nil
	d.node, d.src, d.refs = fd, nodeString(st.fset, fd), globalRefs(fd)
	return true, nil
}
