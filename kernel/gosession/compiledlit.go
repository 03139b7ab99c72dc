package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Session values in the interface fields of a compiled struct literal.
//
// yaegi v0.16.1 panics building a composite literal of a struct type of a
// compiled-in package when an interface field is given a value of a
// session type: `activis.AggregateOptions{Progress: rec}` and
// `io.LimitedReader{R: &reader{}, N: 3}` failed with "reflect.Set: value
// of type *struct {...} is not assignable to type activis.Progress" (it
// sets the field without the interface wrapper an assignment or a call
// argument gets). Where the type oracle shows such an element, its value
// is passed through a function of the field's type,
//
//	activis.AggregateOptions{Progress: func(_activisV activis.Progress) activis.Progress { return _activisV }(rec)}
//
// which converts it as a call argument does; the elements are still
// evaluated in order. A field whose type the cell cannot write (an
// unexported interface) is refused with the workaround: assign the field
// after the literal. Written for this package.

// compiledIfaceFields rewrites n as described above when it is such a
// composite literal.
func (r *rewriter) compiledIfaceFields(n ast.Node) {
	lit, ok := n.(*ast.CompositeLit)
	if !ok || r.oracle == nil {
		return
	}
	st := r.compiledStruct(r.oracle.typeOf(lit))
	if st == nil {
		return
	}
	for i, e := range lit.Elts {
		val := e
		var f *types.Var
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			key, ok := kv.Key.(*ast.Ident)
			if !ok {
				continue
			}
			val = kv.Value
			for j := 0; j < st.NumFields(); j++ {
				if st.Field(j).Name() == key.Name {
					f = st.Field(j)
				}
			}
		} else if i < st.NumFields() {
			f = st.Field(i)
		}
		if f == nil || !types.IsInterface(f.Type()) || !r.sessionValue(val) {
			continue
		}
		ft := r.oracle.expr(f.Type())
		if ft == nil {
			r.fail(val.Pos(), "a value of a session type in field %s (of type %s) of a composite literal of a compiled struct: "+
				"the interpreter cannot store it there; assign the field after the literal (v.%s = x)",
				f.Name(), f.Type(), f.Name())
			return
		}
		conv := identityCall(ft, val)
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			kv.Value = conv
		} else {
			lit.Elts[i] = conv
		}
	}
}

// compiledStruct returns the struct type of t when t is a named struct
// type of a compiled package, or nil.
func (r *rewriter) compiledStruct(t types.Type) *types.Struct {
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg() == r.oracle.pkg {
		return nil
	}
	st, _ := n.Underlying().(*types.Struct)
	return st
}

// sessionValue reports whether the oracle gives e a concrete type
// declared in the session or the cell (or a pointer to one).
func (r *rewriter) sessionValue(e ast.Expr) bool {
	t := r.oracle.typeOf(e)
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := t.(*types.Named)
	return ok && !types.IsInterface(n) && n.Obj().Pkg() == r.oracle.pkg
}

// returnCall returns `func() T { return e }()` for the type expression
// t, placed from pos to end: yaegi takes e as a T there where it failed
// on e in place (listcallelem.go, ifaceconvsel.go).
func returnCall(t, e ast.Expr, pos, end token.Pos) *ast.CallExpr {
	return &ast.CallExpr{Fun: &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{Opening: pos, Closing: pos},
			Results: &ast.FieldList{List: []*ast.Field{{Type: cloneTypeAt(t, pos)}}}},
		Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{&ast.ReturnStmt{Return: pos, Results: []ast.Expr{e}}}, Rbrace: end},
	}, Lparen: end, Rparen: end}
}

// identityCall returns `func(_activisV T) T { return _activisV }(val)`,
// placed at val.
func identityCall(t ast.Expr, val ast.Expr) ast.Expr {
	at := val.Pos()
	param := &ast.Ident{NamePos: at, Name: "_activisV"}
	fn := &ast.FuncLit{
		Type: &ast.FuncType{Func: at,
			Params:  &ast.FieldList{Opening: at, List: []*ast.Field{{Names: []*ast.Ident{param}, Type: cloneTypeAt(t, at)}}, Closing: at},
			Results: &ast.FieldList{List: []*ast.Field{{Type: cloneTypeAt(t, at)}}}},
		Body: &ast.BlockStmt{Lbrace: at, Rbrace: at, List: []ast.Stmt{
			&ast.ReturnStmt{Return: at, Results: []ast.Expr{&ast.Ident{NamePos: at, Name: param.Name}}}}},
	}
	return &ast.CallExpr{Fun: fn, Lparen: at, Args: []ast.Expr{val}, Rparen: at}
}
