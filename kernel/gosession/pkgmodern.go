package gosession

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"sort"
	"strings"
)

// Generic members of compiled standard packages in package files.
//
// As in cells (modernpkg.go), yaegi v0.16.1's symbol tables cannot hold
// sync.OnceValue, sync.OnceValues, rand.N of math/rand/v2,
// atomic.Pointer[T] or sql.Null[T], so a package interpreted from source that used one
// failed to import ("undefined selector", "has no symbol OnceValue"). With
// the package's types, a package file's uses become uses of the session's
// versions (gosrc/modern.go.txt), of which the file gets its own copy
// after its last line, named with the file's suffix (yaegi failed to
// instantiate a generic function or type of another interpreted package:
// "reflect.Type is nil"), with the imports they need on the package
// clause's line: `atomic.Pointer[node]` → `_activisAtomicPointer1a2b[node]`,
// `sync.OnceValue(f)` → `_activisOnceValue1a2b(f)`; and
// `reflect.TypeFor[T]()` becomes `reflect.TypeOf((*T)(nil)).Elem()`.

// modernPkgMembers maps the generic members of compiled packages (by
// import path) to the session's versions in modern.go.txt.
var modernPkgMembers = map[string]string{
	"sync.OnceValue": "_activisOnceValue", "sync.OnceValues": "_activisOnceValues",
	"math/rand/v2.N": "_activisRandN", "sync/atomic.Pointer": "_activisAtomicPointer",
	"database/sql.Null": "_activisSqlNull",
}

// modernImports are the imports of modern.go.txt, by name.
var modernImports = map[string]string{"_activisrand": "math/rand/v2", "_activisreflect": "reflect", "_activissync": "sync",
	"_activisbytes": "bytes", "_activissql": "database/sql", "_activisdriver": "database/sql/driver", "_activisfmt": "fmt",
	"_activisstrings": "strings", "_activistime": "time"}

// modernMember writes the selector sel of a member of modernPkgMembers as
// the file's copy of the session's version.
func (w *pkgGoWriter) modernMember(sel *ast.SelectorExpr) {
	if w.types == nil {
		return
	}
	name, ok := modernPkgMembers[w.selectedPkg(sel)+"."+sel.Sel.Name]
	if !ok {
		return
	}
	sfx := w.fileSuffix()
	if w.replace(w.off(sel.Pos()), w.off(sel.End()), func() string { return name + sfx }) {
		if w.modern == nil {
			w.modern = map[string]bool{}
		}
		w.modern[name] = true
	}
}

// modernDecls returns the declarations of modern.go.txt that declare the
// names used, and their methods, in source order.
func (w *pkgGoWriter) modernDecls() []string {
	if len(w.modern) == 0 {
		return nil
	}
	src, err := gosrc.ReadFile("gosrc/modern.go.txt")
	if err != nil {
		return nil
	}
	text := "package p\n" + string(src)
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "modern.go", text, parser.SkipObjectResolution)
	if err != nil {
		return nil
	}
	var out []string
	for _, d := range f.Decls {
		name := ""
		switch x := d.(type) {
		case *ast.FuncDecl:
			name = x.Name.Name
			if x.Recv != nil && len(x.Recv.List) == 1 {
				t := x.Recv.List[0].Type
				if s, ok := t.(*ast.StarExpr); ok {
					t = s.X
				}
				if ix, ok := t.(*ast.IndexExpr); ok {
					t = ix.X
				}
				if id, ok := t.(*ast.Ident); ok {
					name = id.Name
				}
			}
		case *ast.GenDecl:
			if ts, ok := x.Specs[0].(*ast.TypeSpec); ok && x.Tok == token.TYPE {
				name = ts.Name.Name
			}
		}
		if w.modern[name] {
			out = append(out, text[fset.Position(d.Pos()).Offset:fset.Position(d.End()).Offset])
		}
	}
	return out
}

// modernText is the file's copy of the declarations it uses (decls, from
// modernDecls; see above), for after its last line.
func (w *pkgGoWriter) modernText(decls []string) string {
	if len(decls) == 0 {
		return ""
	}
	sfx := w.fileSuffix()
	names := make([]string, 0, len(w.modern))
	for n := range w.modern {
		names = append(names, n)
	}
	// Longer names first: _activisOnceValues before _activisOnceValue.
	sort.Slice(names, func(i, j int) bool { return len(names[i]) > len(names[j]) })
	text := "\n" + strings.Join(decls, "\n") + "\n"
	for _, n := range names {
		text = strings.ReplaceAll(text, n+"[", n+sfx+"[")
		text = strings.ReplaceAll(text, n+"(", n+sfx+"(")
		text = strings.ReplaceAll(text, n+" ", n+sfx+" ")
	}
	return strings.ReplaceAll(text, "_activisRecovered(", pkgRuntimeName+".Recovered(")
}

// modernImports returns the imports the file's copy of decls (from
// modernDecls) needs, for the package clause's line.
func (w *pkgGoWriter) modernImports(copied []string) string {
	decls := strings.Join(copied, "\n")
	var b strings.Builder
	names := make([]string, 0, len(modernImports))
	for n := range modernImports {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if strings.Contains(decls, n+".") {
			b.WriteString("; import " + n + ` "` + modernImports[n] + `"`)
		}
	}
	if strings.Contains(decls, "_activisRecovered(") && !w.runtime && len(w.gos) == 0 && !w.recovers {
		b.WriteString("; import " + pkgRuntimeName + ` "` + runtimePath + `"`)
	}
	return b.String()
}

// modernVarInit writes a package-level `var v = sync.OnceValue(f)` (a
// declaration of one variable whose value calls a generic function of
// modernPkgMembers), which yaegi failed on ("constant definition loop"),
// as a declaration of v with its type and an init function that assigns
// it, on the same lines: `var v func() int; func init() { v =
// _activisOnceValue1a2b(f) }`.
func (w *pkgGoWriter) modernVarInit(d *ast.GenDecl) {
	if w.types == nil || d.Tok != token.VAR || d.Lparen.IsValid() || len(d.Specs) != 1 {
		return
	}
	spec := d.Specs[0].(*ast.ValueSpec)
	if len(spec.Names) != 1 || len(spec.Values) != 1 {
		return
	}
	c, ok := unparen(spec.Values[0]).(*ast.CallExpr)
	if !ok {
		return
	}
	fun := c.Fun
	if ix, ok := fun.(*ast.IndexExpr); ok {
		fun = ix.X
	}
	sel, ok := fun.(*ast.SelectorExpr)
	if !ok || modernPkgMembers[w.selectedPkg(sel)+"."+sel.Sel.Name] == "" {
		return
	}
	// The check does not know the member (it is not in the symbol
	// tables), but each returns a value of its argument's type: OnceValue
	// and OnceValues a function like f, rand.N a number like n.
	if len(c.Args) != 1 {
		return
	}
	typ := w.typeText(w.types.typeOf(c.Args[0]))
	if typ == "" {
		return
	}
	name := spec.Names[0].Name
	w.replace(w.off(d.Pos()), w.off(d.End()), func() string {
		return "var " + name + " " + typ + "; func init() { " + name + " = " + w.node(spec.Values[0]) + " }"
	})
}

// typeFor writes the call c of reflect.TypeFor[T]() as
// reflect.TypeOf((*T)(nil)).Elem().
func (w *pkgGoWriter) typeFor(c *ast.CallExpr) {
	if w.types == nil || len(c.Args) != 0 {
		return
	}
	ix, ok := c.Fun.(*ast.IndexExpr)
	if !ok || !w.isPkgFunc(ix.X, "reflect", "TypeFor") { // see pkgerrchain.go
		return
	}
	reflectName := unparen(ix.X).(*ast.SelectorExpr).X
	pre, post := w.reflectIfaceParts(w.types.typeOf(ix.Index), unparen(ix.X).(*ast.SelectorExpr)) // see reflectiface.go
	w.replaceToEnd(w.off(c.Pos()), w.off(c.End()), func() string {
		return pre + w.node(reflectName) + ".TypeOf((*" + w.node(ix.Index) + ")(nil)).Elem()" + post
	})
}

// declareTypeFor adds reflect.TypeFor, `func TypeFor[T any]() Type`, to
// the checker's package reflect, made from yaegi's table, which cannot
// hold it: without it a package variable `t = reflect.TypeFor[I]()` had
// no type, and the typed rewrites of its uses (reflectiface.go's
// t.Kind(), t.Implements(u)) left them as they were.
func declareTypeFor(pkg *types.Package) {
	typ := pkg.Scope().Lookup("Type")
	if typ == nil || pkg.Scope().Lookup("TypeFor") != nil {
		return
	}
	tp := types.NewTypeParam(types.NewTypeName(token.NoPos, pkg, "T", nil), types.Universe.Lookup("any").Type())
	sig := types.NewSignatureType(nil, nil, []*types.TypeParam{tp}, nil,
		types.NewTuple(types.NewVar(token.NoPos, pkg, "", typ.Type())), false)
	pkg.Scope().Insert(types.NewFunc(token.NoPos, pkg, "TypeFor", sig))
}
