package gosession

import (
	"go/ast"
	"go/types"
	"sort"
	"strconv"
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

//
// For the same reason a key of a session type whose underlying type is a
// basic one (`type ctxKey string`) cannot be told from a plain value of
// that basic type: after `context.WithValue(ctx, ctxKey("user"), "ann")`,
// `ctx.Value("user")` gave "ann" (Go: nil), and the other way round.
// Every key of context.WithValue and of a Value method of package
// context (ctx.Value, also promoted through an embedded context.Context)
// whose type the oracle shows is noted in the session (state.ctxKeys):
// its class (a session type, or a plain basic type), its basic kind and,
// for a constant, its value. A call whose key meets a key of the other
// class noted in this or an earlier cell, of the same kind and with the
// same value (or one of them not a constant), is refused, naming both
// keys and the workaround: use the key type on both sides
// (`ctx.Value(ctxKey("user"))`). The idiom itself, a key type on both
// sides, runs as before, and so do plain keys that no session key meets.
// A key held in an interface (`func get(ctx context.Context, k any) any {
// return ctx.Value(k) }`) is not seen (README lists it). Cells that call
// such functions are type-checked even in a session without declared
// types (ctxNeedsTypes), so a plain key used before the key type is
// declared is noted too.

// ctxKeyUse is one key of a context call noted by ctxKeyCheck.
type ctxKeyUse struct {
	session bool            // a key of a session type (else a plain basic type)
	kind    types.BasicKind // the basic (underlying) kind
	value   string          // the constant's exact value, "" when not a constant
	text    string          // the key as written, for messages
	where   string          // the cell line it was seen on
}

// ctxKeyUses are the context keys a session's cells used (ctxkey.go).
type ctxKeyUses struct {
	list []ctxKeyUse
}

// noteCtxKey records u and returns a recorded key of the other class that
// a value of u's class could be confused with, if any.
func (sc sessionScope) noteCtxKey(u ctxKeyUse) (ctxKeyUse, bool) {
	sc.s.mu.Lock()
	defer sc.s.mu.Unlock()
	keys := &sc.st.ctxKeys
	for _, o := range keys.list {
		if o.session != u.session && o.kind == u.kind && (o.value == "" || u.value == "" || o.value == u.value) {
			return o, true
		}
	}
	for _, o := range keys.list {
		if o.session == u.session && o.kind == u.kind && o.value == u.value && o.text == u.text {
			return ctxKeyUse{}, false
		}
	}
	keys.list = append(keys.list, u)
	return ctxKeyUse{}, false
}

// ctxKeys refuses the context.WithValue call c described above, and the
// context calls whose keys meet keys of the other class (ctxKeyCheck).
func (r *rewriter) ctxKeys(c *ast.CallExpr) {
	if r.oracle == nil {
		return
	}
	if key := r.ctxKeyArg(c); key != nil {
		r.ctxKeyCheck(key)
	}
	if r.err != nil || len(c.Args) != 3 {
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

// ctxKeyArg returns the key argument of c when c calls context.WithValue
// or a Value method declared in package context, or nil.
func (r *rewriter) ctxKeyArg(c *ast.CallExpr) ast.Expr {
	return contextKeyArg(r.oracle.info, c)
}

// contextKeyArg returns the key argument of c when info shows that c
// calls context.WithValue or a Value method declared in package context,
// or nil.
func contextKeyArg(info *types.Info, c *ast.CallExpr) ast.Expr {
	sel, ok := unparen(c.Fun).(*ast.SelectorExpr)
	if !ok || c.Ellipsis.IsValid() {
		return nil
	}
	var fn *types.Func
	if s := info.Selections[sel]; s != nil {
		if s.Kind() != types.MethodVal || !declaredInContext(s) {
			return nil
		}
		fn, _ = s.Obj().(*types.Func)
	} else if fn, _ = info.Uses[sel.Sel].(*types.Func); fn != nil && (fn.Pkg() == nil || fn.Pkg().Path() != "context") {
		return nil
	}
	if fn == nil {
		return nil
	}
	switch {
	case fn.Name() == "WithValue" && len(c.Args) == 3:
		return c.Args[1]
	case fn.Name() == "Value" && len(c.Args) == 1:
		return c.Args[0]
	}
	return nil
}

// declaredInContext reports whether the method s selects is declared by
// a type of package context (context.Context, also embedded in a session
// struct): the types converted from the interpreter's symbols give
// interface methods no package, so the type along s's path is asked.
func declaredInContext(s *types.Selection) bool {
	t := s.Recv()
	idx := s.Index()
	for _, i := range idx[:len(idx)-1] {
		u := types.Unalias(t)
		if p, ok := u.(*types.Pointer); ok {
			u = p.Elem()
		}
		st, ok := u.Underlying().(*types.Struct)
		if !ok || i >= st.NumFields() {
			return false
		}
		t = st.Field(i).Type()
	}
	u := types.Unalias(t)
	if p, ok := u.(*types.Pointer); ok {
		u = p.Elem()
	}
	n, ok := u.(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context"
}

// ctxKeyCheck notes the context key key and refuses it when it meets a
// key of the other class (see above).
func (r *rewriter) ctxKeyCheck(key ast.Expr) {
	tv, ok := r.oracle.info.Types[key]
	if !ok || tv.Type == nil {
		return
	}
	u := ctxKeyUse{text: types.ExprString(key)}
	switch t := types.Unalias(tv.Type).(type) {
	case *types.Basic:
		if t.Info()&types.IsUntyped != 0 {
			t = types.Default(t).(*types.Basic)
		}
		u.kind = t.Kind()
	case *types.Named:
		b, ok := t.Underlying().(*types.Basic)
		if !ok || t.Obj().Pkg() == nil || t.Obj().Pkg().Name() != "main" || t.TypeArgs().Len() > 0 {
			return
		}
		u.session, u.kind = true, b.Kind()
		if nt := r.sessionTypes()[t.Obj().Name()]; nt != nil {
			u.text += " (of type " + nt.user + ")"
		} else {
			u.text += " (of type " + t.Obj().Name() + ")"
		}
	default:
		return
	}
	if u.kind == types.Invalid || u.kind == types.UntypedNil {
		return
	}
	if tv.Value != nil {
		u.value = tv.Value.ExactString()
	}
	line := r.fset.Position(key.Pos()).Line
	u.where = "line " + strconv.Itoa(line)
	if r.where != nil {
		u.where = r.where(line)
	}
	k, ok := r.sc.(interface {
		noteCtxKey(u ctxKeyUse) (ctxKeyUse, bool)
	})
	if !ok {
		return
	}
	o, clash := k.noteCtxKey(u)
	if !clash {
		return
	}
	sessionKey, plain := o, u
	if u.session {
		sessionKey, plain = u, o
	}
	r.fail(key.Pos(), "context key %s, while the session also uses the context key %s (%s): the interpreter gives a type "+
		"declared in the session the run-time type of its underlying type, so a context would find a value stored "+
		"under one key by the other (Go: nil); use the key type on both sides (%s), or give it a run-time layout of "+
		"its own (type %s struct{ name string })", u.text, o.text, o.where, ctxKeyFix(sessionKey, plain), ctxKeyType(sessionKey))
}

// ctxKeyType returns the session type of a key of a session type.
func ctxKeyType(sessionKey ctxKeyUse) string {
	typ := sessionKey.text
	if i := strings.LastIndex(typ, " (of type "); i >= 0 {
		typ = strings.TrimSuffix(typ[i+len(" (of type "):], ")")
	}
	return typ
}

// ctxKeyFix writes the plain key converted to the session key's type, as
// the workaround: ctx.Value(ctxKey("user")).
func ctxKeyFix(sessionKey, plain ctxKeyUse) string {
	typ := ctxKeyType(sessionKey)
	p := plain.text
	if i := strings.LastIndex(p, " (of type "); i >= 0 {
		p = p[:i]
	}
	return "ctx.Value(" + typ + "(" + p + "))"
}

// ctxNeedsTypes reports whether the group f calls a Value method or
// context.WithValue, whose keys ctxKeys notes with the type oracle even
// in a session that declares no types.
func ctxNeedsTypes(f *ast.File) bool {
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if sel, ok := c.Fun.(*ast.SelectorExpr); ok && (sel.Sel.Name == "Value" && len(c.Args) == 1 ||
				sel.Sel.Name == "WithValue" && len(c.Args) == 3) {
				found = true
			}
		}
		return !found
	})
	return found
}
