package gosession

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
)

// A multi-value call as the arguments of a compiled function.
//
// yaegi v0.16.1 hands the results of a call written as the only argument
// of a compiled function, `fmt.Println(parse("3C"))`, to that function as
// bare values: a result of a session type with methods lost them, so for
// `func two() (Code, bool)` with `func (c Code) Error() string`,
// fmt.Println(two()) printed `3 true` (Go: `code 3 true`), without an
// error; so did a result holding a session value below its top, or an
// interface holding one (`fmt.Println(pair())` for `func pair() (any,
// any)` returning a Level with a String method printed `{1} 2`, Go `{1}
// L2`; for `func shapes() ([]Shape, int)` yaegi's wrappers). The results
// given to variables print as Go, so where the type oracle shows such a
// result, the call is written as a literal that gives the results to
// variables and makes the call with them:
//
//	fmt.Println(two())  →  func() (int, error) { _activisR0, _activisR1 := two(); return fmt.Println(_activisR0, _activisR1) }()
//
// The group is then type-checked again, so that the print rewrites see the
// variables' types (fmt.Println(_activisR0, …) gets the Error text). The
// function (fmt.Println) is evaluated after the arguments, which Go
// evaluates first: only a function value with side effects in its
// evaluation could tell.
//
// The same literal serves a function of the session whose parameters
// are interfaces the results are not: `use(pick(4))` for `func use(n
// int, s Shape)` and `func pick(i int) (int, *Sq)` panicked ("reflect.Set:
// value of type *main.Sq is not assignable to type interp.valueInterface",
// as tupleiface.go's assignments did); or whose results are interfaces:
// `use(get())` for `func get() (Shape, error)` and `func use(s Shape, err
// error)` panicked ("reflect.Set: value of type interp.valueInterface is
// not assignable to type error"), and so did a literal taking the results
// as its parameters, which this rewrite wrote before and still writes for
// the call of a defer or go statement (whose arguments are evaluated at
// the statement):
//
//	defer fmt.Println(two())  →  defer func(_activisR0 Code, _activisR1 bool) (int, error) { return fmt.Println(_activisR0, _activisR1) }(two())
//
// Written for this package.

// holdsSession reports whether a value of t may hold a value of a type
// of the session: t is an interface, or a type of the session, or made of
// one (an element, a field, a map's key or value).
func (r *rewriter) holdsSession(t types.Type) bool {
	return walkType(t, typePolicy{
		mapKeys: true,
		visit: func(t types.Type, _ int) walkStep {
			if n, ok := t.(*types.Named); ok && n.Obj().Pkg() == r.oracle.pkg {
				return walkFound
			}
			if types.IsInterface(t) {
				return walkFound
			}
			return walkDescend
		},
	})
}

// tupleArgs rewrites the calls under n as described above and reports
// whether it rewrote one.
func (r *rewriter) tupleArgs(n ast.Node) bool {
	done := r.tupleDefers(n)
	deferred := deferredCalls(n)
	ast.Inspect(n, func(m ast.Node) bool {
		if c, ok := m.(*ast.CallExpr); ok && r.tupleArgsCall(c, deferred[c]) {
			done = true
		}
		return true
	})
	return done
}

// deferredCalls returns the calls of the defer and go statements under n,
// whose arguments are evaluated at the statement.
func deferredCalls(n ast.Node) map[*ast.CallExpr]bool {
	calls := map[*ast.CallExpr]bool{}
	ast.Inspect(n, func(m ast.Node) bool {
		if c := statementCall(m); c != nil {
			calls[c] = true
		}
		return true
	})
	return calls
}

// statementCall returns the call of s, a defer or go statement, or nil.
func statementCall(s ast.Node) *ast.CallExpr {
	switch x := s.(type) {
	case *ast.DeferStmt:
		return x.Call
	case *ast.GoStmt:
		return x.Call
	}
	return nil
}

// tupleParamsFail reports whether yaegi fails to pass the results of a
// call given whole (of types tuple) to the parameters of sig, not
// variadic, in code of the package own: a result is stored into an
// interface it is not (ifaceStoreFails), or is an interface other than a
// compiled one.
func tupleParamsFail(sig *types.Signature, tuple *types.Tuple, own *types.Package) bool {
	if sig.Variadic() || sig.Params().Len() != tuple.Len() {
		return false
	}
	for j := range tuple.Len() {
		res := tuple.At(j).Type()
		if ifaceStoreFails(sig.Params().At(j).Type(), res) || types.IsInterface(res) && !compiledIface(res, own) { // tupleiface.go
			return true
		}
	}
	return false
}

// wholeTuple returns the only argument of c when it is a call of two or
// more results given whole (`f(g())`), and their types (info types
// them); nil otherwise.
func wholeTuple(info *types.Info, c *ast.CallExpr) (*ast.CallExpr, *types.Tuple) {
	if len(c.Args) != 1 || c.Ellipsis.IsValid() {
		return nil, nil
	}
	inner, ok := unparen(c.Args[0]).(*ast.CallExpr)
	if !ok {
		return nil, nil
	}
	tuple, ok := info.Types[inner].Type.(*types.Tuple)
	if !ok || tuple.Len() < 2 {
		return nil, nil
	}
	return inner, tuple
}

// tupleDefers rewrites the defer and go statements under n (not those of
// a cell's top level, which celldefer.go serves) whose call is given a
// multi-value call whole with a result of an interface of the session:
// yaegi's call of the literal taking the results as its parameters
// panicked for them (`defer use(get())` for `func get() (Shape, error)`,
// "reflect: Call using interp.valueInterface as type error"), so the
// results are given to variables before the statement, in a block:
//
//	defer use(get())  →  { _activisR0, _activisR1 := get(); defer use(_activisR0, _activisR1) }
//
// It reports whether it rewrote one.
func (r *rewriter) tupleDefers(n ast.Node) bool {
	if r.oracle == nil {
		return false
	}
	var top []ast.Stmt
	if b, ok := n.(*ast.BlockStmt); ok {
		top = b.List
	}
	done := false
	eachListStmt(n, false, func(list []ast.Stmt, i int, s ast.Stmt, lbl *ast.LabeledStmt) { // stmtlist.go
		call := statementCall(s)
		if call == nil || lbl != nil || slices.Contains(top, s) {
			return
		}
		inner, tuple := wholeTuple(r.oracle.info, call)
		if inner == nil {
			return
		}
		held := false
		for v := range tuple.Variables() {
			held = held || types.IsInterface(v.Type()) && !compiledIface(v.Type(), r.oracle.pkg) && !isEmptyIface(v.Type())
		}
		if !held {
			return
		}
		pos := s.Pos()
		var names, args []ast.Expr
		for j := range tuple.Len() {
			name := fmt.Sprintf("_activisR%d", j)
			names = append(names, &ast.Ident{NamePos: pos, Name: name})
			args = append(args, &ast.Ident{NamePos: pos, Name: name})
		}
		assign := &ast.AssignStmt{Lhs: names, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{inner}}
		call.Args = args
		list[i] = &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{assign, s}, Rbrace: s.End()}
		done = true
	})
	return done
}

// tupleArgsCall rewrites c (see above) and reports whether it did; the
// call of a defer or go statement, deferred, becomes a literal taking the
// results as its parameters, so that the inner call is still made at the
// statement.
func (r *rewriter) tupleArgsCall(c *ast.CallExpr, deferred bool) bool {
	if r.oracle == nil {
		return false
	}
	inner, tuple := wholeTuple(r.oracle.info, c)
	if inner == nil {
		return false
	}
	sig, ok := r.oracle.typeOf(c.Fun).(*types.Signature)
	if !ok {
		return false
	}
	lost := false
	if _, _, _, compiled := r.compiledCallee(c); compiled { // see guard.go
		for v := range tuple.Variables() {
			lost = lost || r.sessionMethods(v.Type()) || r.holdsSession(v.Type()) // see ifaceloop.go
		}
	} else {
		lost = tupleParamsFail(sig, tuple, r.oracle.pkg)
	}
	if !lost {
		return false
	}
	pos := c.Pos()
	var names []ast.Expr
	var args []ast.Expr
	params := &ast.FieldList{Opening: pos, Closing: pos}
	for i := range tuple.Len() {
		name := fmt.Sprintf("_activisR%d", i)
		names = append(names, &ast.Ident{NamePos: pos, Name: name})
		args = append(args, &ast.Ident{NamePos: pos, Name: name})
		if deferred {
			te := r.oracle.expr(tuple.At(i).Type())
			if te == nil {
				return false
			}
			params.List = append(params.List, &ast.Field{Names: []*ast.Ident{{NamePos: pos, Name: name}}, Type: cloneTypeAt(te, pos)})
		}
	}
	results := &ast.FieldList{Opening: pos, Closing: pos}
	for v := range sig.Results().Variables() {
		te := r.oracle.expr(v.Type())
		if te == nil {
			return false
		}
		results.List = append(results.List, &ast.Field{Type: cloneTypeAt(te, pos)})
	}
	call := &ast.CallExpr{Fun: c.Fun, Lparen: c.Lparen, Args: args, Rparen: c.Rparen}
	var body ast.Stmt = &ast.ExprStmt{X: call}
	if sig.Results().Len() > 0 {
		body = &ast.ReturnStmt{Return: pos, Results: []ast.Expr{call}}
	}
	lit := &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: params, Results: results},
		Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{body}, Rbrace: pos},
	}
	c.Fun = lit
	if !deferred {
		assign := &ast.AssignStmt{Lhs: names, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{c.Args[0]}}
		lit.Body.List = []ast.Stmt{assign, body}
		c.Args = nil
	}
	return true
}
