package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
)

// A nil of a session interface converted to an empty interface.
//
// yaegi v0.16.1 converts a nil value of an interface type declared in the
// session (`var ns Shape`) to `any` as its wrapper interp.valueInterface
// holding nothing, not as a nil `any`: a type assertion on it, comma-ok or
// not, and a type switch then failed with "runtime error: invalid memory
// address or nil pointer dereference" (`var x any = ns; c, ok :=
// x.(Circle)`, `[]any{ns}`, `map[string]any{"a": Shape(nil)}`, a function
// returning its Shape parameter as any), where Go gives a nil any. Where
// the type check shows such a conversion (convsites.go: an assignment, a
// declaration, a literal's element, a send, a return, an argument of a
// function of the session, an explicit conversion) the value is converted
// through a literal that gives nil for nil:
//
//	var x any = ns  →  var x any = func(_activisV Shape) interface{} { if _activisV == nil { return nil }; return _activisV }(ns)
//
// The arguments of compiled functions (fmt.Println(ns)) are left as they
// are: they see a nil. Package files interpreted from source are not
// rewritten so: there a call returning `any` loses the value's wrapper,
// and asserting it to the interface then panicked ("reflect.Set: value of
// type interface {} is not assignable to type interp.valueInterface").
// Written for this package.

// nilIfaceAnys rewrites the conversions under n (see above).
func (r *rewriter) nilIfaceAnys(n ast.Node) {
	if r.oracle == nil {
		return
	}
	implicitConversions(n, r.oracle.info, func(slot *ast.Expr, to types.Type, call *ast.CallExpr) { // convsites.go
		if !isEmptyIface(to) || call != nil && compiledCallee(r.oracle.info, r.oracle.pkg, call) {
			return
		}
		if !r.sessionIface(*slot) { // sourcestructwrap.go
			return
		}
		te := r.oracle.expr(r.oracle.typeOf(*slot))
		if te == nil {
			return
		}
		pos := (*slot).Pos()
		v := func() *ast.Ident { return &ast.Ident{NamePos: pos, Name: "_activisV"} }
		empty := func() ast.Expr {
			return &ast.InterfaceType{Interface: pos, Methods: &ast.FieldList{Opening: pos, Closing: pos}}
		}
		nilID := func() *ast.Ident { return &ast.Ident{NamePos: pos, Name: "nil"} }
		lit := &ast.FuncLit{
			Type: &ast.FuncType{Func: pos,
				Params:  &ast.FieldList{List: []*ast.Field{{Names: []*ast.Ident{v()}, Type: cloneTypeAt(te, pos)}}},
				Results: &ast.FieldList{List: []*ast.Field{{Type: empty()}}}},
			Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{
				&ast.IfStmt{If: pos, Cond: &ast.BinaryExpr{X: v(), OpPos: pos, Op: token.EQL, Y: nilID()},
					Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{&ast.ReturnStmt{Return: pos, Results: []ast.Expr{nilID()}}}, Rbrace: pos}},
				&ast.ReturnStmt{Return: pos, Results: []ast.Expr{v()}},
			}, Rbrace: pos},
		}
		*slot = &ast.CallExpr{Fun: lit, Lparen: pos, Args: []ast.Expr{*slot}, Rparen: (*slot).End()}
	})
}

// compiledCallee reports whether c calls a function or method of a
// package compiled into the kernel (info is c's check of the package pkg).
func compiledCallee(info *types.Info, pkg *types.Package, c *ast.CallExpr) bool {
	sel, ok := unparen(c.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	fn := foreignFunc(info, pkg, sel.Sel)              // ifaceloop.go
	return fn != nil && compiledPackage(fn.Pkg(), pkg) // ifacecallarg.go
}
