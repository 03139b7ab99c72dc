package gosession

import (
	"go/ast"
	"go/types"
	"strconv"
)

// Context keys of a package's own types, in package files.
//
// yaegi v0.16.1 gives a type of a package interpreted from source the
// run-time type of its underlying type, so the usual key types of a
// package, `type userKey struct{}` and `type reqKey struct{}` (or `type
// traceKey int` beside a plain int key), were one type to compiled
// context: after `context.WithValue(ctx, userKey{}, "ann")` and
// `context.WithValue(ctx, reqKey{}, 42)`, `ctx.Value(userKey{})` gave 42,
// and `ctx.Value(1)` found a value stored under a `traceKey` 1, without an
// error. The cells refuse such keys of the session's own types
// (ctxkey.go). In a package file, a key of an unexported type of the
// package (or a pointer to one) is given to context.WithValue and to the
// Value method of package context tagged with its type's name by the
// session runtime's CtxKey, which makes keys of two types differ as in Go
// and equal keys of one type equal:
//
//	context.WithValue(ctx, userKey{}, u)  →  context.WithValue(ctx, _activisrt.CtxKey("example.com/m.userKey", userKey{}), u)
//	ctx.Value(userKey{})                  →  ctx.Value(_activisrt.CtxKey("example.com/m.userKey", userKey{}))
//
// Only where no exported variable or constant of the package has that
// type: code outside the package (a cell, which does not tag) could use
// such a key too. A key given as an interface value (a function taking
// `key any`) is not tagged, and so not found.

// pkgCtxKey is a context key tagged with the name of its interpreted type.
type pkgCtxKey struct {
	typ string
	key any
}

// ctxKeyOf returns key, of the interpreted type named typ, as a context
// key of its own (see above): the value yaegi's interface wrapper holds,
// tagged with typ.
func ctxKeyOf(typ string, key any) any { return pkgCtxKey{typ, unwrapAny(key)} }

// ctxKeyTagName returns the name CtxKey tags a key of type t with in the
// package pkg, or "" when t is not an unexported named type of pkg, or a
// pointer to one, or pkg exports a variable or constant of that type.
func ctxKeyTagName(t types.Type, pkg *types.Package) string {
	ptr := ""
	if p, ok := t.(*types.Pointer); ok {
		t, ptr = p.Elem(), "*"
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || types.IsInterface(n) || n.Obj().Pkg() != pkg || n.Obj().Exported() {
		return ""
	}
	sc := pkg.Scope()
	for _, name := range sc.Names() {
		obj := sc.Lookup(name)
		if _, isType := obj.(*types.TypeName); isType || !obj.Exported() {
			continue
		}
		ot := obj.Type()
		if p, ok := ot.(*types.Pointer); ok {
			ot = p.Elem()
		}
		if types.Identical(ot, n) {
			return ""
		}
	}
	return ptr + pkg.Path() + "." + n.Obj().Name()
}

// ctxKey tags the key of c, a call of context.WithValue or of a Value
// method of package context in a package file, as above.
func (w *pkgGoWriter) ctxKey(c *ast.CallExpr) {
	if w.types == nil {
		return
	}
	key := contextKeyArg(w.types.info, c)
	if key == nil {
		return
	}
	if name := ctxKeyTagName(w.types.typeOf(key), w.types.pkg); name != "" {
		w.runtime = true
		w.enclose(key, pkgRuntimeName+".CtxKey("+strconv.Quote(name)+", ", ")")
	}
}
