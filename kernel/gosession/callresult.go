package gosession

import (
	"go/ast"
	"strings"
)

// Call results of session types printed by fmt.
//
// yaegi v0.16.1 hands a value of a session type with a String method to
// fmt through a wrapper that carries the method, except when the value is
// the result of a call written as the operand: `fmt.Println(mk())` for
// `func mk() *Node` printed `&{1}` (Go: the String text, node1),
// `fmt.Println(sum(xs))` for a Celsius with a String method printed 3
// (Go: 3.0°C), and `%s` and `Sprint` likewise; a variable, an element, a
// conversion or an arithmetic result of the same type printed as Go.
// Where the type oracle shows such an operand's type (a session type
// whose method set has String and not Error, or a pointer to one), an
// operand of fmt's print functions, or of a `%v` or `%s` verb of a
// literal format, gets a conversion to its own type, `(*Node)(mk())`,
// which yaegi hands over with its methods. (Error methods were seen
// already, and the conversion would lose them; other verbs print the
// value, which the conversion would make yaegi's wrapper.) log's print
// functions print through fmt (logprint.go). Written for this package.

// callResults rewrites c's operands as described above.
func (r *rewriter) callResults(c *ast.CallExpr) {
	for _, i := range r.printedOperands(c) {
		a := c.Args[i]
		call, ok := unparen(a).(*ast.CallExpr)
		if !ok || r.isTypeExpr(call.Fun) {
			continue // not a call, or already a conversion
		}
		t := r.exactType(a, 0)
		if t == nil || r.isInterfaceType(t) {
			continue
		}
		nt, ptr := r.assertedType(t)
		if nt == nil || nt.methods["Error"] || ptr && nt.ptrMethods["Error"] || !nt.methods["String"] && !(ptr && nt.ptrMethods["String"]) {
			continue
		}
		pos := a.Pos()
		var fun ast.Expr = &ast.Ident{NamePos: pos, Name: nt.name}
		if ptr {
			fun = &ast.ParenExpr{Lparen: pos, X: &ast.StarExpr{Star: pos, X: fun}, Rparen: pos}
		}
		c.Args[i] = &ast.CallExpr{Fun: fun, Lparen: pos, Args: []ast.Expr{a}, Rparen: a.End()}
	}
}

// printedOperands returns the indexes of c's arguments that fmt prints
// with their String method: every operand of Print, Println and their S
// and F forms, and those of a %v or %s verb (without #) of Printf, its S,
// F and Append forms and Errorf with a literal format.
func (r *rewriter) printedOperands(c *ast.CallExpr) []int {
	pkg, fn, ok := r.packageCall(c)
	if !ok || pkg != "fmt" || c.Ellipsis.IsValid() {
		return nil
	}
	var out []int
	switch fn {
	case "Print", "Println", "Sprint", "Sprintln", "Fprint", "Fprintln", "Append", "Appendln":
		for i := range c.Args {
			if i > 0 || !strings.HasPrefix(fn, "F") && !strings.HasPrefix(fn, "A") {
				out = append(out, i)
			}
		}
		return out
	}
	first, format, verbs, ok := r.printfCall(c) // see fmttype.go
	if !ok {
		return nil
	}
	for i, v := range verbs {
		if a := first + 1 + i; (v.verb == 'v' || v.verb == 's') && !strings.Contains(v.flags(format), "#") && a < len(c.Args) {
			out = append(out, a)
		}
	}
	return out
}
