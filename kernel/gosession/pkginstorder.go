package gosession

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"hash/fnv"
	"sort"
	"strings"
)

// Instances of other packages' generic types whose type arguments are
// declared later, in package files.
//
// yaegi v0.16.1 reads a package's type declarations file by file, in the
// order of their names, and makes an instance of another package's
// generic type where a declaration names it. With a type argument of the
// package declared after that point, the instance got no type for it:
// github.com/expr-lang/expr's lexer.go declares
//
//	type Lexer struct { …; tokens *ring.Ring[Token]; … }
//
// and token.go declares Token, so expr failed to import ("CFG post-order
// panic: interface conversion: reflect.Type is nil, not *reflect.rtype",
// at the first use of a Lexer). A declaration naming a type not yet
// declared is put off by yaegi until it is, so, with the package's types,
// such an instance becomes an alias that the file declaring its last type
// argument declares right after that argument's declaration, naming the
// generic type's package through an import of its own:
//
//	lexer.go:  tokens *_activisInst1a2b3c4d
//	token.go:  type Token struct { … }; type _activisInst1a2b3c4d = _activisI5e6f7a8b.Ring[Token]
//
// Only instances in type declarations are written so (yaegi types
// function bodies after every declaration). Written for this package.

// pkgInstance is an instance written as an alias.
type pkgInstance struct {
	alias string
	after token.Pos    // the end of the declaration of its last type argument
	file  string       // the file holding that declaration
	typ   types.Type   // the instance
	uses  []ast.Expr   // its index expressions in type declarations
	spec  *ast.GenDecl // the declaration holding the last type argument
}

// laterInstances returns the instances above in the package's files, by
// alias name, found once for all the files.
func (pt *pkgTypes) laterInstances() map[string]*pkgInstance {
	pt.instOnce.Do(func() { pt.instances = laterInstancesOf(pt) })
	return pt.instances
}

// laterInstancesOf finds the instances above in pt's files.
func laterInstancesOf(pt *pkgTypes) map[string]*pkgInstance {
	out := map[string]*pkgInstance{}
	// places gives the file and the GenDecl of each of the package's
	// type names declared at the package level.
	type declPlace struct {
		file string
		gd   *ast.GenDecl
		spec *ast.TypeSpec
	}
	places := map[*types.TypeName]declPlace{}
	names := make([]string, 0, len(pt.files))
	for name := range pt.files {
		names = append(names, name)
	}
	sort.Strings(names) // yaegi's order of the files
	rank := map[string]int{}
	for i, n := range names {
		rank[n] = i
	}
	for _, name := range names {
		for _, d := range pt.files[name].Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, sp := range gd.Specs {
				ts := sp.(*ast.TypeSpec)
				if tn, ok := pt.info.Defs[ts.Name].(*types.TypeName); ok {
					places[tn] = declPlace{name, gd, ts}
				}
			}
		}
	}
	before := func(f1 string, p1 token.Pos, f2 string, p2 token.Pos) bool {
		if f1 != f2 {
			return rank[f1] < rank[f2]
		}
		return p1 < p2
	}
	for _, name := range names {
		for _, d := range pt.files[name].Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			ast.Inspect(gd, func(n ast.Node) bool {
				e, ok := n.(ast.Expr)
				if !ok {
					return true
				}
				base, args, ok := typeArgsOf(e) // typeargs.go
				if !ok {
					return true
				}
				sel, ok := base.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				obj, ok := pt.info.Uses[sel.Sel].(*types.TypeName)
				if !ok || obj.Pkg() == nil || obj.Pkg() == pt.pkg {
					return true
				}
				// The last-declared type argument of the package, if
				// declared after e.
				var last *types.TypeName
				for _, a := range args {
					ast.Inspect(a, func(m ast.Node) bool {
						id, ok := m.(*ast.Ident)
						if !ok {
							return true
						}
						tn, ok := pt.info.Uses[id].(*types.TypeName)
						if !ok || tn.Pkg() != pt.pkg || tn.Parent() != pt.pkg.Scope() {
							return true
						}
						if pl, ok := places[tn]; ok && before(name, e.Pos(), pl.file, pl.spec.Pos()) {
							if last == nil || before(places[last].file, places[last].spec.Pos(), pl.file, pl.spec.Pos()) {
								last = tn
							}
						}
						return true
					})
				}
				t := pt.info.TypeOf(e)
				if last == nil || t == nil {
					return true
				}
				alias := hashedName("_activisInst", types.TypeString(t, nil))
				in := out[alias]
				if in == nil {
					pl := places[last]
					in = &pkgInstance{alias: alias, after: pl.spec.End(), file: pl.file, typ: t, spec: pl.gd}
					out[alias] = in
				}
				in.uses = append(in.uses, e)
				return false
			})
		}
	}
	return out
}

// hashedName returns prefix followed by a hash of key: the same name in
// every file of a package for the same key.
func hashedName(prefix, key string) string {
	h := fnv.New32a()
	h.Write([]byte(key))
	return fmt.Sprintf("%s%08x", prefix, h.Sum32())
}

// laterInstanceAliases rewrites the file's uses of the instances above
// and declares the aliases whose last type argument it declares.
func (w *pkgGoWriter) laterInstanceAliases(f *ast.File, name string) {
	if w.types == nil {
		return
	}
	for _, in := range w.types.laterInstances() {
		for _, u := range in.uses {
			if w.fset.File(u.Pos()) == w.fset.File(f.Pos()) {
				w.replace(w.off(u.Pos()), w.off(u.End()), func() string { return in.alias })
			}
		}
		if in.file != name {
			continue
		}
		text := types.TypeString(in.typ, func(p *types.Package) string {
			if p == w.types.pkg {
				return ""
			}
			imp := hashedName("_activisI", p.Path())
			if w.instImports == nil {
				w.instImports = map[string]string{}
			}
			w.instImports[p.Path()] = imp
			return imp
		})
		decl := "; type "
		if in.spec.Lparen.IsValid() {
			decl = "; "
		}
		w.after[w.off(in.after)] += decl + in.alias + " = " + text
	}
}

// instImportText declares the imports the aliases name.
func (w *pkgGoWriter) instImportText() string {
	var b strings.Builder
	paths := make([]string, 0, len(w.instImports))
	for p := range w.instImports {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		b.WriteString("; import " + w.instImports[p] + " \"" + p + "\"")
	}
	return b.String()
}
