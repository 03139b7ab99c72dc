package gosession

import (
	"go/ast"
	"go/token"
	"reflect"
)

// Generic members of compiled standard packages.
//
// yaegi v0.16.1 takes the standard library from symbol tables of compiled
// values, which cannot hold generic functions and types: sync.OnceValue
// and sync.OnceValues (Go 1.21), rand.N of math/rand/v2 (Go 1.22),
// atomic.Pointer[T] and sql.Null[T] (Go 1.22) were "undefined selector" errors (and sync.OnceValues'
// results "returns 0 values"). The session rewrites their uses in a cell
// to generic code of its own (gosrc/modern.go.txt): sync.OnceValue(f)
// becomes _activisOnceValue(f), atomic.Pointer[T] _activisAtomicPointer[T]
// (so %T and %v of such a pointer holder show the session's type), and
// reflect.TypeFor[T]() becomes reflect.TypeOf((*T)(nil)).Elem().
// Written for this package.

// modernMembers maps pkg.Name to the session's function or type.
var modernMembers = map[string]string{
	"sync.OnceValue":  "_activisOnceValue",
	"sync.OnceValues": "_activisOnceValues",
	"rand.N":          "_activisRandN",
	"atomic.Pointer":  "_activisAtomicPointer",
	"sql.Null":        "_activisSqlNull",
}

// modernGeneric holds the generic functions of modernMembers, whose
// results a top-level definition takes in two steps (generic.go).
var modernGeneric = map[string]bool{"_activisOnceValue": true, "_activisOnceValues": true, "_activisRandN": true}

// modernPkgs rewrites the uses of modernMembers and reflect.TypeFor under
// n (see above).
func (r *rewriter) modernPkgs(n ast.Node) {
	pkgRef := func(e ast.Expr) (string, token.Pos, bool) {
		sel, ok := e.(*ast.SelectorExpr)
		if !ok {
			return "", 0, false
		}
		id, ok := sel.X.(*ast.Ident)
		if !ok || id.Obj != nil || r.sc.globalType(id.Name) != nil {
			return "", 0, false
		}
		return id.Name + "." + sel.Sel.Name, id.Pos(), true
	}
	replaceExprs(reflect.ValueOf(n), func(e ast.Expr) ast.Expr {
		if name, pos, ok := pkgRef(e); ok {
			if to, ok := modernMembers[name]; ok {
				return &ast.Ident{NamePos: pos, Name: to}
			}
			return nil
		}
		// reflect.TypeFor[T]()
		c, ok := e.(*ast.CallExpr)
		if !ok || len(c.Args) != 0 {
			return nil
		}
		ix, ok := c.Fun.(*ast.IndexExpr)
		if !ok {
			return nil
		}
		if name, pos, ok := pkgRef(ix.X); ok && name == "reflect.TypeFor" {
			sel := ix.X.(*ast.SelectorExpr)
			typeOf := &ast.CallExpr{Fun: &ast.SelectorExpr{X: sel.X, Sel: &ast.Ident{NamePos: pos, Name: "TypeOf"}}, Lparen: c.Lparen,
				Args: []ast.Expr{&ast.CallExpr{Fun: &ast.ParenExpr{X: &ast.StarExpr{Star: pos, X: ix.Index}}, Lparen: pos,
					Args: []ast.Expr{&ast.Ident{NamePos: pos, Name: "nil"}}, Rparen: pos}}, Rparen: c.Rparen}
			return &ast.CallExpr{Fun: &ast.SelectorExpr{X: typeOf, Sel: &ast.Ident{NamePos: pos, Name: "Elem"}}, Lparen: c.Rparen, Rparen: c.Rparen}
		}
		return nil
	})
}
