package gosession

import (
	"go/ast"
	"go/token"
	"reflect"
)

// Multi-value definitions at the top level of a cell.
//
// A variable defined at the top level by `v, err := f()` is broken in
// yaegi v0.16.1 when a session function reading it is called from a
// function literal (a goroutine, a sort.Slice comparison, a loop the
// session runs in a function scope): "reflect.Value.Set on zero Value".
// Declared with `var` and assigned, it works. When the result types of f
// are known (a compiled function, from the symbol tables; a session
// function, from its declaration), the session writes
//
//	var v T1
//	var err error
//	v, err = f()
//
// Written for this package.

// splitMultiDefs rewrites the top-level multi-value definitions of list.
func splitMultiDefs(list []ast.Stmt, bt *binTyper, rw *rewriter) []ast.Stmt {
	out := list[:0:0]
	for _, s := range list {
		as, ok := s.(*ast.AssignStmt)
		if !ok || as.Tok != token.DEFINE || len(as.Lhs) < 2 || len(as.Rhs) != 1 {
			out = append(out, s)
			continue
		}
		var types []ast.Expr
		if call, ok := unparen(as.Rhs[0]).(*ast.CallExpr); ok {
			types = resultTypes(call, bt, rw, len(as.Lhs), as.Pos())
		} else {
			types = commaOKTypes(as, rw) // see commaok.go
		}
		if types == nil {
			out = append(out, s)
			continue
		}
		pos := as.Pos()
		for i, l := range as.Lhs {
			id, ok := l.(*ast.Ident)
			if !ok || id.Name == "_" {
				continue
			}
			out = append(out, &ast.DeclStmt{Decl: &ast.GenDecl{TokPos: pos, Tok: token.VAR, Specs: []ast.Spec{
				&ast.ValueSpec{Names: []*ast.Ident{{NamePos: id.NamePos, Name: id.Name}}, Type: types[i]}}}})
		}
		as.Tok = token.ASSIGN
		out = append(out, as)
	}
	return out
}

// resultTypes returns the n result types of call as type expressions at
// pos, or nil when one is unknown.
func resultTypes(call *ast.CallExpr, bt *binTyper, rw *rewriter, n int, pos token.Pos) []ast.Expr {
	// A session function's declared result types; a compiled function's
	// come from the symbol tables below (written with the imports they
	// need).
	if id, ok := call.Fun.(*ast.Ident); ok {
		ft := funcType(rw.identType(id))
		if ft == nil || ft.TypeParams != nil {
			return nil
		}
		ts := fieldTypes(ft.Results)
		if len(ts) != n {
			return nil
		}
		out := make([]ast.Expr, n)
		for i, t := range ts {
			if mentionsPackage(t) {
				return nil // the package may not be imported under that name
			}
			out[i] = cloneTypeAt(t, pos)
		}
		return out
	}
	t := bt.typeOf(call.Fun)
	if t == nil || t.Kind() != reflect.Func || t.NumOut() != n {
		return nil
	}
	out := make([]ast.Expr, n)
	for i := range n {
		// An interface type of a package (fs.FileInfo) written out makes
		// yaegi fail ("definition loop"); error is fine.
		if o := t.Out(i); o.Kind() == reflect.Interface && o != errorType {
			return nil
		}
		if out[i] = bt.typeExpr(t.Out(i), pos); out[i] == nil {
			return nil
		}
	}
	return out
}

var errorType = reflect.TypeFor[error]()

// mentionsPackage reports whether a type expression names a member of a
// package (pkg.T).
func mentionsPackage(t ast.Expr) bool {
	found := false
	ast.Inspect(t, func(n ast.Node) bool {
		if _, ok := n.(*ast.SelectorExpr); ok {
			found = true
		}
		return !found
	})
	return found
}
