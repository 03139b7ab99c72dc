package gosession

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"math"
	"reflect"
)

// min and max of floats.
//
// The prelude supplies the min and max builtins, which yaegi v0.16.1
// lacks, as generic functions. Written as plain comparisons they gave
// max(1.0, NaN) = 1 and min(-0.0, 0.0) = 0 (Go: NaN and -0, and a running
// max over data with a NaN ended at the largest number), without an error.
// The prelude's min and max now return NaN when an argument is NaN and
// order -0 below +0, asking negZero about equal values.
//
// A float literal argument is converted to the call's type: the
// interpreter infers the prelude's type parameter from the first argument
// alone, so `max(1, x)` needs `float64(1)`. minMaxTypes takes the type
// from the session's type check, where the call has one: `min(f, 0.25)`
// with a float32 f failed to compile ("cannot use type float64 as type
// float32") when the literal was made a float64. A call of constants is
// written as its value (minMaxConsts): `const k = min(3, 1.5, 2)` was 0
// (Go 1.5). Written for this package.

// negZero tells whether v is a floating-point negative zero (of any
// float kind, a session type's included).
func negZero(v any) bool {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Float32, reflect.Float64:
		f := rv.Float()
		return f == 0 && math.Signbit(f)
	}
	return false
}

// minMaxTypes converts the constant arguments of the min or max call c
// to the call's type as the session's type check gives it, and tells
// whether it did.
func (r *rewriter) minMaxTypes(c *ast.CallExpr) bool {
	if r.oracle == nil {
		return false
	}
	t := r.oracle.info.Types[c].Type
	if b, ok := t.(*types.Basic); t == nil || ok && b.Info()&types.IsUntyped != 0 {
		return false
	}
	te := r.oracle.expr(t)
	if te == nil {
		return false
	}
	for i, a := range c.Args {
		_, lit := unparen(a).(*ast.BasicLit)
		if r.oracle.info.Types[a].Value != nil || lit {
			c.Args[i] = &ast.CallExpr{Fun: cloneNode(te, a.Pos()).(ast.Expr), Lparen: a.Pos(), Args: []ast.Expr{a}, Rparen: a.End()}
		}
	}
	return true
}

// minMaxNamed writes the min or max call c, whose type (the session's
// type check gives it) is a named type T with a basic underlying type U,
// as `T(min(U(a), U(b)))`, and tells whether it did: the prelude's generic
// functions failed for such a type, `min(d, e)` of two time.Duration
// values with "CFG post-order panic: … nil pointer dereference", with a
// call's result "time.Duration does not implement main._activisOrdered",
// `min(Meters(2), Meters(1.5))` of a session `type Meters float64` with
// "nil reflect type" (Go: the smaller value, of its type).
func (r *rewriter) minMaxNamed(c *ast.CallExpr) bool {
	if r.oracle == nil || c.Ellipsis.IsValid() || len(c.Args) == 0 {
		return false
	}
	n, ok := types.Unalias(r.oracle.info.Types[c].Type).(*types.Named)
	if !ok {
		return false
	}
	u, ok := n.Underlying().(*types.Basic)
	if !ok {
		return false
	}
	te, ue := r.oracle.expr(n), r.oracle.expr(u)
	if te == nil || ue == nil {
		return false
	}
	inner := &ast.CallExpr{Fun: c.Fun, Lparen: c.Lparen, Rparen: c.Rparen}
	for _, a := range c.Args {
		inner.Args = append(inner.Args, &ast.CallExpr{Fun: cloneNode(ue, a.Pos()).(ast.Expr), Lparen: a.Pos(), Args: []ast.Expr{a}, Rparen: a.End()})
	}
	c.Fun, c.Args = cloneNode(te, c.Pos()).(ast.Expr), []ast.Expr{inner}
	return true
}

// minMaxConsts writes the calls of min and max under n whose arguments
// are untyped constants as the argument they give, a float if one of them
// is (an untyped constant, as in Go;
// the session's type check sees the prelude's generic functions, which
// give the call a type).
func (r *rewriter) minMaxConsts(n ast.Node) {
	if r.oracle == nil || r.sc.globalType("min") != nil || r.sc.globalType("max") != nil {
		return
	}
	replaceExprs(reflect.ValueOf(n), func(e ast.Expr) ast.Expr {
		c, ok := e.(*ast.CallExpr)
		if !ok {
			return nil
		}
		id, ok := c.Fun.(*ast.Ident)
		if !ok || id.Name != "min" && id.Name != "max" || id.Obj != nil || len(c.Args) == 0 || c.Ellipsis != token.NoPos {
			return nil
		}
		var v constant.Value
		var chosen ast.Expr
		chosenFloat, isFloat := false, false
		for _, a := range c.Args {
			num, f := r.oracle.untypedNum(a)
			av := r.oracle.info.Types[a].Value
			if !num || av == nil {
				return nil
			}
			isFloat = isFloat || f
			if v == nil || id.Name == "min" && constant.Compare(av, token.LSS, v) || id.Name == "max" && constant.Compare(av, token.GTR, v) {
				v, chosen, chosenFloat = av, a, f
			}
		}
		if isFloat && !chosenFloat { // max(3, 1.5) is the untyped float 3
			chosen = &ast.BinaryExpr{X: chosen, OpPos: c.Pos(), Op: token.ADD, Y: &ast.BasicLit{ValuePos: c.Pos(), Kind: token.FLOAT, Value: "0.0"}}
		}
		return &ast.ParenExpr{Lparen: c.Pos(), X: chosen, Rparen: c.End()}
	})
}

// minMaxNeedsTypes tells whether f calls min or max with a literal
// argument or a constant of package math: minMaxTypes converts it to the
// call's type, minMaxConsts writes a call of constants as its value.
func minMaxNeedsTypes(f *ast.File) bool {
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if !ok {
			return !found
		}
		if id, isIdent := c.Fun.(*ast.Ident); isIdent && (id.Name == "min" || id.Name == "max") {
			for _, a := range c.Args {
				switch x := unparen(a).(type) {
				case *ast.BasicLit:
					found = found || x.Kind == token.FLOAT || x.Kind == token.INT
				case *ast.SelectorExpr:
					pkg, isPkg := x.X.(*ast.Ident)
					found = found || isPkg && pkg.Name == "math"
				}
			}
		}
		return !found
	})
	return found
}
