package gosession

import (
	"go/ast"
	"reflect"
)

// iterSeqTypes spells out the iterator types of package iter in a cell:
// iter.Seq[V] becomes func(yield func(V) bool) and iter.Seq2[K, V]
// func(yield func(K, V) bool), their definitions (gosrc/iter.go.txt).
// yaegi v0.16.1 cannot infer a type parameter through a generic named
// type: `func Filter[T any](seq iter.Seq[T], …)` called with
// slices.Values(xs), or iter.Pull given an iter.Seq[int], failed ("cannot
// use type func(func(int) bool) as type func(func(func(func(int) bool))
// bool)"); with the func types spelled out, the unification is
// structural and succeeds. Values of the two types are assignable to and
// from their func types, so only %T and reflect see the difference (they
// show the func type). Written for this package.
func (r *rewriter) iterSeqTypes(n ast.Node) {
	if r.sc.globalType("iter") != nil {
		return // a session variable named iter
	}
	replaceExprs(reflect.ValueOf(n), r.iterSeqType)
}

// iterSeqType returns the func type e spells as iter.Seq[V] or
// iter.Seq2[K, V], or nil.
func (r *rewriter) iterSeqType(e ast.Expr) ast.Expr {
	base, args, ok := typeArgsOf(e)
	if !ok {
		return nil
	}
	sel, ok := base.(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok || pkg.Name != "iter" || pkg.Obj != nil {
		return nil
	}
	if sel.Sel.Name == "Seq" && len(args) == 1 || sel.Sel.Name == "Seq2" && len(args) == 2 {
		ft := yieldOf(args...)
		ft.Func = e.Pos()
		return ft
	}
	return nil
}

var (
	exprType = reflect.TypeFor[ast.Expr]()
	nodeType = reflect.TypeFor[ast.Node]()
)

// replaceExprs walks the syntax tree under v (children first) and
// replaces each expression for which f returns non-nil by its result.
func replaceExprs(v reflect.Value, f func(ast.Expr) ast.Expr) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() || v.Elem().Kind() != reflect.Struct {
			return
		}
		if _, ok := v.Interface().(*ast.Object); ok {
			return // declarations are reached from the tree itself
		}
		if _, ok := v.Interface().(*ast.Scope); ok {
			return
		}
		s := v.Elem()
		for i := 0; i < s.NumField(); i++ {
			fv := s.Field(i)
			if !s.Type().Field(i).IsExported() {
				continue
			}
			replaceField(fv, f)
		}
	case reflect.Interface:
		if !v.IsNil() {
			replaceExprs(v.Elem(), f)
		}
	}
}

// replaceField walks one field of a node: an expression is replaced in
// place, slices are walked element by element.
func replaceField(fv reflect.Value, f func(ast.Expr) ast.Expr) {
	switch {
	case fv.Type() == exprType:
		if fv.IsNil() {
			return
		}
		replaceExprs(fv.Elem(), f)
		if out := f(fv.Interface().(ast.Expr)); out != nil && fv.CanSet() {
			fv.Set(reflect.ValueOf(out))
		}
	case fv.Kind() == reflect.Slice:
		for j := 0; j < fv.Len(); j++ {
			replaceField(fv.Index(j), f)
		}
	case fv.Kind() == reflect.Interface && fv.Type().Implements(nodeType):
		replaceExprs(fv, f)
	case fv.Kind() == reflect.Pointer:
		replaceExprs(fv, f)
	}
}
