package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Types declared in a function with the name of a package-level type, in
// package files.
//
// yaegi v0.16.1 resolves a type declared inside a function body to the
// package-level type of the same name (localtype.go, where cells refuse
// it). In a package the result was silently wrong: the standard library's
// json ExampleUnmarshal declares `type Animal struct{ Name, Order string }`
// in the function while its package has `type Animal int`, and
// `json.Unmarshal(blob, &animals)` into `[]Animal` failed with "cannot
// unmarshal object into Go value of type int". With the package's types,
// such a local type is renamed, at its declaration and at every use the
// type checker resolves to it, to a name of the same length that no file
// of the package uses, so that the file keeps every offset (the other
// rewrites work on the renamed text) and its lines. The type checker's
// names stay the user's: %T of a value of static type Animal still prints
// p.Animal (pkgtypeverb.go). Rewrites that would write the local type's
// name into new code leave such a value alone (typeText). Written for this
// package.

// renameLocalTypes returns w.src with the local types of f that shadow a
// package-level type renamed as above (w.src itself when there are none),
// and records the renamed types in w.localRenamed.
func (w *pkgGoWriter) renameLocalTypes(f *ast.File) []byte {
	if w.types == nil {
		return w.src
	}
	scope := w.types.pkg.Scope()
	var shadows []*types.TypeName
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			ts, ok := n.(*ast.TypeSpec)
			if !ok {
				return true
			}
			obj, _ := w.types.info.Defs[ts.Name].(*types.TypeName)
			if _, top := scope.Lookup(ts.Name.Name).(*types.TypeName); top && obj != nil && obj.Parent() != scope {
				shadows = append(shadows, obj)
			}
			return true
		})
	}
	if len(shadows) == 0 {
		return w.src
	}
	used := map[string]bool{}
	for _, file := range w.types.files {
		ast.Inspect(file, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				used[id.Name] = true
			}
			return true
		})
	}
	for _, name := range scope.Names() {
		used[name] = true
	}
	names := map[types.Object]string{}
	for _, obj := range shadows {
		if s := sameLengthName(obj.Name(), used); s != "" {
			names[obj] = s
			used[s] = true
		}
	}
	if len(names) == 0 {
		return w.src
	}
	src := append([]byte(nil), w.src...)
	ast.Inspect(f, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		obj := w.types.info.Defs[id]
		if obj == nil {
			obj = w.types.info.Uses[id]
		}
		if s, ok := names[obj]; ok {
			copy(src[w.off(id.Pos()):], s)
		}
		return true
	})
	w.localRenamed = names
	return src
}

// sameLengthName returns an identifier of name's length that is not in
// used: name with its last characters replaced by digits or letters, or
// "" when there is none.
func sameLengthName(name string, used map[string]bool) string {
	for _, c := range []byte(name) {
		if c >= 0x80 {
			return ""
		}
	}
	const chars = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	b := []byte(name)
	for i := len(b) - 1; i >= 0; i-- {
		for _, c := range []byte(chars) {
			if i == 0 && c <= '9' {
				continue // an identifier starts with a letter
			}
			old := b[i]
			b[i] = c
			if s := string(b); s != name && !used[s] && !token.IsKeyword(s) && types.Universe.Lookup(s) == nil {
				return s
			}
			b[i] = old
		}
	}
	return ""
}

// hasRenamedLocal reports whether t is made of a type renameLocalTypes
// renamed.
func (w *pkgGoWriter) hasRenamedLocal(t types.Type) bool {
	if len(w.localRenamed) == 0 {
		return false
	}
	return walkType(t, typePolicy{
		mapKeys: true,
		field:   func(*types.Named, *types.Struct, int) walkStep { return walkDescend },
		visit: func(t types.Type, depth int) walkStep {
			if n, ok := t.(*types.Named); ok {
				if _, renamed := w.localRenamed[n.Obj()]; renamed {
					return walkFound
				}
			}
			return walkDescend
		},
	})
}
