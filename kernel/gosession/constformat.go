package gosession

import (
	"go/ast"
	"go/constant"
	"go/token"
	"strconv"
)

// Formats that are constants but not literals.
//
// The session's print rewrites read the verbs of a Printf-like call's
// format where it is a string literal: with a named constant (`const
// format = "x: %v\n"; fmt.Printf(format, err)`) they took the format as
// unknown, and yaegi v0.16.1's compiled fmt printed a session value
// without its methods: `&{m}` for a pointer with an Error method (Go
// `m`), `{2 5485280}` for `%d` of a `type Level int` with String (Go
// `2`), `%!w(*struct {…})` for fmt.Errorf's `%w`. The format of a call of
// a Printf-like function of fmt or log whose value the type oracle knows
// as a constant becomes the literal of that value before the print
// rewrites run:
//
//	fmt.Printf(format, err)   =>   fmt.Printf("x: %v\n", err)
//
// A format held in a variable is still unknown to them. Written for this
// package.

// constFormat replaces the constant format of the print call c by its
// literal (see above).
func (r *rewriter) constFormat(c *ast.CallExpr) {
	if r.oracle == nil || c.Ellipsis.IsValid() {
		return
	}
	sel, ok := unparen(c.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	id, ok := unparen(sel.X).(*ast.Ident)
	if !ok {
		return
	}
	fn, ok := printFuncs[r.importPath(id)][sel.Sel.Name] // nestedstringer.go
	if !ok || !fn.printf || len(c.Args) <= fn.first {
		return
	}
	arg := c.Args[fn.first]
	if lit, ok := arg.(*ast.BasicLit); ok && lit.Kind == token.STRING {
		return
	}
	tv, ok := r.oracle.info.Types[arg]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return
	}
	c.Args[fn.first] = &ast.BasicLit{ValuePos: arg.Pos(), Kind: token.STRING, Value: strconv.Quote(constant.StringVal(tv.Value))}
}
