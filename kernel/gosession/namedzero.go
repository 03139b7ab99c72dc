package gosession

import (
	"go/ast"
	"go/token"
	"strings"
)

// Named results start at their zero value on every call.
//
// yaegi v0.16.1 keeps a function's frame between calls made from the same
// place in a loop, and does not zero the named results: with `func
// count(xs []int) (n int) { for range xs { n++ }; return }`, the second
// call of `for k := 0; k < 2; k++ { fmt.Println(count(xs)) }` printed 4
// for Go's 2, and a `(out []int)` filled with append kept the previous
// call's elements, without an error (plain yaegi does the same). The
// session assigns each named result its zero value first, in cells and
// in package files interpreted from source, one assignment per result
// (yaegi panicked at `tag, out = *new(string), *new(interface{})`,
// "reflect.Set: value of type interface {} is not assignable to type
// interp.valueInterface", which made gopkg.in/yaml.v3's `resolve`, and so
// every Marshal and Unmarshal, fail):
//
//	func count(xs []int) (n int) {   =>   func count(xs []int) (n int) {
//	                                          n = *new(int)
//
// A result whose type is an instance of a generic type (`c *Cache[K,
// V]`) is left alone: any use of that type before the body made a value
// of it (`*new(…)`, a var of it, even `c = nil`) failed in yaegi in a
// generic function instantiated from another one, a CFG panic at the
// import of github.com/hashicorp/golang-lru/v2 (NewWithEvict). Written
// for this package.

// zeroNamedResults rewrites every function declaration and literal of n
// with named results as above.
func zeroNamedResults(n ast.Node) {
	ast.Inspect(n, func(m ast.Node) bool {
		switch x := m.(type) {
		case *ast.FuncDecl:
			zeroResultsOf(x.Type, x.Body)
		case *ast.FuncLit:
			zeroResultsOf(x.Type, x.Body)
		}
		return true
	})
}

// genericInstanceType reports whether the type t, as written, is made of
// an instance of a generic type (an index expression in it).
func genericInstanceType(t ast.Expr) bool {
	found := false
	ast.Inspect(t, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.IndexExpr, *ast.IndexListExpr:
			found = true
		}
		return !found
	})
	return found
}

// zeroResultsOf puts the assignment of the zero values of ft's named
// results first in body.
func zeroResultsOf(ft *ast.FuncType, body *ast.BlockStmt) {
	if body == nil || ft.Results == nil {
		return
	}
	pos := body.Lbrace
	var lhs, rhs []ast.Expr
	for _, f := range ft.Results.List {
		if genericInstanceType(f.Type) {
			continue
		}
		for _, name := range f.Names {
			if name.Name == "_" {
				continue
			}
			lhs = append(lhs, &ast.Ident{NamePos: pos, Name: name.Name, Obj: name.Obj})
			rhs = append(rhs, &ast.StarExpr{Star: pos, X: &ast.CallExpr{Fun: &ast.Ident{NamePos: pos, Name: "new"}, Lparen: pos,
				Args: []ast.Expr{cloneTypeAt(f.Type, pos)}, Rparen: pos}}) // typeargs.go
		}
	}
	if len(lhs) == 0 {
		return
	}
	zero := make([]ast.Stmt, len(lhs))
	for i := range lhs {
		zero[i] = &ast.AssignStmt{Lhs: lhs[i : i+1], TokPos: pos, Tok: token.ASSIGN, Rhs: rhs[i : i+1]}
	}
	body.List = append(zero, body.List...)
}

// zeroResults is zeroResultsOf for a package file interpreted from source:
// the assignment is written after the body's opening brace, on its line.
func (w *pkgGoWriter) zeroResults(ft *ast.FuncType, body *ast.BlockStmt) {
	if body == nil || ft.Results == nil {
		return
	}
	var lhs, rhs []string
	for _, f := range ft.Results.List {
		if genericInstanceType(f.Type) {
			continue
		}
		t := w.raw(f.Type)
		if strings.Contains(t, "//") || strings.Contains(t, "/*") {
			return // a type with comments in it: left as it is
		}
		t = strings.ReplaceAll(t, "\n", ";")
		for _, name := range f.Names {
			if name.Name != "_" {
				lhs = append(lhs, name.Name)
				rhs = append(rhs, "*new("+t+")")
			}
		}
	}
	if len(lhs) == 0 {
		return
	}
	at := w.off(body.Lbrace) + 1
	var b strings.Builder
	for i := range lhs {
		b.WriteString(" " + lhs[i] + " = " + rhs[i] + ";")
	}
	w.before[at] = b.String() + w.before[at]
}
