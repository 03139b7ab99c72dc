package gosession

import (
	"go/ast"
	"go/types"
)

// Session structs asserted to interfaces whose methods they have by name
// only.
//
// yaegi v0.16.1 decides whether a value of a struct type declared in the
// session implements an interface by the names of its methods: with
// `func (v V) Copy() V`, `any(V{1}).(interface{ Copy() any })` succeeded,
// a type switch took `case Copier:` for a V, and `func (v V) Scale(f int)
// V` satisfied `interface{ Scale(float64) V }`, all without an error (Go:
// V implements none of them). The session's type tests ask each of its
// struct types in turn for an interface declared in the session or an
// interface literal (typeswitch.go's candidates); a candidate whose
// methods have the names now also needs their signatures, as the type
// check gives them, to answer true. (Values of compiled types, and of
// session types of other kinds, were answered as Go answers.) Written
// for this package.

// implementsSigs reports whether t (or *t, ptr) implements the interface
// type e by the signatures of its methods, as the type check gives them;
// true where it cannot tell (the names matched already).
func (r *rewriter) implementsSigs(t *namedType, ptr bool, e ast.Expr) bool {
	typ := r.oracleType(t, ptr) // promoted.go
	if typ == nil {
		return true
	}
	it, ok := underIface(r.oracle.info.TypeOf(e))
	if !ok {
		return true
	}
	return types.Implements(typ, it)
}

// underIface returns the interface underlying t, if any.
func underIface(t types.Type) (*types.Interface, bool) {
	if t == nil {
		return nil, false
	}
	it, ok := t.Underlying().(*types.Interface)
	return it, ok
}
