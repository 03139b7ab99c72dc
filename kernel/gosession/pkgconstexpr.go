package gosession

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
)

// Constant expressions in package files.
//
// yaegi v0.16.1 computes untyped constant expressions wrongly in packages
// as in cells (constexpr.go): `const x = 3/2*0.1` gave 0.15 (Go 0.1: 3/2
// is the integer 1 before it meets the float), `var a byte = 1 << len(s)
// / 128` for a 9-byte constant s gave 0 (Go 4), and `1e16+1 == 1e16` was
// true. With the package's types, such a sub-expression is written as its
// value, as the cells' constValues and untypedFloatValue do: an untyped
// integer division, remainder or right shift given a float type by its
// context, a shift of an untyped constant by a count computed by a call,
// and a comparison of untyped numeric constants. An expression using
// iota is left as it is (a constant declaration without values repeats
// the expression before it).

// constValue writes x as its value where it is one of the expressions
// above.
func (w *pkgGoWriter) constValue(x *ast.BinaryExpr) {
	if w.types == nil {
		return
	}
	o := &typeOracle{info: w.types.info, pkg: w.types.pkg}
	tv, known := o.info.Types[x]
	if !known || tv.Value == nil || usesIota(o.info, x) {
		return
	}
	var text string
	switch okX, _ := o.untypedNum(x.X); {
	case okX && isComparison(x.Op) && tv.Value.Kind() == constant.Bool:
		if okY, _ := o.untypedNum(x.Y); !okY {
			return
		}
		text = tv.Value.ExactString()
	default:
		v, ok := o.intValue(x, tv) // constexpr.go
		if !ok {
			return
		}
		text = "(" + v.ExactString() + ")"
	}
	hi := w.off(x.End())
	// A replacement holds the insertions at its end (pkgsource.go's plain):
	// a variable's value may be parenthesised.
	w.replace(w.off(x.Pos()), hi, func() string { return text + w.after[hi] })
}

// isComparison reports whether op compares.
func isComparison(op token.Token) bool {
	switch op {
	case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
		return true
	}
	return false
}

// usesIota reports whether e refers to the predeclared iota.
func usesIota(info *types.Info, e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name == "iota" && info.Uses[id] == types.Universe.Lookup("iota") {
			found = true
		}
		return !found
	})
	return found
}
