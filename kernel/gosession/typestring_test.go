package gosession

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"
)

// TestTypeString checks both uses of typeString (ifaceimpl.go): a type in
// a method's signature (reflectTypeString) and %T of a value's static
// type (goTypeName), on the same type expressions.
func TestTypeString(t *testing.T) {
	const src = `package p
type S struct{}
type I interface{ M() }
var (
	a *S
	b []I
	c map[string]S
	d chan<- S
	e func(int, ...string) (S, error)
	f fmt.Stringer
	g [3]byte
	h any
	i error
	j [n]S
	k _activisT
	l io.Reader
	m interface{}
	o ([]rune)
)`
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]ast.Expr{}
	for _, d := range file.Decls {
		if g := d.(*ast.GenDecl); g.Tok == token.VAR {
			for _, s := range g.Specs {
				vs := s.(*ast.ValueSpec)
				types[vs.Names[0].Name] = vs.Type
			}
		}
	}
	r := &rewriter{fset: fset, sc: fakeScope{}}
	for _, test := range []struct {
		v, sig, value string
		declared      bool
	}{
		{"a", "*main.S", "*main.S", true},
		{"b", "[]main.I", "[]main.I", true},
		{"c", "map[string]main.S", "map[string]main.S", true},
		{"d", "chan<- main.S", "", false},
		{"e", "func(int, ...string) (main.S, error)", "", false},
		{"f", "fmt.Stringer", "fmt.Stringer", false},
		{"g", "[3]uint8", "[3]uint8", false},
		{"h", "interface {}", "", false},
		{"i", "error", "", false},
		{"j", "", "", true},
		{"k", "", "", false},
		{"l", "io.Reader", "", false},
		{"m", "interface {}", "", false},
		{"o", "[]int32", "[]int32", false},
	} {
		if got := r.reflectTypeString(types[test.v]); got != test.sig {
			t.Errorf("reflectTypeString(%s) = %q, want %q", test.v, got, test.sig)
		}
		declared := false
		if got := r.goTypeName(types[test.v], &declared); got != test.value || declared != test.declared {
			t.Errorf("goTypeName(%s) = %q, %v, want %q, %v", test.v, got, declared, test.value, test.declared)
		}
	}
}
