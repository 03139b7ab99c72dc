package gosession

import (
	"go/ast"
	"go/types"
)

// Assertions to a struct type whose methods come through an embedded
// pointer.
//
// yaegi v0.16.1 refused a type assertion from a non-empty interface to a
// struct type that implements it through the methods of an embedded
// pointer field: with `type Model struct{ *base; acc float64 }` and
// `func (b *base) Name() string`, `n.(Model)` for `n Named` failed to
// compile, "impossible type assertion: main.Model does not implement
// main.Named as "Name" method has a pointer receiver" (plain yaegi too),
// and so did a type switch with `case Model:`; Go's method set of Model
// holds Name. The same assertion from an empty interface compiles and
// holds at run time, so the operand of such an assertion or type switch
// is converted to any first, which asserts the same:
//
//	n.(Model)  →  any(n).(Model)
//
// Written for this package.

// promotedPtrAsserts rewrites the assertions and type switches under n
// described above.
func (r *rewriter) promotedPtrAsserts(n ast.Node) {
	if r.oracle == nil {
		return
	}
	ast.Inspect(n, func(m ast.Node) bool {
		switch x := m.(type) {
		case *ast.TypeAssertExpr:
			// Any operand: Go requires an interface, and any(x) of an
			// empty one changes nothing (the type switches the rewrites
			// turned into assertions hold their operand in a variable the
			// type check does not know).
			if x.Type != nil && !isAnyConv(x.X) && r.embedsPointer(x.Type) {
				x.X = anyOf(x.X)
			}
		case *ast.TypeSwitchStmt:
			ta := typeSwitchAssert(x)
			if ta == nil || !r.nonEmptyIface(ta.X) {
				return true
			}
			for _, s := range x.Body.List {
				cc, ok := s.(*ast.CaseClause)
				if !ok {
					continue
				}
				for _, t := range cc.List {
					if r.embedsPointer(t) {
						ta.X = anyOf(ta.X)
						return true
					}
				}
			}
		}
		return true
	})
}

// typeSwitchAssert returns the x.(type) of a type switch.
func typeSwitchAssert(s *ast.TypeSwitchStmt) *ast.TypeAssertExpr {
	var e ast.Expr
	switch a := s.Assign.(type) {
	case *ast.AssignStmt:
		if len(a.Rhs) == 1 {
			e = a.Rhs[0]
		}
	case *ast.ExprStmt:
		e = a.X
	}
	ta, _ := unparen(e).(*ast.TypeAssertExpr)
	return ta
}

// nonEmptyIface reports whether the type check gives e an interface type
// with methods.
func (r *rewriter) nonEmptyIface(e ast.Expr) bool {
	t := r.oracle.typeOf(e)
	if t == nil {
		return false
	}
	it, ok := t.Underlying().(*types.Interface)
	return ok && it.NumMethods() > 0
}

// embedsPointer reports whether the type expression e names a struct type
// (or a pointer to one) with an embedded pointer field.
func (r *rewriter) embedsPointer(e ast.Expr) bool {
	tv, ok := r.oracle.info.Types[e]
	if !ok || !tv.IsType() || tv.Type == nil {
		// A type a rewrite wrote: a session struct type by its name.
		if s, ok := unparen(e).(*ast.StarExpr); ok {
			e = s.X
		}
		id, ok := unparen(e).(*ast.Ident)
		if !ok {
			return false
		}
		nt := r.sessionTypes()[id.Name]
		if nt == nil {
			return false
		}
		st, ok := unparen(nt.under).(*ast.StructType)
		if !ok || st.Fields == nil {
			return false
		}
		for _, f := range st.Fields.List {
			if _, ptr := f.Type.(*ast.StarExpr); ptr && len(f.Names) == 0 {
				return true
			}
		}
		return false
	}
	t := tv.Type
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := range st.NumFields() {
		if f := st.Field(i); f.Embedded() {
			if _, ptr := f.Type().(*types.Pointer); ptr {
				return true
			}
		}
	}
	return false
}

// anyOf returns any(e).
func anyOf(e ast.Expr) ast.Expr {
	return &ast.CallExpr{Fun: &ast.Ident{NamePos: e.Pos(), Name: "any"}, Lparen: e.Pos(), Args: []ast.Expr{e}, Rparen: e.End()}
}

// isAnyConv reports whether e is any(x), as promotedPtrAsserts writes it.
func isAnyConv(e ast.Expr) bool {
	c, ok := e.(*ast.CallExpr)
	if !ok || len(c.Args) != 1 {
		return false
	}
	id, ok := c.Fun.(*ast.Ident)
	return ok && id.Name == "any"
}
