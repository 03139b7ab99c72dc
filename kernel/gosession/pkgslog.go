package gosession

import (
	"go/ast"
	"go/types"
	"log/slog"
)

// Values of the package's types logged with log/slog, in package files.
//
// As in cells (slogargs.go), a value of a type of a package interpreted
// from source reaches compiled slog without its methods: in a package with
// `type Token string` whose LogValue returns "REDACTED_TOKEN",
// `logger.Info("permission granted", "token", t)` logged `token=shhhh!`,
// the secret the method exists to hide (the standard library's
// ExampleLogValuer_secret, as a package), and a value with String or
// Error logged its underlying value, without an error. With the package's
// types, such a value of slog's Debug, Info, Warn, Error, their Context
// forms, Log, Any, AnyValue and Group, and of a *slog.Logger's methods of
// those names and With, is passed through the session runtime's
// AsLogValuer, AsError or AsStringer, whose parameter of the compiled
// interface gets yaegi's wrapper that keeps the method (LogValue first,
// then Error, then String, as slog looks for them). A value inside another
// one (a []Token) still logs without its methods.

// asLogValuer returns v: given to it, a value of a package's type reaches
// compiled slog in the interpreter's slog.LogValuer wrapper.
func asLogValuer(v slog.LogValuer) slog.LogValuer { return v }

// pkgSlogArgs passes the logged values of the slog call c as above.
func (w *pkgGoWriter) pkgSlogArgs(c *ast.CallExpr) {
	if w.types == nil {
		return
	}
	sel, first, ok := slogSelector(c) // see slogargs.go
	if !ok || !w.slogCallee(sel) {
		return
	}
	for _, arg := range c.Args[min(first, len(c.Args)):] {
		if helper := w.slogHelper(w.types.typeOf(arg)); helper != "" {
			w.runtime = true
			w.enclose(arg, pkgRuntimeName+"."+helper+"(", ")")
		}
	}
}

// slogCallee reports whether sel selects a function of log/slog or a
// method of a *slog.Logger whose values pkgSlogArgs passes (slog.With
// takes none; Any, AnyValue and Group are not methods).
func (w *pkgGoWriter) slogCallee(sel *ast.SelectorExpr) bool {
	if path := w.selectedPkg(sel); path != "" {
		return path == "log/slog" && sel.Sel.Name != "With"
	}
	switch sel.Sel.Name {
	case "Any", "AnyValue", "Group":
		return false
	}
	return isSlogLogger(w.types.typeOf(sel.X))
}

// slogHelper returns the runtime function a logged value of type t goes
// through ("AsLogValuer", "AsError", "AsStringer"), or "" for a type that
// is not the package's or has none of those methods.
func (w *pkgGoWriter) slogHelper(t types.Type) string {
	if t == nil || types.IsInterface(t) || w.ownNamed(t) == nil {
		return ""
	}
	ms := types.NewMethodSet(t)
	if sel := ms.Lookup(w.types.pkg, "LogValue"); sel != nil {
		if sig, ok := sel.Type().(*types.Signature); ok && sig.Params().Len() == 0 && sig.Results().Len() == 1 {
			if n, ok := sig.Results().At(0).Type().(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "log/slog" && n.Obj().Name() == "Value" {
				return "AsLogValuer"
			}
		}
	}
	switch {
	case fmtErrorMethod(ms.Lookup(w.types.pkg, "Error")):
		return "AsError"
	case fmtErrorMethod(ms.Lookup(w.types.pkg, "String")):
		return "AsStringer"
	}
	return ""
}
