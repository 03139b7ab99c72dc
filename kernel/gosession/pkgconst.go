package gosession

import (
	"go/ast"
	"go/constant"
	"go/token"
	"math/big"
	"reflect"
	"strings"
)

// Untyped float constants of compiled packages.
//
// yaegi v0.16.1 gives an untyped float constant of a compiled package
// (math.Pi, math.E, math.MaxFloat64) the type "untyped float64", which
// does not match the "untyped float" of a literal: `math.Pi * 2.0`,
// `1.0 + math.Pi` and `complex(0, math.Pi)` failed to compile
// ("mismatched types untyped float64 and untyped float"), where Go
// computes them exactly. pkgFloatConsts writes each such constant as a
// literal of its exact value (the package's constants are binary
// fractions, whose decimal expansion ends), so that it is an untyped
// float constant like any other. Written for this package.

// pkgFloatConsts rewrites the untyped float constants of compiled
// packages under n as literals.
func (r *rewriter) pkgFloatConsts(n ast.Node) {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		if e, ok := m.(ast.Expr); ok && !found {
			found = r.pkgFloatConst(e) != nil
		}
		return !found
	})
	if found {
		replaceExprs(reflect.ValueOf(n), r.pkgFloatConst)
	}
}

// pkgFloatConst returns the literal e should be written as when it names
// an untyped float constant of a compiled package, or nil.
func (r *rewriter) pkgFloatConst(e ast.Expr) ast.Expr {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok || pkg.Obj != nil || !r.sc.isPackage(pkg.Name) {
		return nil
	}
	ip, ok := r.sc.(interface{ importPath(string) string })
	if !ok {
		return nil
	}
	v, ok := packages().syms[ip.importPath(pkg.Name)][sel.Sel.Name]
	if !ok || !v.IsValid() || !v.CanInterface() {
		return nil
	}
	c, ok := v.Interface().(constant.Value)
	if !ok || c.Kind() != constant.Float {
		return nil
	}
	text, ok := exactDecimal(c)
	if !ok {
		return nil
	}
	lit := &ast.BasicLit{ValuePos: sel.Pos(), Kind: token.FLOAT, Value: strings.TrimPrefix(text, "-")}
	if strings.HasPrefix(text, "-") {
		return &ast.ParenExpr{Lparen: sel.Pos(), X: &ast.UnaryExpr{OpPos: sel.Pos(), Op: token.SUB, X: lit}, Rparen: sel.End()}
	}
	return lit
}

// exactDecimal writes the float constant c as a decimal float literal of
// exactly its value, when its denominator is a power of two.
func exactDecimal(c constant.Value) (string, bool) {
	q, ok := constant.Val(constant.ToFloat(c)).(*big.Rat)
	if !ok {
		f, isFloat := constant.Val(constant.ToFloat(c)).(*big.Float)
		if !isFloat {
			return "", false
		}
		if q, _ = f.Rat(nil); q == nil {
			return "", false
		}
	}
	d := q.Denom()
	k := d.BitLen() - 1
	if d.Sign() <= 0 || d.TrailingZeroBits() != uint(k) {
		return "", false // not a binary fraction
	}
	s := q.FloatString(k)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(s, "0")
	}
	if strings.HasSuffix(s, ".") || !strings.Contains(s, ".") {
		s = strings.TrimSuffix(s, ".") + ".0"
	}
	return s, true
}
