package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
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
