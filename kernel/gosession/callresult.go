package gosession

import (
	"go/ast"
	"slices"
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
// functions print through fmt (logprint.go). The same goes for an
// argument of any other compiled function or method: `io.WriteString(newUp(),
// "x")` for a session io.Writer panicked ("reflect: Call using struct {…}
// as type io.Writer"). Written for this package.

// callResults rewrites c's operands as described above.
func (r *rewriter) callResults(c *ast.CallExpr) {
	printed := map[int]bool{}
	for _, i := range r.printedOperands(c) {
		printed[i] = true
	}
	var passed []int // arguments for compiled parameters, printed or not
	if pkg, fn, _ := r.packageCall(c); pkg == "fmt" && strings.HasPrefix(fn, "F") && len(c.Args) > 0 {
		passed = append(passed, 0) // the io.Writer of Fprint, Fprintf, Fprintln
	} else if pkg != "fmt" {
		if _, _, _, ok := r.compiledCallee(c); ok && !c.Ellipsis.IsValid() { // see guard.go
			for i := range c.Args {
				passed = append(passed, i)
			}
		}
	}
	for i, a := range c.Args {
		if !printed[i] && !slices.Contains(passed, i) {
			continue
		}
		call, ok := unparen(a).(*ast.CallExpr)
		if !ok || r.isTypeExpr(call.Fun) {
			continue // not a call, or already a conversion
		}
		t := r.exactType(a, 0)
		if t != nil && r.isEmptyInterface(t) && !r.isInterfaceType(call.Fun) {
			c.Args[i] = anyElem(a) // see anyresult.go
			continue
		}
		if t == nil || r.isInterfaceType(t) {
			continue
		}
		nt, ptr := r.assertedType(t)
		has := func(m string) bool { return nt.methods[m] || ptr && nt.ptrMethods[m] }
		if nt == nil || has("Error") || printed[i] && !has("String") || !nt.hasMethods() {
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
