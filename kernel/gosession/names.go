package gosession

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/printer"
	"go/token"
	"maps"
	"path"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"

	"github.com/activis-go/activis/kernel/gosession/symbols"
	"github.com/activis-go/activis/kernel/gosession/symbols/stdnew"
	"github.com/activis-go/activis/kernel/session"
)

// pkgInfo is the read-only table of packages interpreted code can import.
type pkgInfo struct {
	byPath map[string]string                   // import path -> package name
	byName map[string]string                   // unambiguous package name -> path
	syms   map[string]map[string]reflect.Value // import path -> symbols
}

// preferred resolves package names that several importable packages share.
var preferred = map[string]string{
	"rand": "math/rand", "template": "text/template", "scanner": "text/scanner",
	"pprof": "runtime/pprof", "constraint": "go/build/constraint",
}

// packages returns the table, built once from the symbol maps.
var packages = sync.OnceValue(func() *pkgInfo {
	p := &pkgInfo{byPath: map[string]string{}, byName: map[string]string{}, syms: map[string]map[string]reflect.Value{}}
	count := map[string]int{}
	for _, m := range []map[string]map[string]reflect.Value{stdlib.Symbols, stdnew.Symbols, symbols.Symbols} {
		for k, v := range m {
			dir, name := path.Dir(k), path.Base(k)
			if dir == "." || strings.Contains(dir, "yaegi") || strings.Contains(dir, "internal") {
				continue
			}
			if old, ok := p.syms[dir]; ok { // stdnew adds to yaegi's table
				merged := maps.Clone(old)
				maps.Copy(merged, v)
				p.syms[dir] = merged
				continue
			}
			p.byPath[dir] = name
			p.syms[dir] = v
			count[name]++
			p.byName[name] = dir
		}
	}
	p.syms["log"] = maps.Clone(p.syms["log"]) // with the real Logger and New (logfatal.go)
	maps.Copy(p.syms["log"], logExports()["log/log"])
	p.byPath["os/exec"] = "exec"
	for name, n := range count {
		if n > 1 {
			delete(p.byName, name)
			if pp, ok := preferred[name]; ok {
				p.byName[name] = pp
			}
		}
	}
	return p
})

// runImports evaluates import declarations, skipping packages the session
// has already imported under the same name.
func (s *Session) runImports(c *cell, st *state, file *ast.File) *session.ExecError {
	var paths []string
	for _, spec := range file.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			continue
		}
		name := pkgName(p)
		if spec.Name != nil {
			name = spec.Name.Name
		}
		if name != "_" && name != "." && st.imports[name] == p {
			continue
		}
		if spec.Name == nil && thirdParty(p) && stdSourceName(name) { // pkgimportname.go
			msg := fmt.Sprintf("import %q: the package is named %[2]s, like the standard library's %[2]s, which the interpreter would take it for "+
				"(its functions would fail or be the standard ones); import it under another name: import %[2]s2 %[1]q", p, name)
			return &session.ExecError{Name: "CompileError", Value: msg, Traceback: []string{"CompileError: " + msg}}
		}
		if spec.Name != nil {
			p = spec.Name.Name + " " + strconv.Quote(p)
		}
		paths = append(paths, p)
	}
	return s.importPaths(c, st, paths...)
}

// importPaths imports packages; an entry is a path or `name "path"`.
// Each is imported on its own and recorded once imported: yaegi keeps
// the imports of a declaration that failed at a later one (a package
// that does not compile), so `fmt` of `import ("fmt"; "example.com/bad")`
// was imported but not recorded, and every later cell, importing it
// again, failed with "fmt/_.go redeclared in this block". A package that
// failed can be imported again (importretry.go).
func (s *Session) importPaths(c *cell, st *state, specs ...string) *session.ExecError {
	for _, sp := range specs {
		src := sp
		if !strings.HasSuffix(sp, `"`) {
			src = strconv.Quote(sp)
		}
		name, p := "", sp
		if i := strings.Index(sp, ` "`); i > 0 {
			name, p = sp[:i], sp[i+1:]
		}
		p = strings.Trim(p, `"`)
		if name == "" {
			name = pkgName(p)
		}
		if _, err := st.eval("import " + src); err != nil {
			s.noteFailedImport(st, name, c.name) // failednames.go
			st.interpMu.Lock()
			problem := forgetFailedImports(st.in) // importretry.go; it recovers its own panics
			st.interpMu.Unlock()
			if problem != "" {
				panic("gosession: yaegi's layout is not the one importretry.go reads: " + problem)
			}
			if !strings.Contains(err.Error(), "import ") {
				// an interpreter panic names no package
				err = fmt.Errorf("import %s: %w", src, err)
			}
			return s.compileError(c.name, err, "")
		}
		if name != "_" && name != "." {
			s.mu.Lock()
			st.imports[name] = p
			delete(st.failedImports, name)
			s.mu.Unlock()
		}
	}
	return nil
}

// pkgName returns the package name of an import path.
func pkgName(p string) string {
	if n, ok := packages().byPath[p]; ok {
		return n
	}
	if n := goPathName(p); n != "" {
		return n // a package interpreted from source: its package clause (typeimport.go)
	}
	base := path.Base(p)
	if strings.HasPrefix(base, "v") && len(base) > 1 && strings.Trim(base[1:], "0123456789") == "" {
		base = path.Base(path.Dir(p))
	}
	return base
}

// missingImports returns the import paths of packages the code uses as
// `name.X` without importing them, when name is unambiguous.
func (s *Session) missingImports(st *state, file *ast.File) []string {
	seen := map[string]bool{}
	var out []string
	g := globals(st)
	logs := false // a call of a log print function or method (logprint.go)
	ast.Inspect(file, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		logs = logs || logPrintNames[sel.Sel.Name]
		id, ok := sel.X.(*ast.Ident)
		if !ok || id.Obj != nil || seen[id.Name] {
			return true
		}
		seen[id.Name] = true
		if st.imports[id.Name] != "" || st.decls[id.Name] != nil {
			return true
		}
		if _, ok := g[id.Name]; ok {
			return true
		}
		if p, ok := packages().byName[id.Name]; ok {
			out = append(out, p)
		}
		return true
	})
	// log's print calls are written as prints of the text fmt makes
	// (logprint.go), so that the session's fmt rewrites apply: fmt is
	// imported for them when the session has not imported it.
	if logs && !slices.Contains(out, "fmt") && !slices.Contains(slices.Collect(maps.Values(st.imports)), "fmt") {
		if _, ok := g["fmt"]; !ok && st.decls["fmt"] == nil {
			out = append(out, "fmt")
		}
	}
	sort.Strings(out)
	return out
}

// logPrintNames are the print functions of the package log and the print
// methods of a *log.Logger (logprint.go).
var logPrintNames = map[string]bool{"Print": true, "Println": true, "Printf": true, "Fatal": true, "Fatalln": true,
	"Fatalf": true, "Panic": true, "Panicln": true, "Panicf": true}

// renameTypes gives a type redefined with a different declaration a fresh
// interpreter name (yaegi keeps the first definition of a type name), and
// points the code's references to a session type at its current name.
func (s *Session) renameTypes(st *state, file *ast.File, isDecl bool, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	same := map[*ast.TypeSpec]bool{}
	if isDecl {
		changed := s.redefinedMethods(st, file)
		for _, d := range file.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, sp := range gd.Specs {
				ts := sp.(*ast.TypeSpec)
				name := ts.Name.Name
				src := nodeString(st.fset, ts)
				if _, ok := st.typeNames[name]; !ok {
					st.typeNames[name] = name
					if predeclaredType(name) {
						// yaegi resolves byte, float64, … to the predeclared
						// type even where a cell declares its own (300
						// overflowed a `type byte int`, float64(3)/2 was 1.5):
						// a version name keeps them apart.
						st.versions++
						st.typeNames[name] = fmt.Sprintf("%s_v%d", name, st.versions)
					}
				} else if st.typeSrc[name] != src || changed[name] || st.staleTypes[name] { // typeconst.go
					st.retire(name) // retiredtypes.go
					st.versions++
					st.typeNames[name] = fmt.Sprintf("%s_v%d", name, st.versions)
				} else {
					same[ts] = true // re-running the same declaration: keep the type
				}
				st.typeSrc[name] = src
				delete(st.staleTypes, name)
			}
		}
		dropSpecs(file, same)
	}
	renamed := false
	for u, i := range st.typeNames {
		if u != i {
			renamed = true
		}
	}
	if !renamed {
		return
	}
	skip := map[*ast.Ident]bool{}
	ast.Inspect(file, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.SelectorExpr:
			skip[x.Sel] = true
		case *ast.StructType:
			for _, f := range x.Fields.List {
				for _, nm := range f.Names {
					skip[nm] = true
				}
			}
		case *ast.CompositeLit:
			for _, e := range x.Elts {
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					if id, ok := kv.Key.(*ast.Ident); ok {
						skip[id] = true
					}
				}
			}
		}
		return true
	})
	ast.Inspect(file, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || skip[id] {
			return true
		}
		internal, ok := st.typeNames[id.Name]
		if !ok || internal == id.Name {
			return true
		}
		if id.Obj != nil {
			if _, isType := id.Obj.Decl.(*ast.TypeSpec); !isType {
				return true // a local name shadowing the type
			}
		}
		id.Name = internal
		return true
	})
}

// predeclaredType reports whether name is one of Go's predeclared types.
func predeclaredType(name string) bool {
	switch name {
	case "bool", "byte", "complex64", "complex128", "error", "float32", "float64", "int", "int8", "int16", "int32",
		"int64", "rune", "string", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr", "any", "comparable":
		return true
	}
	return false
}

// redefinedMethods finds methods of file that change a method the session
// already has. yaegi keeps a type's first method set, so such a type gets a
// new version: when file does not declare the type itself, its recorded
// declaration and its other methods are added to file. It returns the user
// names of the types to re-version. s.mu is held.
func (s *Session) redefinedMethods(st *state, file *ast.File) map[string]bool {
	changed := map[string]bool{}
	declared := map[string]bool{}
	redone := map[string]map[string]bool{}
	for _, d := range file.Decls {
		switch x := d.(type) {
		case *ast.GenDecl:
			if x.Tok == token.TYPE {
				for _, sp := range x.Specs {
					declared[sp.(*ast.TypeSpec).Name.Name] = true
				}
			}
		case *ast.FuncDecl:
			if x.Recv == nil || len(x.Recv.List) != 1 {
				continue
			}
			t := typeName(x.Recv.List[0].Type)
			src := nodeString(st.fset, x)
			if old, ok := st.methodSrc[t][x.Name.Name]; ok && old != src {
				changed[t] = true
			}
			if redone[t] == nil {
				redone[t] = map[string]bool{}
			}
			redone[t][x.Name.Name] = true
			if st.methodSrc[t] == nil {
				st.methodSrc[t] = map[string]string{}
			}
			st.methodSrc[t][x.Name.Name] = src
		}
	}
	for t := range changed {
		if declared[t] || st.typeSrc[t] == "" {
			continue
		}
		extra := "package main\ntype " + st.typeSrc[t] + "\n"
		for m, src := range st.methodSrc[t] {
			if !redone[t][m] {
				extra += src + "\n"
			}
		}
		f, err := parser.ParseFile(st.fset, interp.DefaultSourceName, extra, parser.ParseComments)
		if err != nil {
			delete(changed, t)
			continue
		}
		file.Decls = append(file.Decls, f.Decls...)
	}
	return changed
}

// snapshotTypes returns a function restoring the session's type names as
// they are now.
func (s *Session) snapshotTypes(st *state) (undo func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	names, srcs := maps.Clone(st.typeNames), maps.Clone(st.typeSrc)
	methods := map[string]map[string]string{}
	for t, m := range st.methodSrc {
		methods[t] = maps.Clone(m)
	}
	retired, order := maps.Clone(st.retired), slices.Clone(st.retiredOrder) // retiredtypes.go
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		st.typeNames, st.typeSrc, st.methodSrc = names, srcs, methods
		st.retired, st.retiredOrder = retired, order
	}
}

// dropSpecs removes type specs (and declarations left empty) from file.
func dropSpecs(file *ast.File, drop map[*ast.TypeSpec]bool) {
	if len(drop) == 0 {
		return
	}
	decls := file.Decls[:0]
	for _, d := range file.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.TYPE {
			specs := gd.Specs[:0]
			for _, sp := range gd.Specs {
				if !drop[sp.(*ast.TypeSpec)] {
					specs = append(specs, sp)
				}
			}
			gd.Specs = specs
			if len(specs) == 0 {
				continue
			}
		}
		decls = append(decls, d)
	}
	file.Decls = decls
}

// record keeps the declarations of a group that ran, for completion and
// inspection (and for the rewriter's type knowledge).
func (s *Session) record(st *state, file *ast.File, kind ItemKind, text string, rw *rewriter) {
	// Types are worked out before taking the lock (typeOf takes it).
	var out []*decl
	defer func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		st.noteInstances(rw) // instanceprint.go
		for _, d := range out {
			d.Sig, d.Src = userTypeParams(d.Sig), userTypeParams(d.Src) // see typeparams.go
			if d.Kind == "method" {
				if st.methods[d.Recv] == nil {
					st.methods[d.Recv] = map[string]*decl{}
				}
				st.methods[d.Recv][d.Name] = d
				continue
			}
			if d.Kind == "type" {
				for u, i := range st.typeNames {
					if i == d.Name && u != i {
						// The signature with the user's name too: the
						// checks of generic types read "type One[" in it.
						d.Name, d.Sig = u, "type "+u+strings.TrimPrefix(d.Sig, "type "+i)
					}
				}
			}
			st.decls[d.Name] = d
		}
	}()
	switch kind {
	case DeclItem:
		for _, d := range file.Decls {
			switch x := d.(type) {
			case *ast.FuncDecl:
				hdr := *x
				hdr.Body, hdr.Doc = nil, nil
				dc := &decl{Name: x.Name.Name, Kind: "func", Sig: nodeString(st.fset, &hdr), Doc: x.Doc.Text(),
					Src: nodeString(st.fset, x), Type: x.Type}
				if x.Recv != nil && len(x.Recv.List) == 1 {
					dc.Kind = "method"
					dc.Recv = typeName(x.Recv.List[0].Type)
				}
				out = append(out, dc)
			case *ast.GenDecl:
				for _, sp := range x.Specs {
					switch y := sp.(type) {
					case *ast.TypeSpec:
						doc := y.Doc.Text()
						if doc == "" {
							doc = x.Doc.Text()
						}
						out = append(out, &decl{Name: y.Name.Name, Kind: "type", Sig: "type " + nodeString(st.fset, y), Doc: doc,
							Src: nodeString(st.fset, x), Type: y.Type})
					case *ast.ValueSpec:
						doc := y.Doc.Text()
						if doc == "" {
							doc = x.Doc.Text()
						}
						for i, n := range y.Names {
							t := y.Type
							if t == nil && len(y.Values) == len(y.Names) {
								t = rw.typeOf(y.Values[i])
							}
							out = append(out, &decl{Name: n.Name, Kind: x.Tok.String(), Sig: x.Tok.String() + " " + nodeString(st.fset, y),
								Doc: doc, Src: nodeString(st.fset, x), Type: t, Static: staticType(rw, t, n),
								Origins: originsOf(rw, n.Name, y.Type, y.Values, i), Assigned: rw.reassignedInGroup(n.Name)})
						}
					}
				}
			}
		}
	case StmtItem:
		body := file.Decls[0].(*ast.FuncDecl).Body
		for _, stmt := range body.List {
			if ds, ok := stmt.(*ast.DeclStmt); ok {
				if gd, ok := ds.Decl.(*ast.GenDecl); ok && gd.Tok == token.VAR {
					for _, sp := range gd.Specs {
						vs := sp.(*ast.ValueSpec)
						doc := vs.Doc.Text()
						if doc == "" {
							doc = gd.Doc.Text()
						}
						for i, n := range vs.Names {
							t := vs.Type
							if t == nil && len(vs.Values) == len(vs.Names) {
								t = rw.typeOf(vs.Values[i])
							}
							out = append(out, &decl{Name: n.Name, Kind: "var", Sig: "var " + nodeString(st.fset, vs),
								Doc: doc, Src: nodeString(st.fset, gd), Type: t, Bin: rw.bins[n.Name], Static: staticType(rw, t, n),
								Origins: originsOf(rw, n.Name, vs.Type, vs.Values, i), Assigned: rw.reassignedInGroup(n.Name)})
						}
					}
				}
				continue
			}
			as, ok := stmt.(*ast.AssignStmt)
			if !ok || as.Tok != token.DEFINE {
				continue
			}
			for i, l := range as.Lhs {
				id, ok := l.(*ast.Ident)
				if !ok || id.Name == "_" {
					continue
				}
				var t ast.Expr
				if len(as.Lhs) == len(as.Rhs) {
					t = rw.typeOf(as.Rhs[i])
				}
				out = append(out, &decl{Name: id.Name, Kind: "var", Sig: nodeString(st.fset, as), Type: t, Bin: rw.bins[id.Name],
					Static: staticType(rw, t, id), Origins: originsOf(rw, id.Name, nil, defValues(as), i), Assigned: rw.reassignedInGroup(id.Name)})
			}
		}
	}
}

// nodeString prints an AST node.
func nodeString(fset *token.FileSet, n any) string {
	var b bytes.Buffer
	if err := printer.Fprint(&b, fset, n); err != nil {
		return ""
	}
	return b.String()
}

// sessionScope answers the rewriter's questions about a session state.
type sessionScope struct {
	s  *Session
	st *state
}

func (s *Session) scope(st *state) scope { return sessionScope{s, st} }

func (sc sessionScope) isPackage(name string) bool {
	sc.s.mu.Lock()
	defer sc.s.mu.Unlock()
	return sc.st.imports[name] != ""
}

func (sc sessionScope) globalType(name string) ast.Expr {
	if pkg, member, ok := strings.Cut(name, "."); ok {
		sc.s.mu.Lock()
		p := sc.st.imports[pkg]
		sc.s.mu.Unlock()
		if p == "" {
			return nil
		}
		v, ok := packages().syms[p][member]
		if !ok || !v.IsValid() {
			return nil
		}
		if c, ok := v.Interface().(constant.Value); ok {
			if c.Kind() == constant.Int {
				return ast.NewIdent("int")
			}
			return nil
		}
		return reflectTypeExpr(v.Type())
	}
	sc.s.mu.Lock()
	d := sc.st.decls[name]
	sc.s.mu.Unlock()
	if d != nil {
		return d.Type
	}
	if v, ok := globals(sc.st)[name]; ok && v.IsValid() {
		return reflectTypeExpr(v.Type())
	}
	return nil
}

// reflectTypeExpr turns a runtime type into a type expression when it is
// an integer or a function; nil otherwise.
func reflectTypeExpr(t reflect.Type) ast.Expr {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return ast.NewIdent(t.Kind().String())
	case reflect.Func:
		e, err := parser.ParseExpr(t.String())
		if err != nil {
			return nil
		}
		return e
	}
	return nil
}
