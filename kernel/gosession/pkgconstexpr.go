package gosession

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
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
// a comparison of untyped numeric constants, and a float expression using
// a compiled package's constant (compiledConstIn). An expression using
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
	case tv.Value.Kind() == constant.Float && !isComparison(x.Op) && w.compiledConstIn(x):
		f, exact := constant.Float64Val(tv.Value)
		if !exact {
			return
		}
		text = "(" + strconv.FormatFloat(f, 'g', -1, 64) + ")"
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
	w.replaceToEnd(w.off(x.Pos()), hi, func() string { return text })
}

// compiledConstIn reports whether e uses a constant of a compiled
// package (math.MaxFloat64): yaegi gave such a constant a type of its
// own in an untyped expression, and a package with `n < (0.0 -
// math.MaxFloat64)` (github.com/dustin/go-humanize) failed to import,
// "mismatched types untyped float and untyped float64".
func (w *pkgGoWriter) compiledConstIn(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if c, ok := w.types.info.Uses[sel.Sel].(*types.Const); ok && c.Pkg() != nil && compiledPackage(c.Pkg(), w.types.pkg) {
				found = true
			}
		}
		return !found
	})
	return found
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
