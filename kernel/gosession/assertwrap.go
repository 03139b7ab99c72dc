package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strings"
)

// Session struct values asserted out of a session interface to a
// compiled one.
//
// A session struct value with value methods converted to a compiled
// interface is given yaegi's wrapper through WrapStruct where the type
// check sees the conversion (sourcestructwrap.go), so that it asserts
// back. An assertion of a value of an interface the session declares to
// a compiled interface converts the value it holds at run time, out of
// the type check's sight: yaegi's wrapper then held the struct's last
// field, and with `var n Namer = DupError{"n"}`, `n.(error).(DupError)`
// was false, as was the same assertion of the `v` of `case error:` in a
// type switch on n, without an error (Go: true). Where the session
// declares struct types with value methods that implement the asserted
// interface, the assertion first asserts the value to each of them and
// converts a match through WrapStruct:
//
//	n.(error)  →  func(_activisA Namer) error { if _activisS, _activisOK := _activisA.(DupError); _activisOK { return <WrapStruct literal>(_activisS) }; return _activisA.(error) }(n)
//
// (the comma-ok form returns the pair). In a type switch, the switched
// value is bound first (`_activisSw := n`, in a block with the switch's
// init statement and label) and a clause of such a compiled interface
// sets its variable from it the same way. An implementer that another
// type declared in the session cannot be told from once in an interface
// (ifaceguard.go) makes the assertion an error naming both. An `any`
// goes through assertiface.go's and typeswitch.go's rewrites, which bind
// the same way (typeswitch.go's structBind). Written for this package.

// assertWraps rewrites the assertions under n as above.
func (r *rewriter) assertWraps(n ast.Node) {
	if r.oracle == nil || r.ifaceRuntimeName() == "" {
		return
	}
	pairs := map[*ast.TypeAssertExpr]bool{}
	ast.Inspect(n, func(m ast.Node) bool {
		var lhs int
		var rhs []ast.Expr
		switch x := m.(type) {
		case *ast.AssignStmt:
			lhs, rhs = len(x.Lhs), x.Rhs
		case *ast.ValueSpec:
			lhs, rhs = len(x.Names), x.Values
		}
		if lhs == 2 && len(rhs) == 1 {
			if ta, ok := unparen(rhs[0]).(*ast.TypeAssertExpr); ok && ta.Type != nil {
				pairs[ta] = true
			}
		}
		return true
	})
	eachListStmt(n, false, func(list []ast.Stmt, i int, s ast.Stmt, lbl *ast.LabeledStmt) { // stmtlist.go
		if ts, ok := s.(*ast.TypeSwitchStmt); ok && r.err == nil {
			if b := r.switchWraps(ts, lbl); b != nil {
				list[i] = b
			}
		}
	})
	replaceExprs(reflect.ValueOf(n), func(e ast.Expr) ast.Expr {
		ta, ok := e.(*ast.TypeAssertExpr)
		if !ok || ta.Type == nil || r.err != nil {
			return e
		}
		if c := r.assertWrapCall(ta, pairs[ta]); c != nil {
			return c
		}
		return e
	})
}

// wrapImplementers returns the names of the session's struct types with
// value methods that implement the compiled interface to, when the value
// asserted, of type from, is held in an interface written in interpreted
// code; nil otherwise, and after a refusal. The type check knows the
// types the cell names; the others are known by their method names.
func (r *rewriter) wrapImplementers(from, to types.Type, pos token.Pos) []string {
	if from == nil || to == nil || !types.IsInterface(from) || r.compiledIfaceOf(from) || isEmptyInterface(from) {
		return nil // an any: assertiface.go and typeswitch.go bind through structBind
	}
	iface, ok := to.Underlying().(*types.Interface)
	if !ok || iface.NumMethods() == 0 || !r.compiledIfaceOf(to) {
		return nil
	}
	var methods []string
	for m := range iface.Methods() {
		methods = append(methods, m.Name())
	}
	all := r.sessionTypes()
	names := r.sessionTypeNames()
	scope := r.oracle.pkg.Scope()
	for _, name := range scope.Names() {
		if _, ok := all[name]; !ok {
			names = append(names, name) // declared in the cell
		}
	}
	sort.Strings(names)
	var out []string
	for _, name := range names {
		if tn, ok := scope.Lookup(name).(*types.TypeName); ok {
			n, ok := tn.Type().(*types.Named)
			if tn.IsAlias() || !ok || !valueMethodStruct(n) || !types.Implements(n, iface) {
				continue
			}
		} else if nt := all[name]; nt == nil || !nt.implements(methods, false) || len(nt.methods) == 0 {
			continue
		} else if _, isStruct := r.shape(nt); !isStruct {
			continue
		}
		if nt := all[name]; nt != nil {
			if others := r.lookalikes(nt, false, nil); len(others) > 0 {
				r.fail(pos, "asserting a value that may hold the session struct type %s to %s is not supported by the interpreter: "+
					"it cannot tell %s from %s once in an interface: %s", nt.user, types.TypeString(to, sessionQualifier),
					nt.user, strings.Join(others, ", "), r.sameShape(nt, others))
				return nil
			}
		}
		out = append(out, name)
	}
	return out
}

// wrapCases returns the statements asserting the value named x to each
// of impls and returning it converted to the interface written tt,
// followed by more (", true" for a comma-ok form).
func (r *rewriter) wrapCases(x string, impls []string, tt, more string) string {
	var b strings.Builder
	for _, ft := range impls {
		b.WriteString("if _activisS, _activisOK := " + x + ".(" + ft + "); _activisOK { return " +
			wrapLiteral(r.ifaceRuntimeName(), ft, tt, false) + "(_activisS)" + more + " }; ")
	}
	return b.String()
}

// assertWrapCall returns the call the assertion ta becomes (see above),
// in its comma-ok form when pair, or nil.
func (r *rewriter) assertWrapCall(ta *ast.TypeAssertExpr, pair bool) ast.Expr {
	tv, ok := r.oracle.info.Types[ta.Type]
	if !ok || !tv.IsType() {
		return nil
	}
	from := r.oracle.typeOf(ta.X)
	impls := r.wrapImplementers(from, tv.Type, ta.Lparen)
	if len(impls) == 0 {
		return nil
	}
	fe, te := r.oracle.expr(from), r.oracle.expr(tv.Type)
	if fe == nil || te == nil {
		return nil
	}
	ft, tt := types.ExprString(fe), types.ExprString(te)
	var src string
	if pair {
		src = "func(_activisA " + ft + ") (" + tt + ", bool) { " + r.wrapCases("_activisA", impls, tt, ", true") +
			"_activisV, _activisOK := _activisA.(" + tt + "); return _activisV, _activisOK }"
	} else {
		src = "func(_activisA " + ft + ") " + tt + " { " + r.wrapCases("_activisA", impls, tt, "") + "return _activisA.(" + tt + ") }"
	}
	lit, err := parseResolved(src)
	if err != nil {
		return nil
	}
	return &ast.CallExpr{Fun: setPositions(lit, ta.Lparen), Lparen: ta.Lparen, Args: []ast.Expr{ta.X}, Rparen: ta.Rparen}
}

// switchWraps returns the block a type switch becomes when a clause binds
// its variable to a compiled interface an implementer is held as (see
// above), nil when none does.
func (r *rewriter) switchWraps(ts *ast.TypeSwitchStmt, lbl *ast.LabeledStmt) ast.Stmt {
	as, ok := ts.Assign.(*ast.AssignStmt)
	if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
		return nil // no variable to set
	}
	ta, ok := unparen(as.Rhs[0]).(*ast.TypeAssertExpr)
	if !ok {
		return nil
	}
	v, ok := as.Lhs[0].(*ast.Ident)
	if !ok || v.Name == "_" {
		return nil
	}
	from := r.oracle.typeOf(ta.X)
	fe := r.oracle.expr(from)
	sw := r.fresh("Sw")
	pos := ts.Switch
	var done bool
	for _, st := range ts.Body.List {
		cc, ok := st.(*ast.CaseClause)
		if !ok || len(cc.List) != 1 {
			continue
		}
		tv, ok := r.oracle.info.Types[cc.List[0]]
		if !ok || !tv.IsType() {
			continue
		}
		impls := r.wrapImplementers(from, tv.Type, cc.List[0].Pos())
		te := r.oracle.expr(tv.Type)
		if len(impls) == 0 || te == nil || fe == nil {
			continue
		}
		tt := types.ExprString(te)
		set, err := parseResolved("func() " + tt + " { " + r.wrapCases(sw, impls, tt, "") + "return " + v.Name + " }()")
		if err != nil {
			continue
		}
		cc.Body = append([]ast.Stmt{&ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{NamePos: cc.Colon, Name: v.Name}}, TokPos: cc.Colon,
			Tok: token.ASSIGN, Rhs: []ast.Expr{setPositions(set, cc.Colon)}}}, cc.Body...)
		done = true
	}
	if !done {
		return nil
	}
	bind := &ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{NamePos: pos, Name: sw}}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{ta.X}}
	ta.X = &ast.Ident{NamePos: ta.X.Pos(), Name: sw}
	list := []ast.Stmt{}
	if ts.Init != nil {
		list = append(list, ts.Init)
		ts.Init = nil
	}
	list = append(list, bind, withLabel(labelOf(lbl), ts))
	return &ast.BlockStmt{Lbrace: pos, List: list, Rbrace: ts.End()}
}
