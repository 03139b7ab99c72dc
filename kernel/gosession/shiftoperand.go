package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Untyped constants shifted by a variable.
//
// In Go, the untyped constant left operand of a shift whose count is not
// a constant takes the type the shift has in its context: in `masks =
// append(masks, 1<<i)` with masks a []uint16, 1 is a uint16. yaegi
// v0.16.1 made it an int, and the append panicked ("reflect: call of
// reflect.Value.SetUint on int Value"); so did `var u uint8 = 1 << n`.
// shiftTypes converts such an operand to the shift's type as the
// session's type check gives it, when that is an integer type other than
// int (the interpreter's own choice). Written for this package.

// shiftTypes converts the untyped constant left operand of the
// non-constant shift x to the type of x (see above).
func (r *rewriter) shiftTypes(x *ast.BinaryExpr) {
	if r.oracle == nil || x.Op != token.SHL && x.Op != token.SHR {
		return
	}
	tv, ok := r.oracle.info.Types[x]
	if !ok || tv.Value != nil || tv.Type == nil {
		return
	}
	b, ok := tv.Type.Underlying().(*types.Basic)
	if !ok || b.Info()&types.IsInteger == 0 || b.Info()&types.IsUntyped != 0 || types.Identical(tv.Type, types.Typ[types.Int]) {
		return
	}
	if untyped, _ := r.oracle.untypedInt(x.X); !untyped {
		return
	}
	te := r.oracle.expr(tv.Type)
	if te == nil {
		return
	}
	x.X = &ast.CallExpr{Fun: cloneNode(te, x.Pos()).(ast.Expr), Lparen: x.Pos(), Args: []ast.Expr{x.X}, Rparen: x.OpPos}
}
