package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Tuple assignments that store into an interface.
//
// yaegi v0.16.1 panicked on an assignment of several values that stores a
// value of a session type with methods (or an `any` holding one) into an
// interface variable, field or element, in cells and functions alike
// (plain yaegi too), while the single assignment ran:
//
//	n, err = 0, &ParseError{…}    reflect.Set: value of type interp._error is not assignable to type *main.ParseError
//	r.N, r.Err = 2, &E{…}          (the same for fields and elements)
//	k, sh = 1, &Sq{3}              for a `var sh Shape`: … interp.valueInterface is not assignable to type *main.Sq
//	a, b = b, a                    two `any` holding such values
//	k, err = pair()                of a `func pair() (int, *E)`
//	sh, ok = m[k]                  of a `map[string]*Sq`, and `sh, ok = <-ch`
//
// The session writes such an assignment as single ones, in Go's two
// phases: the values first, left to right, into temporaries (a constant
// or nil is assigned as written), then the assignments, left to right:
//
//	k, sh = f(), &Sq{3}  →  { _activisTv1, _activisTv2 := f(), &Sq{3}; k = _activisTv1; sh = _activisTv2 }
//	k, err = pair()      →  { _activisTv1, _activisTv2 := pair(); k = _activisTv1; err = _activisTv2 }
//
// The operands of the left side are evaluated when their assignment runs,
// not before the first one as in Go, so the statement is left as it is
// when a variable assigned there is an operand of a later operand of the
// left side (`i, xs[i] = …`: tupleassign.go's) or an operand calls a
// function or receives. A value a temporary would type otherwise than the
// assignment does (an untyped comparison or shift, the `ok` of a comma-ok
// form, stored into a defined boolean type) leaves it too. A nil pointer
// of a session type stored into a compiled interface is checked as
// niliface.go checks the single assignment. Where a statement list cannot
// stand (an init or post statement), the statements are the body of a
// function literal called there, as tuplenil.go does. The type oracle
// (typecheck.go) tells the types; what it does not type is left as it is.
// Written for this package.

// tupleIfaceAssigns rewrites the tuple assignments under n as above.
func (r *rewriter) tupleIfaceAssigns(n ast.Node) {
	if r.oracle == nil {
		return
	}
	eachListStmt(n, false, func(list []ast.Stmt, i int, s ast.Stmt, lbl *ast.LabeledStmt) { // see stmtlist.go
		if as, ok := s.(*ast.AssignStmt); ok {
			if stmts := r.ifaceTupleSplit(as); stmts != nil {
				setListStmt(list, i, lbl, &ast.BlockStmt{Lbrace: s.Pos(), List: stmts, Rbrace: s.End()})
			}
		}
	})
	ast.Inspect(n, func(m ast.Node) bool {
		for _, p := range simpleStmtFields(m) { // see tuplenil.go
			if as, ok := (*p).(*ast.AssignStmt); ok {
				if stmts := r.ifaceTupleSplit(as); stmts != nil {
					*p = calledBlock(as, stmts)
				}
			}
		}
		return true
	})
}

// calledBlock returns stmts as the body of a function literal called in
// an expression statement at the place of s.
func calledBlock(s ast.Stmt, stmts []ast.Stmt) ast.Stmt {
	return &ast.ExprStmt{X: &ast.CallExpr{Fun: &ast.FuncLit{
		Type: &ast.FuncType{Func: s.Pos(), Params: &ast.FieldList{}},
		Body: &ast.BlockStmt{Lbrace: s.Pos(), List: stmts, Rbrace: s.End()}}, Rparen: s.End()}}
}

// ifaceTupleSplit returns the statements that do the tuple assignment as
// as above, or nil when it stores nothing into an interface that the
// interpreter would fail on, or cannot be split.
func (r *rewriter) ifaceTupleSplit(as *ast.AssignStmt) []ast.Stmt {
	if as.Tok != token.ASSIGN || len(as.Lhs) < 2 || !(len(as.Rhs) == len(as.Lhs) || len(as.Rhs) == 1) {
		return nil
	}
	n := len(as.Lhs)
	lhsT := make([]types.Type, n)
	rhsT := make([]types.Type, n)
	var tuple *types.Tuple
	if len(as.Rhs) == 1 {
		tv, ok := r.oracle.info.Types[as.Rhs[0]]
		if tuple, _ = tv.Type.(*types.Tuple); !ok || tuple == nil || tuple.Len() != n {
			return nil
		}
	}
	need := false
	for j, l := range as.Lhs {
		if isBlank(l) {
			continue
		}
		if lhsT[j] = r.oracle.typeOf(l); lhsT[j] == nil {
			return nil
		}
		if tuple != nil {
			rhsT[j] = tuple.At(j).Type()
		} else if !isNilIdent(as.Rhs[j]) && !r.isConstant(as.Rhs[j]) {
			if rhsT[j] = r.oracle.typeOf(as.Rhs[j]); rhsT[j] == nil {
				return nil
			}
		}
		need = need || ifaceStoreFails(lhsT[j], rhsT[j])
	}
	if !need || !r.leftOperandsSafe(as.Lhs) {
		return nil
	}
	if tuple != nil {
		return r.splitTupleCall(as, lhsT, tuple)
	}
	return r.splitTupleValues(as, lhsT, rhsT)
}

// ifaceStoreFails reports whether the interpreter fails to store a value
// of type v into a variable of type l in a tuple assignment: l is an
// interface and v is not a basic type, nor (for an interface with
// methods) l itself.
func ifaceStoreFails(l, v types.Type) bool {
	if l == nil || v == nil || !types.IsInterface(l) {
		return false
	}
	if _, basic := types.Unalias(v).(*types.Basic); basic {
		return false
	}
	if it, ok := l.Underlying().(*types.Interface); ok && it.NumMethods() > 0 && types.Identical(l, v) {
		return false
	}
	return true
}

// isConstant reports whether the type checker found e constant.
func (r *rewriter) isConstant(e ast.Expr) bool {
	tv, ok := r.oracle.info.Types[e]
	return ok && tv.Value != nil
}

// leftOperandsSafe reports whether the operands of the left side lhs may
// be evaluated when each assignment runs: none calls a function or
// receives, and no variable assigned by name is an operand of a later
// one.
func (r *rewriter) leftOperandsSafe(lhs []ast.Expr) bool {
	assigned := map[string]bool{}
	for _, l := range lhs {
		if id, ok := l.(*ast.Ident); ok {
			assigned[id.Name] = true
			continue
		}
		safe := true
		ast.Inspect(l, func(m ast.Node) bool {
			switch x := m.(type) {
			case *ast.CallExpr, *ast.FuncLit:
				safe = false
			case *ast.UnaryExpr:
				safe = safe && x.Op != token.ARROW
			case *ast.Ident:
				safe = safe && !assigned[x.Name]
			}
			return safe
		})
		if !safe {
			return false
		}
	}
	return true
}

// splitTupleValues writes as, of as many values as operands, as above:
// lhsT and rhsT are the types of its operands and values (nil for a blank
// operand, a constant or nil).
func (r *rewriter) splitTupleValues(as *ast.AssignStmt, lhsT, rhsT []types.Type) []ast.Stmt {
	for j, v := range as.Rhs {
		if rhsT[j] != nil && !tempKeepsType(v, rhsT[j]) {
			return nil
		}
	}
	pos := as.TokPos
	def := &ast.AssignStmt{TokPos: pos, Tok: token.DEFINE}
	values := make([]ast.Expr, len(as.Rhs))
	for j, v := range as.Rhs {
		if rhsT[j] == nil && !isBlank(as.Lhs[j]) || isNilIdent(v) {
			values[j] = v // a constant or nil, assigned as written
			continue
		}
		if isBlank(as.Lhs[j]) {
			def.Lhs, def.Rhs = append(def.Lhs, &ast.Ident{NamePos: pos, Name: "_"}), append(def.Rhs, v)
			continue
		}
		t := r.fresh("Tv")
		def.Lhs, def.Rhs = append(def.Lhs, &ast.Ident{NamePos: pos, Name: t}), append(def.Rhs, v)
		values[j] = &ast.Ident{NamePos: pos, Name: t}
		if ifaceStoreFails(lhsT[j], rhsT[j]) {
			values[j] = r.checkedStore(values[j], types.ExprString(userExpr(r, v)), lhsT[j], rhsT[j])
		}
	}
	return r.assignEach(as, def, values)
}

// splitTupleCall writes as, whose one value (a call or comma-ok form) has
// the types of tuple, as above.
func (r *rewriter) splitTupleCall(as *ast.AssignStmt, lhsT []types.Type, tuple *types.Tuple) []ast.Stmt {
	pos := as.TokPos
	def := &ast.AssignStmt{TokPos: pos, Tok: token.DEFINE, Rhs: as.Rhs}
	values := make([]ast.Expr, len(as.Lhs))
	for j, l := range as.Lhs {
		if isBlank(l) {
			def.Lhs = append(def.Lhs, &ast.Ident{NamePos: pos, Name: "_"})
			continue
		}
		if !types.Identical(lhsT[j], tuple.At(j).Type()) && !types.AssignableTo(types.Default(tuple.At(j).Type()), lhsT[j]) {
			return nil // an untyped bool (comma-ok) into a defined boolean type
		}
		t := r.fresh("Tv")
		def.Lhs = append(def.Lhs, &ast.Ident{NamePos: pos, Name: t})
		values[j] = &ast.Ident{NamePos: pos, Name: t}
		if ifaceStoreFails(lhsT[j], tuple.At(j).Type()) {
			values[j] = r.checkedStore(values[j], "a value of the call", lhsT[j], tuple.At(j).Type())
		}
	}
	return r.assignEach(as, def, values)
}

// assignEach returns def (when it defines temporaries) followed by the
// assignment of values[j] to each operand of as that is not blank.
func (r *rewriter) assignEach(as *ast.AssignStmt, def *ast.AssignStmt, values []ast.Expr) []ast.Stmt {
	var stmts []ast.Stmt
	if len(def.Lhs) > 0 {
		stmts = append(stmts, def)
	}
	for j, l := range as.Lhs {
		if isBlank(l) {
			continue
		}
		stmts = append(stmts, &ast.AssignStmt{Lhs: []ast.Expr{l}, TokPos: as.TokPos, Tok: token.ASSIGN, Rhs: []ast.Expr{values[j]}})
	}
	return stmts
}

// tempKeepsType reports whether a temporary defined by v has the type t
// the assignment gives v: not so for an untyped comparison, logical
// operation or shift whose type the assignment sets.
func tempKeepsType(v ast.Expr, t types.Type) bool {
	switch x := unparen(v).(type) {
	case *ast.BinaryExpr:
		switch x.Op {
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ, token.LAND, token.LOR:
			return types.Identical(t, types.Typ[types.Bool])
		case token.SHL, token.SHR:
			return false
		}
	case *ast.UnaryExpr:
		if x.Op == token.NOT {
			return types.Identical(t, types.Typ[types.Bool])
		}
	}
	return true
}

// checkedStore returns v, a temporary of type vt stored into an operand
// of interface type l: a value of a session type stored into an error is
// written as errorconv.go writes it, and a nil of a session type stored
// into a compiled interface is checked as niliface.go checks the single
// assignment (what names the value in the message).
func (r *rewriter) checkedStore(v ast.Expr, what string, l, vt types.Type) ast.Expr {
	if types.Identical(l, types.Universe.Lookup("error").Type()) && r.sc.globalType("error") == nil && r.sessionNamedType(vt) {
		return errorElem(v)
	}
	lt := r.oracle.expr(l)
	if lt == nil || !r.nilableSession(vt) {
		return v
	}
	iface := r.compiledIfaceType(lt)
	if iface == "" {
		return v
	}
	tn := types.TypeString(vt, func(p *types.Package) string { return "" })
	msg := r.at(v.Pos()) + ": " + what + " is a nil " + tn + " assigned to " + iface + ": in Go the " + iface +
		" value is not nil (it holds a nil " + tn + ", so a test `!= nil` is true), the interpreter makes it nil; " +
		"use nil itself where there is no value (return nil, not a nil " + tn + " variable): " + ErrUnsupported.Error()
	return r.nilIfaceWrap(v, lt, msg)
}

// nilableSession reports whether t is a type of the session with a nil
// value: a pointer to a session type, or a session type whose underlying
// type is a pointer, map, slice, func or chan.
func (r *rewriter) nilableSession(t types.Type) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		n, named := types.Unalias(p.Elem()).(*types.Named)
		return named && n.Obj().Pkg() == r.oracle.pkg
	}
	n, named := types.Unalias(t).(*types.Named)
	if !named || n.Obj().Pkg() != r.oracle.pkg {
		return false
	}
	switch n.Underlying().(type) {
	case *types.Pointer, *types.Map, *types.Slice, *types.Signature, *types.Chan:
		return true
	}
	return false
}
