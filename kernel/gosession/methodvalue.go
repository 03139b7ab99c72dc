package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// Method values.
//
// Go evaluates the receiver of a method value when the value is made: after
// `g := c.Get; c.X = 2`, g() still sees the old c for a value receiver, and
// after `h := p.Show; p = q`, h() still shows the old *p. yaegi v0.16.1
// reads the variable when the method value is called. For a variable of a
// type declared in the session, whose method the session knows, the
// session makes the receiver a copy of its own where Go would:
//
//	g := c.Get   =>   g := func() func() int { _r := c; return _r.Get }()
//
// (`_r := *p` for a value method through a pointer; a pointer method of a
// value variable binds &c, which reads the variable later in Go too).
// A method promoted through embedded struct fields (not pointers) of
// session types counts as the outer type's (`f := t.Describe` with
// `Describe` of an embedded `Base`), since copying the outer value copies
// the embedded one. A receiver that is not a variable (`f :=
// t.Mid.Describe`, `ms[0].Label`, `t.P.Label`, embedded pointers on the
// way), and a variable whose type or method the session has not recorded
// yet (a method value made in the declaration group that declares the
// type's methods), are handled from the type oracle (typecheck.go):
// the receiver expression is evaluated once, when the method value is
// made, into a copy of the receiver (`_r := t.Mid.Base`, `_r := *t.P`)
// or for a pointer receiver its address (`_r := &t.Mid.Base`). Method
// values of compiled types and of interfaces are left to yaegi. Written
// for this package.

// methodOf returns the type of method m of the session type t and whether
// its receiver is a pointer.
func (sc sessionScope) methodOf(t, m string) (*ast.FuncType, bool, bool) {
	sc.s.mu.Lock()
	defer sc.s.mu.Unlock()
	d := promotedMethod(sc.st, t, m)
	if d == nil {
		return nil, false, false
	}
	ft, ok := d.Type.(*ast.FuncType)
	if !ok {
		return nil, false, false
	}
	recv, _, _ := strings.Cut(strings.TrimPrefix(d.Sig, "func ("), ")")
	return ft, strings.Contains(recv, "*"), true
}

// methodValues rewrites the method values among the expressions of n that
// are not called (see above).
func (r *rewriter) methodValues(n ast.Node) {
	fix := func(list []ast.Expr) {
		for i, e := range list {
			list[i] = r.methodValue(e)
		}
	}
	switch x := n.(type) {
	case *ast.AssignStmt:
		fix(x.Rhs)
	case *ast.ValueSpec:
		fix(x.Values)
	case *ast.CallExpr:
		fix(x.Args)
	case *ast.ReturnStmt:
		fix(x.Results)
	case *ast.CompositeLit:
		for i, el := range x.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				kv.Value = r.methodValue(kv.Value)
				continue
			}
			x.Elts[i] = r.methodValue(el)
		}
	}
}

// methodValue returns the rewritten method value e, or e.
func (r *rewriter) methodValue(e ast.Expr) ast.Expr {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return e
	}
	if out := r.compiledMethodValue(sel); out != nil { // see compiledmethod.go
		return out
	}
	x, ok := sel.X.(*ast.Ident)
	if !ok {
		return r.selectorMethodValue(sel)
	}
	if (x.Obj == nil && r.sc.isPackage(x.Name)) || (x.Obj != nil && x.Obj.Kind != ast.Var) {
		return e
	}
	mo, ok := r.sc.(interface {
		methodOf(t, m string) (*ast.FuncType, bool, bool)
	})
	if !ok {
		return e
	}
	t := r.identType(x)
	viaPtr := false
	if s, ok := t.(*ast.StarExpr); ok {
		t, viaPtr = s.X, true
	}
	tn, ok := t.(*ast.Ident)
	if !ok {
		return r.selectorMethodValue(sel) // the syntax does not show the type: ask the oracle
	}
	ft, ptrRecv, ok := mo.methodOf(tn.Name, sel.Sel.Name)
	if !ok {
		return r.selectorMethodValue(sel) // not recorded yet: declared in this group
	}
	if ptrRecv && !viaPtr {
		return e
	}
	pos := sel.Pos()
	var val ast.Expr = &ast.Ident{NamePos: pos, Name: x.Name, Obj: x.Obj}
	if viaPtr && !ptrRecv {
		val = &ast.StarExpr{Star: pos, X: val}
	}
	mt := cloneTypeAt(&ast.FuncType{Params: ft.Params, Results: ft.Results}, pos).(*ast.FuncType)
	return r.boundMethodValue(sel, val, mt)
}

// boundMethodValue returns the method value sel of the receiver val with
// the receiver evaluated once, now, as Go does:
//
//	func() mt { _activisMR := val; return _activisMR.Method }()
func (r *rewriter) boundMethodValue(sel *ast.SelectorExpr, val ast.Expr, mt ast.Expr) ast.Expr {
	pos := sel.Pos()
	recv := r.fresh("MR")
	lit := &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{Opening: pos, Closing: pos},
			Results: &ast.FieldList{List: []*ast.Field{{Type: mt}}}},
		Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{
			&ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{NamePos: pos, Name: recv}}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{val}},
			&ast.ReturnStmt{Return: pos, Results: []ast.Expr{&ast.SelectorExpr{X: &ast.Ident{NamePos: pos, Name: recv}, Sel: &ast.Ident{NamePos: sel.Sel.NamePos, Name: sel.Sel.Name}}}},
		}, Rbrace: sel.End()},
	}
	return &ast.CallExpr{Fun: lit, Lparen: sel.End(), Rparen: sel.End()}
}

// selectorMethodValue returns the rewritten method value sel whose
// receiver is not a variable (`t.Mid.Describe`, `ms[0].Label`,
// `t.P.Label`), or sel. The type oracle gives the method's receiver type
// and the path of embedded fields to it; the receiver expression, with
// that path written out, is evaluated once into a copy (`_r :=
// t.Mid.Base`, `_r := *t.P` for a value receiver through a pointer) or,
// for a pointer receiver, its address or pointer is (`_r := &t.Mid.Base`),
// as Go evaluates it when the method value is made.
func (r *rewriter) selectorMethodValue(sel *ast.SelectorExpr) ast.Expr {
	if r.oracle == nil {
		return sel
	}
	s := r.oracle.info.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal {
		return sel
	}
	fn, ok := s.Obj().(*types.Func)
	if !ok {
		return sel
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return sel
	}
	recvType := sig.Recv().Type()
	ptrRecv := false
	if p, ok := recvType.(*types.Pointer); ok {
		recvType, ptrRecv = p.Elem(), true
	}
	named, ok := recvType.(*types.Named)
	if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Name() != "main" || types.IsInterface(named) ||
		named.TypeArgs().Len() > 0 || named.TypeParams().Len() > 0 {
		return sel
	}
	// The method value's type, from the oracle (the method may be
	// declared in this very group, which the session has not recorded).
	mt, ok := r.oracle.expr(types.NewSignatureType(nil, nil, nil, sig.Params(), sig.Results(), sig.Variadic())).(*ast.FuncType)
	if !ok {
		return sel
	}
	// The receiver expression: sel.X followed by the embedded fields the
	// method is promoted through.
	pos := sel.Pos()
	recvExpr := sel.X
	t := r.oracle.typeOf(sel.X)
	if t == nil {
		return sel
	}
	idx := s.Index()
	for _, i := range idx[:len(idx)-1] {
		under := types.Unalias(t)
		if p, ok := under.(*types.Pointer); ok {
			under = p.Elem()
		}
		st, ok := under.Underlying().(*types.Struct)
		if !ok || i >= st.NumFields() {
			return sel
		}
		f := st.Field(i)
		recvExpr = &ast.SelectorExpr{X: recvExpr, Sel: &ast.Ident{NamePos: pos, Name: f.Name()}}
		t = f.Type()
	}
	_, isPtr := types.Unalias(t).(*types.Pointer)
	var val ast.Expr = recvExpr
	switch {
	case ptrRecv && !isPtr:
		val = &ast.UnaryExpr{OpPos: pos, Op: token.AND, X: recvExpr}
	case !ptrRecv && isPtr:
		val = &ast.StarExpr{Star: pos, X: recvExpr}
	}
	return r.boundMethodValue(sel, val, setPositions(mt, pos))
}

// promotedMethod returns the declaration of method m of the session type t,
// declared on t or promoted to it, shallowest first, through struct fields
// that embed session types by value; nil when there is none, when two
// fields at the shallowest depth have it (Go rejects the selector) or when
// t is not known. The caller holds the session's lock.
func promotedMethod(st *state, t, m string) *decl {
	level := []string{t}
	seen := map[string]bool{}
	for depth := 0; depth < 8 && len(level) > 0; depth++ {
		var found *decl
		n := 0
		var next []string
		for _, tn := range level {
			if seen[tn] {
				continue
			}
			seen[tn] = true
			if d := st.methods[tn][m]; d != nil {
				found, n = d, n+1
				continue
			}
			td := st.decls[tn]
			if td == nil || td.Kind != "type" {
				continue
			}
			str, ok := td.Type.(*ast.StructType)
			if !ok {
				continue
			}
			for _, f := range str.Fields.List {
				if len(f.Names) > 0 {
					for _, nm := range f.Names {
						if nm.Name == m {
							n++ // a field of that name hides deeper methods
						}
					}
					continue
				}
				if id, ok := f.Type.(*ast.Ident); ok {
					next = append(next, id.Name)
				}
			}
		}
		if n > 1 || n == 1 && found == nil {
			return nil
		}
		if found != nil {
			return found
		}
		level = next
	}
	return nil
}
