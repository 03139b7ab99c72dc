package gosession

import (
	"go/ast"
	"go/types"
)

// Map keys holding session values in interface fields.
//
// yaegi v0.16.1 keeps a value of a session type with methods, stored in
// an interface, in a wrapper that holds a pointer to its own copy, so a
// struct or array with an interface field holding such a value is a
// different map key from an equal one: after `seen := map[Holder]bool{h1:
// true}` for `type Holder struct{ Name string; Shape Shape }`,
// `seen[h2]` was false for an h2 equal to h1, without an error (Go:
// true). == between such values compares as Go (compare.go). Where the
// type oracle shows a map key (as ifacemapkey.go finds them: an index, a
// key of a map's composite literal, the key of a delete call) whose type
// holds, below its top, an interface with methods that a session type
// with methods implements, the key is refused, naming the field's
// interface, the type and the workaround. A field of an empty interface
// type is not (it holds numbers and strings bare, which key as in Go; a
// session value with methods in it still makes a key of its own: README
// lists it). Written for this package.

// refuseWrappedKey fails on the map key k as described above.
func (r *rewriter) refuseWrappedKey(k ast.Expr) {
	tv, ok := r.oracle.info.Types[k]
	if !ok || tv.Type == nil {
		return
	}
	iface, held := r.wrappedInside(tv.Type, 0)
	if held == "" {
		return
	}
	r.fail(k.Pos(), "a map key of type %s, which holds a %s that may be a %s: the interpreter keeps such a value in a wrapper of its "+
		"own, so two equal keys would be different keys (in Go they are one); key the map by values without interfaces inside "+
		"(a string or an ID), or find the entry with == over a slice",
		types.TypeString(tv.Type, sessionQualifier), types.TypeString(iface, sessionQualifier), held)
}

// wrappedInside returns an interface type inside t below depth 0 (a
// struct field, an array element, through named types) and a session
// type with methods that implements it, or "".
func (r *rewriter) wrappedInside(t types.Type, depth int) (types.Type, string) {
	if depth > 16 {
		return nil, ""
	}
	switch u := t.Underlying().(type) {
	case *types.Interface:
		if depth == 0 || u.NumMethods() == 0 {
			return nil, "" // an any field holds ints and strings bare, which key as Go
		}
		var want []string
		for i := range u.NumMethods() {
			want = append(want, u.Method(i).Name())
		}
		all := r.sessionTypes()
		for _, n := range r.sessionTypeNames() {
			nt := all[n]
			if _, isIface := unparen(nt.under).(*ast.InterfaceType); isIface || !nt.hasMethods() {
				continue
			}
			for _, ptr := range []bool{false, true} {
				if nt.implements(want, ptr) {
					if ptr {
						return t, "*" + nt.user
					}
					return t, nt.user
				}
			}
		}
	case *types.Struct:
		for i := range u.NumFields() {
			if it, held := r.wrappedInside(u.Field(i).Type(), depth+1); held != "" {
				return it, held
			}
		}
	case *types.Array:
		return r.wrappedInside(u.Elem(), depth+1)
	}
	return nil, ""
}
