package gosession

import (
	"go/ast"
	"go/token"
)

// Session values returned as `any`.
//
// yaegi v0.16.1 stores the value of a return statement for a result of
// type any (or interface{}) bare, without the type that tells compiled
// code its methods: `func next() any { return Name("1") }` for a Name
// with a String method, then `fmt.Println(next())` or `v := next();
// fmt.Println(v)` printed 1 (Go: the String text, name:1) and
// `v.(fmt.Stringer)` was false. A value that passes through an element
// of a []any keeps its type, so such a return value that is not itself
// an interface, `return x`, is written `return []interface{}{x}[0]`.
//
// A call result of type any that already holds such a value (`return v`
// for `var v any = Name("1")`) lost it the same way where the call is
// written as an argument of a compiled function (`fmt.Println(next())`):
// such an argument is written `[]interface{}{next()}[0]` (callResults,
// callresult.go). Written for this package.

// anyResults rewrites the return statements of the function of type ft
// and body body as described above.
func (r *rewriter) anyResults(ft *ast.FuncType, body *ast.BlockStmt) {
	if ft == nil || body == nil || ft.Results == nil {
		return
	}
	results := fieldTypes(ft.Results)
	empty := make([]bool, len(results))
	some := false
	for i, t := range results {
		empty[i] = r.isEmptyInterface(t)
		some = some || empty[i]
	}
	if !some {
		return
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false // rewritten on its own
		case *ast.ReturnStmt:
			if len(x.Results) != len(results) {
				return true // a bare return or a call's results
			}
			for i, e := range x.Results {
				if empty[i] {
					e = r.anyConvArg(e)
				}
				switch {
				case empty[i] && r.bareInAny(e):
					x.Results[i] = anyElem(e)
				case empty[i]:
					// yaegi panicked storing an operator's result
					// (`return x << 2`), as anyoperand.go says.
					x.Results[i] = parenOperand(x.Results[i])
				}
			}
		}
		return true
	})
}

// anyConvArg returns x for e a conversion to an empty interface, any(x)
// or interface{}(x), which yaegi also returned bare (`return
// any(Name("1"))`), else e.
func (r *rewriter) anyConvArg(e ast.Expr) ast.Expr {
	c, ok := unparen(e).(*ast.CallExpr)
	if !ok || len(c.Args) != 1 || c.Ellipsis.IsValid() {
		return e
	}
	switch f := unparen(c.Fun).(type) {
	case *ast.Ident:
		if f.Name != "any" || f.Obj != nil || r.sc.globalType("any") != nil {
			return e
		}
	case *ast.InterfaceType:
		if f.Methods != nil && len(f.Methods.List) > 0 {
			return e
		}
	default:
		return e
	}
	return c.Args[0]
}

// bareInAny reports whether e, converted to any, is a value yaegi would
// store without its methods: the type oracle shows its type is a session
// type with methods, or a pointer to one. (A session type without methods
// has no methods to lose, and the origin checks read such returns as
// written: ifaceorigin.go.)
func (r *rewriter) bareInAny(e ast.Expr) bool {
	if isNilIdent(e) || isAnyElem(e) {
		return false
	}
	t := r.exactType(e, 0)
	if t == nil || r.isInterfaceType(t) {
		return false
	}
	nt, _ := r.assertedType(t)
	return nt != nil && nt.hasMethods()
}

// anyElem returns `[]interface{}{e}[0]`, at e's position.
func anyElem(e ast.Expr) ast.Expr {
	pos := e.Pos()
	lit := &ast.CompositeLit{
		Type:   &ast.ArrayType{Lbrack: pos, Elt: &ast.InterfaceType{Interface: pos, Methods: &ast.FieldList{Opening: pos, Closing: pos}}},
		Lbrace: pos, Elts: []ast.Expr{e}, Rbrace: e.End(),
	}
	return &ast.IndexExpr{X: lit, Lbrack: e.End(), Index: &ast.BasicLit{ValuePos: e.End(), Kind: token.INT, Value: "0"}, Rbrack: e.End()}
}

// isAnyElem reports whether e was written by anyElem.
func isAnyElem(e ast.Expr) bool {
	ix, ok := e.(*ast.IndexExpr)
	if !ok {
		return false
	}
	lit, ok := ix.X.(*ast.CompositeLit)
	if !ok || len(lit.Elts) != 1 {
		return false
	}
	at, ok := lit.Type.(*ast.ArrayType)
	if !ok || at.Len != nil {
		return false
	}
	it, ok := at.Elt.(*ast.InterfaceType)
	return ok && (it.Methods == nil || len(it.Methods.List) == 0)
}
