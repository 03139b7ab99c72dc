package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Composite literals stored into an interface field, element or pointee.
//
// yaegi v0.16.1 panicked on an assignment of a composite literal of a
// session type with methods, all of whose elements are constants, to a
// field, element, map element or pointee of an interface type with
// methods: `b.Main = Circle{1}` for a `Main Shape` field, `items[0] =
// Circle{7}`, `m["b"] = Circle{8}` and `*p = Circle{9}` gave
// "reflect.Set: value of type interp.valueInterface is not assignable to
// type main.Circle", in cells and functions, while the same literal
// stored into a variable, given as an argument, returned or sent ran, as
// did a literal with a computed element. The literal is written as the
// element of a one-element slice of the interface type, which stores
// into the interface as Go does:
//
//	b.Main = Circle{1}  →  b.Main = []Shape{Circle{1}}[0]
//
// With the type oracle's types (typecheck.go), in cells; packages
// interpreted from source get the same with their own types
// (pkgIfaceLitStore). An error operand is errorconv.go's. Written for
// this package.

// ifaceLitStore rewrites assignment as as above.
func (r *rewriter) ifaceLitStore(as *ast.AssignStmt) {
	if r.oracle == nil || as.Tok != token.ASSIGN || len(as.Lhs) != len(as.Rhs) {
		return
	}
	for j, l := range as.Lhs {
		lt := litStoreIface(l, as.Rhs[j], r.oracle.info, r.oracle.pkg)
		if lt == nil || types.Identical(lt, types.Universe.Lookup("error").Type()) {
			continue
		}
		if te := r.oracle.expr(lt); te != nil {
			as.Rhs[j] = sliceElem(as.Rhs[j], cloneAt(te, as.Rhs[j].Pos()))
		}
	}
}

// litStoreIface returns the type of operand l, an interface with methods,
// when it is not a variable and v is a composite literal of a type of pkg
// with constant elements: the store the interpreter fails on (nil
// otherwise).
func litStoreIface(l, v ast.Expr, info *types.Info, pkg *types.Package) types.Type {
	if _, ok := unparen(l).(*ast.Ident); ok {
		return nil
	}
	lit, ok := unparen(v).(*ast.CompositeLit)
	if !ok {
		return nil
	}
	lt := info.TypeOf(l)
	if lt == nil {
		return nil
	}
	it, ok := lt.Underlying().(*types.Interface)
	if !ok || it.NumMethods() == 0 {
		return nil
	}
	named, ok := types.Unalias(info.TypeOf(lit)).(*types.Named)
	if !ok || named.Obj().Pkg() != pkg || types.IsInterface(named) {
		return nil
	}
	for _, e := range lit.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			e = kv.Value
		}
		if tv, ok := info.Types[e]; !ok || tv.Value == nil {
			return nil // a computed element: the store runs
		}
	}
	return lt
}

// sliceElem returns []t{e}[0] at e's position.
func sliceElem(e, t ast.Expr) ast.Expr {
	pos, end := e.Pos(), e.End()
	return &ast.IndexExpr{
		X:      &ast.CompositeLit{Type: &ast.ArrayType{Lbrack: pos, Elt: t}, Lbrace: pos, Elts: []ast.Expr{e}, Rbrace: end},
		Lbrack: end, Index: &ast.BasicLit{ValuePos: end, Kind: token.INT, Value: "0"}, Rbrack: end}
}

// pkgIfaceLitStore writes assignment as of a package file as above.
func (w *pkgGoWriter) pkgIfaceLitStore(as *ast.AssignStmt) {
	if w.types == nil || as.Tok != token.ASSIGN || len(as.Lhs) != len(as.Rhs) {
		return
	}
	for j, l := range as.Lhs {
		lt := litStoreIface(l, as.Rhs[j], w.types.info, w.types.pkg)
		if lt == nil {
			continue
		}
		if text := w.typeText(lt); text != "" {
			w.enclose(as.Rhs[j], "[]"+text+"{", "}[0]")
		}
	}
}
