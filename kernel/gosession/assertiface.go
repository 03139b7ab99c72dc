package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// Standalone type assertions to interface types.
//
// yaegi v0.16.1's assertion x.(I) to a non-empty interface type misses a
// session struct held bare in an `any` (`any(point{1, 2}).(fmt.Stringer)`
// was false with point's String method) and takes a value whose method has
// a pointer receiver as implementing I. Its type switch does the same, and
// assertChain (typeswitch.go) answers by the session structs' method sets;
// a standalone assertion reuses that test (typeTest) and binding
// (ifaceBind). When I is a non-empty interface whose methods the syntax
// shows, the session declares a struct type and the syntax does not show
// that x is of an interface type declared in the session,
//
//	v, ok := x.(I)
//
// becomes
//
//	v, ok := func() (I, bool) {
//		var _x any = x
//		if _x != nil && func() bool { …typeTest… }() { return …ifaceBind…, true }
//		return nil, false
//	}()
//
// (the same for `=`, `var v, ok = x.(I)` and an if statement's init), and
// a single-value x.(I) elsewhere becomes a call that returns the bound
// value or panics as Go does: "interface conversion: interface is nil, not
// I" for nil, "interface conversion: main.T is not I: missing method M"
// for a session struct T that lacks M, and yaegi's own assertion (and
// panic) for any other value. Written for this package.

// ifaceAssertFields replaces the type assertions to interfaces among the
// direct expression fields of n (see above).
func (r *rewriter) ifaceAssertFields(n ast.Node) {
	switch x := n.(type) {
	case *ast.AssignStmt:
		if len(x.Lhs) == 2 && len(x.Rhs) == 1 {
			if ta := r.ifaceAssert(x.Rhs[0]); ta != nil {
				x.Rhs[0] = r.ifaceAssertCall(ta, true)
			}
			return
		}
	case *ast.ValueSpec:
		if len(x.Names) == 2 && len(x.Values) == 1 {
			if ta := r.ifaceAssert(x.Values[0]); ta != nil {
				x.Values[0] = r.ifaceAssertCall(ta, true)
			}
			return
		}
	case *ast.TypeSwitchStmt:
		return // x.(type)
	}
	v := reflect.ValueOf(n)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return
	}
	v = v.Elem()
	exprType := reflect.TypeFor[ast.Expr]()
	for i := range v.NumField() {
		f := v.Field(i)
		switch {
		case f.Type() == exprType && !f.IsNil():
			if ta := r.ifaceAssert(f.Interface().(ast.Expr)); ta != nil {
				f.Set(reflect.ValueOf(r.ifaceAssertCall(ta, false)))
			}
		case f.Type() == reflect.TypeFor[[]ast.Expr]():
			for j := range f.Len() {
				if ta := r.ifaceAssert(f.Index(j).Interface().(ast.Expr)); ta != nil {
					f.Index(j).Set(reflect.ValueOf(ast.Expr(r.ifaceAssertCall(ta, false))))
				}
			}
		}
	}
}

// ifaceAssert returns e as an assertion x.(I) that ifaceAssertCall
// rewrites, or nil.
func (r *rewriter) ifaceAssert(e ast.Expr) *ast.TypeAssertExpr {
	ta, ok := e.(*ast.TypeAssertExpr)
	if !ok || ta.Type == nil || r.err != nil {
		return nil
	}
	if madeByRewriter(ta.X) {
		return nil
	}
	if _, compiled := r.sessionIfaceSigs(ta.Type); len(r.ifaceCandidates(ta.Type)) == 0 && !compiled { // ifaceimpl.go
		return nil
	}
	// Where the syntax shows x is of a session interface type, only the
	// candidates that implement it are tested (see assertFrom).
	if from := r.assertFrom(ta.X); from != nil && len(r.ifaceCandidatesFrom(ta.Type, from)) == 0 {
		return nil
	}
	return ta
}

// madeByRewriter reports whether x is a name the rewriter made, or a call
// of the session runtime's (sourcestructwrap.go's
// `_activisiface.WrapStruct(…).(io.Writer)`, whose assertion rewritten
// converted the struct value to the interface again, as yaegi does, and
// lost its fields: `fmt.Fprintf(lg, …)` for a session interface lg
// holding a struct with a Write method wrote with its first fields empty).
func madeByRewriter(x ast.Expr) bool {
	if c, ok := unparen(x).(*ast.CallExpr); ok {
		if sel, ok := unparen(c.Fun).(*ast.SelectorExpr); ok {
			x = sel.X
		}
	}
	id, ok := unparen(x).(*ast.Ident)
	return ok && strings.HasPrefix(id.Name, "_activis")
}

// assertFrom returns the methods of the interface type of x when the
// syntax shows it is a non-empty interface type declared in the session,
// else nil. yaegi answered an assertion of such a value to an interface
// by the pointer's method set (`var n Namer = P{}; n.(Person)` was true
// where Person's Age has a *P receiver), so it is rewritten too, but x
// keeps its type: yaegi lost such a value converted to any
// (typeparam/devirtualize2.go in the corpus), and only the candidates
// that implement x's interface are tested, as asserting another would not
// compile.
func (r *rewriter) assertFrom(x ast.Expr) []string {
	if ms, known := r.ifaceMethods(x); known && len(ms) > 0 && r.compiledIface(x) == "" {
		return ms
	}
	return nil
}

// candidatesFrom is assertFrom, or, where the syntax shows x is of a
// compiled interface type (error, io.Reader), that interface's methods:
// x keeps that type too (assertOperand), so a candidate that does not
// implement it cannot be asserted (a type switch on an error with a case
// `interface{ Unwrap() []error }`, in a session whose struct had
// pointer-receiver methods, failed to compile: "impossible type
// assertion: main.multi does not implement error").
func (r *rewriter) candidatesFrom(x ast.Expr) []string {
	if from := r.assertFrom(x); from != nil || r.compiledIface(x) == "" {
		return from
	}
	if ms, known := r.ifaceMethods(x); known && len(ms) > 0 {
		return ms
	}
	return nil
}

// assertOperand returns the statement that names x _x for a rewritten
// assertion: `var _x any = x`, or `_x := x` where x keeps its interface
// type (a compiled interface, see ifaceAssertCall; a session interface,
// see assertFrom) or is an any already: one a compiled function gave
// (`v, _ := m.Load(k)`) holding a session value with its wrapper
// (keepiface.go) lost it in an interpreted any, and asserting it failed,
// "reflect.Set: value of type interface {} is not assignable to type
// interp.valueInterface".
func (r *rewriter) assertOperand(id func(token.Pos) *ast.Ident, x ast.Expr, pos token.Pos) ast.Stmt {
	if r.compiledIface(x) != "" || r.assertFrom(x) != nil || isEmptyIfaceType(r.oracle.typeOf(x)) {
		return &ast.AssignStmt{Lhs: []ast.Expr{id(pos)}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{x}}
	}
	return &ast.DeclStmt{Decl: &ast.GenDecl{TokPos: pos, Tok: token.VAR, Specs: []ast.Spec{&ast.ValueSpec{
		Names: []*ast.Ident{id(pos)}, Type: &ast.Ident{NamePos: pos, Name: "any"}, Values: []ast.Expr{x}}}}}
}

// ifaceAssertCall returns the call that replaces ta: in comma-ok form
// when commaOk, else single-valued (see above).
func (r *rewriter) ifaceAssertCall(ta *ast.TypeAssertExpr, commaOk bool) ast.Expr {
	pos := ta.Pos()
	xn := r.fresh("AX")
	id := func(p token.Pos) *ast.Ident { return &ast.Ident{NamePos: p, Name: xn} }
	ident := func(s string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: s} }
	from := r.candidatesFrom(ta.X)
	var bind ast.Expr = &ast.TypeAssertExpr{X: id(pos), Lparen: pos, Type: cloneAt(ta.Type, pos), Rparen: pos}
	if b := r.ifaceBindFrom(id, ta.Type, pos, from); b != nil {
		bind = b
	}
	results := &ast.FieldList{List: []*ast.Field{{Type: cloneAt(ta.Type, pos)}}}
	ret := []ast.Expr{bind}
	if commaOk {
		results.List = append(results.List, &ast.Field{Type: ident("bool")})
		ret = append(ret, ident("true"))
	}
	// An any, not x's own type: asserting a candidate that lacks a method
	// of x's interface would not compile (typeparam/devirtualize2.go). But
	// yaegi loses a session value held in a compiled interface (error)
	// converted to any, so such an x keeps its type.
	list := []ast.Stmt{
		r.assertOperand(id, ta.X, pos),
		&ast.IfStmt{If: pos, Cond: r.typeTestFrom(id, ta.Type, from),
			Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{&ast.ReturnStmt{Return: pos, Results: ret}}}},
	}
	if commaOk {
		list = append(list, &ast.ReturnStmt{Return: pos, Results: []ast.Expr{ident("nil"), ident("false")}})
	} else {
		iface := types.ExprString(userExpr(r, ta.Type))
		if id, ok := unparen(ta.Type).(*ast.Ident); ok && (id.Obj != nil || r.sc.globalType(id.Name) != nil) {
			iface = "main." + iface // as Go prints a type declared in package main
		}
		rt := r.ifaceRuntimeName()
		// panicWith panics with the runtime.Error Go raises (AssertError),
		// or the message where the session has no run-time helpers.
		panicWith := func(msg ast.Expr) ast.Stmt {
			if rt != "" {
				msg = &ast.CallExpr{Fun: &ast.SelectorExpr{X: ident(rt), Sel: ident("AssertError")}, Lparen: pos, Args: []ast.Expr{msg}, Rparen: pos}
			}
			return &ast.ExprStmt{X: &ast.CallExpr{Fun: ident("panic"), Lparen: pos, Rparen: pos, Args: []ast.Expr{msg}}}
		}
		panicIf := func(cond ast.Expr, msg string) ast.Stmt {
			return &ast.IfStmt{If: pos, Cond: cond, Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{
				panicWith(&ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(msg)})}}}
		}
		list = append(list, panicIf(&ast.BinaryExpr{X: id(pos), OpPos: pos, Op: token.EQL, Y: ident("nil")},
			"interface conversion: interface is nil, not "+iface))
		methods, _ := r.interfaceMethods(ta.Type, 0)
		methods = append([]string(nil), methods...)
		sort.Strings(methods)
		for _, c := range r.ifaceCandidatesFrom(ta.Type, from) {
			if c.implements {
				continue
			}
			missing := ""
			for _, m := range methods {
				if !c.t.methods[m] && !(c.ptr && c.t.ptrMethods[m]) {
					missing = m
					break
				}
			}
			name := "main." + c.t.user
			if c.ptr {
				name = "*" + name
			}
			ok := r.fresh("OK")
			list = append(list, &ast.IfStmt{If: pos,
				Init: &ast.AssignStmt{Lhs: []ast.Expr{ident("_"), ident(ok)}, TokPos: pos, Tok: token.DEFINE,
					Rhs: []ast.Expr{&ast.TypeAssertExpr{X: id(pos), Lparen: pos, Type: c.typ(pos), Rparen: pos}}},
				Cond: ident(ok),
				Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{
					panicIf(ident("true"), "interface conversion: "+name+" is not "+iface+": missing method "+missing)}}})
		}
		if rt != "" && len(methods) > 0 {
			// A compiled value lacking a method: yaegi's panic read
			// "interface conversion: nil is not main.Shape" for a string.
			// if _activisMT, _activisMM := rt.MissingMethod(_x, "M", …); _activisMM != "" { panic(…) }
			mt, mm := r.fresh("MT"), r.fresh("MM")
			args := []ast.Expr{id(pos)}
			for _, m := range methods {
				args = append(args, &ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(m)})
			}
			text := func(parts ...ast.Expr) ast.Expr {
				e := parts[0]
				for _, p := range parts[1:] {
					e = &ast.BinaryExpr{X: e, OpPos: pos, Op: token.ADD, Y: p}
				}
				return e
			}
			lit := func(s string) ast.Expr {
				return &ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(s)}
			}
			list = append(list, &ast.IfStmt{If: pos,
				Init: &ast.AssignStmt{Lhs: []ast.Expr{ident(mt), ident(mm)}, TokPos: pos, Tok: token.DEFINE,
					Rhs: []ast.Expr{&ast.CallExpr{Fun: &ast.SelectorExpr{X: ident(rt), Sel: ident("MissingMethod")}, Lparen: pos, Args: args, Rparen: pos}}},
				Cond: &ast.BinaryExpr{X: ident(mm), OpPos: pos, Op: token.NEQ, Y: lit("")},
				Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{
					panicWith(text(lit("interface conversion: "), ident(mt), lit(" is not "+iface+": missing method "), ident(mm)))}}})
		}
		var last ast.Expr = &ast.TypeAssertExpr{X: id(pos), Lparen: pos, Type: cloneAt(ta.Type, pos), Rparen: pos}
		if b := r.compiledBind(id, ta.Type, pos); b != nil { // ifaceimpl.go
			last = b
		}
		list = append(list, &ast.ReturnStmt{Return: pos, Results: []ast.Expr{last}})
	}
	return &ast.CallExpr{Fun: &ast.FuncLit{Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{}, Results: results},
		Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: list}}, Lparen: pos, Rparen: ta.End()}
}

// assertError is the panic value of a failed assertion to an interface
// that the session rewrote (see above): a runtime.Error with Go's
// message, as Go's *runtime.TypeAssertionError (recover() gave a string).
func assertError(msg string) error { return runtimeError{msg} }

// missingMethod returns the name of v's type and the first of methods
// (sorted) that its method set lacks, for a value of a compiled type;
// "", "" for nil, a value yaegi made (a session value, which its own
// assertion tells), or one with every method.
func missingMethod(v any, methods ...string) (typ, method string) {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return "", ""
	}
	t := rv.Type()
	if isYaegiValue(t) || t.Kind() == reflect.Struct && t.NumField() > 0 && t.Field(0).Tag.Get(typeTagKey) != "" {
		return "", ""
	}
	for _, m := range methods {
		if _, ok := t.MethodByName(m); !ok {
			return t.String(), m
		}
	}
	return "", ""
}
