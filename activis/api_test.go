package activis_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/importer"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
)

// module is this repository's module path: types from it and from the
// standard library may appear in exported signatures, nothing else.
const module = "github.com/activis-go/activis"

// apiPackages are the packages whose exported API must not mention a
// third-party type: a user calling them imports nothing but them and the
// standard library.
var apiPackages = []string{module + "/activis", module + "/activis/project", module + "/widgets/..."}

// TestAPIHasNoThirdPartyTypes type-checks the API packages (from the
// compiler's export data, via go list -export) and walks every exported
// name: constants, variables, functions, and types with their exported
// fields and methods, recursively through the types they mention. Any
// named type from outside the module and the standard library is reported
// with the path that reaches it.
func TestAPIHasNoThirdPartyTypes(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles the API packages with go list -export")
	}
	pkgs, lookup := exportData(t, apiPackages...)
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "gc", lookup)
	var bad []string
	for _, path := range pkgs {
		pkg, err := imp.Import(path)
		if err != nil {
			t.Fatalf("import %s: %v", path, err)
		}
		bad = append(bad, thirdPartyTypes(pkg)...)
	}
	sort.Strings(bad)
	for _, b := range bad {
		t.Error(b)
	}
	if len(pkgs) < 3 {
		t.Fatalf("walked %d packages %v, want activis, activis/project and widgets/...", len(pkgs), pkgs)
	}
}

// TestAPIWalkFindsThirdPartyTypes checks the walk itself on a package
// whose exported API does use third-party types (gonum's mat uses only its
// own module, so the walk must call it third party when the allowed module
// is ours).
func TestAPIWalkFindsThirdPartyTypes(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles with go list -export")
	}
	pkgs, lookup := exportData(t, "gonum.org/v1/gonum/stat")
	imp := importer.ForCompiler(token.NewFileSet(), "gc", lookup)
	pkg, err := imp.Import(pkgs[0])
	if err != nil {
		t.Fatal(err)
	}
	bad := thirdPartyTypes(pkg)
	found := false
	for _, b := range bad {
		if strings.Contains(b, "gonum.org/v1/gonum/mat.") {
			found = true
		}
	}
	if !found {
		t.Fatalf("the walk found no gonum/mat type in gonum/stat's API: %v", bad)
	}
}

// exportData lists patterns and their dependencies with go list -export
// and returns the matched packages' paths and a lookup of export data for
// the gc importer.
func exportData(t *testing.T, patterns ...string) ([]string, importer.Lookup) {
	t.Helper()
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	args := append([]string{"list", "-export", "-deps", "-json=ImportPath,Export,DepOnly,Error"}, patterns...)
	cmd := exec.Command(goBin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	exports := map[string]string{}
	var roots []string
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p struct {
			ImportPath, Export string
			DepOnly            bool
			Error              *struct{ Err string }
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		if p.Error != nil {
			t.Fatalf("go list %s: %s", p.ImportPath, p.Error.Err)
		}
		exports[p.ImportPath] = p.Export
		if !p.DepOnly {
			roots = append(roots, p.ImportPath)
		}
	}
	lookup := func(path string) (io.ReadCloser, error) {
		f, ok := exports[path]
		if !ok || f == "" {
			return nil, fmt.Errorf("no export data for %q", path)
		}
		return os.Open(f)
	}
	return roots, lookup
}

// allowed reports whether a package may appear in the API: the standard
// library (no dot in the first path element) or this module.
func allowed(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".") || path == module || strings.HasPrefix(path, module+"/")
}

// thirdPartyTypes returns "pkg.Name: reaches other/pkg.Type" for every
// exported name of pkg whose API mentions a type from outside allowed.
func thirdPartyTypes(pkg *types.Package) []string {
	var bad []string
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		obj := scope.Lookup(name)
		if !obj.Exported() {
			continue
		}
		w := &apiWalker{seen: map[types.Type]bool{}}
		where := pkg.Path() + "." + name
		if tn, ok := obj.(*types.TypeName); ok {
			w.walkDecl(where, tn.Type())
		} else {
			w.walk(where, obj.Type())
		}
		bad = append(bad, w.bad...)
	}
	return bad
}

type apiWalker struct {
	seen map[types.Type]bool
	bad  []string
}

// walkDecl walks a declared type: its underlying type and its exported
// methods (of the value and the pointer).
func (w *apiWalker) walkDecl(where string, t types.Type) {
	if w.seen[t] {
		return
	}
	w.seen[t] = true
	named, ok := types.Unalias(t).(*types.Named)
	if !ok {
		w.walk(where, t)
		return
	}
	w.walk(where, named.Underlying())
	ms := types.NewMethodSet(types.NewPointer(named))
	for i := range ms.Len() {
		m := ms.At(i).Obj()
		if m.Exported() {
			w.walk(where+"."+m.Name(), m.Type())
		}
	}
}

func (w *apiWalker) walk(where string, t types.Type) {
	switch x := types.Unalias(t).(type) {
	case *types.Named:
		obj := x.Obj()
		if obj.Pkg() == nil { // error, comparable
			return
		}
		if !allowed(obj.Pkg().Path()) {
			w.bad = append(w.bad, fmt.Sprintf("%s: reaches %s.%s", where, obj.Pkg().Path(), obj.Name()))
			return
		}
		for i := range x.TypeArgs().Len() {
			w.walk(where, x.TypeArgs().At(i))
		}
		if strings.HasPrefix(obj.Pkg().Path(), module) {
			// The module's own types (of other packages too, such as
			// activis/graph's, and unexported ones in exported
			// signatures) expose their fields and methods in turn.
			w.walkDecl(where+" → "+obj.Pkg().Name()+"."+obj.Name(), x)
		}
	case *types.Pointer:
		w.walk(where, x.Elem())
	case *types.Slice:
		w.walk(where, x.Elem())
	case *types.Array:
		w.walk(where, x.Elem())
	case *types.Chan:
		w.walk(where, x.Elem())
	case *types.Map:
		w.walk(where, x.Key())
		w.walk(where, x.Elem())
	case *types.Signature:
		for i := range x.Params().Len() {
			w.walk(where, x.Params().At(i).Type())
		}
		for i := range x.Results().Len() {
			w.walk(where, x.Results().At(i).Type())
		}
	case *types.Struct:
		for i := range x.NumFields() {
			f := x.Field(i)
			if f.Exported() || f.Embedded() {
				w.walk(where+"."+f.Name(), f.Type())
			}
		}
	case *types.Interface:
		for i := range x.NumMethods() {
			m := x.Method(i)
			w.walk(where+"."+m.Name(), m.Type())
		}
		for i := range x.NumEmbeddeds() {
			w.walk(where, x.EmbeddedType(i))
		}
	case *types.TypeParam:
		w.walk(where, x.Constraint())
	case *types.Union:
		for i := range x.Len() {
			w.walk(where, x.Term(i).Type())
		}
	case *types.Basic, *types.Tuple, nil:
	default:
		w.bad = append(w.bad, fmt.Sprintf("%s: unhandled type %T (%s)", where, t, t))
	}
}
