package gosession

import "go/ast"

// Functions with results that can end without a return.
//
// Go refuses a function with results whose body does not end in a
// terminating statement (a return, a panic, an endless for, an if or
// switch whose branches all end so…): "missing return". yaegi v0.16.1
// compiled `func f() int { fmt.Println("x") }` and a call gave 0, without
// an error. go/types reports it (constexpr.go's constErrMarks make it
// the group's compile error); the group is type-checked where it holds
// such a function whose body does not end in a return statement, which
// missingReturnNeedsTypes tells from the syntax. Written for this package.

// missingReturnNeedsTypes tells whether f declares a function, or holds
// a function literal, with results whose body's last statement is not a
// return statement.
func missingReturnNeedsTypes(f *ast.File) bool {
	found := false
	check := func(t *ast.FuncType, body *ast.BlockStmt) {
		if t == nil || body == nil || t.Results == nil || len(t.Results.List) == 0 {
			return
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
		}
		return !found
	})
	return found
}
