package gosession

import (
	"go/ast"
	"go/types"
	"strings"
)

// Type switches on an empty interface in package files.
//
// In a package file interpreted from source, yaegi v0.16.1's type switch
// on a value held in `any` never takes a case naming a type with methods
// or an interface type once the switch binds a variable (which
// pkgtypeswitch.go gives every switch, since without one it takes no case
// of the package's types): with `type N struct{ X int }` having a String
// method and `*P` a pointer one, `switch x := v.(type) { case *P: … case
// N: … }` ran the default for both, and `case fmt.Stringer:` took
// neither, without an error. Comma-ok assertions of the same types are
// right, so such a switch is served, on the same lines, as an expression
// switch over them, as assertChain does in cells (typeswitch.go):
//
//	switch x := v.(type) {         switch _activisTSX1 := (v); {
//	case *P:                  →    case _activisTSX1 != nil && func() bool { _, ok := _activisTSX1.(*P); return ok }(): x := _activisTSX1.(*P); _ = x
//	case N, nil:                   case (… N …) || _activisTSX1 == nil: x := _activisTSX1; _ = x
//	default:                       default: x := _activisTSX1; _ = x
//
// (an init statement moves before the switch in a block of its own, the
// label to the switch). The value bound for a compiled interface (`case
// fmt.Stringer:`) is asserted through the package's concrete types that
// implement it, as pkgifaceassert.go does: asserted directly, its methods
// panicked (reflect: Method on nil interface value). Switches on a
// compiled interface (error, fmt.Stringer) are pkgifaceassert.go's; on an
// interface of the package, yaegi's type switch is right but for `case
// nil`, which a nil value never took (`kind(nil)` ran the default): such
// a switch with a nil case is served the same way. So is a switch on an
// empty interface with a case that uses a type parameter: instantiated,
// it may repeat another case (`case map[K]V:` and `case map[K]any:` with
// V any, in github.com/spf13/cast's toMapE), which Go allows (the first
// matching case runs) and yaegi refused ("duplicate case in type
// switch"), failing the package's import.

// pkgAssertChain rewrites the type switch ts (labelled label, or nil) as
// above when its operand is an empty interface and a case names a type
// with methods or an interface type, or its operand is a non-empty
// interface of interpreted code and a case is nil; it reports whether it
// did.
func (w *pkgGoWriter) pkgAssertChain(ts *ast.TypeSwitchStmt, label *ast.LabeledStmt) bool {
	if w.types == nil {
		return false
	}
	ta := switchAssert(ts) // pkgiface.go
	if ta == nil {
		return false
	}
	xt := w.types.typeOf(ta.X)
	if xt == nil {
		return false
	}
	it, ok := xt.Underlying().(*types.Interface)
	if !ok {
		return false
	}
	need, hasNil, ownCase, ifaceCase := false, false, false, false
	for _, st := range ts.Body.List {
		for _, e := range st.(*ast.CaseClause).List {
			if isNilIdent(e) {
				hasNil = true
				continue
			}
			t := w.types.typeOf(e)
			if t == nil {
				return false // a type the check does not know: left as it is
			}
			if types.IsInterface(t) || types.NewMethodSet(t).Len() > 0 || types.NewMethodSet(types.NewPointer(t)).Len() > 0 ||
				holdsTypeParam(t, map[types.Type]bool{}) { // typeargs.go
				need = true
			}
			ownCase = ownCase || w.ownNamed(t) != nil || w.ownInstance(t) // an instance of its generic types too (`case Box[int]:`)
			ifaceCase = ifaceCase || types.IsInterface(t)
		}
	}
	if it.NumMethods() != 0 {
		// On a non-empty interface of interpreted code, yaegi's switch is
		// right but for `case nil`, which a nil value never took
		// (describe(nil) ran no case). On a compiled interface (error),
		// it ran no case of the package's concrete types, whose comma-ok
		// assertions are right: github.com/hashicorp/go-multierror's
		// Append, `switch err := err.(type) { case *Error: … }` given
		// &Error{}, was refused (switchCompiledIface); it is served the
		// same way unless a case is an interface type, whose assertion
		// pkgifaceassert.go would have to write; so is a case of an
		// instance of the package's generic types (`case Box[int]:` ran
		// the default), which pkgstructwrap.go's conversions assert back.
		own := w.types.pkg
		need = hasNil && sourceIface(xt, func(p *types.Package) bool { return compiledPackage(p, own) }) ||
			w.compiledIface(xt) && ownCase && !ifaceCase
	}
	if !need {
		return false
	}
	v := ""
	if as, ok := ts.Assign.(*ast.AssignStmt); ok {
		if id, ok := as.Lhs[0].(*ast.Ident); ok && id.Name != "_" {
			v = id.Name
		}
	}
	tmp := w.temp("TSX")
	if !w.replaceSwitchHeader(ts, label, ts.Init, ts.Body.Lbrace, func() string { // pkgswitch.go
		return "switch " + tmp + " := (" + w.node(ta.X) + ");"
	}) {
		return false
	}
	// Each case's literal asserting tmp, comma-ok and single, made now
	// (they name no node); "" asserts as written.
	lits := map[ast.Expr][2]string{}
	for _, st := range ts.Body.List {
		for _, e := range st.(*ast.CaseClause).List {
			lits[e] = [2]string{w.caseAssertLit(it, e, true), w.caseAssertLit(it, e, false)}
		}
	}
	asserted := func(e ast.Expr, i int) string {
		if lit := lits[e][i]; lit != "" {
			return lit + "(" + tmp + ")"
		}
		return tmp + ".(" + w.node(e) + ")"
	}
	for _, st := range ts.Body.List {
		cc := st.(*ast.CaseClause)
		// (the texts are made when the file is written: w.node before
		// then would fix the marks, plain, without the later ones)
		bind := func() string {
			if v == "" {
				return ""
			}
			val := tmp
			if len(cc.List) == 1 && !isNilIdent(cc.List[0]) {
				val = asserted(cc.List[0], 1)
			}
			return " " + v + " := " + val + "; _ = " + v
		}
		if cc.List == nil {
			at := w.off(cc.Colon) + 1
			w.after[at] = bind() + w.after[at]
			continue
		}
		w.replace(w.off(cc.Case), w.off(cc.Colon)+1, func() string {
			tests := make([]string, len(cc.List))
			for i, e := range cc.List {
				if isNilIdent(e) {
					tests[i] = tmp + " == nil"
				} else {
					tests[i] = tmp + " != nil && func() bool { _, ok := " + asserted(e, 0) + "; return ok }()"
				}
			}
			if len(tests) > 1 {
				for i := range tests {
					tests[i] = "(" + tests[i] + ")"
				}
			}
			return "case " + strings.Join(tests, " || ") + ":" + bind()
		})
	}
	return true
}

// caseAssertLit returns the literal that asserts the operand of a
// switch on a value of the interface type it, rewritten by pkgAssertChain,
// to the case's type expression te (with the comma-ok results when
// commaOk, for the case's test), or "" where the plain assertion serves:
// for a compiled interface, through the package's concrete types
// implementing it (an any holding a struct value with the methods did not
// assert to it: `case error:` was not taken; the test asserts to the
// struct types and pointers only, as a func or basic value of a type's
// run-time type would match too); for a concrete type of interpreted
// code on an any, pkgheldin.go's.
func (w *pkgGoWriter) caseAssertLit(it *types.Interface, te ast.Expr, commaOk bool) string {
	if f := w.anyHeldFunc(it, te, commaOk); f != "" {
		return f
	}
	ct := w.types.typeOf(te)
	if ct == nil || !types.IsInterface(ct) || !w.compiledIface(ct) {
		return ""
	}
	ii, _ := ct.Underlying().(*types.Interface)
	iText := w.typeText(ct)
	if ii == nil || iText == "" {
		return ""
	}
	var cases []types.Type
	for _, c := range w.implementerTypes(ii) { // pkgifaceassert.go
		if !commaOk || structOrPointer(c) {
			cases = append(cases, c)
		}
	}
	return w.ifaceAssertLit("any", iText, cases, true, nil, commaOk)
}
