package symbols

import (
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"path/filepath"
	"testing"
)

// TestSymbolsCurrent checks that the symbol tables of this module's
// packages hold every exported package-level name of their sources (but
// generic functions and types, which yaegi's extraction leaves out): a
// name added to the API without `go generate ./kernel/...` cannot be used
// in a cell ("package activis has no symbol StatAll" until the tables
// were regenerated).
func TestSymbolsCurrent(t *testing.T) {
	const module = "github.com/activis-go/activis/"
	for _, dir := range []string{"activis", "activis/graph", "activis/infer", "activis/project",
		"widgets/comm", "widgets/display", "widgets/views", "widgets/widget"} {
		path := module + dir
		pkg, err := build.ImportDir(filepath.Join("..", "..", "..", dir), 0)
		if err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		table := Symbols[path+"/"+pkg.Name]
		if table == nil {
			t.Errorf("no symbol table for %s", path)
			continue
		}
		fset := token.NewFileSet()
		for _, name := range pkg.GoFiles {
			f, err := parser.ParseFile(fset, filepath.Join(pkg.Dir, name), nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range exportedNames(f) {
				if _, ok := table[n]; !ok {
					t.Errorf("%s.%s is not in the symbol table: run go generate ./kernel/gosession/symbols", pkg.Name, n)
				}
			}
		}
	}
}

// exportedNames lists the exported package-level names f declares, but
// generic functions and types.
func exportedNames(f *ast.File) []string {
	var out []string
	for _, d := range f.Decls {
		switch x := d.(type) {
		case *ast.FuncDecl:
			if x.Recv == nil && x.Name.IsExported() && x.Type.TypeParams == nil {
				out = append(out, x.Name.Name)
			}
		case *ast.GenDecl:
			for _, s := range x.Specs {
				switch sp := s.(type) {
				case *ast.TypeSpec:
					if sp.Name.IsExported() && sp.TypeParams == nil {
						out = append(out, sp.Name.Name)
					}
				case *ast.ValueSpec:
					for _, n := range sp.Names {
						if n.IsExported() {
							out = append(out, n.Name)
						}
					}
				}
			}
		}
	}
	return out
}
