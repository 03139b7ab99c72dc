package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
)

// reflect.TypeOf of session values.
//
// yaegi v0.16.1 gives a type declared in the session the run-time type of
// its underlying type, without a name or methods, so reflect described
// the underlying type without an error: `reflect.TypeOf(Status(1))` was
// `int` (Go: `main.Status`), a session struct's Type had the empty Name
// and NumMethod 0, and a `[]Status` was `[]int`. The session refuses a
// call of reflect.TypeOf whose argument's type, as the type oracle of
// typecheck.go tells, is or contains a session type (through pointers,
// slices, arrays, maps, channels and struct fields), naming the type and
// the workaround (`%T`, which the session prints as Go does, or a field
// that says the kind). A value held in an interface reaches reflect the
// same way and is not refused, since the syntax does not show what it
// holds; README lists it. The types of packages interpreted from source
// are refused the same way (reflect.TypeOf of a p.Point was `struct { X
// int; Y int }`, of a *p.Box[int] with methods `interp.valueInterface`).
// Written for this package.

// refuseReflectTypeOf fails the rewrite for a reflect.TypeOf call of c
// whose argument involves a session type (see above).
func (r *rewriter) refuseReflectTypeOf(c *ast.CallExpr) {
	sel, ok := unparen(c.Fun).(*ast.SelectorExpr)
	if r.err != nil || r.oracle == nil || !ok || sel.Sel.Name != "TypeOf" || len(c.Args) != 1 {
		return
	}
	if id, ok := unparen(sel.X).(*ast.Ident); !ok || r.importPath(id) != "reflect" {
		return
	}
	t, at := r.oracle.typeOf(c.Args[0]), c.Args[0].Pos()
	if t == nil {
		t, at = r.ptrOperandType(c.Args[0])
	}
	if t == nil {
		return
	}
	if name := interpretedIfacePtr(t); name != "" {
		r.fail(at, "reflect.TypeOf of a %s, a pointer to an interface with methods declared in interpreted code: "+
			"the interpreter (yaegi v0.16.1) has no run-time type for such an interface and gives the struct interp.valueInterface, "+
			"so Elem's Kind, NumMethod and Implements would be wrong or panic; test a value with a type assertion (_, ok := v.(%s)) instead",
			types.TypeString(t, sessionQualifier), name)
		return
	}
	if name := sessionTypeIn(t); name != "" {
		r.fail(c.Args[0].Pos(), "reflect.TypeOf of a value of type %s, which involves %s, a type declared in the session: "+
			"the interpreter gives it the run-time type of its underlying type (no name, no methods), so reflect would "+
			"silently describe that type; use fmt's %%T (fmt.Sprintf(\"%%T\", x)) for its name, or keep the kind in a field",
			types.TypeString(t, sessionQualifier), name)
		return
	}
	if name := sourceNamedName(t); name != "" { // sourcewalk.go
		r.fail(c.Args[0].Pos(), "reflect.TypeOf of a value of type %s, which involves %s, a type of a package interpreted from source: "+
			"the interpreter gives it the run-time type of its underlying type (no name, no methods) or its own wrapper, so reflect would "+
			"silently describe that type; use fmt's %%T (fmt.Sprintf(\"%%T\", x)) for its name, or compile the package into the kernel (activis-kernel build --with MODULE)",
			types.TypeString(t, sessionQualifier), name)
	}
}

// sessionTypeIn returns the name of a session type reached from t
// through pointers, slices, arrays, maps, channels and struct fields, or
// "". Named types of other packages and session interfaces end the walk
// there: their underlying types are not looked at.
func sessionTypeIn(t types.Type) (name string) {
	walkType(t, typePolicy{
		mapKeys: true,
		chans:   true,
		visit: func(t types.Type, _ int) walkStep {
			x, ok := t.(*types.Named)
			if !ok {
				return walkDescend
			}
			if isSessionNamed(x) {
				name = x.Obj().Name()
				return walkFound
			}
			return walkSkip
		},
	})
	return name
}

// ptrOperandType returns the type of `(*T)(nil)` or `new(T)` where the
// checker knows T but not the expression (reflect.TypeFor[T]() as
// modernpkg.go writes it), and the position of T; or nil.
func (r *rewriter) ptrOperandType(e ast.Expr) (types.Type, token.Pos) {
	var x ast.Expr
	switch c := unparen(e).(type) {
	case *ast.CallExpr:
		if len(c.Args) != 1 {
			return nil, token.NoPos
		}
		if star, ok := unparen(c.Fun).(*ast.StarExpr); ok {
			x = star.X
		} else if id, ok := unparen(c.Fun).(*ast.Ident); ok && id.Name == "new" {
			x = c.Args[0]
		}
	}
	if x == nil {
		return nil, token.NoPos
	}
	if tv, ok := r.oracle.info.Types[x]; ok && tv.IsType() && tv.Type != nil {
		return types.NewPointer(tv.Type), x.Pos()
	}
	return nil, token.NoPos
}

// interpretedIfacePtr returns the name of I when t is *I for an interface
// I with methods declared in a cell or a package interpreted from source,
// or "".
func interpretedIfacePtr(t types.Type) string {
	p, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return ""
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return ""
	}
	it, ok := underIface(n) // ifacesig.go
	if !ok || it.NumMethods() == 0 {
		return ""
	}
	if n.Obj().Pkg().Name() != "main" && !sourceModule(n.Obj().Pkg().Path()) {
		return ""
	}
	return types.TypeString(n, sessionQualifier)
}
