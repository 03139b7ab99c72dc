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
// `{ var _activisR1 int = (hi); var _activisR2 int = (lo); return
// _activisR1, _activisR2 }` on the same lines (yaegi returned 3 3 for
// order(5, 3)); the temporaries have the results' types (with `:=`,
// go.mongodb.org/mongo-driver's `return 0, 0, fmt.Errorf(…)` for uint32
// results failed to compile: "cannot use _activisR1 (type intT) as type
// uint32T").

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
			types := fieldTypes(ft.Results) // typeargs.go
			tmps := make([]string, len(x.Results))
			for i := range tmps {
				tmps[i] = w.temp("R")
			}
			w.replace(w.off(x.Pos()), w.off(x.End()), func() string {
				var b strings.Builder
				b.WriteString("{ ")
				for i, v := range x.Results {
					b.WriteString("var " + tmps[i] + " " + w.node(types[i]) + " = (" + w.node(v) + "); ")
				}
				return b.String() + "return " + strings.Join(tmps, ", ") + " }"
			})
		}
		return true
	})
}
