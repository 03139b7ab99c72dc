package gosession

import (
	"go/ast"
	"go/token"
)

// The types of package-level variables that index a composite literal.
//
// yaegi v0.16.1 takes the type of a package-level `var v = E` from E
// while it first walks the package; for an index of a composite literal's
// field whose type is declared later in the package, as
// go.mongodb.org/mongo-driver's bson/bsoncodec asserts an array's size,
//
//	var _ = (kindEncoderCache{}).entries[reflect.UnsafePointer]
//	…
//	type kindEncoderCache struct { entries [reflect.UnsafePointer + 1]atomic.Value }
//
// that walk dereferenced a nil type: the import failed with "interpreter
// panic: runtime error: invalid memory address or nil pointer
// dereference", and with it every package importing bson
// (github.com/deckarep/golang-set/v2). With the package's types such a
// spec is given its type, on its line, which yaegi then reads instead of
// E:
//
//	var _ atomic.Value = (kindEncoderCache{}).entries[reflect.UnsafePointer]
//
// A type the file cannot name is left as it is. In a cell the literal's
// type is declared before (execute.go's "declared later" error), where
// yaegi knows it. Written for this package.

// indexVarTypes gives each spec of d, a package-level var declaration of
// one name whose value indexes a composite literal (through selectors),
// its type (see above).
func (w *pkgGoWriter) indexVarTypes(d *ast.GenDecl) {
	if w.types == nil || d.Tok != token.VAR {
		return
	}
	for _, sp := range d.Specs {
		spec := sp.(*ast.ValueSpec)
		if spec.Type != nil || len(spec.Names) != 1 || len(spec.Values) != 1 || !indexesLiteral(spec.Values[0]) {
			continue
		}
		if tt := w.typeText(w.types.typeOf(spec.Values[0])); tt != "" {
			w.after[w.off(spec.Names[0].End())] += " " + tt
		}
	}
}

// indexesLiteral reports whether e is an index expression whose operand is
// a composite literal or a field of one, `T{}.f[i]`.
func indexesLiteral(e ast.Expr) bool {
	ix, ok := unparen(e).(*ast.IndexExpr)
	if !ok {
		return false
	}
	x := unparen(ix.X)
	for {
		switch y := x.(type) {
		case *ast.CompositeLit:
			return true
		case *ast.SelectorExpr:
			x = unparen(y.X)
		case *ast.IndexExpr:
			x = unparen(y.X)
		default:
			return false
		}
	}
}
