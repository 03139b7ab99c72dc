package gosession

import (
	"go/ast"
	"go/types"
)

// Type arguments of the generic functions of slices, maps and cmp.
//
// yaegi v0.16.1 cannot infer a type parameter from a variadic parameter
// of slice type (slices.Concat(a, b): "undefined type for E"), from
// untyped constants only (cmp.Or("", "x"): "undefined type for T"), and
// assigns inferred types by position where two type parameters get the
// same type (maps.EqualFunc(m1, m2, eq) with int values: "cannot use type
// map[string]int as type map[string]string"), infers nothing from the
// func type of a compiled function's result (slices.Collect(
// strings.Lines(s))), and panics inferring from a field of a compiled
// struct (slices.Clone(stats.Rows)). Where the type oracle
// (typecheck.go) instantiated such a call, the session writes its type
// arguments out: slices.Concat[int](a, b). Calls yaegi infers are left
// alone. Written for this package.

// pkgTypeArgs adds the oracle's type arguments to a call of a generic
// function of the session's interpreted slices, maps or cmp package
// (in place) when yaegi would fail to infer them.
func (r *rewriter) pkgTypeArgs(c *ast.CallExpr) {
	if r.oracle == nil {
		return
	}
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok {
		return
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok || pkg.Obj != nil {
		return
	}
	obj, ok := r.oracle.info.Uses[pkg].(*types.PkgName)
	if !ok {
		return
	}
	switch obj.Imported().Path() {
	case "slices", "maps", "cmp":
	default:
		return
	}
	inst, ok := r.oracle.info.Instances[sel.Sel]
	if !ok || inst.TypeArgs == nil || inst.TypeArgs.Len() == 0 {
		return
	}
	sig, ok := inst.Type.(*types.Signature)
	if !ok || !needsTypeArgs(r, c, sig, inst.TypeArgs) {
		return
	}
	r.writeTypeArgs(c, inst.TypeArgs)
}

// compiledCall reports whether e calls a function of a compiled package.
func compiledCall(r *rewriter, e ast.Expr) bool {
	c, ok := unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	if !ok {
		return false
	}
	pn, ok := r.oracle.info.Uses[id].(*types.PkgName)
	if !ok {
		return false
	}
	switch pn.Imported().Path() {
	case "slices", "maps", "cmp", "iter":
		return false
	}
	return true
}

// compiledField reports whether e is a field of a struct of a compiled
// package (stats.Rows of *activis.Stats, in.IDs): yaegi's inference
// from such a value panicked.
func compiledField(r *rewriter, e ast.Expr) bool {
	sel, ok := unparen(e).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	s, ok := r.oracle.info.Selections[sel]
	if !ok || s.Kind() != types.FieldVal {
		return false
	}
	recv := s.Recv()
	if p, ok := recv.(*types.Pointer); ok {
		recv = p.Elem()
	}
	n, ok := recv.(*types.Named)
	// (The importer gives exported fields of compiled structs no
	// package, as reflect does: the struct's type tells.)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg() != r.oracle.pkg
}

// needsTypeArgs reports whether yaegi would fail to infer the type
// arguments of call c of an instance with signature sig (see above).
func needsTypeArgs(r *rewriter, c *ast.CallExpr, sig *types.Signature, targs *types.TypeList) bool {
	if sig.Variadic() && !c.Ellipsis.IsValid() {
		return true // slices.Concat(a, b), cmp.Or(x, y), slices.Insert(s, i, v...)
	}
	for _, a := range c.Args {
		if compiledCall(r, a) {
			return true // slices.Collect(strings.SplitSeq(s, ",")): yaegi infers nothing from a compiled func type
		}
		if compiledField(r, a) {
			return true // slices.Clone(stats.Rows): yaegi's inference panicked (CFG post-order panic)
		}
	}
	allConst := len(c.Args) > 0
	for _, a := range c.Args {
		if tv, ok := r.oracle.info.Types[a]; !ok || tv.Value == nil {
			allConst = false
		}
	}
	if allConst {
		return true
	}
	seen := map[string]bool{}
	for i := range targs.Len() {
		s := targs.At(i).String()
		if seen[s] {
			return true // two type parameters of one type: yaegi's positional inference
		}
		seen[s] = true
	}
	return false
}
