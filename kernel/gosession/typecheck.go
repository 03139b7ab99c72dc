package gosession

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/traefik/yaegi/interp"
)

// A type oracle for the rewrites: go/types on the cell and the session.
//
// yaegi gives a type declared in the session the run-time type of its
// underlying type, so the rewrites that fix or refuse what it would get
// wrong need each operand's static type (ifaceorigin.go, niliface.go,
// compare.go). The syntax alone does not show it for a promoted field, a
// field of a compiled type, the result of a function whose return
// statements are not typed by their syntax, or an argument computed by a
// compiled function. Before the rewrites, the session type-checks the
// group being rewritten together with the session's declarations with
// go/types, tolerating errors (a name it does not know makes only what
// depends on it unknown), and the rules ask the oracle for an
// expression's type first, falling back to their syntax rules when it
// does not know.
//
// What is checked, in one package main:
//   - the group's file as parsed (its nodes are the ones the rewriter
//     sees, so `info.Types[expr]` answers for them), with the session's
//     imports added;
//   - the recorded source of every session function, method, type and
//     constant (the rewritten source the interpreter compiled, with
//     interpreter names: types redefined with a changed declaration are
//     `Point_v2` there as in the rewritten cell), except declarations the
//     group itself redeclares; functions and methods by their signature,
//     except a function with one result that may be an interface, whose
//     returns returnTypes (ifaceorigin.go) reads;
//   - the session's variables with the type recorded for them (a type
//     expression, or the compiled type of a value a compiled function
//     returned), never by re-checking their initialiser (a function
//     redefined since would give the new result type);
//   - the prelude's signatures (min, max, clear, print, println).
//
// Each file imports only the session packages it names. A group is not
// checked when neither the session nor the group declares a type: every
// rule that asks is about values of session types.
//
// Packages come from symbolImporter (typeimport.go), the symbol maps the
// interpreter calls. The importer and the parsed session sources live
// with the session state (typeEnv): a source is parsed once, a package
// converted once. Third-party packages interpreted from source are not
// imported: what uses them is unknown to the oracle.
//
// An answer is given only when it can be written as a type expression
// the rewriter can use: session types bare (interpreter names), package
// types by the name the session imports their package under; types
// local to a function, unexported types of packages, types of packages
// the session has not imported, and untyped or invalid types are
// unknown. Written for this package.

// typeEnv is the oracle's state for one session state.
type typeEnv struct {
	once sync.Once
	im   *symbolImporter
	mu   sync.Mutex
	// files holds session sources parsed for the checker, by source.
	files map[string]*ast.File
	// pkgRefs caches pkgRefs of the parsed sources, names their
	// identNames.
	pkgRefs map[*ast.File]map[string]bool
	names   map[*ast.File]map[string]bool
	// prelude holds the prelude's files.
	prelude []*ast.File
	// fset is the file set files and prelude were parsed into: the
	// checker needs their positions in the file set it is given (a
	// method's receiver type is looked up by position), so another file
	// set (FuzzRewrite's) starts the cache afresh.
	fset *token.FileSet
}

// useFileSet empties the caches when fset is not the one they were
// parsed into. env.mu is held.
func (env *typeEnv) useFileSet(fset *token.FileSet) {
	if env.fset != fset {
		env.fset = fset
		env.files = map[string]*ast.File{}
		env.pkgRefs = map[*ast.File]map[string]bool{}
		env.names = map[*ast.File]map[string]bool{}
		env.prelude = nil
	}
}

// newTypeEnv returns an empty environment; its importer is made on first
// use.
func newTypeEnv() *typeEnv {
	return &typeEnv{files: map[string]*ast.File{}, pkgRefs: map[*ast.File]map[string]bool{},
		names: map[*ast.File]map[string]bool{}}
}

// importer returns the environment's importer, made on first use.
func (env *typeEnv) importer() *symbolImporter {
	env.once.Do(func() {
		env.im = newSymbolImporter(sessionExports())
		env.im.sources = true // third-party packages' types (typeimport.go)
	})
	return env.im
}

// parsed returns src (a declaration) parsed as a file of package main,
// once per source text. It returns nil when src does not parse.
func (env *typeEnv) parsed(fset *token.FileSet, src string) *ast.File {
	env.mu.Lock()
	defer env.mu.Unlock()
	env.useFileSet(fset)
	if f, ok := env.files[src]; ok {
		return f
	}
	f, err := parser.ParseFile(fset, interp.DefaultSourceName, "package main;"+src, 0)
	if err != nil {
		f = nil
	}
	env.files[src] = f
	return f
}

// preludeFiles returns the prelude's sources parsed (once).
func (env *typeEnv) preludeFiles(fset *token.FileSet) []*ast.File {
	env.mu.Lock()
	defer env.mu.Unlock()
	env.useFileSet(fset)
	if env.prelude == nil {
		env.prelude = []*ast.File{}
		for _, name := range []string{"prelude.go.txt", "print.go.txt", "modern.go.txt"} {
			src, err := gosrc.ReadFile("gosrc/" + name)
			if err != nil {
				continue
			}
			if f, err := parser.ParseFile(fset, name, "package main\n"+string(src), 0); err == nil {
				for _, d := range f.Decls {
					if fd, ok := d.(*ast.FuncDecl); ok {
						fd.Body = nil // only the signatures count
					}
				}
				env.prelude = append(env.prelude, f)
			}
		}
	}
	return env.prelude
}

// typeOracle answers for the nodes of one checked group.
type typeOracle struct {
	info *types.Info
	pkg  *types.Package
	// names maps an import path to the name the session imports it
	// under.
	names map[string]string
	// funcs holds the session's functions as checked, by name.
	funcs map[string]*ast.FuncDecl
	// checkErrs holds the checker's errors that become the group's
	// compile error: about constant expressions and those of
	// missingreturn.go (constexpr.go's checkErrMarks).
	checkErrs []types.Error
}

// sessionSource is what the checker needs of the session: its imports and
// its declarations (copied under the session's lock).
type sessionSource struct {
	imports map[string]string // local name -> import path
	decls   []*decl
}

// snapshotSource copies what the checker needs of st.
func (s *Session) snapshotSource(st *state) sessionSource {
	s.mu.Lock()
	defer s.mu.Unlock()
	src := sessionSource{imports: map[string]string{}}
	for n, p := range st.imports {
		src.imports[n] = p
	}
	for _, d := range st.decls {
		src.decls = append(src.decls, d)
	}
	for _, ms := range st.methods {
		for _, d := range ms {
			src.decls = append(src.decls, d)
		}
	}
	for _, r := range st.retired { // retiredtypes.go: the types of values made before a redefinition
		src.decls = append(src.decls, r.decl)
	}
	return src
}

// importDecl returns an import declaration of the session's packages that
// refs names (see pkgRefs), or nil: importing only what a file uses spares
// the checker its unused-import errors, which cost a third of a check.
func importDecl(imports map[string]string, refs map[string]bool) *ast.GenDecl {
	names := make([]string, 0, len(refs))
	for n := range refs {
		if imports[n] != "" {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return nil
	}
	sort.Strings(names)
	gd := &ast.GenDecl{Tok: token.IMPORT}
	for _, n := range names {
		gd.Specs = append(gd.Specs, &ast.ImportSpec{Name: ast.NewIdent(n),
			Path: &ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(imports[n])}})
	}
	return gd
}

// withImports returns a shallow copy of f (the same declaration nodes)
// with the import declaration first.
func withImports(f *ast.File, imp *ast.GenDecl) *ast.File {
	g := *f
	g.Imports = nil
	if imp != nil {
		g.Decls = append([]ast.Decl{imp}, f.Decls...)
	}
	return &g
}

// pkgRefs returns the names n refers to as the package of a selector
// (`fmt` of fmt.Println): the imports a file may need.
func pkgRefs(n ast.Node) map[string]bool {
	out := map[string]bool{}
	ast.Inspect(n, func(m ast.Node) bool {
		if sel, ok := m.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok && id.Obj == nil {
				out[id.Name] = true
			}
		}
		return true
	})
	return out
}

// refs returns pkgRefs of a parsed session source, once.
func (env *typeEnv) refs(f *ast.File) map[string]bool {
	env.mu.Lock()
	defer env.mu.Unlock()
	if r, ok := env.pkgRefs[f]; ok {
		return r
	}
	r := pkgRefs(f)
	env.pkgRefs[f] = r
	return r
}

// declaredNames returns the names a file declares at the package level:
// "f" for a function, var, const or type, "T.m" for a method of T.
func declaredNames(f *ast.File) map[string]bool {
	out := map[string]bool{}
	for _, d := range f.Decls {
		switch x := d.(type) {
		case *ast.FuncDecl:
			if x.Recv != nil && len(x.Recv.List) == 1 {
				out[typeName(recvBase(x.Recv.List[0].Type))+"."+x.Name.Name] = true
			} else {
				out[x.Name.Name] = true
			}
		case *ast.GenDecl:
			for _, sp := range x.Specs {
				switch y := sp.(type) {
				case *ast.TypeSpec:
					out[y.Name.Name] = true
				case *ast.ValueSpec:
					for _, n := range y.Names {
						out[n.Name] = true
					}
				}
			}
		}
	}
	return out
}

// recvBase strips type arguments from a receiver type (`*List[T]`).
func recvBase(t ast.Expr) ast.Expr {
	switch x := t.(type) {
	case *ast.StarExpr:
		return &ast.StarExpr{X: recvBase(x.X)}
	case *ast.IndexExpr:
		return x.X
	case *ast.IndexListExpr:
		return x.X
	case *ast.ParenExpr:
		return recvBase(x.X)
	}
	return t
}

// checkTypes type-checks the group file f with the session's
// declarations and returns the oracle for f's nodes. It never fails: a
// checker that panics gives an oracle that knows nothing.
func (env *typeEnv) checkTypes(fset *token.FileSet, src sessionSource, f *ast.File) (o *typeOracle) {
	o = &typeOracle{info: &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{},
		Uses: map[*ast.Ident]types.Object{}, Instances: map[*ast.Ident]types.Instance{},
		Selections: map[*ast.SelectorExpr]*types.Selection{}}, names: map[string]string{}, funcs: map[string]*ast.FuncDecl{}}
	for n, p := range src.imports {
		if n != "_" && n != "." {
			if old, ok := o.names[p]; !ok || n < old {
				o.names[p] = n
			}
		}
	}
	defer func() {
		if r := recover(); r != nil {
			o = &typeOracle{info: &types.Info{Types: map[ast.Expr]types.TypeAndValue{}}}
		}
	}()
	im := env.importer()
	files := []*ast.File{withImports(f, importDecl(src.imports, pkgRefs(f)))}
	own := declaredNames(f)
	pkg := types.NewPackage("main", "main")
	o.pkg = pkg
	// Each session declaration is a unit: the names it declares (a method
	// counts under its receiver type's name) and the identifiers it
	// names. Only the units the group reaches through identifiers, and
	// the methods of the types among them, are checked: a group's types
	// depend on nothing else, and a check of every declaration would
	// cost in proportion to the session.
	type unit struct {
		file *ast.File
		v    *types.Var // a variable of a compiled type (no file)
		refs map[string]bool
	}
	var units []unit
	byName := map[string][]int{}
	add := func(u unit, names ...string) {
		for _, n := range names {
			byName[n] = append(byName[n], len(units))
		}
		units = append(units, u)
	}
	seen := map[string]bool{}
	for _, d := range src.decls {
		name := d.Name
		if d.Kind == "method" {
			name = d.Recv + "." + d.Name
		}
		if d.Kind == "var" {
			if own[d.Name] {
				continue
			}
			switch t := d.Type; {
			case t != nil || d.Static != nil:
				if t == nil {
					t = d.Static
				}
				vf := &ast.File{Name: ast.NewIdent("main"), Decls: []ast.Decl{&ast.GenDecl{Tok: token.VAR,
					Specs: []ast.Spec{&ast.ValueSpec{Names: []*ast.Ident{ast.NewIdent(d.Name)}, Type: t}}}}}
				add(unit{file: withImports(vf, importDecl(src.imports, pkgRefs(t))), refs: identNames(t)}, d.Name)
			case d.Bin != nil:
				im.mu.Lock()
				t := im.typ(d.Bin)
				im.mu.Unlock()
				add(unit{v: types.NewVar(token.NoPos, pkg, d.Name, t)}, d.Name)
			}
			continue
		}
		if d.Src == "" || seen[d.Src] {
			continue
		}
		seen[d.Src] = true
		pf := env.parsed(fset, d.Src)
		if pf == nil {
			continue
		}
		declared := declaredNames(pf)
		clash := false
		for n := range declared {
			clash = clash || own[n]
		}
		if clash && (d.Kind == "func" || d.Kind == "method") || own[name] {
			continue
		}
		imp := importDecl(src.imports, env.refs(pf))
		cf := withImports(pf, imp)
		if fd, ok := pf.Decls[0].(*ast.FuncDecl); ok && len(pf.Decls) == 1 {
			if fd.Recv == nil && returnsInterface(fd) {
				o.funcs[fd.Name.Name] = fd // returnTypes reads its returns
			} else {
				// Only the signature matters: checking the body of every
				// session function for every group would cost most of
				// the check.
				hdr := *fd
				hdr.Body = nil
				cf.Decls = []ast.Decl{&hdr}
				if imp != nil {
					cf.Decls = []ast.Decl{imp, &hdr}
				}
			}
		}
		var names []string
		for n := range declared {
			if t, _, isMethod := strings.Cut(n, "."); isMethod {
				n = t
			}
			names = append(names, n)
		}
		add(unit{file: cf, refs: env.idents(pf)}, names...)
	}
	// The closure of the group's identifiers over the units.
	queue := []map[string]bool{identNames(f)}
	done := map[string]bool{}
	taken := make([]bool, len(units))
	for len(queue) > 0 {
		refs := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		for n := range refs {
			if done[n] {
				continue
			}
			done[n] = true
			for _, i := range byName[n] {
				if taken[i] {
					continue
				}
				taken[i] = true
				u := units[i]
				if u.v != nil {
					pkg.Scope().Insert(u.v)
				} else {
					files = append(files, u.file)
				}
				if u.refs != nil {
					queue = append(queue, u.refs)
				}
			}
		}
	}
	for _, pf := range env.preludeFiles(fset) {
		files = append(files, pf)
	}
	conf := types.Config{Importer: im, Error: func(err error) { o.noteError(err, f) }, Sizes: types.SizesFor("gc", runtime.GOARCH)}
	if err := types.NewChecker(&conf, fset, pkg, o.info).Files(files); err != nil {
		_ = err // errors are expected: what they touch is unknown
	}
	return o
}

// typeOf returns the static type of e when the checker knows it: nil for
// an expression it did not see, an invalid type or an untyped one.
func (o *typeOracle) typeOf(e ast.Expr) types.Type {
	if o == nil || e == nil {
		return nil
	}
	tv, ok := o.info.Types[e]
	if !ok || tv.Type == nil || !tv.IsValue() {
		return nil
	}
	if b, ok := tv.Type.(*types.Basic); ok && (b.Kind() == types.Invalid || b.Info()&types.IsUntyped != 0) {
		return nil
	}
	if !validType(tv.Type, 0) {
		return nil
	}
	return tv.Type
}

// validType reports whether t has no invalid part.
func validType(t types.Type, depth int) bool {
	if depth > 32 {
		return false
	}
	switch x := t.(type) {
	case *types.Basic:
		return x.Kind() != types.Invalid
	case *types.Pointer:
		return validType(x.Elem(), depth+1)
	case *types.Slice:
		return validType(x.Elem(), depth+1)
	case *types.Array:
		return validType(x.Elem(), depth+1)
	case *types.Map:
		return validType(x.Key(), depth+1) && validType(x.Elem(), depth+1)
	case *types.Chan:
		return validType(x.Elem(), depth+1)
	case *types.Signature:
		for _, tup := range []*types.Tuple{x.Params(), x.Results()} {
			for i := 0; i < tup.Len(); i++ {
				if !validType(tup.At(i).Type(), depth+1) {
					return false
				}
			}
		}
	case *types.Struct:
		for i := 0; i < x.NumFields(); i++ {
			if !validType(x.Field(i).Type(), depth+1) {
				return false
			}
		}
	case *types.Named:
		if u := x.Underlying(); u == nil || u == types.Typ[types.Invalid] {
			return false
		}
		if args := x.TypeArgs(); args != nil {
			for i := 0; i < args.Len(); i++ {
				if !validType(args.At(i), depth+1) {
					return false
				}
			}
		}
	}
	return true
}

// typeExpr returns the static type of e as a type expression the
// rewriter can use, or nil (see the package comment above).
func (o *typeOracle) typeExpr(e ast.Expr) ast.Expr {
	t := o.typeOf(e)
	if t == nil {
		return nil
	}
	return o.expr(t)
}

// funcExpr returns the type of e as typeExpr does, or, for a value of a
// named function type the cell cannot write (`s.All()` of a compiled
// package returning iter.Seq[int] in a cell that does not import iter),
// its underlying function type.
func (o *typeOracle) funcExpr(e ast.Expr) ast.Expr {
	if t := o.typeExpr(e); t != nil {
		return t
	}
	t := o.typeOf(e)
	if t == nil {
		return nil
	}
	if _, ok := t.Underlying().(*types.Signature); !ok {
		return nil
	}
	return o.expr(t.Underlying())
}

// expr writes t as a type expression, or returns nil when it cannot be
// written in the cell: a type local to a function, an unexported type of
// a package, a type of a package the session has not imported.
func (o *typeOracle) expr(t types.Type) ast.Expr {
	ok := true
	qual := func(p *types.Package) string {
		if p == o.pkg {
			return ""
		}
		n, found := o.names[p.Path()]
		if !found {
			ok = false
		}
		return n
	}
	s := types.TypeString(t, qual)
	if !ok || !o.expressible(t, map[types.Type]bool{}) {
		return nil
	}
	x, err := parser.ParseExpr(s)
	if err != nil {
		return nil
	}
	return x
}

// expressible reports whether each named type in t is a package-level type
// of the session or an exported type of a package.
func (o *typeOracle) expressible(t types.Type, seen map[types.Type]bool) bool {
	if seen[t] {
		return true
	}
	seen[t] = true
	switch x := t.(type) {
	case *types.Named:
		obj := x.Obj()
		if obj.Pkg() == nil {
			return true // error, comparable
		}
		if strings.Contains(obj.Name(), "[") {
			return false // a compiled instance of a generic type (typeimport.go)
		}
		if obj.Pkg() == o.pkg {
			if obj.Parent() != o.pkg.Scope() {
				return false
			}
		} else if !obj.Exported() {
			return false
		}
		if args := x.TypeArgs(); args != nil {
			for i := 0; i < args.Len(); i++ {
				if !o.expressible(args.At(i), seen) {
					return false
				}
			}
		}
		return true
	case *types.Alias:
		return o.expressible(types.Unalias(x), seen)
	case *types.TypeParam:
		return true
	case *types.Pointer:
		return o.expressible(x.Elem(), seen)
	case *types.Slice:
		return o.expressible(x.Elem(), seen)
	case *types.Array:
		return o.expressible(x.Elem(), seen)
	case *types.Map:
		return o.expressible(x.Key(), seen) && o.expressible(x.Elem(), seen)
	case *types.Chan:
		return o.expressible(x.Elem(), seen)
	case *types.Signature:
		for _, tup := range []*types.Tuple{x.Params(), x.Results()} {
			for i := 0; i < tup.Len(); i++ {
				if !o.expressible(tup.At(i).Type(), seen) {
					return false
				}
			}
		}
		return true
	case *types.Struct:
		for i := 0; i < x.NumFields(); i++ {
			f := x.Field(i)
			if !f.Exported() && f.Pkg() != o.pkg || !o.expressible(f.Type(), seen) {
				return false
			}
		}
		return true
	case *types.Interface:
		for i := 0; i < x.NumMethods(); i++ {
			m := x.Method(i)
			if !m.Exported() && m.Pkg() != o.pkg || !o.expressible(m.Type(), seen) {
				return false
			}
		}
		return true
	}
	return true
}

// oracle type-checks the group file f with the session's declarations
// (see checkTypes).
//
// Every rule that asks the oracle is about values of types declared in
// the session or the cell: a session without type declarations, running
// a group that declares none, skips the check (nil knows nothing).
func (s *Session) oracle(st *state, f *ast.File) *typeOracle {
	if st.types == nil {
		return nil
	}
	s.mu.Lock()
	typed := len(st.typeNames) > 0
	s.mu.Unlock()
	if !typed {
		ast.Inspect(f, func(n ast.Node) bool {
			_, ok := n.(*ast.TypeSpec)
			typed = typed || ok
			return !typed
		})
	}
	if !typed && !s.guardNeedsTypes(st, f) && !ctxNeedsTypes(f) && !rangeNeedsTypes(f) && !s.cellCallsGeneric(st, f) && !s.negZeroNeedsTypes(st, f) && !trailingCallNeedsTypes(f) &&
		!s.methodExprNeedsTypes(st, f) && !declaresGeneric(f) && !s.methodValueNeedsTypes(st, f) && !constNeedsTypes(f) &&
		!s.funcValueNeedsTypes(st, f) && !s.newNeedsTypes(st, f) && !commaOKNeedsTypes(f) && !loggerFatalNeedsTypes(f) && !offsetofNeedsTypes(f) && !logLineNeedsTypes(f) && !unsafeNeedsTypes(f) && !s.thirdPartyNeedsTypes(st, f) && !s.bigConstNeedsTypes(st, f) && !appendNilNeedsTypes(f) && !s.genericVarNeedsTypes(st, f) && !tupleVarNeedsTypes(f) && !missingReturnNeedsTypes(f) { // missingreturn.go, tuplevar.go, genericvalue.go, appendnil.go, bigconst.go, sourcetypes.go, logprint.go, offsetof.go, guardrecv.go, ctxkey.go, rangefunc.go, typeargs.go, negzeroarg.go, trailingcall.go, methodexpr.go, typeparamprint.go, compiledmethod.go, constexpr.go, funcvalue.go, newexpr.go, commaok.go, logfatal.go
		return nil
	}
	return st.types.checkTypes(st.fset, s.snapshotSource(st), f)
}

// funcDecl returns the session function name as the checker saw it (its
// nodes have types), or nil.
func (o *typeOracle) funcDecl(name string) *ast.FuncDecl {
	if o == nil {
		return nil
	}
	return o.funcs[name]
}

// defType returns the static type of the variable id defines, as a type
// expression, or nil.
func (o *typeOracle) defType(id *ast.Ident) ast.Expr {
	if o == nil {
		return nil
	}
	v, ok := o.info.Defs[id].(*types.Var)
	if !ok || v.Type() == nil || !validType(v.Type(), 0) {
		return nil
	}
	if b, ok := v.Type().(*types.Basic); ok && b.Info()&types.IsUntyped != 0 {
		return nil
	}
	return o.expr(v.Type())
}

// staticType returns the oracle's type of the variable id defines when
// the syntax gave none (t nil), for record: later cells' checks declare
// the variable with it.
func staticType(rw *rewriter, t ast.Expr, id *ast.Ident) ast.Expr {
	if t != nil || rw == nil {
		return nil
	}
	return rw.oracle.defType(id)
}

// returnsInterface reports whether fd has one result whose type may be an
// interface (any, error, an interface literal, a package's or a session
// type): returnTypes (ifaceorigin.go) reads the returns of such a
// function, so the oracle checks its body.
func returnsInterface(fd *ast.FuncDecl) bool {
	if fd.Type.Results == nil || len(fd.Type.Results.List) != 1 || len(fd.Type.Results.List[0].Names) > 1 {
		return false
	}
	switch t := fd.Type.Results.List[0].Type.(type) {
	case *ast.InterfaceType, *ast.SelectorExpr:
		return true
	case *ast.Ident:
		_, basic := predeclaredTypes[t.Name]
		return !basic
	}
	return false
}

// identNames returns the names of the identifiers in n.
func identNames(n ast.Node) map[string]bool {
	out := map[string]bool{}
	ast.Inspect(n, func(m ast.Node) bool {
		if id, ok := m.(*ast.Ident); ok {
			out[id.Name] = true
		}
		return true
	})
	return out
}

// idents returns identNames of a parsed session source, once.
func (env *typeEnv) idents(f *ast.File) map[string]bool {
	env.mu.Lock()
	defer env.mu.Unlock()
	if r, ok := env.names[f]; ok {
		return r
	}
	r := identNames(f)
	env.names[f] = r
	return r
}

// Interface variables of earlier cells.
//
// `var x any = 2.5` in one cell and `x.(Celsius)` in a later one: the
// static type of x is an interface, so only its origins tell what it
// may hold. record keeps the origins of the value a variable was defined
// with and of those its group stores into it (decl.Origins, from
// originTypes and staticTypes of ifaceorigin.go, groupStores of
// ifaceflow.go), every later group adds those of the values it stores
// (noteStores), and varOrigins gives them to originTypes with the session
// functions and methods that may assign the variable, whose stores
// sessionVarOrigins adds.

// defValues returns the values of a definition with as many values as
// names, or nil.
func defValues(as *ast.AssignStmt) []ast.Expr {
	if len(as.Lhs) != len(as.Rhs) {
		return nil
	}
	return as.Rhs
}

// originsOf returns the origins of values[i] for the variable name
// declared with type declType (nil for a definition without a type),
// when the variable is of an interface type and the syntax or the oracle
// shows what the value holds, and of the values the group stores into it
// since (ifaceflow.go), or nil.
func originsOf(rw *rewriter, name string, declType ast.Expr, values []ast.Expr, i int) []ast.Expr {
	if rw == nil {
		return nil
	}
	stored := rw.groupStores(name)
	if i >= len(values) || isNilIdent(values[i]) {
		return stored
	}
	if declType != nil {
		if !rw.isInterfaceType(declType) {
			return nil
		}
		return append(rw.staticTypes(values[i], 0), stored...)
	}
	return append(rw.originTypes(values[i], 0), stored...)
}

// assignedGlobals returns the names n assigns, increments, ranges into or
// takes the address of without declaring them (the session's variables,
// in a group or in a session function's source).
func assignedGlobals(n ast.Node) map[string]bool {
	out := map[string]bool{}
	note := func(e ast.Expr) {
		if id, ok := unparen(e).(*ast.Ident); ok && id.Obj == nil {
			out[id.Name] = true
		}
	}
	ast.Inspect(n, func(m ast.Node) bool {
		switch x := m.(type) {
		case *ast.AssignStmt:
			for _, l := range x.Lhs {
				note(l)
			}
		case *ast.IncDecStmt:
			note(x.X)
		case *ast.RangeStmt:
			if x.Tok == token.ASSIGN {
				if x.Key != nil {
					note(x.Key)
				}
				if x.Value != nil {
					note(x.Value)
				}
			}
		case *ast.UnaryExpr:
			if x.Op == token.AND {
				note(x.X)
			}
		}
		return true
	})
	return out
}

// varOrigins returns the origins recorded for the session variable name
// and the parsed sources of the session functions and methods that
// assign it.
func (sc sessionScope) varOrigins(name string) ([]ast.Expr, []*ast.File) {
	sc.s.mu.Lock()
	d := sc.st.decls[name]
	if d == nil || d.Kind != "var" || sc.st.types == nil {
		sc.s.mu.Unlock()
		return nil, nil
	}
	origins := append([]ast.Expr(nil), d.Origins...)
	var srcs []string
	for _, f := range sc.st.decls {
		if f.Kind == "func" {
			srcs = append(srcs, f.Src)
		}
	}
	for _, ms := range sc.st.methods {
		for _, m := range ms {
			srcs = append(srcs, m.Src)
		}
	}
	sc.s.mu.Unlock()
	var files []*ast.File
	for _, src := range srcs {
		if f := sc.st.types.parsed(sc.st.fset, src); f != nil && assignedGlobals(f)[name] {
			files = append(files, f)
		}
	}
	return origins, files
}
