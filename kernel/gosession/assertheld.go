package gosession

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strconv"
	"strings"
)

// Session values held by value in a compiled interface, asserted to an
// interface of the session.
//
// yaegi v0.16.1 holds a session value that is not a pointer, returned or
// passed as a compiled interface (error, fmt.Stringer), in its wrapper of
// that interface (`interp._error`), which keeps only that interface's
// methods and not the value's type: `err.(CodedError)` for `type
// CodedError interface{ error; Code() int }` was false where err holds an
// httpErr with both methods (Go true). Where the session declares a type
// that implements the asserted interface with value receivers, the type
// test ends with
//
//	… || _activisiface.RefuseHeld(_x, "CodedError", "In[3] line 4", "httpErr")
//
// which panics with the workaround when the value is such a wrapper of a
// value that is not a pointer (a pointer keeps its type, and the test
// before answers for it), and is false otherwise. Written for this
// package.

// heldTest returns test or'd with the run-time refusal, for a type test
// of the value named by id against the session interface e (see above),
// or test.
func (r *rewriter) heldTest(test ast.Expr, id func(token.Pos) *ast.Ident, e ast.Expr) ast.Expr {
	if _, isSession := r.sessionIfaceSigs(e); !isSession { // ifaceimpl.go
		return test
	}
	methods, known := r.interfaceMethods(e, 0)
	if !known || len(methods) == 0 {
		return test
	}
	var byValue []string
	all := r.sessionTypes()
	for _, n := range r.sessionTypeNames() {
		if t := all[n]; t.implements(methods, false) {
			byValue = append(byValue, t.user)
		}
	}
	if len(byValue) == 0 {
		return test
	}
	rt := r.ifaceRuntimeName()
	if rt == "" {
		return test
	}
	pos := e.Pos()
	str := func(s string) ast.Expr {
		return &ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(s)}
	}
	args := []ast.Expr{id(pos), str(types.ExprString(userExpr(r, e))), str(r.place(pos))}
	for _, t := range byValue {
		args = append(args, str(t))
	}
	return &ast.BinaryExpr{X: test, OpPos: pos, Op: token.LOR, Y: &ast.CallExpr{
		Fun:    &ast.SelectorExpr{X: &ast.Ident{NamePos: pos, Name: rt}, Sel: &ast.Ident{NamePos: pos, Name: "RefuseHeld"}},
		Lparen: pos, Args: args, Rparen: pos}}
}

// ifaceRefuseHeld panics with the workaround when v is the interpreter's
// wrapper of a compiled interface holding a value that is not a pointer,
// asserted to the session interface iface that the session types
// implementers implement with value receivers (see above); it returns
// false otherwise.
func ifaceRefuseHeld(v any, iface, at string, implementers ...string) bool {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() || !isYaegiWrapper(rv.Type()) {
		return false
	}
	if in := rv.Field(0); in.Kind() == reflect.Interface && !in.IsNil() && in.Elem().Kind() == reflect.Pointer {
		return false
	}
	name := strings.Replace(strings.TrimPrefix(strings.TrimPrefix(rv.Type().Name(), "guarded"), "_"), "_", ".", 1)
	t := implementers[0]
	panic(fmt.Errorf("%s: a value of a session type held by value in a compiled interface (%s) asserted to the interface %s: "+
		"the interpreter keeps only the methods of %s, so the assertion would fail where Go's succeeds for a value of %s; "+
		"give %s pointer receivers and hold a pointer to it (&%s{…}): %w",
		at, name, iface, name, strings.Join(implementers, ", "), t, t, ErrUnsupported))
}
