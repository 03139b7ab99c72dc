package gosession

import (
	"go/ast"
	"go/token"
)

// Return statements that read named results.
//
// yaegi v0.16.1 writes the values of a return statement into the result
// slots one after the other, and the slots of named results are the
// variables themselves: in `func order(x, y int) (lo, hi int) { lo, hi =
// x, y; if lo > hi { return hi, lo }; return }` the first value
// overwrote lo before the second was read, so order(5, 3) returned 3 3
// (Go: 3 5), without an error; `return b + 0, a + 0` and `return t + "!",
// s + "?"` the same. The session evaluates the values of such a return
// statement first: `return hi, lo` becomes `{ var _r1 int = hi; var _r2
// int = lo; return _r1, _r2 }` (each temporary of its result's type, so
// that `return 0, lo, nil` keeps untyped values right) when a value reads
// a named result that a value before it is written into (a field
// selector `.lo` is not a read of lo). Written for this package.

// namedResultReturns rewrites the return statements of the functions in
// n (see above).
func (r *rewriter) namedResultReturns(n ast.Node) {
	ast.Inspect(n, func(m ast.Node) bool {
		switch x := m.(type) {
		case *ast.FuncDecl:
			if x.Body != nil {
				r.namedReturnsIn(x.Type, x.Body)
			}
		case *ast.FuncLit:
			r.namedReturnsIn(x.Type, x.Body)
		}
		return true
	})
}

// namedReturnsIn rewrites the return statements of one function body (not
// those of function literals in it).
func (r *rewriter) namedReturnsIn(ft *ast.FuncType, body *ast.BlockStmt) {
	names := resultNames(ft)
	if len(names) < 2 {
		return
	}
	// A function literal has its own results (namedResultReturns visits it).
	eachListStmt(body, true, func(list []ast.Stmt, i int, s ast.Stmt, lbl *ast.LabeledStmt) { // see stmtlist.go
		ret, ok := s.(*ast.ReturnStmt)
		if !ok || !readsEarlierResult(ret.Results, names) {
			return
		}
		pos := ret.Pos()
		types := fieldTypes(ft.Results) // typeargs.go
		stmts := make([]ast.Stmt, 0, len(ret.Results)+1)
		uses := make([]ast.Expr, len(ret.Results))
		for k, v := range ret.Results {
			name := r.fresh("Ret")
			// var _activisRetN T = v: typed as the result, so that an
			// untyped constant or nil is the result's (0 for a uint32
			// result was an int, nil a compile error)
			stmts = append(stmts, &ast.DeclStmt{Decl: &ast.GenDecl{TokPos: v.Pos(), Tok: token.VAR, Specs: []ast.Spec{&ast.ValueSpec{
				Names: []*ast.Ident{{NamePos: v.Pos(), Name: name}}, Type: cloneTypeAt(types[k], v.Pos()), Values: []ast.Expr{v}}}}})
			uses[k] = &ast.Ident{NamePos: v.Pos(), Name: name}
		}
		ret.Results = uses
		setListStmt(list, i, lbl, &ast.BlockStmt{Lbrace: pos, List: append(stmts, ret), Rbrace: ret.End()})
	})
}

// readsEarlierResult tells whether a value of results (a return
// statement's) mentions a named result that a value before it is
// written into.
func readsEarlierResult(results []ast.Expr, names []string) bool {
	if len(results) != len(names) {
		return false
	}
	written := map[string]bool{}
	for i, e := range results {
		if i > 0 && mentionsAny(e, written) {
			return true
		}
		written[names[i]] = true
	}
	return false
}

// resultNames lists the names of a function type's named results, in
// order (none for unnamed results).
func resultNames(ft *ast.FuncType) []string {
	if ft.Results == nil {
		return nil
	}
	var names []string
	for _, f := range ft.Results.List {
		for _, id := range f.Names {
			names = append(names, id.Name)
		}
	}
	return names
}
