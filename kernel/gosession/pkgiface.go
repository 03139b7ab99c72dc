package gosession

import (
	"go/ast"
	"go/types"
	"sort"
	"strconv"
	"strings"
)

// Type assertions and type switches in package files that yaegi gets
// wrong.
//
// yaegi v0.16.1 gives a type declared in interpreted code the run-time
// type of its underlying type (ifaceguard.go), in package files as in
// cells: with `type Celsius float64` and `type Kelvin float64` in a
// package, `any(Kelvin(1)).(Celsius)` succeeded, and a type switch with
// `case Celsius:` and `case float64:` sent both kinds of value to the
// first, without an error. As the cells do, with the package's types
// (pkgtypes.go) a package file refuses
//
//   - a type assertion to a type T of the package (or *T), or a type
//     switch case naming it, when another concrete type declared in the
//     package has T's underlying type (and could be in the asserted
//     interface: it has the interface's methods);
//   - a type switch with a case for a type of the package and a case for
//     its underlying type.
//
// A package file cannot be changed by the user, so the operand of the
// assertion or switch is written, on its line, as a call that panics with
// the construct, the file and line, and the compiled route:
//
//	k, ok := v.(Kelvin)  → k, ok := (func() any { panic("example.com/m/p/f.go:12: the type assertion v.(Kelvin) …") }()).(Kelvin)
//
// An assertion to a type that no other type of the package shares its
// underlying type with is left alone (it is wrong only for an unnamed
// value of that underlying type, as README lists for cells).

// assertLookalike rewrites the type assertion ta as above when it is
// refused.
func (w *pkgGoWriter) assertLookalike(ta *ast.TypeAssertExpr) {
	if w.types == nil || ta.Type == nil {
		return
	}
	if others := w.lookalikes(ta.X, ta.Type); others != "" {
		w.refuseOperand(ta.X, "the type assertion "+types.ExprString(ta)+" cannot tell "+types.ExprString(ta.Type)+" from "+others, lookalikeWhy)
		return
	}
}

// switchLookalike rewrites the operand of the type switch ts as above
// when one of its cases is refused.
func (w *pkgGoWriter) switchLookalike(ts *ast.TypeSwitchStmt) {
	if w.types == nil {
		return
	}
	ta := switchAssert(ts)
	if ta == nil {
		return
	}
	unnamed := map[string]ast.Expr{} // cases of types that are not the package's, by type
	for _, st := range ts.Body.List {
		if cc, ok := st.(*ast.CaseClause); ok {
			for _, e := range cc.List {
				if t := w.types.typeOf(e); t != nil && w.ownNamed(t) == nil && !types.IsInterface(t) {
					unnamed[types.TypeString(t, nil)] = e
				}
			}
		}
	}
	for _, st := range ts.Body.List {
		cc, ok := st.(*ast.CaseClause)
		if !ok {
			continue
		}
		for _, e := range cc.List {
			if others := w.lookalikes(ta.X, e); others != "" {
				w.refuseOperand(ta.X, "the type switch case "+types.ExprString(e)+" cannot tell "+types.ExprString(e)+" from "+others, lookalikeWhy)
				return
			}
			t := w.types.typeOf(e)
			if n := w.ownNamed(t); n != nil && w.structMarks()[n.Obj()] == "" { // a marked struct is not its underlying type (pkglookalike.go)
				under := types.TypeString(n.Underlying(), nil)
				if _, isPtr := t.(*types.Pointer); isPtr {
					under = "*" + under
				}
				if p, ok := unnamed[under]; ok {
					w.refuseOperand(ta.X, "the type switch has both case "+types.ExprString(e)+" and case "+types.ExprString(p)+
						": the interpreter gives "+n.Obj().Name()+" the run-time type "+types.TypeString(n.Underlying(), nil)+
						", so one case takes the values of both", lookalikeWhy)
					return
				}
			}
		}
	}
}

// ownNamed returns the concrete named type of the package that t is, or
// that t points to, or nil.
func (w *pkgGoWriter) ownNamed(t types.Type) *types.Named {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() != w.types.pkg || types.IsInterface(n) || n.TypeParams().Len() > 0 {
		return nil
	}
	return n
}

// lookalikes returns the names of the other concrete types of the package
// with the underlying type of the package's type that te names (or points
// to), among those that may be in the interface value x, joined; or "".
func (w *pkgGoWriter) lookalikes(x, te ast.Expr) string {
	t := w.types.typeOf(te)
	n := w.ownNamed(t)
	if n == nil || strings.Contains(types.TypeString(n.Underlying(), nil), "invalid type") {
		return "" // a type the check could not complete (an import it could not read)
	}
	_, ptr := t.(*types.Pointer)
	xt := w.types.typeOf(x)
	if xt == nil {
		return ""
	}
	iface, _ := xt.Underlying().(*types.Interface)
	if iface == nil {
		return ""
	}
	var others []string
	for _, obj := range w.types.info.Defs {
		tn, ok := obj.(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		o, ok := tn.Type().(*types.Named)
		if !ok || o == n || types.IsInterface(o) || strings.Contains(types.TypeString(o.Underlying(), nil), "invalid type") || o.TypeParams().Len() > 0 || !types.Identical(o.Underlying(), n.Underlying()) {
			continue
		}
		if w.markedApart(n, o) { // pkglookalike.go
			continue
		}
		var held types.Type = o
		if ptr {
			held = types.NewPointer(o)
		}
		if iface.NumMethods() > 0 && !types.Implements(held, iface) {
			continue
		}
		others = append(others, tn.Name())
	}
	if len(others) == 0 {
		return ""
	}
	sort.Strings(others)
	return strings.Join(others, ", ")
}

// lookalikeWhy explains the refusals of lookalikes.
const lookalikeWhy = "the interpreter (yaegi v0.16.1) gives types of the same underlying type one run-time type, so an interface holding one matches the other"

// refuseOperand writes the operand x of a type assertion as a call of
// its type that panics with what, why, the file and line and the
// compiled route.
func (w *pkgGoWriter) refuseOperand(x ast.Expr, what, why string) {
	xt := w.typeText(w.types.typeOf(x))
	if xt == "" {
		xt = "any"
	}
	msg := w.where(x.Pos()) + ": " + what +
		": " + why + "; " +
		"compile the package into the kernel instead: activis-kernel build --with MODULE"
	w.replaceToEnd(w.off(x.Pos()), w.off(x.End()), func() string {
		return "(func() " + xt + " { panic(" + strconv.Quote(msg) + ") }())"
	})
}

// switchAssert returns the type assertion of a type switch's guard
// (`x := v.(type)` or `v.(type)`), or nil.
func switchAssert(ts *ast.TypeSwitchStmt) *ast.TypeAssertExpr {
	var ta *ast.TypeAssertExpr
	switch a := ts.Assign.(type) {
	case *ast.AssignStmt:
		if len(a.Rhs) == 1 {
			ta, _ = unparen(a.Rhs[0]).(*ast.TypeAssertExpr)
		}
	case *ast.ExprStmt:
		ta, _ = unparen(a.X).(*ast.TypeAssertExpr)
	}
	return ta
}
