package gosession

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"
)

// TestPackageCycleOrder: a package whose struct types refer to each
// other, one holding another by value (testdata/pkgsource/cycleorder: `C{
// N A }` with `A{ p *C }`, and a Leaf embedding an Entry that points to an
// Index mapping to Leafs, declared in a file after the one using them),
// reads its values back as go run does (pkgcycleorder.go). Before, yaegi
// laid the holder out with a placeholder of no size for the held type,
// and reading it panicked with a nil dereference.
func TestPackageCycleOrder(t *testing.T) {
	wantModuleOutput(t, "cycleorder", "import \"example.com/cycleorder\"\nfmt.Print(cycleorder.Read())", "2 n [7] 2 k 3 x,y 3\n")
}

// TestCycleStarts: the start chosen for a cycle puts every placeholder
// behind a pointer and meets one type still being made; a cycle without
// a type held by value needs none, and one where every start meets a type
// held by value, or two types, while making them is left alone (the
// shape of github.com/expr-lang/expr's Nature, held by value by two types
// it reaches: from its type data, placeholders for two types).
func TestCycleStarts(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"type A struct{ p *C; n int }; type C struct{ N A; i []int }", "C"},
		{"type C struct{ N A; i []int }; type A struct{ p *C; n int }", "C"},
		{"type A struct{ b *B }; type B struct{ c []C }; type C struct{ A; x int }", "B"},
		{"type Nature struct{ *TypeData; k int }; type TypeData struct{ ms *MethodSet; *StructData }; type StructData struct{ fields map[string]*Field; parent *StructData }; " +
			"type Field struct{ Nature; i []int }; type MethodSet struct{ methods map[string]*Method }; type Method struct{ name string; nature Nature }", ""},
		{"type X struct{ y Y; p *Z }; type Y struct{ z *Z }; type Z struct{ x X; q *Y }", "Z"},
		{"type Nature struct{ ms *MethodSet; sd *StructData }; type Field struct{ Nature }; type Method struct{ Nature }; " +
			"type MethodSet struct{ m map[string]*Method }; type StructData struct{ m map[string]*Field }", ""},
		{"type Node struct{ kids []*Node; info Info }; type Info struct{ owner *Node }", "Node"},
		{"type L struct{ next *L }", ""},
	} {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "p.go", "package p\n"+c.src, 0)
		if err != nil {
			t.Fatal(err)
		}
		pkg, err := new(types.Config).Check("p", fset, []*ast.File{f}, nil)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, tn := range cycleStartsOf(pkg) {
			got = append(got, tn.Name())
		}
		if g := strings.Join(got, " "); g != c.want {
			t.Errorf("%s: starts %q, want %q", c.src, g, c.want)
		}
	}
}
