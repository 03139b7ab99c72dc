package gosession

import (
	"fmt"
	"go/ast"
	"go/types"
)

// A multi-value call as the arguments of a compiled function.
//
// yaegi v0.16.1 hands the results of a call written as the only argument
// of a compiled function, `fmt.Println(parse("3C"))`, to that function as
// bare values: a result of a session type with methods lost them, so for
// `func two() (Code, bool)` with `func (c Code) Error() string`,
// fmt.Println(two()) printed `3 true` (Go: `code 3 true`), without an
// error. The results given to a variable print as Go, so where the type
// oracle shows such a result, the call is written as a literal taking the
// results as parameters and making the call with them:
//
//	fmt.Println(two())  →  func(_activisR0 Code, _activisR1 bool) (int, error) { return fmt.Println(_activisR0, _activisR1) }(two())
//
// The group is then type-checked again, so that the print rewrites see the
// parameters' types (fmt.Println(_activisR0, …) gets the Error text). The
// function (fmt.Println) is evaluated after the arguments, which Go
// evaluates first: only a function value with side effects in its
// evaluation could tell.
//
// The same literal serves a function of the session whose parameters
// are interfaces the results are not: `use(pick(4))` for `func use(n
// int, s Shape)` and `func pick(i int) (int, *Sq)` panicked ("reflect.Set:
// value of type *main.Sq is not assignable to type interp.valueInterface",
// as tupleiface.go's assignments did). Written for this package.

// tupleArgs rewrites the calls under n as described above and reports
// whether it rewrote one.
func (r *rewriter) tupleArgs(n ast.Node) bool {
	done := false
	ast.Inspect(n, func(m ast.Node) bool {
		if c, ok := m.(*ast.CallExpr); ok && r.tupleArgsCall(c) {
			done = true
		}
		return true
	})
	return done
}

// tupleArgsCall rewrites c (see above) and reports whether it did.
func (r *rewriter) tupleArgsCall(c *ast.CallExpr) bool {
	if r.oracle == nil || len(c.Args) != 1 || c.Ellipsis.IsValid() {
		return false
	}
	inner, ok := unparen(c.Args[0]).(*ast.CallExpr)
	if !ok {
		return false
	}
	tuple, ok := r.oracle.info.Types[inner].Type.(*types.Tuple)
	if !ok || tuple.Len() < 2 {
		return false
	}
	sig, ok := r.oracle.typeOf(c.Fun).(*types.Signature)
	if !ok {
		return false
	}
	lost := false
	if _, _, _, compiled := r.compiledCallee(c); compiled { // see guard.go
		for v := range tuple.Variables() {
			lost = lost || r.sessionMethods(v.Type()) // see ifaceloop.go
		}
	} else if !sig.Variadic() && sig.Params().Len() == tuple.Len() {
		for j := range tuple.Len() {
			lost = lost || ifaceStoreFails(sig.Params().At(j).Type(), tuple.At(j).Type()) // see tupleiface.go
		}
	}
	if !lost {
		return false
	}
	pos := c.Pos()
	params := &ast.FieldList{Opening: pos, Closing: pos}
	var args []ast.Expr
	for i := range tuple.Len() {
		te := r.oracle.expr(tuple.At(i).Type())
		if te == nil {
			return false
		}
		name := fmt.Sprintf("_activisR%d", i)
		params.List = append(params.List, &ast.Field{Names: []*ast.Ident{{NamePos: pos, Name: name}}, Type: cloneTypeAt(te, pos)})
		args = append(args, &ast.Ident{NamePos: pos, Name: name})
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
	c.Fun = &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: params, Results: results},
		Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{body}, Rbrace: pos},
	}
	return true
}
