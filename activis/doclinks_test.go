package activis_test

import (
	"go/ast"
	"go/doc/comment"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// TestDocReferencesResolve checks that the doc comments of the module's
// packages name only things that exist. The rule:
//
//  1. Doc links ([Name], [Name.Method], [pkg.Name], [pkg.Name.Field], with
//     an optional leading *), as go/doc/comment parses them, must resolve:
//     Name in the comment's own package, pkg a package the file imports
//     (by its name) or a package of this module, and Method/Field a method
//     or field of the named type.
//
//  2. Backquoted code that starts with pkg.Name (optionally followed by
//     .Member and anything after, e.g. `activis.LoadONNX("m.onnx")`),
//     where pkg is a package of this module or one the file imports, must
//     resolve the same way; so must backquoted Type.Member where Type is a
//     type of the comment's package.
//
//  3. Every CamelCase word of the prose (a capital, lower-case letters or
//     digits, then another capital: ChannelMean, LoadONNX, RunWith) must be
//     a name declared somewhere in the module (package-level, method,
//     field; tests included, so docs may name benchmarks), a name of a
//     package the file imports or a member of one of its types, a string
//     in the module's code (ONNX operator names such as MatMul are strings
//     of the operator tables), or one of the product and unit names of
//     notGoNames.
//
// Other words (prose, variables in examples such as `ex.Add`, indented
// code blocks) are not checked. Comments are the doc comments of files, declarations, struct
// fields and interface methods. Packages are every non-main package of
// the module.
func TestDocReferencesResolve(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks the module with go list -export")
	}
	root := moduleRoot(t)
	pkgs, lookup := exportData(t, module+"/...")
	imp := importer.ForCompiler(token.NewFileSet(), "gc", lookup)
	byPath := map[string]*types.Package{}
	byName := map[string]*types.Package{} // the module's packages by name
	for _, path := range pkgs {
		if !strings.HasPrefix(path, module) {
			continue
		}
		p, err := imp.Import(path)
		if err != nil {
			if strings.Contains(err.Error(), "no export data") {
				continue // a command: go list gives no export data for main packages
			}
			t.Fatalf("import %s: %v", path, err)
		}
		byPath[path] = p
		if p.Name() != "main" {
			byName[p.Name()] = p
		}
	}
	known := moduleNames(t, root)
	checked := 0
	for path, pkg := range byPath {
		dir := filepath.Join(root, strings.TrimPrefix(strings.TrimPrefix(path, module), "/"))
		fset := token.NewFileSet()
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			name := e.Name()
			if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			r := &docResolver{pkg: pkg, byName: byName, imports: map[string]*types.Package{}, lookup: imp, known: known}
			for _, is := range f.Imports {
				ip := strings.Trim(is.Path.Value, `"`)
				local := ip[strings.LastIndex(ip, "/")+1:]
				if is.Name != nil {
					local = is.Name.Name
				}
				r.importPaths = append(r.importPaths, [2]string{local, ip})
			}
			for _, cg := range docComments(f) {
				checked++
				for _, bad := range r.check(cg.Text()) {
					t.Errorf("%s: %s", fset.Position(cg.Pos()), bad)
				}
			}
		}
	}
	if checked < 500 {
		t.Fatalf("checked only %d doc comments", checked)
	}
}

// TestDocReferenceRule checks the rule on comments that break it.
func TestDocReferenceRule(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks activis with go list -export")
	}
	pkgs, lookup := exportData(t, module+"/activis")
	imp := importer.ForCompiler(token.NewFileSet(), "gc", lookup)
	pkg, err := imp.Import(pkgs[0])
	if err != nil {
		t.Fatal(err)
	}
	r := &docResolver{pkg: pkg, byName: map[string]*types.Package{"activis": pkg}, imports: map[string]*types.Package{}, lookup: imp,
		known: map[string]bool{"RunWith": true, "LoadONNX": true}}
	for text, want := range map[string]int{
		"By default (ChannelMean) a neuron is a channel; see RunWith and LoadONNX.":  1,
		"ActiVis in JupyterLab; `ChannelMean` in code is rule 2's business.":         0,
		"See [Aggregate] and [RunOptions.Flatten] and [*Explorer.Stats].":            0,
		"See [ChannelMean] or [RunOptions.ChannelMean].":                             2,
		"Call `activis.LoadONNX(\"m.onnx\")` then `activis.Nope`; `ex.Whatever` ok.": 1,
		"`Accumulator.Merge` merges, `Accumulator.Mix` does not exist.":              1,
		"[io.Reader] is not imported here.":                                          1,
		"x[i] and [0,1) are not links; [Subset] is.":                                 0,
	} {
		if got := r.check(text); len(got) != want {
			t.Errorf("%q: %d problems %v, want %d", text, len(got), got, want)
		}
	}
}

// moduleRoot is the directory of go.mod.
func moduleRoot(t *testing.T) string {
	out, err := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "env", "GOMOD").Output()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Dir(strings.TrimSpace(string(out)))
}

// docComments returns the doc comments of a file: the package comment,
// declarations, specs, struct fields and interface methods.
func docComments(f *ast.File) []*ast.CommentGroup {
	var out []*ast.CommentGroup
	add := func(cg *ast.CommentGroup) {
		if cg != nil {
			out = append(out, cg)
		}
	}
	add(f.Doc)
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.GenDecl:
			add(x.Doc)
		case *ast.FuncDecl:
			add(x.Doc)
		case *ast.TypeSpec:
			add(x.Doc)
		case *ast.ValueSpec:
			add(x.Doc)
		case *ast.Field:
			add(x.Doc)
		}
		return true
	})
	return out
}

// docResolver resolves references in one file's comments.
type docResolver struct {
	pkg         *types.Package
	byName      map[string]*types.Package
	importPaths [][2]string // local name, path
	imports     map[string]*types.Package
	lookup      types.Importer
	known       map[string]bool // rule 3's module names; nil: rule 3 off
	importNames map[string]bool // rule 3's names of the imported packages
}

// notGoNames are CamelCase words of the docs that name products, formats
// and units, not Go identifiers.
var notGoNames = map[string]bool{
	"ActiVis": true, "JupyterLab": true, "PyTorch": true, "NumPy": true, "TensorFlow": true,
	"JavaScript": true, "LaTeX": true, "ZeroMQ": true, "OpenMP": true, "OpenBLAS": true,
	"GiB": true, "KiB": true, "MiB": true, "NaN": true, "NaNs": true, "ReLU": true,
	"ResizeObserver": true, "SplitMix64": true, "GitHub": true, "TensorBoard": true,
	"ColorBrewer": true, "GotoBLAS": true,
	// Other projects' APIs, cited where the docs compare with them:
	// gonnx's ResolveOperatorGetter, ONNX's NodeProto message, gonum's
	// fourier.CmplxFFT, PyTorch's GroupNorm.
	"ResolveOperatorGetter": true, "NodeProto": true, "CmplxFFT": true, "GroupNorm": true,
}

var camelWord = regexp.MustCompile(`(?:^|[^\w.` + "`" + `"'/\[*])([A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*)\b`)

// checkWords applies rule 3 to a run of prose.
func (r *docResolver) checkWords(s string) []string {
	if r.known == nil {
		return nil
	}
	var bad []string
	for _, m := range camelWord.FindAllStringSubmatch(s, -1) {
		w := m[1]
		if r.known[w] || notGoNames[w] || r.importedName(w) {
			continue
		}
		bad = append(bad, w+" names nothing in the module or its imports")
	}
	return bad
}

// importedName reports whether w is a name of a package the file imports
// or a field or method of one of its named types.
func (r *docResolver) importedName(w string) bool {
	if r.importNames == nil {
		r.importNames = map[string]bool{}
		for _, ip := range r.importPaths {
			p := r.pkgNamed(ip[0])
			if p == nil {
				continue
			}
			for _, name := range p.Scope().Names() {
				r.importNames[name] = true
				tn, ok := p.Scope().Lookup(name).(*types.TypeName)
				if !ok {
					continue
				}
				ms := types.NewMethodSet(types.NewPointer(tn.Type()))
				for i := range ms.Len() {
					r.importNames[ms.At(i).Obj().Name()] = true
				}
				if st, ok := tn.Type().Underlying().(*types.Struct); ok {
					for i := range st.NumFields() {
						r.importNames[st.Field(i).Name()] = true
					}
				}
			}
		}
	}
	return r.importNames[w]
}

// moduleNames collects every identifier declared in the module's Go files
// (package level, methods, fields, interface methods; tests too) and every
// identifier-like string literal.
func moduleNames(t *testing.T, root string) map[string]bool {
	known := map[string]bool{}
	ident := regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == ".git" || d.Name() == "build") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil // a file being edited elsewhere; its names just go unknown
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.FuncDecl:
				known[x.Name.Name] = true
			case *ast.TypeSpec:
				known[x.Name.Name] = true
			case *ast.ValueSpec:
				for _, id := range x.Names {
					known[id.Name] = true
				}
			case *ast.Field:
				for _, id := range x.Names {
					known[id.Name] = true
				}
			case *ast.BasicLit:
				if x.Kind == token.STRING {
					v := strings.Trim(x.Value, "`\"")
					if ident.MatchString(v) {
						known[v] = true
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return known
}

// pkgNamed returns the package a reference's qualifier names: an import
// of the file, else a package of the module; nil when it is neither.
func (r *docResolver) pkgNamed(name string) *types.Package {
	for _, ip := range r.importPaths {
		if ip[0] == name {
			if p, ok := r.imports[ip[1]]; ok {
				return p
			}
			p, err := r.lookup.Import(ip[1])
			if err != nil {
				p = nil
			}
			r.imports[ip[1]] = p
			return p
		}
	}
	if name == r.pkg.Name() {
		return r.pkg
	}
	return r.byName[name]
}

// resolve reports whether name (optionally .member) exists in pkg.
func resolve(pkg *types.Package, name, member string) bool {
	obj := pkg.Scope().Lookup(name)
	if obj == nil {
		return false
	}
	if member == "" {
		return true
	}
	tn, ok := obj.(*types.TypeName)
	if !ok {
		return false
	}
	m, _, _ := types.LookupFieldOrMethod(types.NewPointer(tn.Type()), true, pkg, member)
	return m != nil
}

var backquoted = regexp.MustCompile("`\\*?&?([A-Za-z_][A-Za-z0-9_]*)\\.([A-Za-z_][A-Za-z0-9_]*)(?:\\.([A-Za-z_][A-Za-z0-9_]*))?([^`]*)`")

// check returns the unresolved references of one comment's text.
func (r *docResolver) check(text string) []string {
	var bad []string
	var p comment.Parser
	p.LookupSym = func(recv, name string) bool { return true } // every syntactic link becomes a DocLink
	p.LookupPackage = func(name string) (string, bool) {
		if pk := r.pkgNamed(name); pk != nil {
			return pk.Path(), true
		}
		return "", false
	}
	d := p.Parse(text)
	var walk func(texts []comment.Text)
	walk = func(texts []comment.Text) {
		for _, x := range texts {
			switch l := x.(type) {
			case *comment.DocLink:
				if l.Name == "" {
					continue // "[]" (an empty slice), not a link
				}
				pkg := r.pkg
				if l.ImportPath != "" {
					pkg = r.pkgNamed(l.ImportPath[strings.LastIndex(l.ImportPath, "/")+1:])
					if pkg == nil || pkg.Path() != l.ImportPath {
						if pk, err := r.lookup.Import(l.ImportPath); err == nil {
							pkg = pk
						}
					}
				}
				name, member := l.Name, ""
				if l.Recv != "" {
					name, member = l.Recv, l.Name
				}
				if pkg == nil || !resolve(pkg, name, member) {
					bad = append(bad, "doc link ["+linkText(l)+"] does not resolve")
				}
			case *comment.Link:
				walk(l.Text)
			case comment.Plain:
				bad = append(bad, r.checkCode(string(l))...)
				bad = append(bad, r.checkWords(string(l))...)
			case comment.Italic:
				bad = append(bad, r.checkCode(string(l))...)
				bad = append(bad, r.checkWords(string(l))...)
			}
		}
	}
	for _, b := range d.Content {
		switch x := b.(type) {
		case *comment.Paragraph:
			walk(x.Text)
		case *comment.Heading:
			walk(x.Text)
		case *comment.List:
			for _, it := range x.Items {
				for _, c := range it.Content {
					if para, ok := c.(*comment.Paragraph); ok {
						walk(para.Text)
					}
				}
			}
		}
	}
	// "[io.Reader]" with io not imported stays plain text: report a
	// bracketed qualified name whose qualifier is no known package.
	for _, m := range regexp.MustCompile(`(?:^|[\s(])\[\*?([a-z][A-Za-z0-9_]*)\.([A-Z][A-Za-z0-9_]*)(?:\.[A-Za-z0-9_]+)?\]`).FindAllStringSubmatch(text, -1) {
		if r.pkgNamed(m[1]) == nil && r.pkg.Scope().Lookup(m[1]) == nil {
			bad = append(bad, "doc link ["+m[1]+"."+m[2]+"]: package "+m[1]+" is not imported by the file")
		}
	}
	return bad
}

// checkCode checks the backquoted pkg.Name and Type.Member references of
// a run of plain text.
func (r *docResolver) checkCode(s string) []string {
	var bad []string
	for _, m := range backquoted.FindAllStringSubmatch(s, -1) {
		first, second, third := m[1], m[2], m[3]
		if pk := r.pkgNamed(first); pk != nil && pk != r.pkg || first == r.pkg.Name() {
			if pk == nil {
				pk = r.pkg
			}
			if !resolve(pk, second, third) {
				bad = append(bad, "`"+strings.TrimSuffix(m[0][1:], "`")+"`: "+pk.Name()+"."+strings.TrimSuffix(second+"."+third, ".")+" does not exist")
			}
			continue
		}
		if obj, ok := r.pkg.Scope().Lookup(first).(*types.TypeName); ok && obj.Exported() {
			if !resolve(r.pkg, first, second) {
				bad = append(bad, "`"+strings.TrimSuffix(m[0][1:], "`")+"`: "+first+"."+second+" does not exist")
			}
		}
	}
	return bad
}

func linkText(l *comment.DocLink) string {
	s := ""
	if l.ImportPath != "" {
		s = l.ImportPath[strings.LastIndex(l.ImportPath, "/")+1:] + "."
	}
	if l.Recv != "" {
		s += l.Recv + "."
	}
	return s + l.Name
}
