package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Call results and literals of generic session types with a String
// method given to fmt.
//
// yaegi v0.16.1 hands a value of an instance of a generic type of the
// session (`Opt[string]` of `type Opt[T any] struct{…}`) to fmt without
// its String method when the operand is a call or a composite literal:
// `fmt.Println(Some("x"))` printed `{x true}` (Go: `Some(x)`), and with
// two such generic types declared, `fmt.Println(Opt[int]{})` printed
// `%!v(PANIC=String method: reflect.Set: …)`; a variable holding the same
// value prints as Go. A conversion to the instance does not compile
// there ("type not found"). genericstringer.go, which runs first, writes
// such an operand as the text of its method; where it cannot (a type
// argument the cell cannot write), the session refuses the call, naming
// the type and the workaround: assign the value to a variable first, or
// call its String method. Written for this package.

// refuseGenericPrint fails the rewrite for a print call c with an operand
// described above.
func (r *rewriter) refuseGenericPrint(c *ast.CallExpr) {
	if r.err != nil || r.oracle == nil {
		return
	}
	for _, i := range r.printedOperands(c) { // see callresult.go
		switch x := unparen(c.Args[i]).(type) {
		case *ast.CallExpr, *ast.CompositeLit:
		case *ast.UnaryExpr:
			if _, lit := unparen(x.X).(*ast.CompositeLit); !lit || x.Op != token.AND {
				continue
			}
		default:
			continue
		}
		name, method := genericStringer(r.oracle.typeOf(c.Args[i]))
		if name == "" {
			continue
		}
		r.fail(c.Args[i].Pos(), "a call result or composite literal of the generic type %s, which has a %s method, given to "+
			"fmt directly: the interpreter prints its fields instead of calling %s; assign it to a variable first "+
			"(v := …; fmt.Println(v)) or print v.%s()", name, method, method, method)
		return
	}
}

// genericStringer returns the name of t (or of the type t points to)
// when it is an instance of a generic type of the session whose method
// set has String or Error, and that method; "" when it is not.
func genericStringer(t types.Type) (name, method string) {
	if t == nil {
		return "", ""
	}
	n, ok := types.Unalias(t).(*types.Named)
	if p, isPtr := types.Unalias(t).(*types.Pointer); isPtr {
		n, ok = types.Unalias(p.Elem()).(*types.Named)
	}
	if !ok || n.TypeArgs().Len() == 0 || !isSessionNamed(n) {
		return "", ""
	}
	if m := stringMethod(t); m != "" {
		return types.TypeString(n, sessionQualifier), m
	}
	return "", ""
}
