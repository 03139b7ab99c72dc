package gosession

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// Top-level type switches.
//
// yaegi v0.16.1 crashes ("index out of range [1]") compiling a type switch
// that binds a variable (`switch v := x.(type)`) in its global scope, the
// top level of a cell; the same switch inside a block compiles right. The
// session puts such a switch in a block of its own. Written for this
// package.
//
// yaegi also stores the bound variable of every execution of the switch in
// one variable, so closures made in a case body in a loop saw the last
// value; a case body that captures it starts with a fresh copy (`v := v`).

//
// A type switch without a bound variable (`switch x.(type)`) never takes a
// case that names an interface type in yaegi (`case error:`,
// `case fmt.Stringer:`, `case any:`): it compares the dynamic type's name
// with the case's. With a bound variable it tests interfaces, so the session
// binds one (`switch _activisTS1 := x.(type)`) when a case names an
// interface type. (Only then: with a bound variable yaegi no longer takes a
// case of a session type with methods, which it takes without one.)
//
// A case that names a type parameter (`case T:`, `case interface{ bar() T }`
// in a generic function) matches wrongly in yaegi (with T instantiated as
// interface{} the value 6 takes `case int` before `case T`), and with T
// the same type as another case the compiler crashes: the session refuses
// such a switch with an error that says what to write instead.

// typeSwitch wraps a type switch with a bound variable in a block, binding
// one when it has none.
func (r *rewriter) typeSwitch(s ast.Stmt, ts *ast.TypeSwitchStmt) ast.Stmt {
	if r.madeLoops[s] {
		return s
	}
	r.guardSwitch(ts) // see ifaceguard.go
	if p := typeParamCase(ts); p != nil {
		what := ""
		if e := typeParamCaseExpr(ts, p); e != ast.Expr(p) {
			what = " (" + userTypeParams(types.ExprString(e)) + ")"
		}
		t := userTypeParams(p.Name)
		r.fail(p.Pos(), "a type switch case that uses the type parameter %s%s matches wrongly in the interpreter; "+
			"test that case with a type assertion before the switch instead: if v, ok := x.(%s); ok {…} "+
			"(right when %s is not an interface type)", t, what, t, t)
		return s
	}
	if r.err == nil && r.needsAssertChain(ts) {
		return r.assertChain(s, ts)
	}
	as, ok := ts.Assign.(*ast.AssignStmt)
	if !ok {
		es, isExpr := ts.Assign.(*ast.ExprStmt)
		if !isExpr || !r.hasInterfaceCase(ts) {
			return s
		}
		// Bind a variable: see above.
		v := &ast.Ident{NamePos: es.Pos(), Name: r.fresh("TS")}
		as = &ast.AssignStmt{Lhs: []ast.Expr{v}, TokPos: es.Pos(), Tok: token.DEFINE, Rhs: []ast.Expr{es.X}}
		ts.Assign = as
		// The variable is used (yaegi does not check), but keep gofmt'd
		// output valid Go for readers of rewritten cells: `_ = v` in each
		// case would change nothing else.
	}
	r.typeSwitchVars(ts, as)
	r.markLoop(s)
	return &ast.BlockStmt{Lbrace: s.Pos(), List: []ast.Stmt{s}, Rbrace: s.End()}
}

// typeSwitchVars gives the case bodies that capture the bound variable a
// fresh copy of it.
func (r *rewriter) typeSwitchVars(ts *ast.TypeSwitchStmt, as *ast.AssignStmt) {
	if len(as.Lhs) != 1 {
		return
	}
	v, ok := as.Lhs[0].(*ast.Ident)
	if !ok || v.Name == "_" {
		return
	}
	byName := []*ast.Ident{{Name: v.Name}}
	for _, st := range ts.Body.List {
		cc, ok := st.(*ast.CaseClause)
		if !ok || !captures(&ast.BlockStmt{List: cc.Body}, byName) {
			continue
		}
		pos := cc.Colon
		cc.Body = append([]ast.Stmt{&ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{NamePos: pos, Name: v.Name}}, TokPos: pos, Tok: token.DEFINE,
			Rhs: []ast.Expr{&ast.Ident{NamePos: pos, Name: v.Name}}}}, cc.Body...)
		if r.loopScoped == nil {
			r.loopScoped = map[ast.Stmt]bool{}
		}
		r.loopScoped[cc] = true
	}
}

// typeParamCase returns the first type parameter named in a case of ts
// (after renameTypeParams, an identifier with typeParamPrefix), or nil.
func typeParamCase(ts *ast.TypeSwitchStmt) *ast.Ident {
	for _, st := range ts.Body.List {
		cc, ok := st.(*ast.CaseClause)
		if !ok {
			continue
		}
		for _, e := range cc.List {
			if p := typeParamIn(e); p != nil {
				return p
			}
		}
	}
	return nil
}

// typeParamCaseExpr returns the case type of ts that names p.
func typeParamCaseExpr(ts *ast.TypeSwitchStmt, p *ast.Ident) ast.Expr {
	for _, st := range ts.Body.List {
		if cc, ok := st.(*ast.CaseClause); ok {
			for _, e := range cc.List {
				if typeParamIn(e) == p {
					return e
				}
			}
		}
	}
	return p
}

// typeParamIn returns the first type parameter identifier in e, or nil.
func typeParamIn(e ast.Expr) *ast.Ident {
	var found *ast.Ident
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && found == nil && strings.HasPrefix(id.Name, typeParamPrefix) {
			found = id
		}
		return found == nil
	})
	return found
}

// hasInterfaceCase reports whether a case of ts names an interface type.
func (r *rewriter) hasInterfaceCase(ts *ast.TypeSwitchStmt) bool {
	for _, st := range ts.Body.List {
		if cc, ok := st.(*ast.CaseClause); ok {
			for _, e := range cc.List {
				if r.isInterfaceType(e) {
					return true
				}
			}
		}
	}
	return false
}

// needsAssertChain reports whether a case of ts names a type declared in
// the session or the cell (T or *T) or an interface type: yaegi's type
// switch misses those cases for some values (see assertChain).
func (r *rewriter) needsAssertChain(ts *ast.TypeSwitchStmt) bool {
	if switchOperand(ts) == nil {
		return false
	}
	for _, st := range ts.Body.List {
		if cc, ok := st.(*ast.CaseClause); ok {
			for _, e := range cc.List {
				if t, _ := r.assertedType(e); t != nil || r.isInterfaceType(e) || instanceCase(e) {
					return true
				}
			}
		}
	}
	return false
}

// instanceCase tells whether the case type e is an instance of a generic
// type of the session (`Opt[float64]`, `*Pair[string, int]`): yaegi's
// type switch without a bound variable took no such case, without an
// error (plain yaegi too), and failed to compile a case of a generic type
// of two or more type parameters ("CFG post-order panic"); its type
// assertions get both right. (A package's instance, `p.Box[int]`, is
// refused: instanceassert.go.)
func instanceCase(e ast.Expr) bool {
	e = unparen(e)
	if s, ok := e.(*ast.StarExpr); ok {
		e = unparen(s.X)
	}
	switch x := e.(type) {
	case *ast.IndexExpr:
		_, ok := x.X.(*ast.Ident)
		return ok
	case *ast.IndexListExpr:
		_, ok := x.X.(*ast.Ident)
		return ok
	}
	return false
}

// switchOperand returns x of a type switch on x.(type), or nil.
func switchOperand(ts *ast.TypeSwitchStmt) ast.Expr {
	var e ast.Expr
	switch a := ts.Assign.(type) {
	case *ast.AssignStmt:
		if len(a.Lhs) != 1 || len(a.Rhs) != 1 {
			return nil
		}
		e = a.Rhs[0]
	case *ast.ExprStmt:
		e = a.X
	}
	if ta, ok := unparen(e).(*ast.TypeAssertExpr); ok && ta.Type == nil {
		return ta.X
	}
	return nil
}

// assertChain turns a type switch into an expression switch over comma-ok
// type assertions, which yaegi gets right where its type switch does not:
// with a bound variable it missed a case of a session type for a value
// passed to an any parameter (`kind(Sq{2})` took no case), `case error:`
// for a value of errors.New, and cases of session types in a switch on a
// compiled interface (fmt.Stringer, error); without one, a session type's
// value held as its underlying type. The switch
//
//	switch v := x.(type) {
//	case A:      …
//	case B, nil: …
//	default:     …
//	}
//
// becomes
//
//	switch _x := x; {
//	case _x != nil && func() bool { _, ok := _x.(A); return ok }():
//		v := _x.(A); …
//	case _x != nil && func() bool { _, ok := _x.(B); return ok }() || _x == nil:
//		v := _x; …
//	default:
//		v := _x; …
//	}
//
// (cases are tried in order and default last, as in a type switch; break
// and labels keep their meaning; the nil test first, since yaegi panics
// asserting a nil interface to an interface type).
func (r *rewriter) assertChain(s ast.Stmt, ts *ast.TypeSwitchStmt) ast.Stmt {
	x := switchOperand(ts)
	from := r.candidatesFrom(x) // assertiface.go
	var v *ast.Ident
	if as, ok := ts.Assign.(*ast.AssignStmt); ok {
		if id, ok := as.Lhs[0].(*ast.Ident); ok && id.Name != "_" {
			v = id
		}
	}
	pos := ts.Switch
	xn := r.fresh("TSX")
	id := func(p token.Pos) *ast.Ident { return &ast.Ident{NamePos: p, Name: xn} }
	body := &ast.BlockStmt{Lbrace: ts.Body.Lbrace, Rbrace: ts.Body.Rbrace}
	for _, st := range ts.Body.List {
		cc, ok := st.(*ast.CaseClause)
		if !ok {
			continue
		}
		out := &ast.CaseClause{Case: cc.Case, Colon: cc.Colon}
		for _, e := range cc.List {
			// One expression: yaegi ran only the first computed
			// expression of a case list (switchcases.go), so `case N, L:`
			// took no case for an L.
			test := r.typeTestFrom(id, e, from)
			if len(out.List) == 0 {
				out.List = []ast.Expr{test}
			} else {
				out.List[0] = &ast.BinaryExpr{X: out.List[0], OpPos: e.Pos(), Op: token.LOR, Y: test}
			}
		}
		var bind ast.Expr = id(cc.Colon)
		if len(cc.List) == 1 && !isNilIdent(cc.List[0]) && !r.isEmptyInterface(cc.List[0]) {
			bind = &ast.TypeAssertExpr{X: id(cc.Colon), Lparen: cc.Colon, Type: cloneAt(cc.List[0], cc.Colon), Rparen: cc.Colon}
			if b := r.ifaceBindFrom(id, cc.List[0], cc.Colon, from); b != nil {
				bind = b
			}
		}
		if v != nil {
			out.Body = append(out.Body, &ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{NamePos: v.NamePos, Name: v.Name}},
				TokPos: cc.Colon, Tok: token.DEFINE, Rhs: []ast.Expr{bind}})
		}
		out.Body = append(out.Body, cc.Body...)
		body.List = append(body.List, out)
	}
	sw := &ast.SwitchStmt{Switch: pos, Init: &ast.AssignStmt{Lhs: []ast.Expr{id(pos)}, TokPos: pos, Tok: token.DEFINE,
		Rhs: []ast.Expr{x}}, Body: body}
	var out ast.Stmt = sw
	if l, ok := s.(*ast.LabeledStmt); ok {
		out = &ast.LabeledStmt{Label: l.Label, Colon: l.Colon, Stmt: sw}
	}
	list := []ast.Stmt{out}
	if ts.Init != nil {
		list = []ast.Stmt{ts.Init, out}
	}
	return &ast.BlockStmt{Lbrace: s.Pos(), List: list, Rbrace: s.End()}
}

// typeTest returns the case expression testing whether the value named by
// id holds type e.
func (r *rewriter) typeTest(id func(token.Pos) *ast.Ident, e ast.Expr) ast.Expr {
	return r.typeTestFrom(id, e, nil)
}

// typeTestFrom is typeTest for a value of an interface type whose methods
// are from (nil: unknown or any): it tests only the candidates that
// implement from, as asserting another would not compile.
func (r *rewriter) typeTestFrom(id func(token.Pos) *ast.Ident, e ast.Expr, from []string) ast.Expr {
	pos := e.Pos()
	if isNilIdent(e) {
		return &ast.BinaryExpr{X: id(pos), OpPos: pos, Op: token.EQL, Y: &ast.Ident{NamePos: pos, Name: "nil"}}
	}
	notNil := &ast.BinaryExpr{X: id(pos), OpPos: pos, Op: token.NEQ, Y: &ast.Ident{NamePos: pos, Name: "nil"}}
	if r.isEmptyInterface(e) {
		return notNil // any, interface{}: yaegi's x.(any) is false
	}
	if cands := r.ifaceCandidatesFrom(e, from); len(cands) > 0 {
		// An interface case: the session's structs answer by their
		// method sets (yaegi did not match one held bare in an any, and
		// matched a value whose method has a pointer receiver).
		var list []ast.Stmt
		for _, c := range cands {
			ok := r.fresh("OK")
			list = append(list, &ast.IfStmt{If: pos,
				Init: &ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{NamePos: pos, Name: "_"}, &ast.Ident{NamePos: pos, Name: ok}},
					TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{&ast.TypeAssertExpr{X: id(pos), Lparen: pos, Type: c.typ(pos), Rparen: pos}}},
				Cond: &ast.Ident{NamePos: pos, Name: ok},
				Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{&ast.ReturnStmt{Return: pos,
					Results: []ast.Expr{&ast.Ident{NamePos: pos, Name: strconv.FormatBool(c.implements)}}}}}})
		}
		ok := r.fresh("OK")
		list = append(list,
			&ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{NamePos: pos, Name: "_"}, &ast.Ident{NamePos: pos, Name: ok}},
				TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{&ast.TypeAssertExpr{X: id(pos), Lparen: pos, Type: cloneAt(e, pos), Rparen: pos}}},
			&ast.ReturnStmt{Return: pos, Results: []ast.Expr{r.heldTest(r.compiledImplTest(&ast.Ident{NamePos: pos, Name: ok}, id, e), id, e)}}) // ifaceimpl.go
		return &ast.BinaryExpr{X: notNil, OpPos: pos, Op: token.LAND, Y: &ast.CallExpr{Fun: &ast.FuncLit{
			Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{},
				Results: &ast.FieldList{List: []*ast.Field{{Type: &ast.Ident{NamePos: pos, Name: "bool"}}}}},
			Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: list}}, Lparen: pos, Rparen: pos}}
	}
	ok := r.fresh("OK")
	test := &ast.CallExpr{Fun: &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{},
			Results: &ast.FieldList{List: []*ast.Field{{Type: &ast.Ident{NamePos: pos, Name: "bool"}}}}},
		Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{
			&ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{NamePos: pos, Name: "_"}, &ast.Ident{NamePos: pos, Name: ok}},
				TokPos: pos, Tok: token.DEFINE,
				Rhs: []ast.Expr{&ast.TypeAssertExpr{X: id(pos), Lparen: pos, Type: cloneAt(e, pos), Rparen: pos}}},
			&ast.ReturnStmt{Return: pos, Results: []ast.Expr{r.heldTest(r.compiledImplTest(&ast.Ident{NamePos: pos, Name: ok}, id, e), id, e)}}, // ifaceimpl.go
		}},
	}, Lparen: pos, Rparen: pos}
	return &ast.BinaryExpr{X: notNil, OpPos: pos, Op: token.LAND, Y: test}
}

// isNilIdent reports whether e is the identifier nil.
func isNilIdent(e ast.Expr) bool {
	id, ok := unparen(e).(*ast.Ident)
	return ok && id.Name == "nil" && id.Obj == nil
}

// isEmptyInterface reports whether e is any or interface{}.
func (r *rewriter) isEmptyInterface(e ast.Expr) bool {
	ms, known := r.interfaceMethods(e, 0)
	return known && len(ms) == 0
}

// ifaceCandidate is a session struct type (or a pointer to it) tested
// before an interface case, and whether it implements the interface.
type ifaceCandidate struct {
	t          *namedType
	ptr        bool
	implements bool
}

// typ returns the candidate's type expression.
func (c ifaceCandidate) typ(pos token.Pos) ast.Expr {
	var t ast.Expr = &ast.Ident{NamePos: pos, Name: c.t.name}
	if c.ptr {
		t = &ast.StarExpr{Star: pos, X: t}
	}
	return t
}

// ifaceCandidates returns, for a case naming a non-empty interface type
// whose methods the syntax shows, the session structs (and pointers) that
// a comma-ok assertion tells apart from every other value: those no other
// declared type looks like. It also returns the session types that are not
// structs whose pointer, but not their value, implements the interface
// (`type myint int; func (*myint) String() string`): yaegi took myint(5)
// held in an any as a fmt.Stringer (or panicked in its method lookup). A
// comma-ok assertion to myint also matches a plain int, which has no
// methods either, so the answer (false) is Go's for both.
func (r *rewriter) ifaceCandidates(e ast.Expr) []ifaceCandidate {
	return r.ifaceCandidatesFrom(e, nil)
}

// ifaceCandidatesFrom returns those of ifaceCandidates(e) that implement
// the methods from, the interface of the value tested (all for nil).
func (r *rewriter) ifaceCandidatesFrom(e ast.Expr, from []string) []ifaceCandidate {
	var out []ifaceCandidate
	for _, c := range r.allIfaceCandidates(e) {
		if c.t.implements(from, c.ptr) {
			out = append(out, c)
		}
	}
	return out
}

// allIfaceCandidates returns the candidates of ifaceCandidates.
func (r *rewriter) allIfaceCandidates(e ast.Expr) []ifaceCandidate {
	methods, known := r.interfaceMethods(e, 0)
	if !known || len(methods) == 0 {
		return nil
	}
	all := r.sessionTypes()
	names := r.sessionTypeNames()
	var out []ifaceCandidate
	for _, n := range names {
		t := all[n]
		if _, isStruct := r.shape(t); !isStruct {
			if !t.implements(methods, false) && t.implements(methods, true) && len(r.lookalikes(t, false, nil)) == 0 {
				out = append(out, ifaceCandidate{t: t})
			}
			continue
		}
		for _, ptr := range []bool{false, true} {
			if len(r.lookalikes(t, ptr, nil)) > 0 {
				continue
			}
			impl := r.implementsPromoted(t, methods, ptr)
			if impl {
				impl = r.implementsSigs(t, ptr, e) // ifacesig.go
			}
			out = append(out, ifaceCandidate{t: t, ptr: ptr, implements: impl})
		}
	}
	return out
}

// ifaceBind returns the value bound in a case naming the interface type e
// when a session struct may be what matched:
// `func() I { if c, ok := _x.(T); ok { return c }; …; return _x.(I) }()`,
// or nil.
func (r *rewriter) ifaceBind(id func(token.Pos) *ast.Ident, e ast.Expr, pos token.Pos) ast.Expr {
	return r.ifaceBindFrom(id, e, pos, nil)
}

// structBind returns the value named v, of the candidate c, converted to
// the interface e: a value of a session struct type converted to a
// compiled interface through WrapStruct (sourcestructwrap.go), so that it
// asserts back, other values as niliface.go checks them.
func (r *rewriter) structBind(c ifaceCandidate, e ast.Expr, v string, pos token.Pos) ast.Expr {
	x := &ast.Ident{NamePos: pos, Name: v}
	if _, isStruct := r.shape(c.t); !c.ptr && isStruct && r.oracle != nil {
		if tv, ok := r.oracle.info.Types[e]; ok && tv.IsType() && r.compiledIfaceOf(tv.Type) {
			if rt := r.ifaceRuntimeName(); rt != "" {
				if lit, err := parser.ParseExpr(wrapLiteral(rt, c.t.name, types.ExprString(e), false)); err == nil {
					return &ast.CallExpr{Fun: setPositions(lit, pos), Lparen: pos, Args: []ast.Expr{x}, Rparen: pos}
				}
			}
		}
	}
	return r.nilBindCheck(x, c.typ(pos), e, pos) // niliface.go
}

// ifaceBindFrom is ifaceBind for a value of an interface type whose
// methods are from (see typeTestFrom).
func (r *rewriter) ifaceBindFrom(id func(token.Pos) *ast.Ident, e ast.Expr, pos token.Pos, from []string) ast.Expr {
	var list []ast.Stmt
	for _, c := range r.ifaceCandidatesFrom(e, from) {
		if !c.implements {
			continue
		}
		v, ok := r.fresh("V"), r.fresh("OK")
		list = append(list, &ast.IfStmt{If: pos,
			Init: &ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{NamePos: pos, Name: v}, &ast.Ident{NamePos: pos, Name: ok}},
				TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{&ast.TypeAssertExpr{X: id(pos), Lparen: pos, Type: c.typ(pos), Rparen: pos}}},
			Cond: &ast.Ident{NamePos: pos, Name: ok},
			Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{&ast.ReturnStmt{Return: pos,
				Results: []ast.Expr{r.structBind(c, e, v, pos)}}}}})
	}
	last := r.compiledBind(id, e, pos) // ifaceimpl.go
	if len(list) == 0 || last == nil {
		if len(list) == 0 {
			return last
		}
		last = &ast.TypeAssertExpr{X: id(pos), Lparen: pos, Type: cloneAt(e, pos), Rparen: pos}
	}
	list = append(list, &ast.ReturnStmt{Return: pos, Results: []ast.Expr{last}})
	return &ast.CallExpr{Fun: &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{},
			Results: &ast.FieldList{List: []*ast.Field{{Type: cloneAt(e, pos)}}}},
		Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: list}}, Lparen: pos, Rparen: pos}
}
