package gosession

import (
	"go/ast"
	"go/token"
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
// after its imports as an alias of the selected type:
//
//	import "…/constraints"; type (_activisSig_constraints_Ordered1a2b = constraints.Ordered)
//	func Max[T constraints.Ordered](xs []T) T
//	→ func Max[T _activisSig_constraints_Ordered1a2b](xs []T) T
//
// The constraints of generic types get the same, and so do the parameters
// and results of their methods (methodSigAliases). A selector of a
// generic type (`iter.Seq[T]`) cannot be an alias in yaegi and stays.
// Written for this package.

// sigAliases notes the package selectors in the type parameter list
// and, for a function, the parameter list of the generic declaration
// typeParams/params (see above); the walk's visit of each selector
// (sigAlias) writes it as its alias.
func (w *pkgGoWriter) sigAliases(typeParams, params *ast.FieldList) {
	if typeParams == nil || len(typeParams.List) == 0 {
		return
	}
	w.noteSigLists(typeParams, params)
}

// methodSigAliases notes the package selectors in the parameters and
// results of fd when it is a method of a generic type: yaegi types an
// instance's method signatures in the scope where the instance is first
// made (genMethod), so `func (o Opt[T]) Value() (driver.Value, error)`
// failed with a nil dereference where a cell made `p.Opt[int]` first.
func (w *pkgGoWriter) methodSigAliases(fd *ast.FuncDecl) {
	if fd.Recv == nil || len(fd.Recv.List) != 1 {
		return
	}
	recv := fd.Recv.List[0].Type
	if star, ok := recv.(*ast.StarExpr); ok {
		recv = star.X
	}
	if _, _, generic := typeArgsOf(recv); generic { // typeargs.go
		w.noteSigLists(fd.Type.Params, fd.Type.Results)
	}
}

// noteSigLists notes the package selectors of the field lists.
func (w *pkgGoWriter) noteSigLists(lists ...*ast.FieldList) {
	for _, fl := range lists {
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

// sigAliasDecls writes the declarations of the aliases after the last
// import declaration of f, on its line: before every declaration of the
// file, since yaegi makes an instance of a generic type (and types its
// methods' signatures) where the package's declarations first need it.
func (w *pkgGoWriter) sigAliasDecls(f *ast.File) {
	var last ast.Decl
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
			last = g
		}
	}
	if text := w.sigAliasText(); text != "" && last != nil {
		end := w.off(last.End())
		w.after[end] += "; " + text
	}
}

// sigAliasText returns the declarations of the aliases written, on one
// line, or "".
func (w *pkgGoWriter) sigAliasText() string {
	if len(w.sigSels) == 0 {
		return ""
	}
	decl := map[string]string{}
	for sel, name := range w.sigSels {
		text := string(w.src[w.off(sel.Pos()):w.off(sel.End())])
		if to := w.renamedImport(sel.X.(*ast.Ident)); to != "" { // pkgimportname.go
			text = to + "." + sel.Sel.Name
		}
		decl[name] = name + " = " + text
	}
	specs := make([]string, 0, len(decl))
	for _, d := range decl {
		specs = append(specs, d)
	}
	sort.Strings(specs)
	return "type (" + strings.Join(specs, "; ") + ")"
}
