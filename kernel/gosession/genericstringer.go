package gosession

import (
	"go/ast"
	"go/types"
)

// String and Error methods of generic types given to fmt.
//
// yaegi v0.16.1 hands compiled fmt a value of an instance of a session
// generic type without its methods: for `type Result[T any] struct{…}`
// with a String method, fmt.Println(r) printed `{42 <nil>}` (Go `ok:
// 42`), and %v, %s and %+v alike, without an error (found by a hunt).
// Where the type oracle shows an operand of a print function (or of a %v
// or %s verb, callresult.go's printedOperands) whose type is such an
// instance, or a pointer to one, with a String or Error method in its
// method set (and no Format), the operand becomes the method's text, as
// ptrstring.go's textArg does for other session types (and a value whose
// pointer has the method, which yaegi called, its underlying type, as
// ptrstring.go's ptrStringerArg does):
//
//	fmt.Println(r)  →  fmt.Println(_activisiface.Text(func(x Result[int]) string { return x.String() }(r)))
//
// Written for this package.

// genericStringers rewrites the operands of the print call c described
// above.
func (r *rewriter) genericStringers(c *ast.CallExpr) {
	if r.oracle == nil {
		return
	}
	for _, i := range r.printedOperands(c) { // see callresult.go
		c.Args[i] = r.genericStringerArg(c.Args[i])
	}
}

// genericStringerArg returns e as its String or Error text (see above),
// or e.
func (r *rewriter) genericStringerArg(e ast.Expr) ast.Expr {
	t := r.oracle.typeOf(e)
	named, ptr := namedOrPointee(t) // see ptrstring.go
	if named == nil || named.TypeArgs().Len() == 0 || named.Obj().Pkg() != r.oracle.pkg || types.IsInterface(named) ||
		types.NewMethodSet(t).Lookup(r.oracle.pkg, "Format") != nil {
		return e
	}
	method := stringMethod(t) // see nestedstringer.go
	if method == "" {
		// yaegi called a String or Error method of the pointer for a value
		// (box(3) for Box[int]{3} with func (b *Box[T]) String(), Go
		// {3}): a value whose own method set lacks them is printed as its
		// underlying type (a struct, or `[]int` for a Box[int] of
		// `type Box[T any] []T`).
		if !ptr && stringMethod(types.NewPointer(t)) != "" {
			if ue := r.oracle.expr(named.Underlying()); ue != nil {
				return conversion(cloneTypeAt(ue, e.Pos()), e) // toplevel.go
			}
		}
		return e
	}
	te := r.oracle.expr(t)
	rt := r.ifaceRuntimeName()
	if te == nil || rt == "" {
		return e
	}
	return runtimeText(rt, methodTextSrc(rt, printType(te), method, ptr), e) // see ptrstring.go
}
