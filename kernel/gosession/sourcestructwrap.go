package gosession

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
)

// Struct values of the session's types and of third-party packages'
// types converted to a compiled interface in a cell.
//
// pkgstructwrap.go's fault, met in the cell: yaegi v0.16.1's wrapper of a
// compiled interface (error) kept a struct value's last field instead of
// the value, so `err.(DupError)` of a session `DupError` returned as an
// error was false (the session refused it, with the workaround of pointer
// receivers, until stop 43), the package's own `err.(Plain)` of an error
// a cell made from a structwrap.Plain was false
// (`structwrap.Check(structwrap.Plain{1, "x"})` took no case), and `var
// e error = structwrap.DupError{"c"}` panicked (reflect.Set). With the
// type oracle, each conversion a cell makes of a value of a struct type
// with value methods, of the session or of a package interpreted from
// source, to a compiled interface with methods (a return, an assignment
// or declaration, an argument, a composite literal's element, a send, an
// explicit conversion; and ifaceloop.go's and errorchain.go's calls of
// their own, a variadic argument and a %w operand) is written as a call
// of a literal that converts it in a frame of its own and gives the
// wrapper to the runtime's WrapStruct with the value, as package files
// do:
//
//	structwrap.Check(structwrap.Plain{1, "x"})
//	  → structwrap.Check(func(_activisV structwrap.Plain) error { _activisX := func() error { return _activisV }(); if _activisX == nil { return nil }; return _activisiface.WrapStruct(_activisX, _activisV).(error) }(structwrap.Plain{1, "x"}))
//
// So is an instance of a generic struct type of the session with value
// methods (`Box[int]`, `Box[T]` in generic code; instanceMethodStruct):
// `s.(Box[int])` of a fmt.Stringer given a Box[int], and `err.(NotFound[
// string])` of an error a generic function returned, were false, and a
// type switch's `case Box[int]:` was not taken, without an error. So is
// a value of a type parameter of the session's generic code
// (`func toErr[T error](v T) error { return v }`), and a value of an
// interface declared in the session or a package (`var e error = c` for
// a `Coded` c holding a struct value: `e.(httpErr)` was false, Go true),
// where nil converts to nil: WrapStruct looks at the value at run time
// and leaves any other kind alone. A result of a call with several
// results given on as it is cannot be converted so: `return pair()`, a
// tuple assignment and the arguments of a session function are written
// with temporaries first (tupleiface.go, tupleargs.go), which convert;
// what is left is refused, naming it (tupleConversions). The
// arguments of the errors package's functions of a third-party package's
// type stay errorchain.go's, which walks or refuses them (errors.Is with
// a target of such a type equals nothing: sourcetypes.go); the session's
// own are converted, and its errors walk asserts them back. Written for
// this package.

// sourceStructWraps rewrites the conversions under n as above.
func (r *rewriter) sourceStructWraps(n ast.Node) {
	if r.oracle == nil {
		return
	}
	if r.refuseTupleWraps(n); r.err != nil {
		return
	}
	implicitConversions(n, r.oracle.info, func(e *ast.Expr, to types.Type, call *ast.CallExpr) { // convsites.go
		if call != nil && !r.sessionStruct(*e) && !r.sessionIface(*e) {
			if sel, ok := unparen(call.Fun).(*ast.SelectorExpr); ok {
				if fn, ok := r.oracle.info.Uses[sel.Sel].(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == "errors" {
					return // errorchain.go's, which walks or refuses them
				}
			}
		}
		r.wrapSourceStruct(e, to)
	})
}

// sessionStruct reports whether e is a value of a struct type with value
// methods declared in the session.
func (r *rewriter) sessionStruct(e ast.Expr) bool {
	n, ok := r.oracle.typeOf(e).(*types.Named)
	return ok && n.Obj().Pkg() == r.oracle.pkg && valueMethodStruct(n)
}

// sessionIface reports whether e is a value of an interface type with
// methods declared in the session: yaegi's own conversion of it to the
// errors package's error parameters panicked (`errors.Join(c)` for a
// `Coded` c holding a struct, "reflect: cannot use struct {…} as type
// error in Call").
func (r *rewriter) sessionIface(e ast.Expr) bool {
	n, ok := r.oracle.typeOf(e).(*types.Named)
	return ok && n.Obj().Pkg() == r.oracle.pkg && types.IsInterface(n) && n.Underlying().(*types.Interface).NumMethods() > 0
}

// wrapSourceStruct replaces *e, converted to the type to, by the call of
// structWrapCall when there is one.
func (r *rewriter) wrapSourceStruct(e *ast.Expr, to types.Type) {
	if *e == nil {
		return
	}
	if c := r.structWrapCall(*e, to); c != nil {
		*e = c
	}
}

// structWrapCall returns e converted to the type to by the call of the
// literal above (structWrapLiteral), nil where there is none.
func (r *rewriter) structWrapCall(e ast.Expr, to types.Type) *ast.CallExpr {
	src := r.structWrapLiteral(r.oracle.typeOf(e), to, e.Pos())
	if src == "" {
		return nil
	}
	lit, err := parser.ParseExpr(src)
	if err != nil {
		return nil
	}
	pos := e.Pos()
	call := &ast.CallExpr{Fun: setPositions(lit, pos), Lparen: pos, Args: []ast.Expr{e}, Rparen: e.End()}
	if r.structWraps == nil {
		r.structWraps = map[*ast.CallExpr]ast.Expr{}
	}
	r.structWraps[call] = e
	return call
}

// structWrapLiteral returns the literal converting a value of type from
// to the type to as above when to is a compiled interface with methods
// and from a struct type with value methods declared in the session or in
// a package interpreted from source, an interface with methods declared
// there, or a type parameter of the session's generic code (WrapStruct
// tells the values apart at run time); "" otherwise. pos places the
// refusal of an implementer that cannot be told apart (heldImplementers).
func (r *rewriter) structWrapLiteral(from, to types.Type, pos token.Pos) string {
	if from == nil || to == nil {
		return ""
	}
	iface, ok := to.Underlying().(*types.Interface)
	if !ok || iface.NumMethods() == 0 || !r.compiledIfaceOf(to) {
		return ""
	}
	qual := func(p *types.Package) string {
		if p == r.oracle.pkg {
			return ""
		}
		return r.oracle.names[p.Path()]
	}
	nilable := false
	if tp, ok := from.(*types.TypeParam); ok {
		if tp.Obj().Pkg() != r.oracle.pkg {
			return ""
		}
	} else if n, ok := from.(*types.Named); ok && types.IsInterface(n) {
		// an interface of the session's (or of a package interpreted
		// from source), which holds the value as yaegi's own wrapper
		if it := n.Underlying().(*types.Interface); it.NumMethods() == 0 || n.TypeParams().Len() > 0 || n.Obj().Pkg() == nil ||
			compiledPackage(n.Obj().Pkg(), r.oracle.pkg) || n.Obj().Pkg() != r.oracle.pkg && qual(n.Obj().Pkg()) == "" {
			return ""
		}
		nilable = true
	} else {
		n, ok := from.(*types.Named)
		if !ok || !(valueMethodStruct(n) || n.Obj().Pkg() == r.oracle.pkg && instanceMethodStruct(n)) || n.Obj().Pkg() == nil || compiledPackage(n.Obj().Pkg(), r.oracle.pkg) { // pkgstructwrap.go
			return ""
		}
		if n.Obj().Pkg() != r.oracle.pkg && qual(n.Obj().Pkg()) == "" {
			return "" // a package the session does not import
		}
	}
	if tn, ok := to.(*types.Named); ok && tn.Obj().Pkg() != nil && qual(tn.Obj().Pkg()) == "" {
		return "" // an interface of a package the session does not import
	}
	rt := r.ifaceRuntimeName()
	if rt == "" {
		return ""
	}
	ft, tt := types.TypeString(from, qual), types.TypeString(to, qual)
	lit := wrapLiteral(rt, ft, tt, nilable)
	if nilable && types.IsInterface(from) {
		// Converted from the interface, the value's compiled methods
		// were bound to its struct's last field where that field had a
		// method of the name (yaegi's getConcreteValue): `fmt.Fprintf(lg,
		// …)` for a session interface lg holding a struct{ p string; sb
		// *strings.Builder } with a Write method called the Builder's
		// Write, without the prefix. Asserted to the session's struct
		// types first, the value converts from its own type.
		if cases := r.wrapCases("_activisV", r.heldImplementers(from, to, pos), tt, ""); cases != "" {
			lit = strings.Replace(lit, "{ if _activisV == nil { return nil }; ", "{ if _activisV == nil { return nil }; "+cases, 1)
		}
	}
	return lit
}

// heldImplementers returns the session's struct types with value methods
// that implement both the session interface from and the compiled
// interface to (assertwrap.go's wrapImplementers, which refuses a type
// another cannot be told from in an interface), when one of them may have
// a field whose type has a method of to (fieldMethodClash); nil
// otherwise.
func (r *rewriter) heldImplementers(from, to types.Type, pos token.Pos) []string {
	fi, ok := from.Underlying().(*types.Interface)
	ti, isIface := to.Underlying().(*types.Interface)
	if !ok || !isIface || !r.fieldMethodClash(fi, ti) {
		return nil
	}
	var methods []string
	for m := range fi.Methods() {
		methods = append(methods, m.Name())
	}
	all := r.sessionTypes()
	var out []string
	for _, name := range r.wrapImplementers(from, to, pos) {
		if tn, ok := r.oracle.pkg.Scope().Lookup(name).(*types.TypeName); ok {
			if types.Implements(tn.Type(), fi) {
				out = append(out, name)
			}
		} else if nt := all[name]; nt != nil && nt.implements(methods, false) {
			out = append(out, name) // a type of an earlier cell the group's check did not need
		}
	}
	return out
}

// refuseTupleWraps refuses a conversion as above of one of the results of
// a call with several, given on as they are (`return pair()`, `e, n =
// pair()`, `f(pair())`): there is no expression to convert.
func (r *rewriter) refuseTupleWraps(n ast.Node) {
	tupleConversions(n, r.oracle.info, func(call *ast.CallExpr, from, to types.Type) { // convsites.go
		if r.err == nil && r.structWrapLiteral(from, to, call.Pos()) != "" {
			r.fail(call.Pos(), "using the %s result of %s as %s is not supported by the interpreter: the value would keep only its methods "+
				"(asserting it back to %[1]s fails); assign the results to variables first and use those", types.TypeString(from, sessionQualifier),
				types.ExprString(userExpr(r, call)), types.TypeString(to, sessionQualifier))
		}
	})
}

// compiledIfaceOf reports whether t is error or a named interface of a
// compiled package.
func (r *rewriter) compiledIfaceOf(t types.Type) bool {
	if t == types.Universe.Lookup("error").Type() {
		return true
	}
	n, ok := t.(*types.Named)
	return ok && n.Obj().Pkg() != nil && compiledPackage(n.Obj().Pkg(), r.oracle.pkg) // ifacecallarg.go
}

// fieldMethodClash reports whether a struct type of the session with value
// methods that implements both from and to has a field whose type has a
// method of to's, which yaegi would call in place of the struct's own
// (see structWrapLiteral); also when a struct type of the session is not
// in the group's type check (which holds the declarations the group
// needs), whose fields it cannot tell.
func (r *rewriter) fieldMethodClash(from, to *types.Interface) bool {
	scope := r.oracle.pkg.Scope()
	for _, nt := range r.sessionTypes() {
		if st, isStruct := nt.under.(*ast.StructType); isStruct && st.Fields != nil && len(st.Fields.List) > 0 && len(nt.methods) > 0 && scope.Lookup(nt.name) == nil {
			return true
		}
	}
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		n, ok := tn.Type().(*types.Named)
		if !ok || !valueMethodStruct(n) || !types.Implements(n, from) || !types.Implements(n, to) {
			continue
		}
		st := n.Underlying().(*types.Struct)
		for i := range st.NumFields() {
			ms := types.NewMethodSet(st.Field(i).Type())
			for m := range to.Methods() {
				if ms.Lookup(m.Pkg(), m.Name()) != nil {
					return true
				}
			}
		}
	}
	return false
}

// instanceMethodStruct reports whether t is an instance of a generic
// struct type with methods on value receivers (`Box[int]`, or `Box[T]`
// in generic code).
func instanceMethodStruct(n *types.Named) bool {
	if n.TypeArgs().Len() == 0 {
		return false
	}
	_, isStruct := n.Underlying().(*types.Struct)
	return isStruct && types.NewMethodSet(n).Len() > 0
}
