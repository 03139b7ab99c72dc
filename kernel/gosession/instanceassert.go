package gosession

import (
	"go/ast"
	"go/types"
)

// Type assertions and type switch cases naming instances of the generic
// types of packages interpreted from source.
//
// yaegi v0.16.1 cannot assert to such an instance: `a.(*p.Box[int])`
// failed to compile ("invalid operation: cannot indirect \"\""), a case
// `case p.Box[int]:` too (" is not a type"), and `a.(p.Box[int])`
// panicked ("reflect.Value.Type on zero Value"). Through an alias a cell
// declares (`type BoxInt = p.Box[int]`) the cell's instance is another
// run-time type than the one the package's code makes, and the answers
// were wrong without an error: `a.(*BoxInt)` reported true and gave a
// pointer whose fields could not be read, and a type switch took its
// default branch instead of `case *BoxInt`. Such an assertion or case is
// refused, naming the type and the workaround. Written for this package.

// refuseInstanceAssert refuses the type t of an assertion or of a type
// switch case (see above).
func (r *rewriter) refuseInstanceAssert(t ast.Expr) {
	if r.err != nil || r.oracle == nil || t == nil {
		return
	}
	tv, ok := r.oracle.info.Types[t]
	if !ok || !tv.IsType() {
		return
	}
	u := tv.Type
	for {
		p, ok := types.Unalias(u).(*types.Pointer)
		if !ok {
			break
		}
		u = p.Elem()
	}
	n, ok := types.Unalias(u).(*types.Named)
	if !ok || n.TypeArgs().Len() == 0 || n.Obj().Pkg() == nil || !sourceModule(n.Obj().Pkg().Path()) {
		return
	}
	r.fail(t.Pos(), "a type assertion or type switch case to %s (%s is an instance of a generic type of a package interpreted from source) "+
		"is not supported by the interpreter: it cannot name the instance there, or names another run-time type; "+
		"keep such values in variables of their own type (or of an interface type they are assigned to directly, and call its methods), "+
		"or compile the package into the kernel (activis-kernel build --with MODULE)",
		types.TypeString(tv.Type, sessionQualifier), types.TypeString(n, sessionQualifier))
}

// refuseInstanceCases refuses the cases of the type switch s that name
// such instances.
func (r *rewriter) refuseInstanceCases(s *ast.TypeSwitchStmt) {
	for _, st := range s.Body.List {
		if cc, ok := st.(*ast.CaseClause); ok {
			for _, e := range cc.List {
				r.refuseInstanceAssert(e)
			}
		}
	}
}
