package gosession

import (
	"go/ast"
	"go/token"
)

// Struct values stored as interfaces.
//
// Go copies a struct value when it is stored in an interface. yaegi v0.16.1
// does not in three places, where the interface then aliases the variable
// and sees its later changes: `xs = append(xs, v)` to a []any, `m[k] = v`
// into a map[K]any, and `var x any = v`, for a local variable v of struct
// type. An explicit conversion makes yaegi copy, so the session writes v's
// type around such a v when it knows the type is a struct: `append(xs,
// P(v))`. Written for this package.

// structCopies rewrites the three places of s (see above).
func (r *rewriter) structCopies(n ast.Node) {
	switch x := n.(type) {
	case *ast.CallExpr:
		if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "append" && id.Obj == nil && len(x.Args) > 1 && !x.Ellipsis.IsValid() {
			for i := 1; i < len(x.Args); i++ {
				x.Args[i] = r.copyStruct(x.Args[i])
			}
		}
	case *ast.AssignStmt:
		if x.Tok != token.ASSIGN || len(x.Lhs) != len(x.Rhs) {
			return
		}
		for i, l := range x.Lhs {
			if _, ok := l.(*ast.IndexExpr); ok {
				x.Rhs[i] = r.copyStruct(x.Rhs[i])
			}
		}
	case *ast.ValueSpec:
		if x.Type == nil || len(x.Values) != len(x.Names) {
			return
		}
		for i, v := range x.Values {
			x.Values[i] = r.copyStruct(v)
		}
	}
}

// copyStruct returns `T(e)` for an identifier e of a known struct type T,
// e otherwise.
func (r *rewriter) copyStruct(e ast.Expr) ast.Expr {
	id, ok := e.(*ast.Ident)
	if !ok || id.Obj == nil || id.Obj.Kind != ast.Var {
		return e
	}
	t := r.identType(id)
	if !r.isStructType(t) {
		return e
	}
	return &ast.CallExpr{Fun: cloneTypeAt(t, id.Pos()), Lparen: id.Pos(), Args: []ast.Expr{id}, Rparen: id.End()}
}

// isStructType reports whether t names a struct type declared in the cell
// or the session.
func (r *rewriter) isStructType(t ast.Expr) bool {
	id, ok := t.(*ast.Ident)
	if !ok {
		return false
	}
	if id.Obj != nil {
		ts, ok := id.Obj.Decl.(*ast.TypeSpec)
		if !ok || ts.TypeParams != nil {
			return false
		}
		_, isStruct := ts.Type.(*ast.StructType)
		return isStruct
	}
	if ts, ok := r.sc.(interface{ isType(string) bool }); !ok || !ts.isType(id.Name) {
		return false
	}
	_, isStruct := r.sc.globalType(id.Name).(*ast.StructType)
	return isStruct
}
