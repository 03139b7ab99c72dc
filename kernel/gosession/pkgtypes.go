package gosession

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"hash/fnv"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
)

// Static types of packages interpreted from source.
//
// Some of the cells' fixes need to know the type of an expression (a
// range over a string, a deferred literal's parameter types, a loop key
// of type int). A package file is served to yaegi one file at a time
// (buildFS), so the first file served of a package directory type-checks
// the whole package with go/types: the Go files the interpreter reads
// there (go/build with the session's build tags), imports from the
// symbol maps the session gives yaegi (symbolImporter, one for all
// package checks of the process) or, for a package yaegi would read from
// source too, by checking that package the same way. Type errors are
// ignored: an expression the checker could not type has no type, and the
// typed rewrites leave it as it is. The result (parsed files and
// types.Info) is kept for the process, by directory; a file whose
// served source differs from the one checked is rewritten without
// types. Written for this package.

// pkgTypes is the type check of one package directory.
type pkgTypes struct {
	fset  *token.FileSet
	files map[string]*ast.File // by file name
	srcs  map[string]string    // by file name: the source checked (buildFS's)
	pkg   *types.Package
	info  *types.Info
	// hooked holds errorHookTypes of pkg, made once for all its files
	// (errorhook.go).
	hookOnce sync.Once
	hooked   []types.Type
	// recFuncs holds the package's func types that refer to themselves
	// (pkgrecfunc.go), instances its instances written as aliases
	// (pkginstorder.go), each found once for all its files.
	recOnce   sync.Once
	recFuncs  map[*types.TypeName]*types.Signature
	instOnce  sync.Once
	instances map[string]*pkgInstance
	// marks holds the tag keys that tell the package's struct types
	// apart (pkglookalike.go), found once for all its files.
	markOnce sync.Once
	marks    map[*types.TypeName]string
	// cycles holds the struct types whose run-time types its files make
	// first (pkgcycleorder.go), found once for all its files.
	cycleOnce sync.Once
	cycles    []*types.TypeName
	// clashes holds the reflect.TypeOf calls whose types the interpreter
	// cannot tell apart (pkgtypeofclash.go), found once for all its files.
	clashOnce sync.Once
	clashes   map[*ast.CallExpr]string
}

// hookTypes returns errorHookTypes(t.pkg), computed on first use.
func (t *pkgTypes) hookTypes() []types.Type {
	t.hookOnce.Do(func() { t.hooked = errorHookTypes(t.pkg) })
	return t.hooked
}

var (
	pkgTypesMu sync.Mutex
	pkgChecked = map[string]*pkgTypes{} // by directory; nil: not checkable
	// pkgSymbols is the importer of the compiled packages for the checks.
	pkgSymbols = sync.OnceValue(func() *symbolImporter { return newSymbolImporter(sessionExports()) })
)

// packageTypes returns the type check of the package file name with
// source src (as buildFS serves it), or nil when there is none.
func packageTypes(name string, src []byte) *pkgTypes {
	pkgTypesMu.Lock()
	defer pkgTypesMu.Unlock()
	dir := filepath.Dir(name)
	t, ok := pkgChecked[dir]
	if ok && t != nil {
		if checked, in := t.srcs[name]; in && checked != string(src) {
			ok = false // the file changed: check again
		}
	}
	if !ok {
		if b, err := os.ReadFile(name); err != nil || string(preSource(b)) != string(src) {
			return nil // not a file of a package directory
		}
		t = checkPackageDir(dir, map[string]bool{})
	}
	if t == nil || t.srcs[name] != string(src) {
		return nil
	}
	return t
}

// checkPackageDir type-checks the package in dir (pkgTypesMu held) and
// records the result; busy holds the directories being checked (an
// import cycle gives up).
func checkPackageDir(dir string, busy map[string]bool) *pkgTypes {
	if busy[dir] {
		return nil
	}
	busy[dir] = true
	defer delete(busy, dir)
	t, err := checkPackage(dir, busy)
	if err != nil {
		t = nil
	}
	pkgChecked[dir] = t
	return t
}

// checkPackage parses and type-checks the Go files of dir.
func checkPackage(dir string, busy map[string]bool) (*pkgTypes, error) {
	ctx := goPathContext(buildTags, false)
	bp, err := ctx.ImportDir(dir, 0)
	if err != nil {
		return nil, fmt.Errorf("listing %s: %w", dir, err)
	}
	t := &pkgTypes{fset: token.NewFileSet(), files: map[string]*ast.File{}, srcs: map[string]string{}}
	var files []*ast.File
	for _, n := range bp.GoFiles {
		name := filepath.Join(dir, n)
		b, err := os.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", name, err)
		}
		src := preSource(b) // buildfs.go
		f, err := parser.ParseFile(t.fset, name, src, 0)
		if err != nil {
			return nil, fmt.Errorf("parsing %s: %w", name, err)
		}
		t.files[name], t.srcs[name] = f, string(src)
		files = append(files, f)
	}
	t.info = &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{},
		Uses: map[*ast.Ident]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{},
		Instances: map[*ast.Ident]types.Instance{}}
	conf := types.Config{Importer: importerFunc(func(p string) (*types.Package, error) { return importForCheck(p, busy) }),
		Error: func(error) {}, Sizes: types.SizesFor("gc", runtime.GOARCH)}
	t.pkg, _ = conf.Check(bp.ImportPath, t.fset, files, t.info)
	return t, nil
}

// errNoSource is importForCheck's answer for a package it cannot type.
var errNoSource = errors.New("no compiled symbols and no checked source")

// importForCheck returns the package at import path p for a package
// check (pkgTypesMu held): yaegi's symbols first, as the interpreter
// looks them up, else the package's source under the GOPATH.
func importForCheck(p string, busy map[string]bool) (*types.Package, error) {
	if pkg, err := pkgSymbols().Import(p); err == nil {
		return pkg, nil
	}
	dir := filepath.Join(goPath(), "src", filepath.FromSlash(p))
	t, ok := pkgChecked[dir]
	if !ok {
		t = checkPackageDir(dir, busy)
	}
	if t == nil || t.pkg == nil {
		return nil, fmt.Errorf("importing %q: %w", p, errNoSource)
	}
	return t.pkg, nil
}

// typeOf returns the type of e in the checked package, or nil.
func (t *pkgTypes) typeOf(e ast.Expr) types.Type {
	if t == nil {
		return nil
	}
	tv, ok := t.info.Types[e]
	if !ok || tv.Type == nil || tv.Type == types.Typ[types.Invalid] {
		return nil
	}
	return tv.Type
}

// fileSuffix returns the suffix of the names of the functions a rewrite
// declares on the file's last line: a hash of the file's name, so that
// the files of a package declare different names.
func (w *pkgGoWriter) fileSuffix() string {
	h := fnv.New32a()
	h.Write([]byte(filepath.Base(w.at)))
	return strconv.FormatUint(uint64(h.Sum32()), 36)
}

// concreteTypes returns the package's named types declared at the
// package level that are not aliases, interfaces or generic, and whose
// check completed, in name order. The list is made once per file: the
// comparison and print rewrites ask for it at every site.
func (w *pkgGoWriter) concreteTypes() []*types.Named {
	if w.concrete == nil {
		w.concrete = concreteTypesOf(w.types.pkg)
	}
	return w.concrete
}

// concreteTypesOf returns the package-level named types of p that are
// neither aliases, interfaces nor generic, in name order; a type the
// checker could not complete (its underlying type invalid) is left out.
func concreteTypesOf(p *types.Package) []*types.Named {
	out := []*types.Named{}
	scope := p.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		n, ok := tn.Type().(*types.Named)
		if !ok || types.IsInterface(n) || n.TypeParams().Len() > 0 || strings.Contains(types.TypeString(n.Underlying(), nil), "invalid type") {
			continue
		}
		out = append(out, n)
	}
	return out
}

// selectedPkg returns the import path of the package that sel selects a
// member of (`fmt` in fmt.Println), or "" when sel.X is not a package name.
func (w *pkgGoWriter) selectedPkg(sel *ast.SelectorExpr) string {
	id, ok := unparen(sel.X).(*ast.Ident)
	if !ok {
		return ""
	}
	pn, ok := w.types.info.Uses[id].(*types.PkgName)
	if !ok {
		return ""
	}
	return pn.Imported().Path()
}

// typeText returns t written as Go source in file f of the checked
// package (its imports by the names f gives them), or "" when f cannot
// name it (a package f does not import, an invalid type).
func (w *pkgGoWriter) typeText(t types.Type) string {
	if w.hasRenamedLocal(t) {
		return "" // its name in the text is not the checker's (pkglocaltype.go)
	}
	ok := true
	qual := func(p *types.Package) string {
		if p == w.types.pkg {
			return ""
		}
		for name, path := range w.imports {
			if path == p.Path() && name != "_" && name != "." {
				return name
			}
		}
		ok = false
		return ""
	}
	s := types.TypeString(t, qual)
	if !ok || strings.Contains(s, "invalid type") {
		return ""
	}
	return s
}
