package gosession

import (
	"go/ast"
	"strings"
)

// Return statements that read named results, in package files.
//
// A package interpreted from source gets the fix of namedreturn.go: in a
// function with named results, `return hi, lo` where a value reads a
// named result that a value before it is written into is served as
// `{ _activisR1, _activisR2 := (hi), (lo); return _activisR1, _activisR2 }`
// on the same lines (yaegi returned 3 3 for order(5, 3)).

// namedReturns rewrites the return statements of one function body (not
// those of the function literals in it, visited on their own).
func (w *pkgGoWriter) namedReturns(ft *ast.FuncType, body *ast.BlockStmt) {
	if body == nil {
		return
	}
	names := resultNames(ft)
	if len(names) < 2 {
		return
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if !readsEarlierResult(x.Results, names) {
				return true
			}
			tmps := make([]string, len(x.Results))
			for i := range tmps {
				tmps[i] = w.temp("R")
			}
			w.replace(w.off(x.Pos()), w.off(x.End()), func() string {
				return "{ " + strings.Join(tmps, ", ") + " := " + w.parenList(x.Results) + "; return " + strings.Join(tmps, ", ") + " }"
			})
		}
		return true
	})
}
