package gosession

import (
	"fmt"
	"go/ast"
	"go/types"
	"strconv"
	"strings"
)

// Type switch cases that use a type parameter, in package files.
//
// yaegi v0.16.1 matches such a case wrongly when the type parameter is
// instantiated with an interface type, as typeswitch.go says for cells,
// which refuse the switch: in a package it gave wrong answers without an
// error (GOROOT's typeparam/typeswitch1.go, with `case T:` before `case
// int:`, printed int for f[any](10), Go T; typeswitch7.go's `case
// interface{ bar() T }` took a later case with T int). With the package's
// types, a type switch with a case that is a type parameter whose
// constraint admits interface types (a method set, such as any or
// comparable, not a union of types), or an interface type that uses a
// type parameter, is replaced by a panic naming the switch, the case and
// the workaround (the session runtime's Refused), on the switch's lines,
// instead of taking a case wrongly. The whole statement goes: with T the
// type of another case (`case T:` and `case int32:` for f[int32]) yaegi's
// compiler crashed on the cases themselves, failing the import. The
// package still imports; the panic comes when the switch runs.

// typeParamSwitch refuses the type switch ts as above and reports whether
// it did.
func (w *pkgGoWriter) typeParamSwitch(ts *ast.TypeSwitchStmt) bool {
	if w.types == nil {
		return false
	}
	ta := switchAssert(ts)
	if ta == nil {
		return false
	}
	for _, st := range ts.Body.List {
		cc, ok := st.(*ast.CaseClause)
		if !ok {
			continue
		}
		for _, e := range cc.List {
			t := w.types.typeOf(e)
			if t == nil || !mayMatchWrongly(t) {
				continue
			}
			msg := w.where(ta.X.Pos()) + ": the type switch on " + types.ExprString(ta.X) + " with case " + types.ExprString(e) +
				", which uses a type parameter that may be an interface type, would take a wrong case: " +
				"the interpreter (yaegi v0.16.1) matches such a case wrongly when the type parameter is an interface type; " +
				"compile the package into the kernel instead: activis-kernel build --with MODULE"
			lo, hi := w.off(ts.Pos()), w.off(ts.End())
			lines := strings.Repeat("\n", strings.Count(string(w.src[lo:hi]), "\n"))
			if w.replace(lo, hi, func() string {
				return "panic(" + pkgRuntimeName + ".Refused(" + strconv.Quote(msg) + "))" + lines
			}) {
				w.runtime = true
			}
			return true
		}
	}
	return false
}

// mayMatchWrongly reports whether t, a type switch case, is a type
// parameter whose constraint admits interface types, or an interface type
// that uses a type parameter.
func mayMatchWrongly(t types.Type) bool {
	if tp, ok := t.(*types.TypeParam); ok {
		iface, _ := tp.Constraint().Underlying().(*types.Interface)
		return iface == nil || iface.IsMethodSet()
	}
	return types.IsInterface(t) && holdsTypeParam(t, map[types.Type]bool{})
}

// refusedValue panics with msg and ErrUnsupported: the operand of a
// refused type switch (see above).
func refusedValue(msg string) any { panic(fmt.Errorf("%s: %w", msg, ErrUnsupported)) }
