package gosession

import (
	"go/ast"
)

// Session values with String or Error methods given to fmt.Print,
// Sprint and Fprint through an interface.
//
// yaegi v0.16.1 printed an element of a []Item, Item an interface
// embedding fmt.Stringer, as the struct it holds (`for _, it := range
// items { fmt.Print(it, " ") }` gave `{1 a} {2 b}`, Go `a1 b2`), as it
// did for Println, which fmtValues (fmttype.go) answers with the text of
// the method. Print puts a space between two operands when neither is a
// string, so the text of a value whose type is not a string is given to
// fmt as an operand that prints it and is not a string (ifaceText, of
// ptrstring.go), and that of a string type as the string: Go sees the
// operand's type, not its text. Written for this package.

// printOperand returns the method text for a Print-like call: text itself
// when t's underlying type is a string, else the operand of ifaceText
// made from it through rt, the name of the run-time helpers.
func (r *rewriter) printOperand(text ast.Expr, t *namedType, rt string) ast.Expr {
	if s, _ := r.shape(t); s == "string" {
		return text
	}
	pos := text.Pos()
	return &ast.CallExpr{Fun: &ast.SelectorExpr{X: &ast.Ident{NamePos: pos, Name: rt}, Sel: &ast.Ident{NamePos: pos, Name: "Text"}},
		Lparen: pos, Args: []ast.Expr{text}, Rparen: pos}
}
