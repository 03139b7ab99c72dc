package gosession

import (
	"go/ast"
	"go/types"
)

// Print operands converted to an interface inline.
//
// An operand of fmt's or log's print functions converted to an interface
// type in the call itself (`fmt.Println(error(&e))`, `fmt.Stringer(v)`,
// `any(lv)`) printed what yaegi's conversion left of the value, not what
// its Error or String method returns: `&{3}` for `error(&e)` with a
// pointer-receiver Error, `{%!s(int=6)}` for `fmt.Stringer(v)`, `1` for
// `any(Level(1))`. The session's print rewrites (ptrstring.go,
// nestedprint.go, numverb.go, fmttype.go) see an operand's type, not
// through a conversion. In Go converting a value of a concrete type to an
// interface and passing the result for a `...any` parameter passes the
// same dynamic type and value as passing the value itself, so where the
// type oracle (typecheck.go) shows the operand is such a conversion of a
// value of a concrete (non-interface) type, the conversion is dropped
// before the other rewrites see the call: `fmt.Println(&e)`, which they
// print as Go. An operand of a %w verb keeps its conversion (errorwrap.go
// reads it), and so does every operand of a call with a format that is not
// a literal whose function takes %w (Errorf). Written for this package.

// dropIfaceConversions drops the interface conversions of the print
// operands of c described above.
func (r *rewriter) dropIfaceConversions(c *ast.CallExpr) {
	if r.err != nil || r.oracle == nil || c.Ellipsis.IsValid() {
		return
	}
	sel, ok := unparen(c.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	fn, ok := r.oracle.info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil || (fn.Pkg().Path() != "fmt" && fn.Pkg().Path() != "log") {
		return
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || !sig.Variadic() {
		return
	}
	params := sig.Params()
	last := params.Len() - 1
	if s, ok := params.At(last).Type().(*types.Slice); !ok || !isEmptyInterface(s.Elem()) {
		return
	}
	var verbs []fmtVerb
	if last > 0 && params.At(last-1).Name() == "format" && last-1 < len(c.Args) {
		var lit bool
		if _, verbs, lit = literalFormat(c.Args[last-1]); !lit {
			if fn.Name() == "Errorf" {
				return
			}
			verbs = nil
		}
	}
	for i := last; i < len(c.Args); i++ {
		if j := i - last; verbs != nil && j < len(verbs) && verbs[j].verb == 'w' {
			continue
		}
		if x := r.ifaceConversionOf(c.Args[i]); x != nil {
			c.Args[i] = x
		}
	}
}

// ifaceConversionOf returns x for an expression I(x) converting a value of
// a concrete type to the interface type I, as the type oracle shows it, or
// nil.
func (r *rewriter) ifaceConversionOf(e ast.Expr) ast.Expr {
	conv, ok := unparen(e).(*ast.CallExpr)
	if !ok || len(conv.Args) != 1 || conv.Ellipsis.IsValid() {
		return nil
	}
	tv, ok := r.oracle.info.Types[conv.Fun]
	if !ok || !tv.IsType() || !types.IsInterface(tv.Type) {
		return nil
	}
	x := conv.Args[0]
	if c, ok := unparen(x).(*ast.CallExpr); ok && r.structWraps[c] != nil {
		x = r.structWraps[c] // sourcestructwrap.go's conversion of a struct value
	}
	t := r.oracle.typeOf(x)
	if t == nil || types.IsInterface(t) {
		return nil
	}
	if _, isParam := t.(*types.TypeParam); isParam {
		return nil
	}
	return x
}

// isEmptyInterface reports whether t is `any`.
func isEmptyInterface(t types.Type) bool {
	i, ok := types.Unalias(t).Underlying().(*types.Interface)
	return ok && i.NumMethods() == 0
}
