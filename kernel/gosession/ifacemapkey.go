package gosession

import (
	"go/ast"
	"go/types"
	"sort"
)

// Session values as keys of maps with interface keys.
//
// yaegi v0.16.1 stores a value of a session type whose underlying type is
// a number, a string or a bool in an interface as its underlying value
// (ifaceguard.go), methods or not, so as a key of a map with interface
// keys it is the same key as the plain value: `m[Level(1)] = 1; m[1] = 2`
// for `m := map[any]int{}` left one entry (Go: two). Where the type
// oracle shows a map with interface keys, a key (an index, a key of its
// composite literal, the key of a delete call) of such a session type is
// refused, and so is a key of interface type whose origins
// (ifaceorigin.go) are unknown or may be such a type while the session
// declares one; keys of other types run as before.
//
// A map whose key type is an interface with methods declared in the
// session is refused where its type is written (sessionIfaceKeys): yaegi
// compares such keys by the wrapper each conversion made, not by the
// value, so counting `[]Shape{p, p, Circle{1}, Circle{1}}` into a
// `map[Shape]int` made 4 keys (Go: 2), and `m[a] = 1` then `m[b]` for
// `var a, b Shape = p, p` gave 0, without an error; so is a key of such
// an interface type for a map with `any` keys, which held the same
// wrappers (4 keys for the values above). Written for this package.

// ifaceMapKey refuses n's map keys as described above.
func (r *rewriter) ifaceMapKey(n ast.Node) {
	if r.err != nil || r.oracle == nil {
		return
	}
	switch x := n.(type) {
	case *ast.MapType:
		r.sessionIfaceKeys(x)
	case *ast.IndexExpr:
		if r.isMap(x.X) {
			r.refuseWrappedKey(x.Index) // wrappedkey.go
		}
		if r.ifaceKeyed(x.X) {
			r.refuseMapKey(x.Index)
		}
	case *ast.CompositeLit:
		if r.isMap(x) {
			for _, e := range x.Elts {
				if kv, ok := e.(*ast.KeyValueExpr); ok && r.err == nil {
					r.refuseWrappedKey(kv.Key)
				}
			}
		}
		if !r.ifaceKeyed(x) {
			return
		}
		for _, e := range x.Elts {
			if kv, ok := e.(*ast.KeyValueExpr); ok {
				r.refuseMapKey(kv.Key)
			}
		}
	case *ast.CallExpr:
		if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "delete" && id.Obj == nil && len(x.Args) == 2 && r.isMap(x.Args[0]) {
			r.refuseWrappedKey(x.Args[1])
		}
		if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "delete" && id.Obj == nil && len(x.Args) == 2 && r.ifaceKeyed(x.Args[0]) {
			r.refuseMapKey(x.Args[1])
		}
	}
}

// sessionIfaceKeys refuses the map type m when its key type is an
// interface with methods declared in the session.
func (r *rewriter) sessionIfaceKeys(m *ast.MapType) {
	if name := r.sessionMethodIface(r.oracle.info.TypeOf(m.Key)); name != "" {
		r.fail(m.Pos(), "a map keyed by %s, an interface declared in the session: %s", name, ifaceKeyWhy(name))
	}
}

// ifaceKeyWhy tells why a key of the session's interface type name is
// refused, and the workaround.
func ifaceKeyWhy(name string) string {
	return "the interpreter compares such keys by how each value was converted to " + name + ", not by the value, so equal values make different keys (in Go they are one); " +
		"key the map by the concrete type (map[*T]…) or by a comparable field or ID"
}

// sessionMethodIface returns the name of t when it is an interface with
// methods declared in the session ("" otherwise).
func (r *rewriter) sessionMethodIface(t types.Type) string {
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Pkg() != r.oracle.pkg {
		return ""
	}
	if it, ok := named.Underlying().(*types.Interface); ok && it.NumMethods() > 0 {
		return named.Obj().Name()
	}
	return ""
}

// isMap reports whether the type oracle shows e is a map.
func (r *rewriter) isMap(e ast.Expr) bool {
	tv, ok := r.oracle.info.Types[e]
	if !ok || tv.Type == nil {
		return false
	}
	_, ok = tv.Type.Underlying().(*types.Map)
	return ok
}

// ifaceKeyed reports whether the type oracle shows e is a map with
// interface keys.
func (r *rewriter) ifaceKeyed(e ast.Expr) bool {
	tv, ok := r.oracle.info.Types[e]
	if !ok || tv.Type == nil {
		return false
	}
	m, ok := tv.Type.Underlying().(*types.Map)
	return ok && isInterfaceNotParam(m.Key())
}

// isInterfaceNotParam reports whether t is an interface type and not a
// type parameter (`map[K]V` of a generic type with K cmp.Ordered has
// keys of K's type argument).
func isInterfaceNotParam(t types.Type) bool {
	_, param := t.(*types.TypeParam)
	return !param && types.IsInterface(t)
}

// refuseMapKey fails on the key k if it may hold a value of a session
// type that the interpreter stores as its underlying value.
func (r *rewriter) refuseMapKey(k ast.Expr) {
	tv, ok := r.oracle.info.Types[k]
	if !ok || tv.Type == nil {
		return
	}
	if name := r.sessionMethodIface(tv.Type); name != "" {
		r.fail(k.Pos(), "a key of type %s, an interface declared in the session, for a map with interface keys: %s", name, ifaceKeyWhy(name))
		return
	}
	const fix = "key the map by one concrete type (map[Level]int), or wrap the keys in a struct type of the session's own (struct{ L Level })"
	if r.refuseStructKey(k, tv.Type) { // ifacestructkey.go
		return
	}
	if name := r.plainSessionType(tv.Type); name != "" {
		r.fail(k.Pos(), "a value of session type %s as a key of a map with interface keys: the interpreter stores it as its underlying %s, so it is the same key as the plain value (in Go they differ); %s",
			name, tv.Type.Underlying(), fix)
		return
	}
	if !isInterfaceNotParam(tv.Type) {
		return
	}
	declared := r.plainSessionTypes()
	if len(declared) == 0 {
		return
	}
	origins := r.originTypes(k, 0)
	if len(origins) == 0 {
		r.fail(k.Pos(), "a key of interface type for a map with interface keys, while the session declares %s: the interpreter stores a value of such a type as its underlying value, so it would be the same key as the plain value (in Go they differ); %s",
			declared[0], fix)
		return
	}
	for _, o := range origins {
		if ot, ok := r.oracle.info.Types[o]; ok && ot.Type != nil {
			if name := r.plainSessionType(ot.Type); name != "" {
				r.fail(k.Pos(), "a key that may hold a %s for a map with interface keys: the interpreter stores it as its underlying %s, so it is the same key as the plain value (in Go they differ); %s",
					name, ot.Type.Underlying(), fix)
				return
			}
		} else if nt, _ := r.assertedType(o); nt != nil && r.plainSessionType(r.oracleNamed(nt.user)) != "" {
			r.fail(k.Pos(), "a key that may hold a %s for a map with interface keys: the interpreter stores it as its underlying value, so it is the same key as the plain value (in Go they differ); %s",
				nt.user, fix)
			return
		}
	}
}

// plainSessionType returns the name of t if it is a type declared in
// the session whose underlying type is a number, string or bool, or "".
func (r *rewriter) plainSessionType(t types.Type) string {
	named, ok := t.(*types.Named)
	if !ok || named.Obj().Pkg() != r.oracle.pkg {
		return ""
	}
	if _, ok := named.Underlying().(*types.Basic); !ok {
		return ""
	}
	return named.Obj().Name()
}

// oracleNamed returns the type the oracle knows by the session name, or
// an invalid type.
func (r *rewriter) oracleNamed(name string) types.Type {
	if tn, ok := r.oracle.pkg.Scope().Lookup(name).(*types.TypeName); ok {
		return tn.Type()
	}
	return types.Typ[types.Invalid]
}

// plainSessionTypes returns the sorted names of the session's package
// level types that plainSessionType takes.
func (r *rewriter) plainSessionTypes() []string {
	var out []string
	sc := r.oracle.pkg.Scope()
	for _, name := range sc.Names() {
		if tn, ok := sc.Lookup(name).(*types.TypeName); ok && r.plainSessionType(tn.Type()) != "" {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}
