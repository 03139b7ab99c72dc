package gosession

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strings"
)

// Instances of generic functions used as values, in package files and
// cells' top-level variables.
//
// yaegi v0.16.1 holds an instance of a generic function (`split[string]`)
// as its own node, not as a func value: called on the spot it works, but
// a package-level variable initialised with one (`var splitString =
// split[string]`, `var SplitFunc bufio.SplitFunc = split[[]byte]`, as
// github.com/clipperhouse/uax29's graphemes declares) failed the import
// with "constant definition loop" or "interface conversion: interface {}
// is *interp.node, not func(string, bool) (int, string, error)", and one
// returned by a function as its func value failed with "reflect.Set: value of
// type *interp.node is not assignable". With the package's types, an
// instance that is not called is written as a function literal that calls
// it, on its line:
//
//	var splitString = split[string]
//	→ var splitString = func(_a0 string, _a1 bool) (int, string, error) { return split[string](_a0, _a1) }
//
// In a cell, such an instance in a top-level var declaration (`var dbl =
// double[float64]`) failed the same way ("constant definition loop"),
// and given a func type (`var dbl func(float64) float64 =
// double[float64]`, or the conversion `(func(float64) float64)(
// double[float64])`) it was a function returning zeros: dbl(1.5) printed
// 0 (Go 3), without an error. A top-level `f := double[float64]` failed
// with "constant definition loop" too. Inside functions it worked. Those
// instances, in top-level var declarations and assignments, become the
// same function literals, from the cell's type check (genericVarValues). (A call of a parenthesised instance,
// `(split[string])(s, true)`, is parencallee.go's.) Written for this
// package.

// genericValue wraps e, an index expression met in a package file's
// walk, when it is an instance of a generic function that is not called
// (called holds the functions of the calls met, which the walk meets
// before their parts).
func (w *pkgGoWriter) genericValue(e ast.Expr, called map[ast.Expr]bool) {
	if w.types == nil || called[e] {
		return
	}
	if pre, post := w.instanceLit(e); pre != "" {
		w.enclose(e, pre, post)
	}
}

// instanceSig returns the signature of e when e is an instance of a
// generic function (`split[string]`, `p.Map[int, string]`), or nil.
func instanceSig(info *types.Info, e ast.Expr) *types.Signature {
	base, _, index := typeArgsOf(e) // typeargs.go
	if !index {
		return nil
	}
	id := refIdent(ast.Unparen(base))
	if id == nil {
		return nil
	}
	inst, ok := info.Instances[id]
	if !ok {
		return nil
	}
	sig, ok := inst.Type.(*types.Signature)
	if !ok || sig.Recv() != nil {
		return nil
	}
	return sig
}

// instanceLit returns the text to write before and after the generic
// function instance e to make it a function literal that calls it with
// its parameters ("func(_a0 string) int { return " and "(_a0) }"), or
// "" when e is not such an instance or its types cannot be written in the
// file.
func (w *pkgGoWriter) instanceLit(e ast.Expr) (pre, post string) {
	sig := instanceSig(w.types.info, e)
	if sig == nil {
		return "", ""
	}
	params, args := make([]string, sig.Params().Len()), make([]string, sig.Params().Len())
	for i := range params {
		t := sig.Params().At(i).Type()
		name := fmt.Sprintf("_a%d", i)
		args[i] = name
		if sig.Variadic() && i == len(params)-1 {
			t = t.(*types.Slice).Elem()
			params[i] = name + " ..."
			args[i] += "..."
		} else {
			params[i] = name + " "
		}
		text := w.typeText(t)
		if text == "" {
			return "", ""
		}
		params[i] += text
	}
	results := make([]string, sig.Results().Len())
	for i := range results {
		if results[i] = w.typeText(sig.Results().At(i).Type()); results[i] == "" {
			return "", ""
		}
	}
	pre = "func(" + strings.Join(params, ", ") + ") "
	switch len(results) {
	case 0:
		pre += "{ "
	case 1:
		pre += results[0] + " { return "
	default:
		pre += "(" + strings.Join(results, ", ") + ") { return "
	}
	return pre, "(" + strings.Join(args, ", ") + ") }"
}

// genericVarValues writes the instances of generic functions used as
// values in the top-level var declarations of the group n (a cell's
// declarations or statements) as function literals calling them (see
// above).
func (r *rewriter) genericVarValues(n ast.Node) {
	if r.oracle == nil {
		return
	}
	for _, g := range topLevelValues(n) {
		called := calledFuncs(g)
		replaceExprs(reflect.ValueOf(g), func(e ast.Expr) ast.Expr { // iterseq.go
			if called[e] {
				return nil
			}
			return r.instanceFuncLit(e)
		})
	}
}

// instanceFuncLit returns a function literal calling e when e is an
// instance of a generic function, or nil.
func (r *rewriter) instanceFuncLit(e ast.Expr) ast.Expr {
	sig := instanceSig(r.oracle.info, e)
	if sig == nil {
		return nil
	}
	te := r.oracle.expr(sig)
	if te == nil {
		return nil
	}
	pos := e.Pos()
	ft, ok := cloneTypeAt(te, pos).(*ast.FuncType)
	if !ok {
		return nil
	}
	call := &ast.CallExpr{Fun: e, Lparen: pos, Rparen: pos}
	n := 0
	for _, fl := range ft.Params.List {
		names := max(1, len(fl.Names))
		fl.Names = fl.Names[:0]
		for range names {
			name := fmt.Sprintf("_activisA%d", n)
			n++
			fl.Names = append(fl.Names, &ast.Ident{NamePos: pos, Name: name})
			call.Args = append(call.Args, &ast.Ident{NamePos: pos, Name: name})
		}
		if _, ok := fl.Type.(*ast.Ellipsis); ok {
			call.Ellipsis = pos
		}
	}
	var body ast.Stmt = &ast.ExprStmt{X: call}
	if ft.Results != nil && len(ft.Results.List) > 0 {
		body = &ast.ReturnStmt{Return: pos, Results: []ast.Expr{call}}
	}
	return &ast.FuncLit{Type: ft, Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{body}, Rbrace: pos}}
}

// genericVarNeedsTypes reports whether a top-level var declaration of the
// cell f holds an instance of a generic function (of f or of the session)
// that is not called, which genericVarValues needs the type oracle for.
func (s *Session) genericVarNeedsTypes(st *state, f *ast.File) bool {
	isGeneric := s.genericFuncs(st, f) // typeargs.go
	found := false
	for _, g := range cellValues(f) {
		called := calledFuncs(g)
		ast.Inspect(g, func(n ast.Node) bool {
			e, _ := n.(ast.Expr)
			base, _, index := typeArgsOf(e)
			if id, ok := base.(*ast.Ident); ok && index && !called[e] && isGeneric(id.Name) {
				found = true
			}
			return !found
		})
	}
	return found
}

// cellVarDecls returns the var declarations at the top level of the cell
// f as the checker gets it: among its declarations, and among the
// statements of main, which hold the cell's statements (execute.go).
func cellVarDecls(f *ast.File) []*ast.GenDecl {
	decls := topLevelVarDecls(f)
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "main" && fd.Recv == nil && fd.Body != nil {
			decls = append(decls, topLevelVarDecls(fd.Body)...)
		}
	}
	return decls
}

// cellValues returns the var declarations and assignments at the top
// level of the cell f as the checker gets it (see cellVarDecls).
func cellValues(f *ast.File) []ast.Node {
	values := topLevelValues(f)
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "main" && fd.Recv == nil && fd.Body != nil {
			values = append(values, topLevelValues(fd.Body)...)
		}
	}
	return values
}

// topLevelValues returns the var declarations and the assignments at the
// top level of the group n. An instance defined there (`f :=
// Sum[float64]`) failed as in a var declaration, with "constant
// definition loop".
func topLevelValues(n ast.Node) []ast.Node {
	var out []ast.Node
	for _, g := range topLevelVarDecls(n) {
		out = append(out, g)
	}
	if b, ok := n.(*ast.BlockStmt); ok {
		for _, st := range b.List {
			if as, ok := st.(*ast.AssignStmt); ok {
				out = append(out, as)
			}
		}
	}
	return out
}

// calledFuncs returns the functions of the calls under n (without their
// parentheses).
func calledFuncs(n ast.Node) map[ast.Expr]bool {
	called := map[ast.Expr]bool{}
	ast.Inspect(n, func(m ast.Node) bool {
		if c, ok := m.(*ast.CallExpr); ok {
			called[ast.Unparen(c.Fun)] = true
		}
		return true
	})
	return called
}

// topLevelVarDecls returns the var declarations at the top level of the
// group n: among a file's declarations, or a block's statements.
func topLevelVarDecls(n ast.Node) []*ast.GenDecl {
	var out []*ast.GenDecl
	add := func(d ast.Decl) {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.VAR {
			out = append(out, g)
		}
	}
	switch x := n.(type) {
	case *ast.File:
		for _, d := range x.Decls {
			add(d)
		}
	case *ast.BlockStmt:
		for _, st := range x.List {
			if ds, ok := st.(*ast.DeclStmt); ok {
				add(ds.Decl)
			}
		}
	}
	return out
}
