package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Expression switches on an interface value with constant cases.
//
// yaegi v0.16.1 panicked on a switch whose tag is of an interface type
// and whose cases are constants: `var v any = 1; switch v { case 1: … }`
// failed with "reflect.Value.Convert: value of type interface {} cannot
// be converted to type int" (plain yaegi too), for literals and named
// constants alike, so a switch over a value decoded from JSON (`switch v
// { case "yes": … }`) could not run, while `v == 1` and a case holding a
// variable ran; so did a case computed by a call (`case f():`).
// switchcases.go writes such a switch as a switch on comparisons, as it
// writes one whose case lists are computed, the tag evaluated once,
// before the cases, as Go does:
//
//	switch init; v { case 1, 2: A; default: C }
//	→ { init; switch _t := v; { case _t == 1 || _t == 2: A; default: C } }
//
// Each case of a switch on an interface is also checked as `v == c`
// would be, once the origins are noted (origincompare.go), so a value of
// a session type the interpreter cannot tell from the case's is refused
// as there rather than compared as its underlying type. Written for this
// package.

// ifaceConstSwitch tells whether sw has a tag of an interface type (not
// a type parameter) and a constant case, one yaegi computes (a call, an
// operation: plainCaseExpr), nil or a variable of a concrete type
// (concreteVar: `case nil:` took no case for a nil session interface,
// and `case unit:` for a `var unit = &Sq{1}` panicked, "reflect.Value.Convert:
// value of type interp.valueInterface cannot be converted to type *main.Sq").
func (r *rewriter) ifaceConstSwitch(sw *ast.SwitchStmt) bool {
	if sw.Tag == nil || !r.oracleInterface(sw.Tag) { // switchcases.go
		return false
	}
	if r.oracle != nil {
		if _, param := r.oracle.typeOf(sw.Tag).(*types.TypeParam); param {
			return false
		}
	}
	for _, st := range sw.Body.List {
		for _, e := range st.(*ast.CaseClause).List {
			if r.constCase(e) || !plainCaseExpr(e, r.sc.isPackage) || r.concreteVar(e) { // switchcases.go
				return true
			}
		}
	}
	return false
}

// constCase tells whether the syntax or the type oracle shows that the
// case expression e is a constant.
func (r *rewriter) constCase(e ast.Expr) bool {
	if constDefaultType(e) != nil { // origincompare.go
		return true
	}
	if r.oracle == nil {
		return false
	}
	tv, ok := r.oracle.info.Types[e]
	return ok && tv.Value != nil
}

// noteTagCases keeps the comparison of each case of sw, whose tag is of
// an interface type, with the tag, for checkTagCases.
func (r *rewriter) noteTagCases(sw *ast.SwitchStmt) {
	for _, st := range sw.Body.List {
		for _, e := range st.(*ast.CaseClause).List {
			r.tagCases = append(r.tagCases, &ast.BinaryExpr{X: sw.Tag, OpPos: e.Pos(), Op: token.EQL, Y: e})
		}
	}
}

// checkTagCases checks the comparisons noteTagCases kept as the user's
// own (see above); r.err holds a refusal.
func (r *rewriter) checkTagCases() {
	for _, b := range r.tagCases {
		if r.compareOrigins(b); r.err != nil { // origincompare.go
			return
		}
	}
}
