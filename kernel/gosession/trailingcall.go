package gosession

import (
	"go/ast"
	"go/types"
)

// The results of a trailing method call the syntax cannot type.
//
// A cell's trailing expression is shown when it has exactly one value
// (showsValue). For a call through a field or a call result, `o.Progress.
// Step("a", 1, 1)` of a compiled interface field, the syntax rules do not
// know the method, and the value yaegi returns decided: for a method
// without results it is a stale value of the frame, so the cell showed
// an unrelated variable (`{Offset:0 Threads:0 Progress:0x53b2e0 …}`) where
// Go shows nothing. Such a group is type-checked (trailingCallNeedsTypes,
// asked by Session.oracle) and the oracle's count of results decides
// (oracleResults). Written for this package.

// trailingCallNeedsTypes reports whether the statement group f is one
// call of a method whose receiver is not a plain name (a field, an
// element, a call result).
func trailingCallNeedsTypes(f *ast.File) bool {
	if len(f.Decls) != 1 {
		return false
	}
	fd, ok := f.Decls[0].(*ast.FuncDecl)
	if !ok || fd.Body == nil || len(fd.Body.List) != 1 {
		return false
	}
	es, ok := fd.Body.List[0].(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := unparen(es.X).(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	_, plain := sel.X.(*ast.Ident)
	return !plain
}

// oracleResults returns the number of results of call as the oracle
// checked it, when it did.
func oracleResults(o *typeOracle, call *ast.CallExpr) (int, bool) {
	if o == nil {
		return 0, false
	}
	tv, ok := o.info.Types[call]
	switch {
	case !ok:
		return 0, false
	case tv.IsVoid():
		return 0, true
	case tv.IsValue():
		if tup, ok := tv.Type.(*types.Tuple); ok {
			return tup.Len(), true
		}
		return 1, true
	}
	return 0, false
}
