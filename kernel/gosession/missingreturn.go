package gosession

import (
	"go/ast"
	"go/token"
)

// Functions with results that can end without a return.
//
// Go refuses a function with results whose body does not end in a
// terminating statement (a return, a panic, an endless for, an if or
// switch whose branches all end so…): "missing return". yaegi v0.16.1
// compiled `func f() int { fmt.Println("x") }` and a call gave 0, without
// an error. go/types reports it (constexpr.go's checkErrMarks make it
// the group's compile error); the group is type-checked where it holds
// such a function whose body does not end in a return statement, which
// missingReturnNeedsTypes tells from the syntax. Written for this package.

// Other statements Go refuses that yaegi ran on a copy, to no effect,
// are refused with go/types' message in the same way: an assignment to a
// field of a map element (`m["a"].X = 5`: "cannot assign to struct field
// m["a"].X in map"), a call of a pointer method on one (`m["a"].Inc()`),
// its address (`&m["a"]`, which gave a pointer to a copy), an assignment
// to a field or element of a call's result (`mk().X = 5`,
// `getArr()[0] = 9`: "cannot assign to … (neither addressable nor a map
// index expression)"), and an append
// whose result is dropped (`append(s, 2)` in the middle of a cell, which
// left s as it was; the cell's trailing expression is shown, not
// dropped), and a value of one basic type given where another is
// expected (`var g float64 = n / 2` or `return n / 2` from a float64
// function for an int n gave 1.5: yaegi converted it). The group is
// checked where the syntax has such a shape (a function with a result of
// a basic type; constexpr.go's check covers typed var declarations).

// missingReturnNeedsTypes tells whether f declares a function, or holds
// a function literal, with results whose body's last statement is not a
// return statement, or holds a shape above (a selector of an index
// expression assigned or called, the address of an index expression, an
// append as a statement).
func missingReturnNeedsTypes(f *ast.File) bool {
	found := false
	indexSel := func(e ast.Expr) bool {
		sel, ok := unparen(e).(*ast.SelectorExpr)
		if !ok {
			return false
		}
		_, ok = unparen(sel.X).(*ast.IndexExpr)
		return ok
	}
	// callBased tells whether the assigned e is a field or element of a
	// call's result (mk().X, getArr()[0]).
	callBased := func(e ast.Expr) bool {
		for {
			switch x := unparen(e).(type) {
			case *ast.SelectorExpr:
				e = x.X
			case *ast.IndexExpr:
				e = x.X
			case *ast.CallExpr:
				return true
			default:
				return false
			}
		}
	}
	check := func(t *ast.FuncType, body *ast.BlockStmt) {
		if t == nil || body == nil || t.Results == nil || len(t.Results.List) == 0 {
			return
		}
		for _, r := range t.Results.List {
			if id, ok := r.Type.(*ast.Ident); ok && basicTypeNames[id.Name] {
				found = true // a basic result: a value of another basic type returned (constexpr.go)
				return
			}
		}
		if n := len(body.List); n == 0 {
			found = true
		} else if _, ok := body.List[n-1].(*ast.ReturnStmt); !ok {
			found = true
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncDecl:
			check(x.Type, x.Body)
		case *ast.FuncLit:
			check(x.Type, x.Body)
		case *ast.AssignStmt:
			for _, l := range x.Lhs {
				found = found || indexSel(l) || callBased(l)
			}
		case *ast.IncDecStmt:
			found = found || indexSel(x.X) || callBased(x.X)
		case *ast.CallExpr:
			found = found || indexSel(x.Fun)
		case *ast.UnaryExpr:
			_, ix := unparen(x.X).(*ast.IndexExpr)
			found = found || x.Op == token.AND && ix
		case *ast.ExprStmt:
			if c, ok := unparen(x.X).(*ast.CallExpr); ok {
				id, ok := unparen(c.Fun).(*ast.Ident)
				found = found || ok && id.Name == "append"
			}
		}
		return !found
	})
	return found
}
