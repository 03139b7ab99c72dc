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
// int (the interpreter's own choice); package files get the same from
// pkgShiftType, with the package's types
// (`joinerBits[i>>3]&(1<<(uint(i)&7))` with joinerBits a byte array, in
// github.com/mattn/go-runewidth: "reflect: call of reflect.Value.Uint on
// int Value" for every string of two wide runes). Written for this
// package.

// shiftTypes converts the untyped constant left operand of the
// non-constant shift x to the type of x (see above).
func (r *rewriter) shiftTypes(x *ast.BinaryExpr) {
	if r.oracle == nil {
		return
	}
	t := shiftOperandType(r.oracle, x)
	if t == nil {
		return
	}
	te := r.oracle.expr(t)
	if te == nil {
		return
	}
	x.X = &ast.CallExpr{Fun: cloneNode(te, x.Pos()).(ast.Expr), Lparen: x.Pos(), Args: []ast.Expr{x.X}, Rparen: x.OpPos}
}

// pkgShiftType does what shiftTypes does, for the shift x of a package
// file (called in the file's walk, after the rewrites of the nodes
// enclosing x, whose insertions stay outside).
func (w *pkgGoWriter) pkgShiftType(x *ast.BinaryExpr) {
	if w.types == nil {
		return
	}
	t := shiftOperandType(&typeOracle{info: w.types.info, pkg: w.types.pkg}, x)
	if t == nil {
		return
	}
	if text := w.typeText(t); text != "" {
		w.enclose(x.X, text+"(", ")")
	}
}

// shiftOperandType returns the type the untyped constant left operand of
// the shift x is to be converted to (see above), or nil: x's type as o
// gives it, when x is a non-constant shift of an integer type other than
// int.
func shiftOperandType(o *typeOracle, x *ast.BinaryExpr) types.Type {
	if x.Op != token.SHL && x.Op != token.SHR {
		return nil
	}
	tv, ok := o.info.Types[x]
	if !ok || tv.Value != nil || tv.Type == nil {
		return nil
	}
	b, ok := tv.Type.Underlying().(*types.Basic)
	if !ok || b.Info()&types.IsInteger == 0 || b.Info()&types.IsUntyped != 0 || types.Identical(tv.Type, types.Typ[types.Int]) {
		return nil
	}
	if untyped, _ := o.untypedInt(x.X); !untyped {
		return nil
	}
	return tv.Type
}
