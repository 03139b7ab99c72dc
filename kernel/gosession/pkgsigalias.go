package gosession

import (
	"go/ast"
	"sort"
	"strings"
)

// Other packages' types in the signatures of generic functions, in
// package files interpreted from source.
//
// yaegi v0.16.1 works out the constraints of a generic function's type
// parameters, and the parameter types it infers type arguments from, in
// the scope of the call, not of the function's package; a type named
// with a package selector there (`T constraints.Ordered`, `ctx
// context.Context`) does not resolve when the calling file has no import
// of that name, and the call failed: "undefined type for T" for
// github.com/samber/lo's Max and Min (`T constraints.Ordered`, of lo's
// internal package), a nil dereference in the CFG for its Sum, and for
// `func Do[T any](ctx context.Context, x T)` called from a cell. Names of
// the function's own package resolve (yaegi typed them when it read the
// package), so each such selector becomes a name of the file, declared
// after its last line as an alias of the selected type:
//
//	func Max[T constraints.Ordered](xs []T) T
//	→ func Max[T _activisSig_constraints_Ordered1a2b](xs []T) T
//	  … type (_activisSig_constraints_Ordered1a2b = constraints.Ordered)
//
// The constraints of generic types get the same. A selector of a generic
// type (`iter.Seq[T]`) cannot be an alias in yaegi and stays. Written for
// this package.

// sigAliases notes the package selectors in the type parameter list
// and, for a function, the parameter list of the generic declaration
// typeParams/params (see above); the walk's visit of each selector
// (sigAlias) writes it as its alias.
func (w *pkgGoWriter) sigAliases(typeParams, params *ast.FieldList) {
	if typeParams == nil || len(typeParams.List) == 0 {
		return
	}
	for _, fl := range []*ast.FieldList{typeParams, params} {
		if fl == nil {
			continue
		}
		for _, f := range fl.List {
			w.noteSigSelectors(f.Type)
		}
	}
}

// noteSigSelectors notes the selectors of imported packages' types in
// the type expression t, but not those given type arguments.
func (w *pkgGoWriter) noteSigSelectors(t ast.Expr) {
	instances := map[ast.Expr]bool{}
	ast.Inspect(t, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.IndexExpr:
			instances[x.X] = true
		case *ast.IndexListExpr:
			instances[x.X] = true
		case *ast.FuncLit, *ast.BlockStmt:
			return false
		case *ast.SelectorExpr:
			pkg, ok := x.X.(*ast.Ident)
			if !ok || instances[x] || w.imports[pkg.Name] == "" || w.types != nil && w.selectedPkg(x) == "" {
				return false
			}
			if w.sigSels == nil {
				w.sigSels = map[*ast.SelectorExpr]string{}
			}
			w.sigSels[x] = "_activisSig_" + pkg.Name + "_" + x.Sel.Name + w.fileSuffix()
			return false
		}
		return true
	})
}

// sigAlias writes the selector sel as its alias when sigAliases noted
// it, and reports whether it did.
func (w *pkgGoWriter) sigAlias(sel *ast.SelectorExpr) bool {
	name, ok := w.sigSels[sel]
	if !ok {
		return false
	}
	w.replace(w.off(sel.Pos()), w.off(sel.End()), func() string { return name })
	return true
}

// sigAliasText returns the declarations of the aliases written, on one
// line, or "".
func (w *pkgGoWriter) sigAliasText() string {
	if len(w.sigSels) == 0 {
		return ""
	}
	decl := map[string]string{}
	for sel, name := range w.sigSels {
		decl[name] = name + " = " + string(w.src[w.off(sel.Pos()):w.off(sel.End())])
	}
	specs := make([]string, 0, len(decl))
	for _, d := range decl {
		specs = append(specs, d)
	}
	sort.Strings(specs)
	return "type (" + strings.Join(specs, "; ") + ")"
}
