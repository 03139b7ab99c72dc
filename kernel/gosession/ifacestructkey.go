package gosession

import (
	"go/ast"
	"go/types"
)

// Session struct values as keys of maps with interface keys.
//
// yaegi v0.16.1 stores a value of a session struct type without methods
// in an interface as a value of its unnamed struct type, so as a key of a
// map with interface keys it is the same key as a value of another such
// type with the same fields, or of the unnamed struct type: `m[A{1}] = 1;
// m[struct{ X int }{1}] = 2` for `m := map[any]int{}` left one entry (Go:
// two), as did `m[A{1}]; m[B{1}]`. (A type with methods is held in
// yaegi's wrapper, which keeps it apart.) Where the type oracle shows a
// map with interface keys, a key (as ifacemapkey.go finds them) of such a
// session struct type is refused when the session declares another type
// of the same shape (lookalikes) or a cell wrote an unnamed struct type
// of those fields, and a composite literal of an unnamed struct type as a
// key when the session declares such a type without methods. Written for
// this package.

// refuseStructKey fails on the map key k of type t as described above and
// reports whether it did.
func (r *rewriter) refuseStructKey(k ast.Expr, t types.Type) bool {
	const fix = "key the map by one concrete type (map[%s]int), or give the struct types a method (a value with methods keeps its type)"
	if _, ok := t.(*types.Struct); ok {
		lit, ok := unparen(k).(*ast.CompositeLit)
		if !ok || lit.Type == nil {
			return false
		}
		st, ok := unparen(lit.Type).(*ast.StructType)
		if !ok {
			return false
		}
		shape := types.ExprString(st)
		all := r.sessionTypes()
		for _, n := range r.sessionTypeNames() {
			nt := all[n]
			if s, isStruct := r.shape(nt); isStruct && s == shape && !nt.hasMethods() {
				r.fail(k.Pos(), "a value of an unnamed struct type as a key of a map with interface keys, while the session declares %s with the same fields: "+
					"the interpreter stores a value of %s as its unnamed struct type, so they would be the same key (in Go they differ); "+fix,
					nt.user, nt.user, nt.user)
				return true
			}
		}
		return false
	}
	named, ok := t.(*types.Named)
	if !ok || named.Obj().Pkg() != r.oracle.pkg || named.TypeArgs().Len() > 0 {
		return false
	}
	if _, ok := named.Underlying().(*types.Struct); !ok {
		return false
	}
	var nt *namedType
	for _, u := range r.sessionTypes() {
		if u.user == named.Obj().Name() {
			nt = u
		}
	}
	if nt == nil || nt.hasMethods() {
		return false
	}
	like := append(r.lookalikes(nt, false, nil), r.unnamedLookalikes(nt, nil)...) // ifaceguard.go, ifaceeq.go
	if len(like) == 0 {
		return false
	}
	r.fail(k.Pos(), "a value of session type %s as a key of a map with interface keys: the interpreter stores it as its unnamed struct type, "+
		"so it is the same key as a value of %s with the same fields (in Go they differ); "+fix, nt.user, like[0], nt.user)
	return true
}
