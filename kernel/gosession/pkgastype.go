package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
)

// errors.AsType (Go 1.26) in package files.
//
// errors.AsType[E](err) is generic, so yaegi's table of package errors has
// no AsType, and a package interpreted from source that called it failed
// to import ("package errors "errors" has no symbol AsType"; two of the
// standard library's examples run as packages). As in cells (astype.go),
// the call becomes a function literal calling errors.As, and with a type
// argument of one of the package's error types it calls the file's own As
// instead, as errors.As does there (pkgerrchain.go), and so with a
// compiled error type such as *fs.PathError in a package that declares
// error types (compiled errors.As could not follow their Unwrap methods):
//
//	errors.AsType[*NotFound](err)  →  func(_activisErr error) (_activisT *NotFound, _activisOK bool) { _activisOK = <As>(_activisErr, &_activisT); return }(err)
//
// The type argument is written once (named results), so a type spanning
// lines keeps the file's line numbers. The checker's package errors gets a
// declaration of AsType (declareAsType) so that the rest of the file keeps
// its types. Written for this package.

// asTypeCall rewrites c if it calls errors.AsType (see above).
func (w *pkgGoWriter) asTypeCall(c *ast.CallExpr) {
	if len(c.Args) != 1 || c.Ellipsis.IsValid() {
		return
	}
	ix, ok := unparen(c.Fun).(*ast.IndexExpr)
	if !ok || !typeShaped(ix.Index) {
		return
	}
	sel, ok := ix.X.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "AsType" {
		return
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok || !w.errorsPkg(pkg) {
		return
	}
	as := pkg.Name + ".As"
	if w.types != nil {
		if t := w.types.typeOf(ix.Index); t != nil && (w.ownNamed(t) != nil || w.compiledErrorType(t)) && w.errChainReady() {
			if lit := w.asLit(t, c.Pos(), "errors.AsType"); lit != "" {
				as = lit
				w.runtime, w.errChainUsed = true, true
			}
		}
	}
	w.replace(w.off(c.Fun.Pos()), w.off(c.Fun.End()), func() string {
		return "func(_activisErr error) (_activisT " + w.node(ix.Index) + ", _activisOK bool) { _activisOK = " + as +
			"(_activisErr, &_activisT); return }"
	})
}

// errorsPkg reports whether id names the standard package errors in the
// file (by the checker's answer, or by the file's imports without one).
func (w *pkgGoWriter) errorsPkg(id *ast.Ident) bool {
	if w.types != nil {
		if pn, ok := w.types.info.Uses[id].(*types.PkgName); ok {
			return pn.Imported().Path() == "errors"
		}
	}
	return id.Obj == nil && w.imports[id.Name] == "errors"
}

// declareAsType adds errors.AsType, `func AsType[E error](err error) (E,
// bool)`, to the checker's package errors, made from yaegi's table, which
// cannot hold it (see above).
func declareAsType(pkg *types.Package) {
	if pkg.Scope().Lookup("AsType") != nil {
		return
	}
	errType := types.Universe.Lookup("error").Type()
	e := types.NewTypeParam(types.NewTypeName(token.NoPos, pkg, "E", nil), errType)
	sig := types.NewSignatureType(nil, nil, []*types.TypeParam{e},
		types.NewTuple(types.NewVar(token.NoPos, pkg, "err", errType)),
		types.NewTuple(types.NewVar(token.NoPos, pkg, "", e), types.NewVar(token.NoPos, pkg, "", types.Typ[types.Bool])), false)
	pkg.Scope().Insert(types.NewFunc(token.NoPos, pkg, "AsType", sig))
}
