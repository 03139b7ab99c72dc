package gosession

import (
	"go/types"
	"testing"
)

// TestSymbolImporterSelfReference checks the methods of a compiled type
// that take or return a pointer to it, converted when the pointer type
// is met first (a function returning *IndexSet, *big.Int): they were
// func(invalid type) invalid type, so the oracle knew nothing of
// `u := a.Union(b)` and `for i := range u.All()` failed ("nil type").
func TestSymbolImporterSelfReference(t *testing.T) {
	for _, c := range []struct{ path, fn, typ, method, want string }{
		{"github.com/activis-go/activis/activis", "IndexSetOf", "IndexSet", "Union",
			"func (*github.com/activis-go/activis/activis.IndexSet).Union(*github.com/activis-go/activis/activis.IndexSet) *github.com/activis-go/activis/activis.IndexSet"},
		{"math/big", "NewInt", "Int", "Add", "func (*math/big.Int).Add(*math/big.Int, *math/big.Int) *math/big.Int"},
	} {
		im := newSymbolImporter(sessionExports())
		pkg, err := im.Import(c.path)
		if err != nil {
			t.Fatal(err)
		}
		// The function first: it converts the pointer type, then the
		// named type and its methods.
		if pkg.Scope().Lookup(c.fn) == nil {
			t.Fatalf("%s.%s missing", c.path, c.fn)
		}
		named := pkg.Scope().Lookup(c.typ).Type()
		m, _, _ := types.LookupFieldOrMethod(types.NewPointer(named), true, pkg, c.method)
		if m == nil {
			t.Fatalf("%s.%s has no method %s", c.path, c.typ, c.method)
		}
		if got := types.ObjectString(m, nil); got != c.want {
			t.Errorf("%s.%s = %s, want %s", c.typ, c.method, got, c.want)
		}
	}
}
