package gosession

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"
)

// Values of third-party packages' types in cells.
//
// The cells' print rules (callresult.go, numverb.go) know the session's
// own types; a type of a package interpreted from source (a third-party
// package) reaches fmt the same way, through yaegi's wrappers. In a cell,
// `fmt.Println(uuid.MustParse("f47ac10b-…"))` printed the UUID's bytes,
// `[244 122 193 …]` (Go: f47ac10b-58cc-4372-a567-0e02b2c3d479), `u.Version()`
// printed 1 (Go VERSION_1), and `%d` of a constant of such a type with
// methods yaegi's wrapper, `{1 5532864}`, without an error. The type
// oracle knows those packages' types (typeimport.go checks them from
// their source), so where it shows that a printed operand is a call with
// a result of such a type with a String method (and no Error method), or
// one with a Format method given to any verb (shopspring/decimal's
// Decimal: `%.1f` printed its fields), or a pointer to one, the operand
// is converted to its own type, which reaches fmt with the method, as
// callresult.go does for the session's types:
//
//	fmt.Println(uuid.MustParse(s))  →  fmt.Println(uuid.UUID(uuid.MustParse(s)))
//
// and an operand of such a type with methods and a basic underlying type
// given to a numeric verb (%d, %x of a number, %f …) is converted to that
// basic type, as numverb.go does. A value holding such a type's values
// inside it is printed by the cells' walk with those types in its table
// (sourcewalk.go), and refused, by fmt's print functions
// (nestedstringer.go) and by %+v and %#v (sourceTypeIn, gosyntax.go), where
// the walk cannot take it; an interface compared with a
// value of such a type is asserted to it first (compareSourceValue); and
// the errors rewrites (errorchain.go) walk chains through such packages'
// pointer error types (sourceErrorTypes). Written for this package.

// sourceNamed returns the named type t is (or points to) when it is a
// non-generic concrete type of a third-party package interpreted from
// source (isSourceNamed), and whether t is a pointer; nil otherwise.
func sourceNamed(t types.Type) (*types.Named, bool) {
	ptr := false
	if p, ok := t.(*types.Pointer); ok {
		t, ptr = p.Elem(), true
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || !isSourceNamed(n) || n.TypeArgs().Len() > 0 {
		return nil, false
	}
	return n, ptr
}

// sourceCallResults rewrites the printed operands of the fmt call c as
// above.
func (r *rewriter) sourceCallResults(c *ast.CallExpr) {
	if r.oracle == nil {
		return
	}
	printed := r.printedOperands(c) // callresult.go
	idx := slices.Clone(printed)
	if first, _, verbs, ok := r.printfCall(c); ok { // fmttype.go
		for i := range verbs {
			if a := first + 1 + i; a < len(c.Args) && !slices.Contains(idx, a) {
				idx = append(idx, a) // a Format method gets every verb
			}
		}
	}
	for _, i := range idx {
		a := c.Args[i]
		call, ok := unparen(a).(*ast.CallExpr)
		if !ok || !funcCall(r.oracle.info, call) { // ifacecallarg.go
			continue
		}
		t := r.oracle.typeOf(a)
		if t == nil {
			continue
		}
		if n, _ := sourceNamed(t); n == nil {
			continue
		}
		ms := types.NewMethodSet(t)
		format := ms.Lookup(nil, "Format") != nil
		if !slices.Contains(printed, i) && !format || ms.Lookup(nil, "String") == nil && !format || ms.Lookup(nil, "Error") != nil {
			continue
		}
		te := r.oracle.expr(t)
		if te == nil {
			continue
		}
		pos := a.Pos()
		te = cloneTypeAt(te, pos)
		if _, isPtr := t.(*types.Pointer); isPtr {
			te = &ast.ParenExpr{Lparen: pos, X: te, Rparen: pos}
		}
		c.Args[i] = &ast.CallExpr{Fun: te, Lparen: pos, Args: []ast.Expr{a}, Rparen: a.End()}
	}
}

// sourceNumVerbs converts the operands of numeric verbs of the Printf-like
// call c whose type is a third-party package's type with methods and a
// basic underlying type to that basic type (see above).
func (r *rewriter) sourceNumVerbs(c *ast.CallExpr) {
	if r.oracle == nil {
		return
	}
	first, _, verbs, ok := r.printfCall(c) // fmttype.go
	if !ok {
		return
	}
	for i, v := range verbs {
		a := first + 1 + i
		if a >= len(c.Args) || !strings.ContainsRune("dbocxXeEfFgGU", v.verb) {
			continue
		}
		t := r.oracle.typeOf(c.Args[a])
		if t == nil {
			continue
		}
		n, ptr := sourceNamed(t)
		if n == nil || ptr || types.NewMethodSet(types.NewPointer(n)).Len() == 0 {
			continue
		}
		b, ok := n.Underlying().(*types.Basic)
		if !ok || b.Info()&types.IsNumeric == 0 || types.NewMethodSet(n).Lookup(nil, "Format") != nil {
			continue
		}
		if (v.verb == 'x' || v.verb == 'X') && types.NewMethodSet(n).Lookup(nil, "String") != nil {
			continue // %x of a Stringer prints its String text in hex
		}
		pos := c.Args[a].Pos()
		c.Args[a] = &ast.CallExpr{Fun: &ast.Ident{NamePos: pos, Name: b.Name()}, Lparen: pos, Args: []ast.Expr{c.Args[a]}, Rparen: c.Args[a].End()}
	}
}

// sourceErrorTypes returns the pointer types to the exported types of the
// third-party packages the session imports that implement error and have
// Unwrap, Is or As, as the errors rewrites assert them (errorchain.go):
// compiled errors.Is cannot call those methods through yaegi's wrapper,
// so `errors.Is(err, p.ErrMissing)` for a `*p.NotFound` whose Unwrap
// gives p.ErrMissing was false in a cell (Go true), without an error. A
// value type is left out: yaegi keeps a struct value held in an error as
// its last field, and a value of another kind cannot be told from a plain
// one.
func (r *rewriter) sourceErrorTypes() []chainType {
	if r.oracle == nil || r.oracle.pkg == nil {
		return nil
	}
	var out []chainType
	for _, p := range r.oracle.pkg.Imports() {
		name := r.oracle.names[p.Path()]
		if !sourceModule(p.Path()) || name == "" || name == "_" || name == "." {
			continue
		}
		for _, tn := range p.Scope().Names() {
			obj, ok := p.Scope().Lookup(tn).(*types.TypeName)
			if !ok || !obj.Exported() || obj.IsAlias() {
				continue
			}
			n, ok := obj.Type().(*types.Named)
			if !ok || types.IsInterface(n) || n.TypeParams().Len() > 0 {
				continue
			}
			pt := types.NewPointer(n)
			sig := typeMethodSigs(pt)
			if !types.Implements(pt, errorInterface()) || errorMethods(sig) == "" {
				continue
			}
			out = append(out, chainType{name: "*" + name + "." + tn, sig: sig, cmp: true, typ: pt})
		}
	}
	return out
}

// compareSourceValue rewrites b, a comparison of an interface with a
// value of a third-party package's concrete type (as the oracle shows),
// as compare does for the session's types, and reports whether it did:
// yaegi compared its wrappers, so `shapes[0] == p.Sq(2)` for a
// `[]p.Shape` holding p.Sq(2) was false, and so was `st == p.Celsius(30)`
// for a fmt.Stringer holding it (Go: true), without an error. The
// interface is asserted to the concrete type first (assertEqual). A
// comparison with a value of a type whose underlying type another type of
// its package shares is refused: the assertion could not tell them apart.
func (r *rewriter) compareSourceValue(b *ast.BinaryExpr) bool {
	if r.oracle == nil || b.Op != token.EQL && b.Op != token.NEQ || isNilOrLit(b.X) || isNilOrLit(b.Y) {
		return false
	}
	tx, ty := r.oracle.typeOf(b.X), r.oracle.typeOf(b.Y)
	if tx == nil || ty == nil {
		return false
	}
	concreteLeft := !types.IsInterface(tx)
	ct, it := tx, ty
	if !concreteLeft {
		ct, it = ty, tx
	}
	if types.IsInterface(ct) || !types.IsInterface(it) {
		return false
	}
	if _, isParam := it.(*types.TypeParam); isParam {
		return false
	}
	n, ptr := sourceNamed(ct)
	if n == nil || types.NewMethodSet(types.NewPointer(n)).Len() == 0 || !types.Comparable(ct) {
		return false
	}
	other := b.Y
	if !concreteLeft {
		other = b.X
	}
	if like := sourceLookalike(n); !ptr && like != "" {
		r.fail(b.OpPos, "comparing %s with a value of type %s is not supported by the interpreter: it gives %s and %s one run-time type, "+
			"so it cannot tell whether the interface holds a %s; compile the package into the kernel instead (activis-kernel build --with MODULE)",
			types.ExprString(other), types.TypeString(ct, sessionQualifier), n.Obj().Name(), like, n.Obj().Name())
		return true
	}
	if sv := sourceValueError(ct); sv != nil && types.NewMethodSet(it).Lookup(nil, "Error") != nil {
		r.fail(b.OpPos, "comparing %s with %s is not supported by the interpreter: %s", types.ExprString(other),
			types.TypeString(ct, sessionQualifier), sourceValueErrorMsg(sv, "the comparison would be false"))
		return true
	}
	ce, ie := r.oracle.expr(ct), r.oracle.expr(it)
	if ce == nil || ie == nil {
		return false
	}
	pos := b.OpPos
	r.assertEqual(b, concreteLeft, func() ast.Expr { return cloneTypeAt(ce, pos) }, cloneTypeAt(ie, pos), nil)
	return true
}

// sourceValueError returns t when it is a struct type of a third-party
// package interpreted from source (not a pointer) with an Error method on
// a value receiver, else nil. yaegi keeps such a value held in an error as
// the value of its last field only (`stats.ErrEmptyInput`, a
// `statsError{err string}`, became the string), so an error holding one
// equals nothing: `err == stats.EmptyInputErr` and `errors.Is(err,
// stats.ErrEmptyInput)` were false for the error github.com/montanaflynn/
// stats' Mean returns for an empty input (Go: true), without an error.
func sourceValueError(t types.Type) *types.Named {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || !isSourceNamed(n) || n.TypeArgs().Len() > 0 {
		return nil
	}
	if _, isStruct := n.Underlying().(*types.Struct); !isStruct || !fmtErrorMethod(types.NewMethodSet(n).Lookup(nil, "Error")) {
		return nil
	}
	return n
}

// sourceValueErrorMsg is the refusal's reason and workaround for a value
// of sourceValueError's type n.
func sourceValueErrorMsg(n *types.Named, what string) string {
	return fmt.Sprintf("%s's %s is a struct with an Error method, and the interpreter keeps such a value held in an error as its last "+
		"field only, so %s; compare the messages (err.Error() == x.Error()), or compile the package into the kernel (activis-kernel build --with %s)",
		n.Obj().Pkg().Path(), n.Obj().Name(), what, n.Obj().Pkg().Path())
}

// sourceLookalike returns the name of another type of n's package with
// n's underlying type, or "".
func sourceLookalike(n *types.Named) string {
	sc := n.Obj().Pkg().Scope()
	for _, name := range sc.Names() {
		if tn, ok := sc.Lookup(name).(*types.TypeName); ok && tn != n.Obj() && !tn.IsAlias() && types.Identical(tn.Type().Underlying(), n.Underlying()) {
			return tn.Name()
		}
	}
	return ""
}

// sourceTypeIn returns the name of a third-party package's type in t
// that fmt's %+v and %#v would print wrongly, or "": one with a String,
// Error or Format method below the top (which fmt calls there), or a
// struct type with unexported fields (which yaegi renames, `Xvalue`). The cells' walk of
// gosyntax.go prints the session's types as Go; it does not know these,
// and printed yaegi's renamed fields (`{Name:a Amount:{Xvalue:+3
// Xexp:0}}` for a struct holding a shopspring/decimal Decimal; Go
// `{Name:a Amount:3}`).
func sourceTypeIn(t types.Type) string {
	name := ""
	walkType(t, typePolicy{mapKeys: true, visit: func(t types.Type, depth int) walkStep {
		n, ok := types.Unalias(t).(*types.Named)
		if !ok || !isSourceNamed(n) {
			return walkDescend
		}
		ms := types.NewMethodSet(types.NewPointer(n))
		if ms.Lookup(nil, "String") != nil || ms.Lookup(nil, "Error") != nil || ms.Lookup(nil, "Format") != nil {
			if depth == 0 {
				return walkSkip // fmt calls it
			}
			name = types.TypeString(n, sessionQualifier)
			return walkFound
		}
		if st, ok := n.Underlying().(*types.Struct); ok {
			for i := range st.NumFields() {
				if !st.Field(i).Exported() {
					name = types.TypeString(n, sessionQualifier) // its fields renamed (Xname)
					return walkFound
				}
			}
		}
		return walkDescend
	}})
	return name
}

// thirdPartyNeedsTypes reports whether the session or the group f
// imports a third-party package interpreted from source: the rules for
// its types (above, ifacecallarg.go, errorchain.go) need the type oracle,
// even in a session without types of its own.
func (s *Session) thirdPartyNeedsTypes(st *state, f *ast.File) bool {
	for _, im := range f.Imports {
		path, err := strconv.Unquote(im.Path.Value)
		if err == nil && sourceModule(path) {
			return true
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, path := range st.imports {
		if sourceModule(path) {
			return true
		}
	}
	return false
}
