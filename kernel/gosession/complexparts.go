package gosession

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"strconv"
	"strings"
)

// real and imag of constants.
//
// yaegi v0.16.1 cannot compile real or imag of a constant complex
// expression: `real(3+4i)`, `imag(c)` for `const c = 2i` and
// `var f float32 = imag(c)` failed with "CFG post-order panic: reflect:
// call of reflect.Value.Complex on interface Value" (real and imag of
// complex variables work). The session's type check computes the value
// exactly; complexConsts writes each such call as it: an untyped float
// constant stays untyped (`(3.0)`, so `var f float32 = imag(c)` still
// converts it), a typed one is converted to its type (`float32(2.0)` for
// imag of a complex64 constant). Package files get the same from the
// package's types (complexConstCall); yaegi's failure made the import
// fail. Written for this package.

// complexConsts writes the calls of the builtins real and imag under n
// whose value is a constant as that value.
func (r *rewriter) complexConsts(n ast.Node) {
	if r.oracle == nil {
		return
	}
	replaceExprs(reflect.ValueOf(n), func(e ast.Expr) ast.Expr {
		c, ok := e.(*ast.CallExpr)
		if !ok {
			return nil
		}
		tv, untyped, ok := complexPart(r.oracle.info, c)
		if !ok {
			return nil
		}
		v := floatConstExpr(c.Pos(), tv.Value)
		if !untyped {
			te := r.oracle.expr(tv.Type) // float32, or F of F(real(c))
			if te == nil {
				return nil
			}
			return &ast.CallExpr{Fun: cloneNode(te, c.Pos()).(ast.Expr), Lparen: c.Pos(), Args: []ast.Expr{v}, Rparen: c.End()}
		}
		return &ast.ParenExpr{Lparen: c.Pos(), X: v, Rparen: c.End()}
	})
}

// complexPart returns the type and value of c when it is a call of the
// builtin real or imag whose value is a constant of a float type, and
// whether that type is untyped.
func complexPart(info *types.Info, c *ast.CallExpr) (tv types.TypeAndValue, untyped, ok bool) {
	id, isIdent := c.Fun.(*ast.Ident)
	if !isIdent || id.Name != "real" && id.Name != "imag" || len(c.Args) != 1 {
		return tv, false, false
	}
	if _, builtin := info.Uses[id].(*types.Builtin); !builtin {
		return tv, false, false
	}
	tv = info.Types[c]
	if tv.Value == nil || tv.Type == nil {
		return tv, false, false
	}
	t, basic := tv.Type.Underlying().(*types.Basic)
	return tv, basic && t.Info()&types.IsUntyped != 0, basic
}

// floatConstExpr writes the real constant v as an untyped float
// expression: a literal where float64 holds it exactly, the quotient of
// two literals for other fractions.
func floatConstExpr(pos token.Pos, v constant.Value) ast.Expr {
	if constant.Sign(v) < 0 {
		return &ast.UnaryExpr{OpPos: pos, Op: token.SUB, X: floatConstExpr(pos, constant.UnaryOp(token.SUB, v, 0))}
	}
	lit := func(s string) ast.Expr {
		if !strings.ContainsAny(s, ".eEpP") {
			s += ".0"
		}
		return &ast.BasicLit{ValuePos: pos, Kind: token.FLOAT, Value: s}
	}
	if f, exact := constant.Float64Val(v); exact {
		return lit(strconv.FormatFloat(f, 'g', -1, 64))
	}
	num, den := constant.Num(constant.ToFloat(v)), constant.Denom(constant.ToFloat(v))
	if num.Kind() != constant.Int || den.Kind() != constant.Int {
		return lit(v.String())
	}
	return &ast.ParenExpr{Lparen: pos, X: &ast.BinaryExpr{X: lit(num.ExactString()), OpPos: pos, Op: token.QUO, Y: lit(den.ExactString())}, Rparen: pos}
}

// complexNeedsTypes tells whether f calls real or imag, whose constant
// calls complexConsts writes as their values.
func complexNeedsTypes(f *ast.File) bool {
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if id, isIdent := c.Fun.(*ast.Ident); isIdent && (id.Name == "real" || id.Name == "imag") {
				found = true
			}
		}
		return !found
	})
	return found
}

// complexConstCall writes the call c of real or imag in a package file
// as its value, as complexConsts does in cells.
func (w *pkgGoWriter) complexConstCall(c *ast.CallExpr) {
	if w.types == nil {
		return
	}
	tv, untyped, ok := complexPart(w.types.info, c)
	if !ok {
		return
	}
	text := "(" + types.ExprString(floatConstExpr(token.NoPos, tv.Value)) + ")"
	if !untyped {
		name := w.typeText(tv.Type)
		if name == "" {
			return
		}
		text = name + text
	}
	hi := w.off(c.End())
	w.replaceToEnd(w.off(c.Pos()), hi, func() string { return text })
}
