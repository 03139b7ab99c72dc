package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Generic comparisons of interface elements.
//
// yaegi v0.16.1 runs the generic functions of slices and maps (its own
// source and the session's, gosrc/slices.go.txt) with the interpreter's
// ==, which compares its wrappers of session values held in interfaces:
// `slices.Contains(shapes, target)` for a []Shape holding Circle{2} and a
// target Shape holding Circle{2} was false, `slices.Index` -1,
// `slices.Equal` and `maps.Equal` of equal values false, and
// `slices.Compact` kept equal neighbours, without an error. Where the type
// check shows the elements (map values) are interfaces, or arrays or
// structs holding them, such a call is written with its Func variant and
// a comparison of its own, which ifaceeq.go's compiled helper makes as
// for `x == y` of operands whose types the syntax does not show:
//
//	slices.Contains(s, v)  →  func(_s []Shape, _v Shape) bool { return slices.ContainsFunc(_s, func(_e Shape) bool { return _e == _v }) }(s, v)
//
// (the arguments evaluated once, in order). Index, Equal, Compact and
// maps.Equal likewise. Written for this package.

// sliceComparisons rewrites the calls under n as above.
func (r *rewriter) sliceComparisons(n ast.Node) {
	if r.oracle == nil {
		return
	}
	ast.Inspect(n, func(m ast.Node) bool {
		if c, ok := m.(*ast.CallExpr); ok {
			r.sliceComparison(c)
		}
		return true
	})
}

// sliceComparison rewrites c, when it is one of the calls above, in place.
func (r *rewriter) sliceComparison(c *ast.CallExpr) {
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok || c.Ellipsis.IsValid() {
		return
	}
	pkgID, ok := sel.X.(*ast.Ident)
	if !ok {
		return
	}
	fn := foreignFunc(r.oracle.info, r.oracle.pkg, sel.Sel) // ifaceloop.go
	if fn == nil || fn.Pkg() == nil {
		return
	}
	key := fn.Pkg().Path() + "." + fn.Name()
	var elem types.Type
	switch key {
	case "slices.Contains", "slices.Index", "slices.Equal", "slices.Compact":
		if s, ok := typeUnder[*types.Slice](r.oracle.typeOf(c.Args[0])); ok {
			elem = s.Elem()
		}
	case "maps.Equal":
		if mt, ok := typeUnder[*types.Map](r.oracle.typeOf(c.Args[0])); ok {
			elem = mt.Elem()
		}
	default:
		return
	}
	if elem == nil || !comparesIface(elem, 0) {
		return
	}
	pos := c.Pos()
	id := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
	et := r.oracle.expr(elem)
	if et == nil {
		return
	}
	var params []*ast.Field
	var args []ast.Expr
	for _, a := range c.Args {
		t := r.oracle.typeExpr(a) // typecheck.go
		if t == nil {
			return
		}
		name := r.fresh("SlA")
		params = append(params, &ast.Field{Names: []*ast.Ident{id(name)}, Type: cloneTypeAt(t, pos)})
		args = append(args, id(name))
	}
	eq := func(x, y string) *ast.FuncLit { // func(_x, _y E) bool { return _x == _y }
		ps := []*ast.Field{{Names: []*ast.Ident{id(x)}, Type: cloneTypeAt(et, pos)}}
		if y != "" {
			ps = append(ps, &ast.Field{Names: []*ast.Ident{id(y)}, Type: cloneTypeAt(et, pos)})
		}
		return &ast.FuncLit{Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{List: ps},
			Results: &ast.FieldList{List: []*ast.Field{{Type: id("bool")}}}}, Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos}}
	}
	var inner *ast.FuncLit
	var result ast.Expr
	var callArgs []ast.Expr
	switch key {
	case "slices.Contains", "slices.Index":
		e := r.fresh("SlE")
		inner = eq(e, "")
		b := &ast.BinaryExpr{X: id(e), OpPos: pos, Op: token.EQL, Y: args[1]}
		r.compareUnknownOf(b) // ifaceeq.go
		inner.Body.List = []ast.Stmt{&ast.ReturnStmt{Return: pos, Results: []ast.Expr{b}}}
		callArgs = []ast.Expr{args[0], inner}
		result = id("bool")
		if key == "slices.Index" {
			result = id("int")
		}
	default:
		x, y := r.fresh("SlX"), r.fresh("SlY")
		inner = eq(x, y)
		b := &ast.BinaryExpr{X: id(x), OpPos: pos, Op: token.EQL, Y: id(y)}
		r.compareUnknownOf(b) // ifaceeq.go
		inner.Body.List = []ast.Stmt{&ast.ReturnStmt{Return: pos, Results: []ast.Expr{b}}}
		callArgs = append(append([]ast.Expr{}, args...), inner)
		result = id("bool")
		if key == "slices.Compact" {
			result = cloneTypeAt(params[0].Type, pos)
		}
	}
	var fun ast.Expr = &ast.SelectorExpr{X: id(pkgID.Name), Sel: id(fn.Name() + "Func")}
	if key == "maps.Equal" {
		// the session's maps.EqualFunc[K, V1, V2]: yaegi inferred V1
		// and V2 by position ("cannot use type map[string]main.Shape as
		// type map[string]string")
		mt, _ := typeUnder[*types.Map](r.oracle.typeOf(c.Args[0]))
		kt := r.oracle.expr(mt.Key())
		if kt == nil {
			return
		}
		fun = &ast.IndexListExpr{X: fun, Lbrack: pos, Indices: []ast.Expr{cloneTypeAt(kt, pos), cloneTypeAt(et, pos), cloneTypeAt(et, pos)}, Rbrack: pos}
	}
	call := &ast.CallExpr{Fun: fun, Lparen: pos, Args: callArgs, Rparen: pos}
	c.Fun = &ast.FuncLit{Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{List: params},
		Results: &ast.FieldList{List: []*ast.Field{{Type: result}}}},
		Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{&ast.ReturnStmt{Return: pos, Results: []ast.Expr{call}}}}}
}

// holdsInterface reports whether t is an interface (not a type parameter)
// or an array or struct holding one.
func comparesIface(t types.Type, depth int) bool {
	if depth > 8 {
		return false
	}
	if _, param := t.(*types.TypeParam); param {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Interface:
		return true
	case *types.Array:
		return comparesIface(u.Elem(), depth+1)
	case *types.Struct:
		for i := range u.NumFields() {
			if comparesIface(u.Field(i).Type(), depth+1) {
				return true
			}
		}
	}
	return false
}
