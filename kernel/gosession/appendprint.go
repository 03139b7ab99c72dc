package gosession

import (
	"go/ast"
)

// fmt's Append functions.
//
// fmt.Append, Appendln and Appendf format their operands as Sprint,
// Sprintln and Sprintf do and append the text to a byte slice; none of the
// session's print rewrites knew them, and yaegi v0.16.1 handed compiled
// fmt a session value without its methods: `fmt.Appendf(nil, "%v", L(1))`
// for a `type L int` with a String method gave `1` (Go `hi`), `%s`
// `%!s(int=1)`, without an error. Such a call becomes the append of the
// text the Sprint function makes, which the print rewrites see:
//
//	fmt.Appendf(b, "%v|%d", lv, lv)   =>   append([]byte(b), fmt.Sprintf("%v|%d", lv, lv)...)
//
// The slice is evaluated first, as in the call; the conversion lets it be
// an untyped nil. Not where the session or the cell declares its own
// append. Written for this package.

// appendSprint maps fmt's Append functions to the Sprint functions giving
// the same text.
var appendSprint = map[string]string{"Append": "Sprint", "Appendln": "Sprintln", "Appendf": "Sprintf"}

// appendPrint rewrites c as described above.
func (r *rewriter) appendPrint(c *ast.CallExpr) {
	if r.oracle == nil || len(c.Args) == 0 {
		return
	}
	sel, ok := unparen(c.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	pkg, ok := unparen(sel.X).(*ast.Ident)
	if !ok || r.importPath(pkg) != "fmt" {
		return
	}
	sprint, ok := appendSprint[sel.Sel.Name]
	if !ok || r.sc.globalType("append") != nil || r.oracle.pkg.Scope().Lookup("append") != nil {
		return
	}
	pos := sel.Sel.Pos()
	id := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
	buf := &ast.CallExpr{Fun: &ast.ArrayType{Lbrack: pos, Elt: id("byte")}, Lparen: pos, Args: []ast.Expr{c.Args[0]}, Rparen: pos}
	text := &ast.CallExpr{Fun: &ast.SelectorExpr{X: id(pkg.Name), Sel: id(sprint)}, Lparen: c.Lparen,
		Args: c.Args[1:], Ellipsis: c.Ellipsis, Rparen: c.Rparen}
	c.Fun = id("append")
	c.Args = []ast.Expr{buf, text}
	c.Ellipsis = c.Rparen
}
