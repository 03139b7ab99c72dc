package gosession

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"reflect"
	"strconv"
	"strings"
)

// errors.Is, errors.Unwrap and errors.As as function values.
//
// The error-chain rewrites (errorchain.go) take calls of errors.Is,
// errors.Unwrap and errors.As to the session's interpreted versions, which
// follow Unwrap, Is and As methods of the session's types. Named as a
// value (`is := errors.Is`, `[]func(error, error) bool{errors.Is}`), the
// function stayed the compiled one, which cannot see those methods:
// is(&QueryError{Err: ErrNotFound}, ErrNotFound) was false without an
// error (Go: true). Before the type check, the session writes each such
// value as a function literal calling it, whose call the error-chain
// rewrites then handle as any other:
//
//	is := errors.Is  =>  is := func(err, target error) bool { return errors.Is(err, target) }
//
// Written for this package.

// errorsValueLits are the literals that stand for the functions of
// package errors named as values, by function name.
var errorsValueLits = map[string]string{
	"Is":     "func(_activisErr, _activisTarget error) bool { return errors.Is(_activisErr, _activisTarget) }",
	"Unwrap": "func(_activisErr error) error { return errors.Unwrap(_activisErr) }",
	"As":     "func(_activisErr error, _activisTarget any) bool { return errors.As(_activisErr, _activisTarget) }",
}

// errorsValues rewrites errors.Is, errors.Unwrap and errors.As named as
// values under n (see above); the callees of calls stay as they are.
func errorsValues(n ast.Node) {
	callees := map[ast.Expr]bool{}
	ast.Inspect(n, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			callees[unparen(c.Fun)] = true
		}
		return true
	})
	replaceExprs(reflect.ValueOf(n), func(e ast.Expr) ast.Expr {
		sel, ok := e.(*ast.SelectorExpr)
		if !ok || callees[e] {
			return nil
		}
		lit, ok := errorsValueLits[sel.Sel.Name]
		if !ok {
			return nil
		}
		if pkg, ok := sel.X.(*ast.Ident); !ok || pkg.Name != "errors" || pkg.Obj != nil {
			return nil
		}
		x, err := parser.ParseExpr(lit)
		if err != nil {
			return nil
		}
		setPositions(x, sel.Pos())
		return x
	})
}

// errorsAsAny rewrites errors.As(err, target) whose target has an
// interface type, with step the chain step of errorChain and asserted the
// session's error types as errorTypes returns them (see above). It reports
// whether it did.
func (r *rewriter) errorsAsAny(c *ast.CallExpr, step ast.Expr, asserted []chainType, pos token.Pos) bool {
	var b strings.Builder
	b.WriteString(`func(_activisAsErr error, _activisAsT any, _activisAsStep func(error, error, any) (error, []error, int, bool, bool, bool), _activisAsCompiled func(error, any) bool) bool {
	switch _activisAsP := _activisAsT.(type) {
`)
	for _, a := range asserted {
		if _, iface := a.nt.under.(*ast.InterfaceType); iface || a.sig("Error") == "" {
			continue
		}
		fmt.Fprintf(&b, "\tcase *%s:\n\t\treturn (%s)(_activisAsErr, _activisAsP, _activisAsStep)\n", a.name, errorsAsLit(a.name))
	}
	scope := r.oracle.pkg.Scope()
	for _, name := range scope.Names() {
		// The session's interfaces: compiled errors cannot be asserted to
		// them, so a target of one gets errorWrap's error for a direct call.
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() || strings.HasPrefix(name, "_activis") || !types.IsInterface(tn.Type()) {
			continue
		}
		if n, ok := tn.Type().(*types.Named); !ok || n.TypeParams().Len() > 0 {
			continue
		}
		if e := r.oracle.expr(tn.Type()); e != nil {
			fmt.Fprintf(&b, "\tcase *%s:\n\t\t_activisErrorsRefuse(%s)\n", printType(e), strconv.Quote(r.place(c.Pos())+": "+asSessionIface(name)))
		}
	}
	b.WriteString("\t}\n\treturn _activisAsCompiled(_activisAsErr, _activisAsT)\n}")
	lit, err := parseResolved(b.String())
	if err != nil {
		return false
	}
	setPositions(lit, pos)
	c.Args = append(c.Args, step, c.Fun)
	c.Fun = lit
	return true
}
