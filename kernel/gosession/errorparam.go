package gosession

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"slices"
	"strings"
)

// An error given to a parameter of type any that the function asserts to
// a session error type.
//
// yaegi v0.16.1 keeps a value of a session type in an `error` as its
// wrapper of the compiled interface, and converting that error to any
// keeps the wrapper: the value's type is gone for an assertion on the any.
// A function of the session taking `v any` and switching on its type
// (`case Code:`, `case *PathErr:`) took every error for a plain `error`:
// `describe(err)` with `var err error = Code(3)` printed "error code 3"
// (Go "Code 3") without an error. An assertion of the any to error, and of
// that error to the session type, sees the value again, so where the body
// asserts such a parameter to one of the session's error types (or a
// pointer to one), the session puts the value back first:
//
//	func describe(v any) string {
//		{
//			var e error
//			var ok bool
//			e, ok = v.(error)
//			if ok {
//				switch x := e.(type) {
//				case Code:
//					v = x
//				case *PathErr:
//					v = x
//				}
//			}
//		}
//		…
//
// (an interpreted assignment of the session value to an any keeps its
// type). A session whose error types yaegi cannot tell apart (lookalikes,
// ifaceguard.go) is left as it was. Written for this package.

// errorParams rewrites the function with type ft and body as above.
func (r *rewriter) errorParams(ft *ast.FuncType, body *ast.BlockStmt) {
	if r.oracle == nil || ft == nil || body == nil || ft.Params == nil || !r.declaresErrors() { // errorchain.go
		return
	}
	var params []*ast.Ident
	for _, f := range ft.Params.List {
		if _, variadic := f.Type.(*ast.Ellipsis); variadic || !r.isEmptyInterface(f.Type) {
			continue
		}
		for _, n := range f.Names {
			if n.Name != "_" && n.Obj != nil && !strings.HasPrefix(n.Name, "_activis") {
				params = append(params, n)
			}
		}
	}
	if len(params) == 0 {
		return
	}
	errTypes := r.errorParamTypes()
	if errTypes == nil {
		return
	}
	var stmts []ast.Stmt
	for _, p := range params {
		if r.assertsToError(body, p, errTypes) {
			if s := retypeError(p.Name, errTypes, body.Lbrace); s != nil {
				stmts = append(stmts, s)
			}
		}
	}
	if len(stmts) > 0 {
		body.List = append(stmts, body.List...)
	}
}

// retypeError returns the statement that puts a session error value held
// in the any variable name back with its type (see above), at pos, or nil.
func retypeError(name string, errTypes map[string]types.Type, pos token.Pos) ast.Stmt {
	// _activisEP is declared with its type, so that the type switch's
	// lookalike check (ifaceguard.go) knows only error types can be in it.
	var b strings.Builder
	fmt.Fprintf(&b, "func() {\n\t{\n\t\tvar _activisEP error\n\t\tvar _activisOK bool\n\t\t_activisEP, _activisOK = %s.(error)\n"+
		"\t\tif _activisOK {\n\t\t\tswitch _activisEX := _activisEP.(type) {\n", name)
	for _, t := range slices.Sorted(maps.Keys(errTypes)) {
		fmt.Fprintf(&b, "\t\t\tcase %s:\n\t\t\t\t%s = _activisEX\n", t, name)
	}
	b.WriteString("\t\t\t}\n\t\t}\n\t}\n}")
	lit, err := parseResolved(b.String())
	if err != nil {
		return nil
	}
	setPositions(lit, pos)
	return lit.(*ast.FuncLit).Body.List[0]
}

// errorIntoAny returns, for a statement storing an expression of type
// error into a variable of type any (`var a any = err`, `a = err`), the
// statement putting a session error value in it back with its type (see
// above; `a.(Code)` was false), or nil.
func (r *rewriter) errorIntoAny(s ast.Stmt) ast.Stmt {
	if r.oracle == nil || !r.declaresErrors() {
		return nil
	}
	var name *ast.Ident
	var value ast.Expr
	switch x := s.(type) {
	case *ast.AssignStmt:
		if x.Tok != token.ASSIGN || len(x.Lhs) != 1 || len(x.Rhs) != 1 {
			return nil
		}
		id, ok := x.Lhs[0].(*ast.Ident)
		if !ok || !isEmptyIfaceType(r.oracle.typeOf(id)) {
			return nil
		}
		name, value = id, x.Rhs[0]
	case *ast.DeclStmt:
		gd, ok := x.Decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR || len(gd.Specs) != 1 {
			return nil
		}
		vs := gd.Specs[0].(*ast.ValueSpec)
		if vs.Type == nil || len(vs.Names) != 1 || len(vs.Values) != 1 || !r.isEmptyInterface(vs.Type) {
			return nil
		}
		name, value = vs.Names[0], vs.Values[0]
	default:
		return nil
	}
	if strings.HasPrefix(name.Name, "_activis") {
		return nil // a variable another rewrite made (printspace.go's operands)
	}
	vt := r.oracle.typeOf(value)
	if vt == nil || !types.Identical(vt, types.Universe.Lookup("error").Type()) {
		return nil
	}
	errTypes := r.errorParamTypes()
	if errTypes == nil {
		return nil
	}
	return retypeError(name.Name, errTypes, s.End())
}

// isEmptyIfaceType reports whether t is an interface type without methods.
func isEmptyIfaceType(t types.Type) bool {
	if t == nil {
		return false
	}
	it, ok := t.Underlying().(*types.Interface)
	return ok && it.Empty()
}

// errorParamTypes returns the session's error types as the cell writes
// them (*T for a pointer), keyed by the checker's type, or nil where there
// are none or two of them look alike.
func (r *rewriter) errorParamTypes() map[string]types.Type {
	asserted := r.errorTypes()
	out := map[string]types.Type{}
	for _, a := range asserted {
		if _, iface := a.nt.under.(*ast.InterfaceType); iface || a.sig("Error") == "" || a.typ == nil {
			continue
		}
		if len(r.lookalikes(a.nt, strings.HasPrefix(a.name, "*"), []string{"Error"})) > 0 {
			return nil
		}
		out[a.name] = a.typ
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// assertsToError reports whether body asserts the parameter p (not a copy)
// to one of errTypes, in an assertion or a type switch.
func (r *rewriter) assertsToError(body *ast.BlockStmt, p *ast.Ident, errTypes map[string]types.Type) bool {
	isParam := func(e ast.Expr) bool {
		id, ok := unparen(e).(*ast.Ident)
		return ok && id.Obj == p.Obj
	}
	isErrType := func(t ast.Expr) bool {
		tt := r.oracle.typeOf(t)
		if tv, ok := r.oracle.info.Types[t]; ok && tv.IsType() {
			tt = tv.Type
		}
		if tt == nil {
			return false
		}
		for _, et := range errTypes {
			if types.Identical(tt, et) {
				return true
			}
		}
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.TypeAssertExpr:
			found = found || x.Type != nil && isParam(x.X) && isErrType(x.Type)
		case *ast.TypeSwitchStmt:
			if isParam(switchOperandOf(x)) {
				for _, st := range x.Body.List {
					if cc, ok := st.(*ast.CaseClause); ok {
						for _, t := range cc.List {
							found = found || isErrType(t)
						}
					}
				}
			}
		}
		return !found
	})
	return found
}
