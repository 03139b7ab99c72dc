package gosession

import (
	"go/ast"
	"go/types"
)

// Print methods promoted from embedded fields.
//
// A struct that embeds a type with a String, Error or GoString method has
// that method too (`type Item struct{ Base; Name string }` with `func (b
// Base) String() string`), and fmt calls it for the struct: Go prints
// `Base#7` for `%+v` of an Item and `[Base#1 Base#2]` for a `[]Item`. The
// session's record of each type's methods (namedType, ifaceguard.go) held
// only the methods declared on the type, so the walks that print values
// of session types (gosyntax.go, nestedprint.go) printed the fields
// (`{Base:Base#7 Name:pen}`, `[{Base#1 a} {Base#2 b}]`) without an error.
// Where the type oracle (typecheck.go) knows the struct, its print
// methods promoted by Go's rules (depth, shadowing, ambiguity, embedded
// pointers, methods of compiled types and interfaces) are added to the
// record; where it does not (the check covers the types a group names, and
// a []Shape holding a Square{Rect} printed `[{rect 2x2}]`), those the
// session types it embeds declare (promotesFrom). Only the print methods: the other uses of the record are about
// how yaegi represents a value, which only declared methods change.
// Written for this package.

// promotedPrintMethods are the methods fmt calls that promotion adds.
var promotedPrintMethods = []string{"Error", "String", "GoString"}

// promoteMethods adds to each struct type of all the print methods Go
// promotes to it and to its pointer.
func (r *rewriter) promoteMethods(all map[string]*namedType) {
	if r.oracle == nil || r.oracle.pkg == nil {
		return
	}
	for _, nt := range all {
		// By the interpreter's name, as the type check names a type
		// declared again (Item_v1; by the user's name, a struct printed
		// after its declaration ran again lost its promoted String).
		tn, ok := r.oracle.pkg.Scope().Lookup(nt.name).(*types.TypeName)
		if !ok {
			// A type the group does not name: from the declarations of
			// the session types it embeds.
			for _, m := range promotedPrintMethods {
				switch {
				case nt.methods[m] || nt.ptrMethods[m]:
				case r.promotesFrom(all, nt, m, false, 0):
					nt.methods[m] = true
				case r.promotesFrom(all, nt, m, true, 0):
					nt.ptrMethods[m] = true
				}
			}
			continue
		}
		if _, ok := tn.Type().Underlying().(*types.Struct); !ok {
			continue
		}
		addPromoted(nt, tn.Type())
	}
}

// addPromoted adds to nt the print methods in the method sets of t and
// *t that nt does not declare.
func addPromoted(nt *namedType, t types.Type) {
	value, ptr := types.NewMethodSet(t), types.NewMethodSet(types.NewPointer(t))
	for _, m := range promotedPrintMethods {
		switch {
		case nt.methods[m] || nt.ptrMethods[m]:
		case value.Lookup(nil, m) != nil:
			nt.methods[m] = true
		case ptr.Lookup(nil, m) != nil:
			nt.ptrMethods[m] = true
		}
	}
}

// implementsPromoted reports whether the struct type t (its pointer when
// ptr) has every method in want, counting the methods Go promotes from
// its embedded fields where the type oracle knows t: a type assertion of
// a C embedding B to interface{ f() } is true when B has f
// (typeswitch.go's candidates; the record holds only declared methods).
func (r *rewriter) implementsPromoted(t *namedType, want []string, ptr bool) bool {
	if t.implements(want, ptr) {
		return true
	}
	typ := r.oracleType(t, ptr)
	if typ == nil {
		// A type the group does not name, which the check left out: the
		// methods its embedded session types declare.
		for _, m := range want {
			if !r.promotesByName(t, m, ptr, 0) {
				return false
			}
		}
		return true
	}
	ms := types.NewMethodSet(typ)
	for _, m := range want {
		if ms.Lookup(r.oracle.pkg, m) == nil {
			return false
		}
	}
	return true
}

// oracleType returns the type checker's type of the session type t (its
// pointer when ptr), or nil where the type oracle does not know it; by
// the interpreter's name, as promoteMethods.
func (r *rewriter) oracleType(t *namedType, ptr bool) types.Type {
	if r.oracle == nil || r.oracle.pkg == nil {
		return nil
	}
	tn, ok := r.oracle.pkg.Scope().Lookup(t.name).(*types.TypeName)
	if !ok {
		return nil
	}
	if ptr {
		return types.NewPointer(tn.Type())
	}
	return tn.Type()
}

// promotesByName reports whether the session type t (its pointer when
// ptr) has method m, declared or promoted from the session types its
// struct embeds, from their declarations alone: where the check does not
// know t (a %T or a print of a Shape holding a `Square{Rect}` in a group
// that does not name Square took none of Square's cases). Ambiguous
// promotions are not told apart.
func (r *rewriter) promotesByName(t *namedType, m string, ptr bool, depth int) bool {
	return r.promotesFrom(r.sessionTypes(), t, m, ptr, depth)
}

// promotesFrom is promotesByName over the session types all.
func (r *rewriter) promotesFrom(all map[string]*namedType, t *namedType, m string, ptr bool, depth int) bool {
	if t.methods[m] || ptr && t.ptrMethods[m] {
		return true
	}
	st, ok := unparen(t.under).(*ast.StructType)
	if !ok || st.Fields == nil || depth > 4 {
		return false
	}
	for _, f := range st.Fields.List {
		if len(f.Names) != 0 {
			continue
		}
		ft, viaPtr := f.Type, ptr
		if s, ok := ft.(*ast.StarExpr); ok {
			ft, viaPtr = s.X, true
		}
		id, ok := unparen(ft).(*ast.Ident)
		if !ok {
			continue
		}
		if e := all[id.Name]; e != nil && r.promotesFrom(all, e, m, viaPtr, depth+1) {
			return true
		}
	}
	return false
}
