package gosession

import (
	"go/ast"
	"go/types"
	"reflect"
	"strings"
)

// Values holding interfaces printed through an interface.
//
// yaegi v0.16.1 gives a struct type declared in the session (or in a
// package interpreted from source) fields of its own type for interface
// fields, valueInterface, which holds the value and the syntax node that
// made it. nestedprint.go and sourcewalk.go print such a value as Go when
// the syntax shows its type; given to fmt through an interface, it still
// reached fmt whole: `h := Holder{"a", Square{2}}; var a any = h;
// fmt.Println(a)` printed `{a {0x33af17dd7680 {0x33af18038a80 0x… 409}}}`
// (Go `{a {2}}`), without an error; so did a []any or a struct{ V any }
// holding a session value, given through an `any`. Where the session
// declares a type that is not an interface, or imports a package
// interpreted from source, an operand of a print call of an interface
// type that fmttype.go's showValue gives fmt (after calling a String or
// Error method of the value it holds) for %v and Print, and one of
// numverb.go's verbs that call no method (%d, %f, %t, …), goes through
// WalkHeld:
//
//	fmt.Println(a)  →  fmt.Println(_activisiface.WalkHeld(func() any {…}(), "In[3] line 2", "", "v", false, callback, table…))
//
// which, at run time, looks through the value for yaegi's valueInterface
// (not behind pointers, which fmt prints as addresses below the top) and
// gives fmt the walk's text where it finds one, the value itself
// otherwise. Written for this package.

// heldLimit bounds the values holdsYaegiValue looks at; past it, the walk
// prints the value (it is right without wrappers too, only slower).
const heldLimit = 1 << 16

// walkHeld returns v, or the walk's text of it where it holds yaegi's
// valueInterface (see above); its arguments are plainV's.
func (a *anonStructs) walkHeld(v any, at, static, verb string, generics bool, call func(string, any) (string, bool), table ...any) any {
	n := 0
	if !holdsYaegiValue(reflect.ValueOf(v), true, &n) {
		return v
	}
	return verbatim{a.plainV(v, at, static, verb, generics, call, table...)}
}

// holdsYaegiValue reports whether v holds a yaegi valueInterface: in a
// field, an element, a map key or value, or behind the pointer at the top;
// n counts the values looked at.
func holdsYaegiValue(v reflect.Value, top bool, n *int) bool {
	if *n++; *n > heldLimit {
		return true
	}
	if !v.IsValid() {
		return false
	}
	t := v.Type()
	switch v.Kind() {
	case reflect.Interface:
		return !v.IsNil() && holdsYaegiValue(v.Elem(), false, n)
	case reflect.Pointer:
		return top && !v.IsNil() && holdsYaegiValue(v.Elem(), false, n)
	case reflect.Struct:
		if strings.HasPrefix(t.PkgPath(), "github.com/traefik/yaegi") {
			return t.Name() == "valueInterface"
		}
		if isYaegiWrapper(t) {
			return false // fmt calls its methods
		}
		for i := range v.NumField() {
			if holdsYaegiValue(v.Field(i), false, n) {
				return true
			}
		}
	case reflect.Slice, reflect.Array:
		if !elemMayHold(t.Elem()) {
			return false
		}
		for i := range v.Len() {
			if holdsYaegiValue(v.Index(i), false, n) {
				return true
			}
		}
	case reflect.Map:
		if !elemMayHold(t.Key()) && !elemMayHold(t.Elem()) {
			return false
		}
		it := v.MapRange()
		for it.Next() {
			if holdsYaegiValue(it.Key(), false, n) || holdsYaegiValue(it.Value(), false, n) {
				return true
			}
		}
	}
	return false
}

// elemMayHold reports whether values of t may hold a valueInterface that
// fmt would print (so not a number or string, nor a pointer, which fmt
// prints as an address inside another value).
func elemMayHold(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Interface, reflect.Struct, reflect.Slice, reflect.Array, reflect.Map:
		return true
	}
	return false
}

// heldOperand returns print operand arg of an interface type, or e, what
// showValue made of it (nil for nothing), in WalkHeld where heldWalk
// says; e otherwise.
func (r *rewriter) heldOperand(arg, e ast.Expr, verb string) ast.Expr {
	if r.oracle == nil {
		return e
	}
	t := r.oracle.typeOf(arg)
	if ix, ok := arg.(*ast.IndexExpr); ok && t == nil {
		if lit, ok := ix.X.(*ast.CompositeLit); ok && len(lit.Elts) == 1 {
			t = r.oracle.typeOf(lit.Elts[0]) // callresult.go's []interface{}{f()}[0]
		}
	}
	if t == nil || !types.IsInterface(t) {
		return e
	}
	if _, isParam := t.(*types.TypeParam); isParam {
		return e
	}
	base := e
	if base == nil {
		base = arg
	}
	if w := r.heldWalk(base, verb); w != base {
		return w
	}
	return e
}

// heldWalk wraps showValue's operand e, printed with verb (flags and
// letter, "-8v"), in WalkHeld (see above) where the session may give it a
// value holding yaegi's valueInterface; e otherwise.
func (r *rewriter) heldWalk(e ast.Expr, verb string) ast.Expr {
	if r.oracle == nil || r.oracle.pkg == nil {
		return e
	}
	anyType := types.Universe.Lookup("any").Type()
	sw := r.sourceWalkFor(anyType)
	if sw == nil && !r.sessionBoxedTypes() {
		return e
	}
	if call := r.goSyntaxCall(e, nil, "WalkHeld", verb, sw); call != e {
		return call
	}
	return e
}

// sessionBoxedTypes reports whether the session declares a type that is
// not an interface: yaegi keeps its values in its valueInterface inside
// a value holding interfaces, also one of a type the session did not
// declare (`var x any = []any{L(1), 2}` printed `[{0xc9ed6188b40 {…}}
// 2]`, Go `[hi 2]`, though no session type held an interface).
func (r *rewriter) sessionBoxedTypes() bool {
	for _, nt := range r.sessionTypes() { // the session's, not only those the cell names
		if _, iface := unparen(nt.under).(*ast.InterfaceType); !iface && !strings.HasPrefix(nt.user, "_activis") {
			return true
		}
	}
	return r.genericTypes()
}
