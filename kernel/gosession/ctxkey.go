package gosession

import (
	"go/ast"
	"go/types"
	"sort"
	"strings"
)

// Context keys of session types.
//
// yaegi gives a type declared in the session the run-time type of its
// underlying type, so two key types of the usual form, `type userKey
// struct{}` and `type reqKey struct{}` (or `type k1 int` and `type k2
// int`), are one type to compiled context: after
// `ctx = context.WithValue(ctx, userKey{}, "ann")` and
// `ctx = context.WithValue(ctx, reqKey{}, 42)`, `ctx.Value(userKey{})` gave
// 42, without an error. A call of context.WithValue whose key (as the type
// oracle of typecheck.go tells) is of a session type that another session
// type looks like at run time (the same underlying type, as ifaceeq.go
// spells it) is refused, naming both types and the workarounds: a key
// type with a layout of its own (`type userKey struct{ userKey bool }`), or
// one key type with distinct values (`type ctxKey int; const (userKey
// ctxKey = iota; reqKey)`). Written for this package.

// ctxKeys refuses the context.WithValue call c described above.
func (r *rewriter) ctxKeys(c *ast.CallExpr) {
	if r.oracle == nil || len(c.Args) != 3 {
		return
	}
	if pkg, fn, ok := r.packageCall(c); !ok || pkg != "context" || fn != "WithValue" {
		return
	}
	named, ok := r.oracle.typeOf(c.Args[1]).(*types.Named)
	if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Name() != "main" || named.TypeArgs().Len() > 0 {
		return
	}
	all := r.sessionTypes()
	t := all[named.Obj().Name()]
	if t == nil {
		return
	}
	key := r.anonKey(t.under, all, 0)
	var like []string
	for name, o := range all {
		if name != t.name && r.anonKey(o.under, all, 0) == key {
			like = append(like, o.user)
		}
	}
	if len(like) == 0 {
		return
	}
	sort.Strings(like)
	r.fail(c.Args[1].Pos(), "context.WithValue with a key of type %s, which the interpreter cannot tell from %s (one run-time type): "+
		"a value stored under one key would be found under the other; give the key type a run-time layout of its own "+
		"(type userKey struct{ userKey bool }) or use one key type with distinct values (type ctxKey int; const (userKey ctxKey = iota; reqKey))", t.user, strings.Join(like, ", "))
}
