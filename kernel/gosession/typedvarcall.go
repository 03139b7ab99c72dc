package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Typed variable declarations whose value calls a generic function.
//
// yaegi v0.16.1 compiles a call of a generic function in the value of a
// var declaration with a type to a zero value, without an error: `var m
// float64 = slices.Max(xs)` gave 0, `var keys []string =
// slices.Sorted(maps.Keys(m))` gave [], `var total float64 = Reduce(words,
// 0.0, f)` gave 0, and so did a value holding such a call (`var e
// float64 = G(6.0) + 1` gave 1, `var g []float64 = append(nil, G(1.0))`
// gave [0]), in cells and in function bodies (plain yaegi too; 30 of 30
// such declarations wrong in one measured program, while `var m =
// slices.Max(xs)`, `m := …` and `var m float64; m = …` were right). A
// variable of an interface type from a generic function's interface
// result (`var v any = first(xs)` for `func first[T any](xs []T) any`,
// `var e error = firstE(errs)`) was left nil the same way, depending on
// the instances made before. Such a
// value is evaluated in a function literal of the declared type, where the
// call is a return value, which yaegi compiles right:
//
//	var m float64 = slices.Max(xs)  →  var m float64 = func() float64 { return slices.Max(xs) }()
//
// The value is evaluated once, when the declaration runs, and converted
// to the declared type as a return value is, as before. Written for this
// package.

// splitGenericDecls gives each name of a var declaration among list that
// declares two or more names, from values one of which calls a generic
// function, a declaration of its own: yaegi failed on `var s, t = G(1),
// G("t")` and on `var ( a = G(1); b = G(2) )` with "constant definition
// loop", where `var a = G(1)` ran (a typed declaration's values are then
// each wrapped as above). The values are evaluated in order, as before;
// none can refer to another name of its declaration.
func (r *rewriter) splitGenericDecls(list []ast.Stmt) []ast.Stmt {
	if r.oracle == nil {
		return list
	}
	return expandEach(list, func(st ast.Stmt) []ast.Stmt {
		ds, ok := st.(*ast.DeclStmt)
		if !ok {
			return nil
		}
		var out []ast.Stmt
		for _, d := range r.splitGeneric(ds.Decl) {
			out = append(out, &ast.DeclStmt{Decl: d})
		}
		return out
	})
}

// splitGenericFileDecls is splitGenericDecls for the declarations of a
// file.
func (r *rewriter) splitGenericFileDecls(decls []ast.Decl) []ast.Decl {
	if r.oracle == nil {
		return decls
	}
	return expandEach(decls, r.splitGeneric)
}

// expandEach returns list with each element for which split returns a
// non-nil list replaced by that list; list itself when there is none.
func expandEach[E any](list []E, split func(E) []E) []E {
	var out []E
	for i, e := range list {
		parts := split(e)
		switch {
		case parts != nil:
			if out == nil {
				out = append([]E(nil), list[:i]...)
			}
			out = append(out, parts...)
		case out != nil:
			out = append(out, e)
		}
	}
	if out == nil {
		return list
	}
	return out
}

// splitGeneric returns the one-name declarations d splits into (see
// splitGenericDecls), or nil when d is left as it is.
func (r *rewriter) splitGeneric(d ast.Decl) []ast.Decl {
	gd, ok := d.(*ast.GenDecl)
	if !ok || gd.Tok != token.VAR {
		return nil
	}
	names := 0
	generic := false
	for _, sp := range gd.Specs {
		vs, ok := sp.(*ast.ValueSpec)
		if !ok {
			return nil
		}
		names += len(vs.Names)
		if len(vs.Values) > 0 && len(vs.Values) != len(vs.Names) {
			return nil // one call giving several names their values: kept whole
		}
		generic = generic || r.anyCallsGeneric(vs.Values)
	}
	if names < 2 || !generic {
		return nil
	}
	var out []ast.Decl
	for _, sp := range gd.Specs {
		vs := sp.(*ast.ValueSpec)
		for i, n := range vs.Names {
			one := &ast.ValueSpec{Names: []*ast.Ident{n}}
			if len(vs.Values) > 0 {
				one.Values = []ast.Expr{vs.Values[i]}
			}
			if vs.Type != nil {
				one.Type = vs.Type
				if i > 0 {
					one.Type = cloneTypeAt(vs.Type, n.Pos())
				}
			}
			out = append(out, &ast.GenDecl{TokPos: n.Pos(), Tok: token.VAR, Specs: []ast.Spec{one}})
		}
	}
	return out
}

// anyCallsGeneric tells whether one of vs calls a generic function.
func (r *rewriter) anyCallsGeneric(vs []ast.Expr) bool {
	for _, v := range vs {
		if r.callsGeneric(v) {
			return true
		}
	}
	return false
}

// typedGenericVars wraps the values of the typed var spec vs that call a
// generic function, as above.
func (r *rewriter) typedGenericVars(vs *ast.ValueSpec) {
	if len(vs.Values) == 0 || r.oracle == nil {
		return
	}
	if vs.Type == nil {
		r.untypedGenericVars(vs)
		return
	}
	if len(vs.Values) == 1 && len(vs.Names) > 1 {
		// one call giving all the names their values: a literal with as
		// many results of the declared type
		v := vs.Values[0]
		if !r.callsGeneric(v) {
			return
		}
		c := returnCall(vs.Type, v, v.Pos(), v.End()) // compiledlit.go
		ft := c.Fun.(*ast.FuncLit).Type
		for range len(vs.Names) - 1 {
			ft.Results.List = append(ft.Results.List, &ast.Field{Type: cloneTypeAt(vs.Type, v.Pos())})
		}
		vs.Values[0] = c
		return
	}
	for i, v := range vs.Values {
		if r.callsGeneric(v) {
			vs.Values[i] = returnCall(vs.Type, v, v.Pos(), v.End())
		}
	}
}

// untypedGenericVars wraps the values of the var spec vs without a type
// that call a generic function in a function literal of the type the
// check gives them, where that type names no type of the session: as the
// first instance of a generic function, `if ok { var a = G(1); … }` at
// the top level of a cell gave 0 (`a := G(1)` and `var a int = G(1)`
// were right).
func (r *rewriter) untypedGenericVars(vs *ast.ValueSpec) {
	if len(vs.Values) != len(vs.Names) {
		return
	}
	for i, v := range vs.Values {
		if !r.callsGeneric(v) {
			continue
		}
		t := r.oracle.typeOf(v)
		if t == nil || holdsSessionType(t, r.oracle.pkg) || holdsTypeParam(t, map[types.Type]bool{}) { // genericmulti.go, typeargs.go
			continue
		}
		if te := r.oracle.expr(t); te != nil {
			vs.Values[i] = returnCall(te, v, v.Pos(), v.End())
		}
	}
}

// callsGeneric tells whether e calls a generic function (inferred or
// instantiated), outside the function literals it holds.
func (r *rewriter) callsGeneric(e ast.Expr) bool { return callsGenericFunc(r.oracle.info, e) }

// callsGenericFunc is callsGeneric with the check info of e's file (a
// cell's, or a package file's: pkgtypedvar.go).
func callsGenericFunc(info *types.Info, e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			base, _, _ := typeArgsOf(unparen(x.Fun)) // typeargs.go
			if id := refIdent(unparen(base)); id != nil {
				if _, inst := info.Instances[id]; inst {
					if _, fn := info.Uses[id].(*types.Func); fn {
						found = true
					}
				}
			}
		}
		return !found
	})
	return found
}

// genericInits puts each statement of a cell's top level (list) that
// defines variables in its init from a call of a generic function (`for
// i := G(0); i < n; i++`, `if v := G(2); v > 1`, `switch v := Max(xs);`)
// in a block of its own: at the top level yaegi failed on them with
// "constant definition loop", and in a block it runs them. A labelled
// statement is left as it is (a goto may jump to its label).
func (r *rewriter) genericInits(list []ast.Stmt) []ast.Stmt {
	if r.oracle == nil {
		return list
	}
	for i, s := range list {
		var init ast.Stmt
		switch x := s.(type) {
		case *ast.ForStmt:
			init = x.Init
		case *ast.IfStmt:
			init = x.Init
		case *ast.SwitchStmt:
			init = x.Init
		case *ast.TypeSwitchStmt:
			init = x.Init
		}
		as, ok := init.(*ast.AssignStmt)
		if !ok || as.Tok != token.DEFINE || !r.anyCallsGeneric(as.Rhs) {
			continue
		}
		list[i] = &ast.BlockStmt{Lbrace: s.Pos(), List: []ast.Stmt{s}, Rbrace: s.End()}
	}
	return list
}
