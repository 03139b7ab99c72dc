package gosession

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
)

// Values whose type the syntax shows, asserted to a type the interpreter
// cannot tell them from.
//
// yaegi v0.16.1 gives a type declared in the session the run-time type of
// its underlying type (ifaceguard.go): in an `any`, Celsius(2.5) and the
// float64 2.5 are the same value, so `any(2.5).(Celsius)` is true, `case
// N:` takes the int 1 for `type N int`, an anonymous struct literal of A's
// fields asserts to A, and the other way round a Celsius asserts to
// float64. The run-time value carries nothing that tells them apart, not
// even for compiled code receiving it: an empty interface holds the bare
// value. Where the syntax shows what the interface holds, the session
// refuses the assertion or switch case (or the call) that the
// interpreter would answer wrongly, with its line and the workaround:
//
//   - the operand is a conversion to an interface (`any(2.5)`), a call of
//     a function with one result of interface type whose return statements
//     the syntax types (`func mk() any { return 1 }`: mk().(N)), or a local
//     variable the cell never assigns again, declared from one or with an
//     interface type and a value (`var x any = 1`, `x := any(v)`), or the
//     variable of a range over a composite literal of interface elements
//     (`for _, v := range []any{1, "a"}`: each element counts);
//   - a call passes such a value (`describe(2.5)`), or a value of known
//     type, for an interface parameter of a function declared in the cell or
//     the session whose body asserts that parameter, or switches on it,
//     to a type the value's type looks like; for a variadic parameter
//     (`show(xs ...any)` ranging over xs) each argument counts, for a
//     slice parameter the elements of a composite literal passed for it.
//
// The types conflict when they have the same run-time type in the
// interpreter and are not the same type: a session type and an unnamed
// or predeclared type (Celsius and float64, A and struct{ X int }), or
// two session types. An operand whose origin the syntax does not show (a
// parameter of the function itself, a field, a result of a function
// returning any) is left to the interpreter; README lists it. Written for
// this package.

// originState holds what the origin checks gather over one rewrite.
type originState struct {
	root ast.Node
	// asserts holds, for each interface parameter of the functions
	// declared in the rewritten node, the types its body asserts it to
	// (recorded before the body is rewritten), also through the session
	// functions it is passed on to (ifaceflow.go).
	asserts map[*ast.Object][]assertion
	// elems holds, for a parameter of slice or variadic type, the object
	// asserts keeps its elements' assertions under (`for _, v := range xs
	// { switch v.(type) … }`).
	elems map[*ast.Object]*ast.Object
	// session caches the functions of earlier cells, parsed from their
	// source, by name (methods under "T.m").
	session map[string]*ast.FuncDecl
	flow    // see ifaceflow.go
}

// noteOrigins records the root of a rewrite and the assertions on the
// parameters of the functions it declares.
func (r *rewriter) noteOrigins(n ast.Node) {
	if r.origin != nil {
		return
	}
	r.origin = &originState{root: n, asserts: map[*ast.Object][]assertion{}, elems: map[*ast.Object]*ast.Object{},
		session: map[string]*ast.FuncDecl{}}
	var fds []*ast.FuncDecl
	ast.Inspect(n, func(m ast.Node) bool {
		if fd, ok := m.(*ast.FuncDecl); ok {
			fds = append(fds, fd)
		}
		return true
	})
	for _, fd := range fds {
		r.noteFunc(fd) // ifaceflow.go
	}
	ast.Inspect(n, func(m ast.Node) bool {
		if id, ok := m.(*ast.Ident); ok && id.Obj != nil && id.Obj.Kind == ast.Var {
			r.closureDecl(id.Obj) // a func variable defined by a literal (ifaceflow.go)
		}
		return true
	})
	r.noteStores(n) // ifaceflow.go
}

// paramAsserts adds the types fd's body asserts each of its parameters
// (and the elements of its slice and variadic parameters) to, and returns
// the calls that pass a parameter on unchanged and the assignments that
// store one.
func paramAsserts(fd *ast.FuncDecl, into map[*ast.Object][]assertion, elems map[*ast.Object]*ast.Object) []passOn {
	if fd.Body == nil || fd.Type.Params == nil || fd.Type.TypeParams != nil {
		return nil
	}
	params := map[*ast.Object]bool{}
	for _, f := range fd.Type.Params.List {
		for _, n := range f.Names {
			if n.Obj == nil {
				continue
			}
			params[n.Obj] = true
			switch f.Type.(type) {
			case *ast.Ellipsis, *ast.ArrayType:
				e := &ast.Object{Kind: ast.Var, Name: n.Name + "[…]"}
				elems[n.Obj] = e
				params[e] = true
			}
		}
	}
	if len(params) == 0 {
		return nil
	}
	var passed []passOn
	// The session keeps its functions' rewritten source, where a type
	// switch on x runs on `_activisTSX1 := x` (typeswitch.go) and an
	// assertion on `var _activisAX1 any = x` (assertiface.go).
	alias := map[*ast.Object]*ast.Object{}
	param := func(e ast.Expr) *ast.Object {
		id, ok := unparen(e).(*ast.Ident)
		if !ok || id.Obj == nil {
			return nil
		}
		if p := alias[id.Obj]; p != nil && params[p] {
			return p
		}
		if params[id.Obj] {
			return id.Obj
		}
		return nil
	}
	made := func(l, rhs ast.Expr) bool {
		id, ok := l.(*ast.Ident)
		r, rok := unparen(rhs).(*ast.Ident)
		if !ok || id.Obj == nil || !strings.HasPrefix(id.Name, "_activis") && (!rok || !strings.HasPrefix(r.Name, "_activis")) {
			return false // a copy the rewriter made (v := _activisL1 of loopvar.go)
		}
		if p := param(rhs); p != nil {
			alias[id.Obj] = p
			return true
		}
		return false
	}
	ast.Inspect(fd.Body, func(m ast.Node) bool {
		switch x := m.(type) {
		case *ast.ValueSpec:
			if len(x.Names) == 1 && len(x.Values) == 1 {
				made(x.Names[0], x.Values[0])
			}
		case *ast.RangeStmt:
			if v, ok := x.Value.(*ast.Ident); ok && v.Obj != nil && x.Tok == token.DEFINE {
				if p := param(x.X); p != nil && elems[p] != nil {
					alias[v.Obj] = elems[p]
				}
			}
		case *ast.TypeAssertExpr:
			if o := param(x.X); o != nil && x.Type != nil {
				into[o] = append(into[o], assertion{t: x.Type})
			}
		case *ast.BinaryExpr:
			if o, t := comparedParam(x, param); o != nil {
				into[o] = append(into[o], assertion{t: t}) // origincompare.go
			}
		case *ast.TypeSwitchStmt:
			if o := param(switchOperandOf(x)); o != nil {
				for _, st := range x.Body.List {
					if cc, ok := st.(*ast.CaseClause); ok {
						for _, t := range cc.List {
							into[o] = append(into[o], assertion{t: t})
						}
					}
				}
			}
		case *ast.CallExpr:
			for _, o := range typeVerbParams(x, param) {
				into[o] = append(into[o], assertion{t: &ast.Ident{NamePos: x.Pos(), Name: typeVerb}}) // origintype.go
			}
			for i, a := range x.Args {
				if o := param(a); o != nil {
					passed = append(passed, passOn{call: x, arg: i, from: o})
				}
			}
		case *ast.AssignStmt:
			if x.Tok == token.DEFINE && len(x.Lhs) == 1 && len(x.Rhs) == 1 && made(x.Lhs[0], x.Rhs[0]) {
				return true
			}
			for _, l := range x.Lhs {
				if o := param(l); o != nil {
					delete(params, o) // assigned: its origin is not the call's
					delete(into, o)
				}
			}
			if x.Tok == token.ASSIGN && len(x.Lhs) == len(x.Rhs) {
				for i, v := range x.Rhs {
					if o := param(v); o != nil {
						passed = append(passed, passOn{sink: x.Lhs[i], from: o}) // stored (ifaceflow.go)
					}
				}
			}
		case *ast.UnaryExpr:
			if o := param(x.X); o != nil && x.Op == token.AND {
				delete(params, o)
				delete(into, o)
			}
		}
		return true
	})
	kept := passed[:0]
	for _, p := range passed {
		if params[p.from] {
			kept = append(kept, p)
		}
	}
	return kept
}

// switchOperandOf returns x of a type switch on x.(type), or nil.
func switchOperandOf(ts *ast.TypeSwitchStmt) ast.Expr {
	if x := switchOperand(ts); x != nil {
		return x
	}
	return &ast.BadExpr{}
}

// originTypes returns the static types of the values the interface
// operand x holds, where the syntax shows them (see above).
func (r *rewriter) originTypes(x ast.Expr, depth int) []ast.Expr {
	if depth > 8 {
		return nil
	}
	switch e := unparen(x).(type) {
	case *ast.SelectorExpr:
		return r.selectorOrigins(e) // an interface field of a session struct (ifaceflow.go)
	case *ast.IndexExpr:
		if id, ok := unparen(e.X).(*ast.Ident); ok {
			return r.elemOrigins(id, depth) // an element of a container variable (ifaceflow.go)
		}
	case *ast.CallExpr:
		if len(e.Args) == 1 && !e.Ellipsis.IsValid() && r.isInterfaceType(e.Fun) {
			return r.staticTypes(e.Args[0], depth+1)
		}
		return r.returnTypes(e)
	case *ast.Ident:
		if e.Obj == nil && !strings.HasPrefix(e.Name, "_activis") {
			return r.sessionVarOrigins(e.Name, depth) // a variable of an earlier cell (ifaceflow.go)
		}
		if e.Obj == nil || e.Obj.Kind != ast.Var || strings.HasPrefix(e.Name, "_activis") || r.origin == nil || r.origin.root == nil {
			return nil
		}
		if r.origin.visiting == nil {
			r.origin.visiting = map[*ast.Object]bool{}
		}
		if r.origin.visiting[e.Obj] {
			return nil
		}
		r.origin.visiting[e.Obj] = true
		defer delete(r.origin.visiting, e.Obj)
		// The value it was defined with and those stored since (ifaceflow.go).
		return append(r.definedOrigins(e, depth), r.storedOrigins(e.Obj, depth)...)
	}
	return nil
}

// definedOrigins returns the origins of the value the local variable e
// was defined with.
func (r *rewriter) definedOrigins(e *ast.Ident, depth int) []ast.Expr {
	switch d := e.Obj.Decl.(type) {
	case *ast.ValueSpec:
		for i, n := range d.Names {
			if n.Obj != e.Obj || len(d.Values) != len(d.Names) {
				continue
			}
			if d.Type == nil {
				return r.originTypes(d.Values[i], depth+1)
			}
			if r.isInterfaceType(d.Type) {
				return r.staticTypes(d.Values[i], depth+1)
			}
		}
	case *ast.AssignStmt:
		if d.Tok != token.DEFINE {
			return nil
		}
		if len(d.Lhs) == len(d.Rhs) {
			for i, l := range d.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Obj == e.Obj {
					return r.originTypes(d.Rhs[i], depth+1)
				}
			}
		}
		if len(d.Lhs) == 2 && len(d.Rhs) == 1 {
			// for _, v := range []any{…}
			rng, ok := d.Rhs[0].(*ast.UnaryExpr)
			if id, isID := d.Lhs[1].(*ast.Ident); ok && isID && rng.Op == token.RANGE && id.Obj == e.Obj {
				if xs, ok := unparen(rng.X).(*ast.Ident); ok {
					return r.elemOrigins(xs, depth+1) // for _, v := range xs (ifaceflow.go)
				}
				return r.elementTypes(rng.X, depth+1)
			}
		}
	}
	return nil
}

// elementTypes returns the static types of the elements of a composite
// literal of a slice or array of interfaces.
func (r *rewriter) elementTypes(e ast.Expr, depth int) []ast.Expr {
	cl, ok := unparen(e).(*ast.CompositeLit)
	if !ok {
		return nil
	}
	at, ok := cl.Type.(*ast.ArrayType)
	if !ok || !r.isInterfaceType(at.Elt) {
		return nil
	}
	var out []ast.Expr
	for _, el := range cl.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			el = kv.Value
		}
		out = append(out, r.staticTypes(el, depth+1)...)
	}
	return out
}

// staticTypes returns the type of e where the syntax shows it, or the
// origins of e when that is an interface.
func (r *rewriter) staticTypes(e ast.Expr, depth int) []ast.Expr {
	if isNilIdent(e) {
		return nil
	}
	t := r.exactType(e, 0)
	if t == nil {
		return r.originTypes(e, depth+1)
	}
	if r.isInterfaceType(t) {
		return r.originTypes(e, depth+1)
	}
	return []ast.Expr{t}
}

// exactType returns the type of e as valueType does, but only where an
// untyped constant operand cannot make it wrong: `1 + i` has the type of
// i (typeOf says int, from the 1), `i == j` is a boolean of either type.
func (r *rewriter) exactType(e ast.Expr, depth int) ast.Expr {
	if depth > 16 {
		return nil
	}
	if t := r.oracle.typeExpr(e); t != nil { // typecheck.go
		return t
	}
	switch x := unparen(e).(type) {
	case *ast.BinaryExpr:
		switch x.Op {
		case token.SHL, token.SHR:
			if u, known := r.untypedConst(x.X, 0); u || !known {
				return nil
			}
			return r.exactType(x.X, depth+1)
		case token.ADD, token.SUB, token.MUL, token.QUO, token.REM, token.AND, token.OR, token.XOR, token.AND_NOT:
		default:
			return nil // comparisons and logical operators
		}
		ux, kx := r.untypedConst(x.X, 0)
		uy, ky := r.untypedConst(x.Y, 0)
		switch {
		case !kx || !ky, ux && uy:
			return nil
		case ux:
			return r.exactType(x.Y, depth+1)
		case uy:
			return r.exactType(x.X, depth+1)
		}
		tx, ty := r.exactType(x.X, depth+1), r.exactType(x.Y, depth+1)
		if tx == nil || ty == nil || types.ExprString(tx) != types.ExprString(ty) {
			return nil
		}
		return tx
	case *ast.UnaryExpr:
		switch x.Op {
		case token.SUB, token.ADD, token.XOR:
			return r.exactType(x.X, depth+1)
		case token.NOT, token.ARROW:
			return nil
		}
	case *ast.SelectorExpr:
		if t := r.valueType(e); t != nil {
			return t
		}
		return r.fieldType(r.exactType(x.X, depth+1), x.Sel.Name)
	case *ast.CallExpr:
		if t := r.valueType(e); t != nil {
			return t
		}
		if sel, ok := unparen(x.Fun).(*ast.SelectorExpr); ok {
			return resultType(r.methodType(r.exactType(sel.X, depth+1), sel.Sel.Name))
		}
	}
	return r.valueType(e)
}

// methodType returns the type of method name of the session type t (or
// *t), declared in the cell or the session, or nil.
func (r *rewriter) methodType(t ast.Expr, name string) ast.Expr {
	nt, _ := r.sessionNamedOf(t)
	if nt == nil || !nt.methods[name] && !nt.ptrMethods[name] {
		return nil
	}
	if r.origin != nil && r.origin.root != nil {
		var found *ast.FuncType
		ast.Inspect(r.origin.root, func(n ast.Node) bool {
			fd, ok := n.(*ast.FuncDecl)
			if !ok {
				return found == nil
			}
			if fd.Recv != nil && len(fd.Recv.List) == 1 && fd.Name.Name == name {
				rt := fd.Recv.List[0].Type
				if s, ok := rt.(*ast.StarExpr); ok {
					rt = s.X
				}
				if rid, ok := rt.(*ast.Ident); ok && rid.Name == nt.name {
					found = fd.Type
				}
			}
			return false
		})
		if found != nil {
			return found
		}
	}
	if k, ok := r.sc.(interface {
		methodOf(t, m string) (*ast.FuncType, bool, bool)
	}); ok {
		for _, tn := range []string{nt.name, nt.user} {
			if ft, _, ok := k.methodOf(tn, name); ok {
				return ft
			}
		}
	}
	return nil
}

// sessionNamedOf returns the session type that the type expression t
// names, directly or as *T, and its identifier in t; nil when it names
// none.
func (r *rewriter) sessionNamedOf(t ast.Expr) (*namedType, *ast.Ident) {
	if s, ok := unparen(t).(*ast.StarExpr); ok {
		t = s.X
	}
	id, ok := unparen(t).(*ast.Ident)
	if !ok {
		return nil, nil
	}
	if nt, _ := r.assertedType(id); nt != nil {
		return nt, id
	}
	return nil, nil
}

// sessionStructOf is sessionNamedOf for a session struct type, with its
// struct type; nils otherwise.
func (r *rewriter) sessionStructOf(t ast.Expr) (*ast.Ident, *ast.StructType) {
	nt, id := r.sessionNamedOf(t)
	if nt == nil {
		return nil, nil
	}
	if st, ok := unparen(nt.under).(*ast.StructType); ok {
		return id, st
	}
	return nil, nil
}

// fieldType returns the type of the field name of a session struct type
// t (or a pointer to one), declared in the struct itself, or nil.
func (r *rewriter) fieldType(t ast.Expr, name string) ast.Expr {
	_, st := r.sessionStructOf(t)
	if st == nil {
		return nil
	}
	for _, f := range st.Fields.List {
		for _, n := range f.Names {
			if n.Name == name {
				return f.Type
			}
		}
	}
	return nil
}

// untypedConst reports whether e is an untyped constant expression, and
// whether the syntax tells.
func (r *rewriter) untypedConst(e ast.Expr, depth int) (untyped, known bool) {
	if depth > 16 {
		return false, false
	}
	switch x := unparen(e).(type) {
	case *ast.BasicLit:
		return true, true
	case *ast.UnaryExpr:
		return r.untypedConst(x.X, depth+1)
	case *ast.BinaryExpr:
		ux, kx := r.untypedConst(x.X, depth+1)
		uy, ky := r.untypedConst(x.Y, depth+1)
		if !kx || !ky {
			return false, false
		}
		return ux && uy, true
	case *ast.Ident:
		if x.Obj == nil {
			switch x.Name {
			case "true", "false", "iota":
				return true, true
			}
			if t := r.sc.globalType(x.Name); t != nil && !r.isConstExpr(x) {
				return false, true // a session variable
			}
			return false, false
		}
		if x.Obj.Kind == ast.Var {
			return false, true
		}
		if x.Obj.Kind != ast.Con {
			return false, false
		}
		if vs, ok := x.Obj.Decl.(*ast.ValueSpec); ok && vs.Type != nil {
			return false, true
		}
		return false, false // an untyped constant or one of a const group: unknown
	case *ast.CallExpr, *ast.CompositeLit, *ast.IndexExpr, *ast.SelectorExpr, *ast.StarExpr:
		return false, true
	}
	return false, false
}

// predeclaredTypes are the types typeIdentity knows without a declaration.
var predeclaredTypes = map[string]string{
	"bool": "bool", "string": "string", "int": "int", "int8": "int8", "int16": "int16", "int32": "int32",
	"int64": "int64", "uint": "uint", "uint8": "uint8", "uint16": "uint16", "uint32": "uint32", "uint64": "uint64",
	"uintptr": "uintptr", "float32": "float32", "float64": "float64", "complex64": "complex64",
	"complex128": "complex128", "byte": "uint8", "rune": "int32",
}

// typeIdentity returns the run-time type the interpreter gives the
// concrete type t and the session type t names ("" for an unnamed or
// predeclared type); ok is false for types the check leaves alone
// (interfaces, types of packages, generic types, type parameters, unnamed
// types built from session types).
func (r *rewriter) typeIdentity(t ast.Expr) (shape, name string, ok bool) {
	if t == nil || r.isInterfaceType(t) || typeParamIn(t) != nil {
		return "", "", false
	}
	if nt, ptr := r.assertedType(t); nt != nil {
		s, _ := r.shape(nt)
		if ptr {
			return "*" + s, "*" + nt.name, true
		}
		return s, nt.name, true
	}
	fields := map[*ast.Ident]bool{}
	ast.Inspect(t, func(n ast.Node) bool {
		if f, ok := n.(*ast.Field); ok {
			for _, nm := range f.Names {
				fields[nm] = true
			}
		}
		return true
	})
	known := true
	ast.Inspect(t, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.SelectorExpr, *ast.IndexExpr, *ast.IndexListExpr, *ast.InterfaceType, *ast.FuncType, *ast.ChanType:
			known = false
		case *ast.Ident:
			if _, pre := predeclaredTypes[x.Name]; !fields[x] && (!pre || x.Obj != nil || r.sc.globalType(x.Name) != nil) {
				known = false
			}
		}
		return known
	})
	if !known {
		return "", "", false
	}
	t = unparen(t)
	if id, isID := t.(*ast.Ident); isID {
		return predeclaredTypes[id.Name], "", true
	}
	return types.ExprString(t), "", true
}

// originConflict returns the first of the origin types that the
// interpreter cannot tell from the asserted type t, and t's run-time type.
func (r *rewriter) originConflict(origins []ast.Expr, t ast.Expr) (ast.Expr, string) {
	if isTypeVerb(t) {
		return r.typeVerbConflict(origins) // origintype.go
	}
	ts, tn, ok := r.typeIdentity(t)
	if !ok {
		return nil, ""
	}
	for _, o := range origins {
		if hs, hn, ok := r.typeIdentity(o); ok && hs == ts && hn != tn {
			return o, ts
		}
	}
	return nil, ""
}

// originMsg explains a refusal and its workaround.
func (r *rewriter) originMsg(held, asserted ast.Expr, shape string) string {
	h, a := types.ExprString(userExpr(r, held)), types.ExprString(userExpr(r, asserted))
	return "the interpreter gives " + h + " and " + a + " the same run-time type " + shape +
		", so it would take a value of type " + h + " for a " + a + " (in Go it does not match); " +
		"convert the value to the type you test for, or make the session type a struct of its own " +
		"(type Celsius struct{ V float64 }) so that its values differ at run time"
}

// originAssert refuses the assertion of x to t (a standalone assertion or
// a type switch case) when the syntax shows x holds a value the
// interpreter cannot tell from t.
func (r *rewriter) originAssert(x, t ast.Expr, what string) {
	if r.err != nil || isNilIdent(t) {
		return
	}
	origins := r.originTypes(x, 0)
	if len(origins) == 0 {
		return
	}
	if held, shape := r.originConflict(origins, t); held != nil {
		r.fail(t.Pos(), "%s: the operand holds a value of type %s; %s", what, types.ExprString(userExpr(r, held)), r.originMsg(held, t, shape))
	}
}

// originCall refuses a call that passes a value the syntax types for an
// interface parameter that the called function or method asserts to a
// type the interpreter cannot tell from the value's (itself or through
// the session functions it passes the parameter on to, ifaceflow.go).
func (r *rewriter) originCall(c *ast.CallExpr) {
	if r.err != nil || r.origin == nil || c.Ellipsis.IsValid() {
		return
	}
	fd, name := r.calleeDecl(c)
	if fd == nil || fd.Type.Params == nil {
		return
	}
	r.propagateAsserts()
	asserts := r.origin.asserts
	check := func(a ast.Expr, origins []ast.Expr, n *ast.Ident, asserted []assertion) bool {
		for _, as := range asserted {
			t := as.t
			if isNilIdent(t) {
				continue
			}
			if held, shape := r.originConflict(origins, t); held != nil {
				via := ""
				if len(as.via) > 0 {
					via = " (passing it on to " + strings.Join(as.via, ", ") + ")"
				}
				if isTypeVerb(t) {
					h := types.ExprString(userExpr(r, held))
					r.fail(a.Pos(), "%s passes a value of type %s for the parameter %s, which %s prints with %%T%s; the "+
						"interpreter gives %s the run-time type %s, so %%T would print %s; convert the value to the type "+
						"you want printed, or make the session type a struct of its own (type Celsius struct{ V float64 })",
						types.ExprString(userExpr(r, c)), h, n.Name, name, via, h, shape, shape)
					return true
				}
				r.fail(a.Pos(), "%s passes a value of type %s for the parameter %s, which %s asserts to %s%s; %s",
					types.ExprString(userExpr(r, c)), types.ExprString(userExpr(r, held)), n.Name, name,
					types.ExprString(userExpr(r, t)), via, r.originMsg(held, t, shape))
				return true
			}
		}
		return false
	}
	i := 0
	for _, f := range fd.Type.Params.List {
		for _, n := range f.Names {
			if i >= len(c.Args) || n.Obj == nil {
				return
			}
			a := c.Args[i]
			i++
			switch pt := f.Type.(type) {
			case *ast.Ellipsis: // f(xs ...any) called as f(1, 2.5)
				if e := r.origin.elems[n.Obj]; e != nil && r.isInterfaceType(pt.Elt) {
					for _, a := range c.Args[i-1:] {
						if check(a, r.staticTypes(a, 0), n, asserts[e]) {
							return
						}
					}
				}
				return
			case *ast.ArrayType: // f(xs []any) called as f([]any{1, 2.5})
				if e := r.origin.elems[n.Obj]; e != nil && r.isInterfaceType(pt.Elt) && check(a, r.elementTypes(a, 0), n, asserts[e]) {
					return
				}
			default:
				if r.isInterfaceType(f.Type) && check(a, r.staticTypes(a, 0), n, asserts[n.Obj]) {
					return
				}
			}
		}
		if len(f.Names) == 0 {
			i++
		}
	}
}

// sessionFuncDecl returns the declaration of the session function name
// (not a method), as type-checked or parsed from the source the session
// keeps of an earlier cell's, or nil.
func (r *rewriter) sessionFuncDecl(name string) *ast.FuncDecl {
	fd := r.oracle.funcDecl(name) // as type-checked (typecheck.go)
	if k, ok := r.sc.(interface{ funcSource(name string) string }); ok {
		if src := k.funcSource(name); src != "" && fd == nil {
			if f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+src, 0); err == nil && len(f.Decls) == 1 {
				fd, _ = f.Decls[0].(*ast.FuncDecl)
			}
		}
	}
	if fd != nil && fd.Recv != nil {
		return nil
	}
	return fd
}

// funcDeclOf returns the declaration of the function id names, from the
// cell or from the source the session keeps of an earlier cell's, or nil.
func (r *rewriter) funcDeclOf(id *ast.Ident) *ast.FuncDecl {
	if r.origin == nil {
		return nil
	}
	if id.Obj != nil {
		if fd, ok := id.Obj.Decl.(*ast.FuncDecl); ok {
			return fd
		}
		return r.closureDecl(id.Obj) // ifaceflow.go
	}
	if d, done := r.origin.session[id.Name]; done {
		return d
	}
	fd := r.sessionFuncDecl(id.Name)
	r.origin.session[id.Name] = fd
	if fd == nil {
		fd = r.sessionClosure(id.Name) // ifaceflow.go
		r.origin.session[id.Name] = fd
		return fd
	}
	if fd != nil {
		r.noteFunc(fd) // ifaceflow.go
	}
	return fd
}

// returnTypes returns the types of the values that the function called by
// c returns, where its declaration has one result of an interface type
// and the syntax types the returned values (`func mk() any { return 1 }`).
func (r *rewriter) returnTypes(c *ast.CallExpr) []ast.Expr {
	id, ok := unparen(c.Fun).(*ast.Ident)
	if !ok || strings.HasPrefix(id.Name, "_activis") {
		return nil
	}
	fd := r.funcDeclOf(id)
	if fd == nil || fd.Body == nil || fd.Type.TypeParams != nil || fd.Type.Results == nil || len(fd.Type.Results.List) != 1 ||
		len(fd.Type.Results.List[0].Names) > 1 || !r.isInterfaceType(fd.Type.Results.List[0].Type) {
		return nil
	}
	var out []ast.Expr
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(x.Results) == 1 && !isNilIdent(x.Results[0]) {
				if t := r.exactType(x.Results[0], 0); t != nil && !r.isInterfaceType(t) {
					out = append(out, t)
				}
			}
		}
		return true
	})
	return out
}

// funcSource returns the source of the function name declared in the
// session, or "".
func (sc sessionScope) funcSource(name string) string {
	sc.s.mu.Lock()
	defer sc.s.mu.Unlock()
	d := sc.st.decls[name]
	if d == nil || d.Kind != "func" {
		return ""
	}
	return d.Src
}
