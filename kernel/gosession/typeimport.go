package gosession

import (
	"errors"
	"fmt"
	"go/ast"
	"go/build"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/traefik/yaegi/stdlib"
	"github.com/traefik/yaegi/stdlib/generic"
	"github.com/traefik/yaegi/stdlib/syscall"
	"github.com/traefik/yaegi/stdlib/unrestricted"
	"github.com/traefik/yaegi/stdlib/unsafe"

	"github.com/activis-go/activis/kernel/gosession/symbols"
	"github.com/activis-go/activis/kernel/gosession/symbols/stdnew"
)

// A go/types importer for the packages the interpreter can call.
//
// The type oracle (typecheck.go) type-checks a cell against the packages
// the session gives yaegi, not against GOROOT: what a cell can call is
// what the symbol maps hold (yaegi's stdlib.Symbols, the generated
// symbols of gonum and ActiVis, the session's own os streams, which are an
// io.Reader and io.Writers here, not files). symbolImporter turns those
// reflect values into go/types objects, lazily (a package is converted
// when a cell first imports it) and once per session state:
//
//   - a nil pointer to T (yaegi's way of exporting a type) declares T,
//     a named type of its package path with its exported methods (those of
//     T's method set on T, the others on *T) and all its struct fields,
//     unexported ones included;
//   - an addressable value is a variable, a function a func, a
//     constant.Value an untyped constant, any other value a typed
//     constant;
//   - names starting with an underscore (yaegi's interface wrappers) are
//     left out.
//
// The generic packages cmp, maps and slices are not in the maps: yaegi
// interprets them from source (generic.Sources), to which the session adds
// its own (gosrc/slices.go.txt, gosrc/maps.go.txt); the importer
// type-checks those same sources, the session's first so that its
// definitions win as they do in the interpreter. Written for this package.

// symbolImporter implements types.Importer over reflect symbol maps.
type symbolImporter struct {
	mu sync.Mutex
	// syms holds, by import path, the member maps of the symbol maps
	// (later ones override earlier ones); they are not copied.
	syms  map[string][]map[string]reflect.Value
	names map[string]string         // import path -> package name
	pkgs  map[string]*types.Package // converted (or being converted)
	done  map[string]bool           // packages whose scope is complete
	conv  map[reflect.Type]types.Type
	busy  map[reflect.Type]bool // unnamed types being converted
	// generic holds the sources of the generic packages by import path.
	generic map[string][]string
	fset    *token.FileSet
	// sources makes load check a package the symbol maps do not hold
	// from its source in the interpreter's GOPATH (a third-party package
	// interpreted from source), for the cells' type oracle.
	sources bool
}

// sessionExports returns the symbol maps a session gives its interpreter,
// for their types (newState in session.go installs them, with the
// session's own function values).
func sessionExports() []map[string]map[string]reflect.Value {
	var stdin io.Reader
	var stdout *OutputStream
	return []map[string]map[string]reflect.Value{
		stdlib.Symbols,
		stdnew.Symbols,
		{"os/exec/exec": unrestricted.Symbols["os/exec/exec"]},
		symbols.Symbols,
		unsafe.Symbols,
		syscall.Symbols,
		iterExports(), // iterpkgs.go
		logExports(),  // logfatal.go
		{"os/os": {
			"Stdin":  reflect.ValueOf(&stdin).Elem(),
			"Stdout": reflect.ValueOf(&stdout).Elem(),
			"Stderr": reflect.ValueOf(&stdout).Elem(),
		}},
	}
}

// newSymbolImporter returns an importer over the maps (later maps add to
// and override earlier ones, as interp.Use does).
func newSymbolImporter(maps []map[string]map[string]reflect.Value) *symbolImporter {
	im := &symbolImporter{syms: map[string][]map[string]reflect.Value{}, names: map[string]string{},
		pkgs: map[string]*types.Package{}, done: map[string]bool{}, conv: map[reflect.Type]types.Type{}, busy: map[reflect.Type]bool{},
		generic: map[string][]string{}, fset: token.NewFileSet()}
	for _, m := range maps {
		for k, members := range m {
			dir, name := path.Dir(k), path.Base(k)
			if dir == "." {
				continue
			}
			im.syms[dir] = append(im.syms[dir], members)
			im.names[dir] = name
		}
	}
	for _, name := range gosrcGeneric {
		if src, err := gosrc.ReadFile("gosrc/" + name + ".go.txt"); err == nil {
			im.generic[name] = append(im.generic[name], string(src))
		}
	}
	for _, src := range generic.Sources {
		if p := sourcePackage(src); p != "" {
			im.generic[p] = append(im.generic[p], src)
		}
	}
	return im
}

// gosrcGeneric lists the standard packages whose generic functions the
// session interprets from its own source (gosrc/<name>.go.txt).
var gosrcGeneric = []string{"iter", "unique", "weak", "structs", "slices", "maps"}

// sourceGenericStd reports whether the standard package path has generic
// functions interpreted from source: the session's (gosrcGeneric) or
// yaegi's (generic.Sources, such as cmp).
func sourceGenericStd(path string) bool {
	if slices.Contains(gosrcGeneric, path) {
		return true
	}
	for _, src := range generic.Sources {
		if sourcePackage(src) == path {
			return true
		}
	}
	return false
}

// sourcePackage returns the package name of a Go source, or "".
func sourcePackage(src string) string {
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.PackageClauseOnly)
	if err != nil {
		return ""
	}
	return f.Name.Name
}

// errNoPackage is the importer's answer for a package the maps lack.
var errNoPackage = errors.New("not a package of the session's symbol maps")

// Import returns the package at path, converting it on first use.
func (im *symbolImporter) Import(p string) (*types.Package, error) {
	im.mu.Lock()
	defer im.mu.Unlock()
	return im.load(p)
}

// load is Import with im.mu held.
func (im *symbolImporter) load(p string) (*types.Package, error) {
	if p == "unsafe" {
		return types.Unsafe, nil // its builtins are constants (offsetof.go)
	}
	if im.done[p] {
		return im.pkgs[p], nil
	}
	if srcs := im.generic[p]; srcs != nil {
		return im.checkSources(p, srcs)
	}
	layers, ok := im.syms[p]
	if !ok {
		if im.sources && thirdParty(p) {
			if srcs := goPathSources(p); srcs != nil {
				return im.checkSources(p, srcs)
			}
		}
		return nil, fmt.Errorf("importing %q: %w", p, errNoPackage)
	}
	pkg := im.pkg(p)
	im.done[p] = true
	sc := pkg.Scope()
	for i := len(layers) - 1; i >= 0; i-- { // the last map wins
		for name, v := range layers[i] {
			if strings.HasPrefix(name, "_") || !v.IsValid() || sc.Lookup(name) != nil {
				continue
			}
			if obj := im.member(pkg, name, v); obj != nil {
				sc.Insert(obj)
			}
		}
	}
	switch p {
	case "errors":
		declareAsType(pkg) // see pkgastype.go
	case "reflect":
		declareTypeFor(pkg) // see pkgmodern.go
	}
	pkg.MarkComplete()
	return pkg, nil
}

// checkSources type-checks the sources of a generic package (errors in
// parts the interpreter lacks are tolerated).
func (im *symbolImporter) checkSources(p string, srcs []string) (*types.Package, error) {
	var files []*ast.File
	for _, src := range srcs {
		f, err := parser.ParseFile(im.fset, p+".go", src, parser.SkipObjectResolution)
		if err == nil {
			files = append(files, f)
		}
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("importing %q: %w", p, errNoPackage)
	}
	im.done[p] = true // an import cycle gets the package being checked
	conf := types.Config{Importer: importerFunc(im.load), Error: func(error) {}}
	pkg, _ := conf.Check(p, im.fset, files, nil)
	im.pkgs[p] = pkg
	return pkg, nil
}

// importerFunc adapts a function to types.Importer.
type importerFunc func(path string) (*types.Package, error)

// Import calls f.
func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// pkg returns the (possibly still empty) package of an import path.
func (im *symbolImporter) pkg(p string) *types.Package {
	if pkg := im.pkgs[p]; pkg != nil {
		return pkg
	}
	name := im.names[p]
	if name == "" {
		name = path.Base(p)
		if i := strings.IndexAny(name, ".-"); i > 0 {
			name = name[:i]
		}
	}
	pkg := types.NewPackage(p, name)
	im.pkgs[p] = pkg
	return pkg
}

// member converts one symbol of a package.
func (im *symbolImporter) member(pkg *types.Package, name string, v reflect.Value) types.Object {
	t := v.Type()
	switch {
	case v.CanAddr():
		return types.NewVar(token.NoPos, pkg, name, im.typ(t))
	case t.Kind() == reflect.Pointer && v.IsNil():
		et := t.Elem()
		tt := im.typ(et)
		if n, ok := tt.(*types.Named); ok && n.Obj().Name() == name && n.Obj().Pkg() == pkg {
			return n.Obj()
		}
		return types.NewTypeName(token.NoPos, pkg, name, tt) // an alias
	case t.Kind() == reflect.Func:
		sig, _ := im.typ(t).(*types.Signature)
		if sig == nil {
			return nil
		}
		return types.NewFunc(token.NoPos, pkg, name, sig)
	}
	if c, ok := v.Interface().(constant.Value); ok {
		var k types.BasicKind
		switch c.Kind() {
		case constant.Bool:
			k = types.UntypedBool
		case constant.String:
			k = types.UntypedString
		case constant.Int:
			k = types.UntypedInt
		case constant.Float:
			k = types.UntypedFloat
		case constant.Complex:
			k = types.UntypedComplex
		default:
			return nil
		}
		return types.NewConst(token.NoPos, pkg, name, types.Typ[k], c)
	}
	var c constant.Value
	switch t.Kind() {
	case reflect.Bool:
		c = constant.MakeBool(v.Bool())
	case reflect.String:
		c = constant.MakeString(v.String())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		c = constant.MakeInt64(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		c = constant.MakeUint64(v.Uint())
	case reflect.Float32, reflect.Float64:
		c = constant.MakeFloat64(v.Float())
	default:
		return types.NewVar(token.NoPos, pkg, name, im.typ(t)) // a value: treat as a variable
	}
	return types.NewConst(token.NoPos, pkg, name, im.typ(t), c)
}

// typ converts a reflect type (im.mu held).
func (im *symbolImporter) typ(t reflect.Type) types.Type {
	if c, ok := im.conv[t]; ok {
		return c
	}
	if t.Name() != "" {
		if t.PkgPath() == "" {
			if obj, ok := types.Universe.Lookup(t.Name()).(*types.TypeName); ok {
				im.conv[t] = obj.Type()
				return obj.Type()
			}
		} else {
			// An instance of a generic type ("Pointer[int]") is a named
			// type of its own here, which typeExpr does not write out.
			pkg := im.pkg(t.PkgPath())
			tn := types.NewTypeName(token.NoPos, pkg, t.Name(), nil)
			named := types.NewNamed(tn, nil, nil)
			im.conv[t] = named
			// The unnamed types being converted around this one are not
			// its parts: a cycle through a named type ends at im.conv
			// (`func (s *IndexSet) Union(t *IndexSet) *IndexSet`, reached
			// while converting *IndexSet, was func(invalid) invalid).
			outer := im.busy
			im.busy = map[reflect.Type]bool{}
			named.SetUnderlying(im.structure(t).Underlying())
			if t.Kind() != reflect.Interface {
				im.methods(named, t)
			}
			im.busy = outer
			if !im.done[t.PkgPath()] && pkg.Scope().Lookup(tn.Name()) == nil {
				pkg.Scope().Insert(tn)
			}
			return named
		}
	}
	if im.busy[t] {
		// An unnamed type containing itself without a named type
		// between: only types yaegi makes at run time can; unknown to
		// the oracle.
		return types.Typ[types.Invalid]
	}
	im.busy[t] = true
	c := im.structure(t)
	delete(im.busy, t)
	im.conv[t] = c
	return c
}

// methods adds the exported methods of the named type t to named: a
// method of T's method set has a value receiver, the others of *T a
// pointer receiver.
func (im *symbolImporter) methods(named *types.Named, t reflect.Type) {
	pkg := named.Obj().Pkg()
	seen := map[string]bool{}
	add := func(m reflect.Method, recv types.Type) {
		if seen[m.Name] || m.Type.NumIn() == 0 {
			return
		}
		seen[m.Name] = true
		sig := im.signature(m.Type, 1, types.NewVar(token.NoPos, pkg, "", recv))
		named.AddMethod(types.NewFunc(token.NoPos, pkg, m.Name, sig))
	}
	for i := 0; i < t.NumMethod(); i++ {
		add(t.Method(i), named)
	}
	pt := reflect.PointerTo(t)
	for i := 0; i < pt.NumMethod(); i++ {
		add(pt.Method(i), types.NewPointer(named))
	}
}

// signature converts a func type, skipping its first skip parameters (a
// method's receiver).
func (im *symbolImporter) signature(t reflect.Type, skip int, recv *types.Var) *types.Signature {
	var params, results []*types.Var
	for i := skip; i < t.NumIn(); i++ {
		params = append(params, types.NewParam(token.NoPos, nil, "", im.typ(t.In(i))))
	}
	for i := 0; i < t.NumOut(); i++ {
		results = append(results, types.NewParam(token.NoPos, nil, "", im.typ(t.Out(i))))
	}
	return types.NewSignatureType(recv, nil, nil, types.NewTuple(params...), types.NewTuple(results...), t.IsVariadic())
}

// structure converts the structure of t (its underlying type, or the type
// itself when unnamed).
func (im *symbolImporter) structure(t reflect.Type) types.Type {
	switch t.Kind() {
	case reflect.Bool:
		return types.Typ[types.Bool]
	case reflect.Int:
		return types.Typ[types.Int]
	case reflect.Int8:
		return types.Typ[types.Int8]
	case reflect.Int16:
		return types.Typ[types.Int16]
	case reflect.Int32:
		return types.Typ[types.Int32]
	case reflect.Int64:
		return types.Typ[types.Int64]
	case reflect.Uint:
		return types.Typ[types.Uint]
	case reflect.Uint8:
		return types.Typ[types.Uint8]
	case reflect.Uint16:
		return types.Typ[types.Uint16]
	case reflect.Uint32:
		return types.Typ[types.Uint32]
	case reflect.Uint64:
		return types.Typ[types.Uint64]
	case reflect.Uintptr:
		return types.Typ[types.Uintptr]
	case reflect.Float32:
		return types.Typ[types.Float32]
	case reflect.Float64:
		return types.Typ[types.Float64]
	case reflect.Complex64:
		return types.Typ[types.Complex64]
	case reflect.Complex128:
		return types.Typ[types.Complex128]
	case reflect.String:
		return types.Typ[types.String]
	case reflect.UnsafePointer:
		return types.Typ[types.UnsafePointer]
	case reflect.Pointer:
		return types.NewPointer(im.typ(t.Elem()))
	case reflect.Slice:
		return types.NewSlice(im.typ(t.Elem()))
	case reflect.Array:
		return types.NewArray(im.typ(t.Elem()), int64(t.Len()))
	case reflect.Map:
		return types.NewMap(im.typ(t.Key()), im.typ(t.Elem()))
	case reflect.Chan:
		dir := types.SendRecv
		switch t.ChanDir() {
		case reflect.SendDir:
			dir = types.SendOnly
		case reflect.RecvDir:
			dir = types.RecvOnly
		}
		return types.NewChan(dir, im.typ(t.Elem()))
	case reflect.Func:
		return im.signature(t, 0, nil)
	case reflect.Struct:
		var fields []*types.Var
		var tags []string
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			var fp *types.Package
			if f.PkgPath != "" {
				fp = im.pkg(f.PkgPath)
			}
			fields = append(fields, types.NewField(token.NoPos, fp, f.Name, im.typ(f.Type), f.Anonymous))
			tags = append(tags, string(f.Tag))
		}
		return types.NewStruct(fields, tags)
	case reflect.Interface:
		if t.NumMethod() == 0 {
			return types.Universe.Lookup("any").Type()
		}
		var methods []*types.Func
		for i := 0; i < t.NumMethod(); i++ {
			m := t.Method(i)
			var mp *types.Package
			if m.PkgPath != "" {
				mp = im.pkg(m.PkgPath)
			}
			methods = append(methods, types.NewFunc(token.NoPos, mp, m.Name, im.signature(m.Type, 0, nil)))
		}
		return types.NewInterfaceType(methods, nil).Complete()
	}
	return types.Typ[types.Invalid]
}

// goPathImport returns package p of the interpreter's GOPATH, its files
// as the interpreter's build tags select them, and its directory.
func goPathImport(p string) (*build.Package, string, error) {
	ctx := goPathContext(interpTags(runtime.GOOS), false)
	dir := filepath.Join(goPath(), "src", filepath.FromSlash(p))
	bp, err := ctx.ImportDir(dir, 0)
	return bp, dir, err
}

// goPathName returns the name the package clause of package p of the
// interpreter's GOPATH gives it (multierror for
// github.com/hashicorp/go-multierror), "" when it cannot be read.
func goPathName(p string) string {
	if !thirdParty(p) {
		return ""
	}
	bp, _, err := goPathImport(p)
	if err != nil {
		return ""
	}
	return bp.Name
}

// goPathSources returns the Go files of package p in the interpreter's
// GOPATH that the interpreter's build tags select, or nil.
func goPathSources(p string) []string {
	bp, dir, err := goPathImport(p)
	if err != nil || len(bp.GoFiles) == 0 {
		return nil
	}
	var srcs []string
	for _, n := range bp.GoFiles {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			return nil
		}
		srcs = append(srcs, string(b))
	}
	return srcs
}

// thirdParty reports whether the import path p is not the standard
// library's (its first element has a dot, as a module path's): the
// session serves some standard packages from source itself (unique,
// iter), which are not third-party code.
func thirdParty(p string) bool {
	first, _, _ := strings.Cut(p, "/")
	return strings.Contains(first, ".")
}

// sourceModule reports whether the import path p is a third-party
// package the interpreter runs from source: not the standard library's,
// nor compiled into the kernel (activis-kernel build --with).
func sourceModule(p string) bool {
	_, compiled := packages().syms[p]
	return thirdParty(p) && !compiled
}
