package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Case clauses that list several expressions.
//
// yaegi v0.16.1 evaluates only the first expression of a case clause's
// list when it is computed: the code of the others is not run, so they
// compare as zero values. `switch v { case id(1), id(2): … }` took no
// case for v = 2, `case xs[0], xs[1]:` and `case a+0, b+0:` likewise,
// `switch { case w > 5, w == 2: … }` took none for w = 2, and `switch 0
// { case f(), g(): … }` took the case whatever f and g return, without an
// error (constants and variables in the list were right). The session
// writes such a switch with the list as one boolean expression, which
// keeps Go's order and its stopping at the first match:
//
//	switch init; tag { case e1, e2: … }
//	  → { init; switch _t := tag; { case _t == e1 || _t == e2: … } }
//	switch { case c1, c2: … }  →  switch { case c1 || c2: … }
//
// Written for this package.

// switchCaseLists rewrites the switch statements of n (see above).
func (r *rewriter) switchCaseLists(n ast.Node) {
	eachListStmt(n, false, func(list []ast.Stmt, i int, s ast.Stmt, lbl *ast.LabeledStmt) { // see stmtlist.go
		sw, ok := s.(*ast.SwitchStmt)
		if !ok || !r.computedCaseList(sw) && !r.ifaceConstSwitch(sw) { // see ifaceswitch.go
			return
		}
		if out := r.caseListSwitch(sw, labelOf(lbl)); out != nil {
			list[i] = out
		}
	})
}

// computedCaseList tells whether a case clause of sw lists an expression
// after its first that is neither a constant literal nor a name.
func (r *rewriter) computedCaseList(sw *ast.SwitchStmt) bool {
	for _, st := range sw.Body.List {
		cc, ok := st.(*ast.CaseClause)
		if !ok {
			continue
		}
		for _, e := range cc.List[min(1, len(cc.List)):] {
			if !plainCaseExpr(e, r.sc.isPackage) {
				return true
			}
		}
	}
	return false
}

// plainCaseExpr tells whether yaegi gets e right in a case list: a
// literal, a name, a negated literal or a member of an imported package
// (isPackage tells the package names). Shared with pkgswitch.go.
func plainCaseExpr(e ast.Expr, isPackage func(name string) bool) bool {
	switch x := unparen(e).(type) {
	case *ast.BasicLit, *ast.Ident:
		return true
	case *ast.UnaryExpr:
		_, lit := unparen(x.X).(*ast.BasicLit)
		return lit
	case *ast.SelectorExpr:
		id, ok := x.X.(*ast.Ident)
		return ok && id.Obj == nil && isPackage(id.Name)
	}
	return false
}

// caseListSwitch returns sw (labelled label) rewritten as above.
func (r *rewriter) caseListSwitch(sw *ast.SwitchStmt, label *ast.Ident) ast.Stmt {
	var tag *ast.Ident
	iface := false
	if sw.Tag != nil {
		tag = &ast.Ident{NamePos: sw.Tag.Pos(), Name: r.fresh("Tag")}
		iface = r.oracleInterface(sw.Tag)
	}
	if iface {
		r.noteTagCases(sw) // see ifaceswitch.go
	}
	for _, st := range sw.Body.List {
		cc, ok := st.(*ast.CaseClause)
		if !ok || len(cc.List) == 0 {
			continue
		}
		var cond ast.Expr
		for _, e := range cc.List {
			if iface && !r.constCase(e) && !r.concreteVar(e) {
				// yaegi panics converting the interface to e's type
				// in _t == f(); _t == any(f()) compares as Go does
				// (_t == 1 is right, and keeps the comparison's
				// operand for origincompare.go's checks).
				e = &ast.CallExpr{Fun: &ast.Ident{NamePos: e.Pos(), Name: "any"}, Lparen: e.Pos(), Args: []ast.Expr{e}, Rparen: e.End()}
			}
			if tag != nil {
				use := &ast.Ident{NamePos: e.Pos(), Name: tag.Name}
				if iface && r.oracle != nil {
					// the tag's type for compare.go, which asserts it
					r.oracle.info.Types[use] = r.oracle.info.Types[sw.Tag]
				}
				e = &ast.BinaryExpr{X: use, OpPos: e.Pos(), Op: token.EQL, Y: e}
			}
			if cond == nil {
				cond = e
			} else {
				cond = &ast.BinaryExpr{X: cond, OpPos: e.Pos(), Op: token.LOR, Y: e}
			}
		}
		cc.List = []ast.Expr{cond}
	}
	if tag == nil {
		return withLabel(label, sw)
	}
	def := &ast.AssignStmt{Lhs: []ast.Expr{tag}, TokPos: sw.Tag.Pos(), Tok: token.DEFINE, Rhs: []ast.Expr{sw.Tag}}
	sw.Tag = nil
	if sw.Init == nil {
		sw.Init = def
		return withLabel(label, sw)
	}
	init := sw.Init
	sw.Init = def
	return &ast.BlockStmt{Lbrace: sw.Pos(), List: []ast.Stmt{init, withLabel(label, sw)}, Rbrace: sw.End()}
}

// concreteVar tells whether e is nil or a variable whose type the syntax
// shows (a session variable) and is not an interface: compare.go compares
// the tag with it as Go does, while `_t == any(unit)` for a `var unit =
// &Sq{1}` was false for a tag holding unit, without an error, and
// `_t == any(nil)` failed with a nil dereference.
func (r *rewriter) concreteVar(e ast.Expr) bool {
	id, ok := unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	if id.Name == "nil" && id.Obj == nil {
		return true
	}
	t := r.typeOf(id)
	return t != nil && !r.isInterfaceType(t)
}

// oracleInterface tells whether the syntax or the type oracle gives e an
// interface type.
func (r *rewriter) oracleInterface(e ast.Expr) bool {
	if t := r.typeOf(e); t != nil && r.isInterfaceType(t) {
		return true
	}
	if r.oracle == nil {
		return false
	}
	tv, ok := r.oracle.info.Types[e]
	return ok && tv.Type != nil && types.IsInterface(tv.Type)
}
