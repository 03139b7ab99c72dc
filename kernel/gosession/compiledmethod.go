package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
)

// Method values of compiled types.
//
// yaegi v0.16.1 makes a method value of a compiled pointer type as the
// method expression for some variables: with `run, err :=
// activis.LoadRunDir(dir)` or `m := &activis.Model{}`, `f := run.Len`
// panicked ("reflect.Set: value of type func() int is not assignable to
// type func(*activis.Run) int") and `[]func() int{run.Len}` failed to
// compile (`in.Len` of `in := activis.NewInstances(…)` worked). Where the
// type oracle shows a method value of a method of a compiled named type,
// the session writes the closure Go's method value is, with the receiver
// evaluated once when the value is made:
//
//	f := run.Len   =>   f := func() func() int { _activisMR1 := run; return func() int { return _activisMR1.Len() } }()
//
// (`&x` for a pointer method of an addressable value, as Go binds it).
// Methods promoted through embedded fields, and a method whose parameter
// or result types the cell cannot write, are left to yaegi. The group is
// type-checked when it holds a selector used as a value
// (methodValueNeedsTypes). Written for this package.

// compiledMethodValue returns the closure for the method value sel of a
// compiled type, or nil.
func (r *rewriter) compiledMethodValue(sel *ast.SelectorExpr) ast.Expr {
	if r.oracle == nil {
		return nil
	}
	s := r.oracle.info.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal || len(s.Index()) != 1 {
		return nil
	}
	fn, ok := s.Obj().(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg() == r.oracle.pkg {
		return nil
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || types.IsInterface(sig.Recv().Type()) {
		return nil
	}
	mt, ok := r.oracle.expr(types.NewSignatureType(nil, nil, nil, sig.Params(), sig.Results(), sig.Variadic())).(*ast.FuncType)
	if !ok {
		return nil
	}
	pos := sel.Pos()
	mt = setPositions(mt, pos)
	_, ptrRecv := sig.Recv().Type().(*types.Pointer)
	_, isPtr := types.Unalias(s.Recv()).(*types.Pointer)
	var val ast.Expr = sel.X
	if ptrRecv && !isPtr {
		val = &ast.UnaryExpr{OpPos: pos, Op: token.AND, X: sel.X}
	}
	recv := r.fresh("MR")
	// The inner literal's parameters are named _activisA0, …; the call
	// passes them on (the last with ... for a variadic method).
	inner := cloneTypeAt(mt, pos).(*ast.FuncType)
	var args []ast.Expr
	k := 0
	for _, f := range inner.Params.List {
		n := max(len(f.Names), 1)
		f.Names = nil
		for range n {
			id := &ast.Ident{NamePos: pos, Name: "_activisA" + strconv.Itoa(k)}
			f.Names = append(f.Names, id)
			args = append(args, &ast.Ident{NamePos: pos, Name: id.Name})
			k++
		}
	}
	call := &ast.CallExpr{Fun: &ast.SelectorExpr{X: &ast.Ident{NamePos: pos, Name: recv}, Sel: &ast.Ident{NamePos: sel.Sel.NamePos, Name: sel.Sel.Name}},
		Lparen: pos, Args: args, Rparen: pos}
	if sig.Variadic() {
		call.Ellipsis = pos
	}
	var body ast.Stmt = &ast.ExprStmt{X: call}
	if sig.Results().Len() > 0 {
		body = &ast.ReturnStmt{Return: pos, Results: []ast.Expr{call}}
	}
	closure := &ast.FuncLit{Type: inner, Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{body}, Rbrace: pos}}
	maker := &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{Opening: pos, Closing: pos},
			Results: &ast.FieldList{List: []*ast.Field{{Type: mt}}}},
		Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{
			&ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{NamePos: pos, Name: recv}}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{val}},
			&ast.ReturnStmt{Return: pos, Results: []ast.Expr{closure}},
		}, Rbrace: sel.End()},
	}
	return &ast.CallExpr{Fun: maker, Lparen: sel.End(), Rparen: sel.End()}
}

// methodValueNeedsTypes reports whether f uses a selector x.Name (x not a
// package) as a value where methodValues looks: the right side of an
// assignment or declaration, a call argument, a result, an element.
func (s *Session) methodValueNeedsTypes(st *state, f *ast.File) bool {
	found := false
	check := func(e ast.Expr) {
		sel, ok := e.(*ast.SelectorExpr)
		if !ok || !sel.Sel.IsExported() {
			return
		}
		if x, ok := sel.X.(*ast.Ident); ok && x.Obj == nil && s.isImported(st, x.Name) {
			return
		}
		found = true
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.AssignStmt:
			for _, e := range x.Rhs {
				check(e)
			}
		case *ast.ValueSpec:
			for _, e := range x.Values {
				check(e)
			}
		case *ast.CallExpr:
			for _, e := range x.Args {
				check(e)
			}
		case *ast.ReturnStmt:
			for _, e := range x.Results {
				check(e)
			}
		case *ast.CompositeLit:
			for _, e := range x.Elts {
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					e = kv.Value
				}
				check(e)
			}
		}
		return !found
	})
	return found
}

// isImported reports whether name is a package the session imports.
func (s *Session) isImported(st *state, name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return st.imports[name] != ""
}
