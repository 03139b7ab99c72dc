package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// errors.Is, errors.As and errors.Unwrap in package files.
//
// Compiled errors.Is, errors.As and errors.Unwrap see a value of a type
// of a package interpreted from source only through yaegi's error
// wrapper, which has no Unwrap or Is method (pkgifaceassert.go) and is not
// the value itself: in a package declaring `func (e *myErr) Error()
// string`, errors.Is(ErrMine, ErrMine) with `var ErrMine = &myErr{3}` was
// false, errors.Unwrap(&wrapErr{…}) nil, errors.Is(fmt.Errorf("x: %w",
// ErrBase), ErrBase) false once the package had its own Is, all without an
// error, and errors.As with a target of the package's type panicked. In a
// package that declares a concrete type implementing error, calls of
// errors.Is and errors.Unwrap are written as calls of the file's own
// versions, declared on its last line, and errors.As with a target
// pointing to one of the package's types as a literal calling the file's
// As with the assertion to that type:
//
//	errors.Is(err, ErrBase)  → _activisIs1a2b(err, ErrBase)
//	errors.As(err, &pe)      → func(_activisE error, _activisP **PathErr) bool { … }(err, &pe)
//
// They walk the chain, and the tree of Unwrap() []error, as Go's do:
// a compiled error is asked by compiled code (the session runtime's
// ErrCompiled, ErrEqual, ErrIs, ErrUnwrap, errorchain.go: interpreted code
// cannot see a compiled error's methods through an interface written in
// source), a value of the package's types by assertions to those types.
// An errors.As target of a compiled error type (*strconv.NumError,
// *fs.PathError) gets the file's As too, which asserts to it where the
// chain holds a compiled error and asks the error's own As method
// otherwise, as errors.As does; a target of an interface type or of
// another interpreted package's type keeps the compiled errors.As; one of a type the interpreter cannot tell
// from another of the package's types (pkgiface.go) panics where it runs,
// naming both.

// errChainCall rewrites the call c of errors.Is, errors.As or
// errors.Unwrap as above.
func (w *pkgGoWriter) errChainCall(c *ast.CallExpr) {
	if w.types == nil || c.Ellipsis.IsValid() {
		return
	}
	sel, ok := unparen(c.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Is" && sel.Sel.Name != "As" && sel.Sel.Name != "Unwrap" ||
		!w.isPkgFunc(c.Fun, "errors", sel.Sel.Name) && !errorsForwarder(w.types.info, sel, w.types.pkg) {
		return
	}
	if !w.errChainReady() {
		return
	}
	w.runtime, w.errChainUsed = true, true
	if sel.Sel.Name != "As" {
		w.replace(w.off(c.Fun.Pos()), w.off(c.Fun.End()), func() string { return "_activis" + sel.Sel.Name + w.errChain })
		return
	}
	if lit := w.asCall(c); lit != "" {
		w.replace(w.off(c.Fun.Pos()), w.off(c.Fun.End()), func() string { return lit })
	}
}

// asCall returns the function literal errors.As becomes in the call c,
// or "" where the target does not point to one of the package's concrete
// types.
func (w *pkgGoWriter) asCall(c *ast.CallExpr) string {
	if len(c.Args) != 2 {
		return ""
	}
	pt, ok := w.types.typeOf(c.Args[1]).(*types.Pointer)
	if !ok {
		return ""
	}
	return w.asLit(pt.Elem(), c.Pos(), "errors.As")
}

// asLit returns the function literal that replaces errors.As (what names
// the call in messages) at pos for a target pointing to a value of type
// t, or "" where t is neither one of the package's concrete types nor a
// compiled error type (compiledErrorType).
func (w *pkgGoWriter) asLit(t types.Type, pos token.Pos, what string) string {
	if lit := w.asIfaceLit(t, pos, what); lit != "" {
		return lit
	}
	compiled := w.compiledErrorType(t)
	if w.ownNamed(t) == nil && !compiled {
		return ""
	}
	elem := w.typeText(t)
	if elem == "" {
		return ""
	}
	head := "func(_activisE error, _activisP *" + elem + ") bool { "
	if !compiled {
		if others := w.lookalikeErrors(t); others != "" {
			msg := w.where(pos) + ": " + what + " with a target of type *" + elem +
				" cannot tell " + elem + " from " + others + ": " + lookalikeWhy + "; compile the package into the kernel instead: activis-kernel build --with MODULE"
			return head + "panic(" + strconv.Quote(msg) + ") }"
		}
	}
	rt := pkgRuntimeName
	w.runtime = true
	// A package's value never has a compiled type, nor a compiled value a
	// package's type (the interpreter might say so for types of one
	// underlying type).
	match := "if " + rt + ".ErrCompiled(_activisX) { return false }; _activisV, _activisOK := _activisX.(" + elem + "); if _activisOK { *_activisP = _activisV }; return _activisOK"
	if compiled {
		match = "if !" + rt + ".ErrCompiled(_activisX) { return false }; if _activisV, _activisOK := _activisX.(" + elem + "); _activisOK { *_activisP = _activisV; return true }; return " + rt + ".ErrAs(_activisX, _activisP)"
	}
	return w.asChainLit(elem, match)
}

// asChainLit returns the file's errors.As for a target of type *elem: it
// walks the chain with the file's As, asking match of each error
// (_activisX), which assigns a match to the target (_activisP).
func (w *pkgGoWriter) asChainLit(elem, match string) string {
	return "func(_activisE error, _activisP *" + elem + `) bool { if _activisP == nil { panic("errors: target cannot be nil") }; return _activisAs` + w.errChain +
		"(_activisE, _activisP, func(_activisX error) bool { " + match + " }) }"
}

// asIfaceLit returns the function literal that replaces errors.As at pos
// for a target pointing to an interface with methods declared in
// interpreted code (`var joined interface{ Unwrap() []error }`, as
// github.com/go-viper/mapstructure's Decode has), or "" for any other
// target. Compiled errors.As panicked, "errors: *target must be interface
// or implement error", as yaegi gives such an interface the run-time type
// of its struct wrapper. The file's As asserts each error of the chain to
// the interface, a compiled one through the interface's compiled twin
// (ifacetwin.go); a compiled error with the methods whose interface has
// no twin panics, naming it, as the interpreter cannot hold it so.
func (w *pkgGoWriter) asIfaceLit(t types.Type, pos token.Pos, what string) string {
	it, ok := underIface(t) // ifacesig.go
	if !ok || it.NumMethods() == 0 {
		return ""
	}
	if n, ok := types.Unalias(t).(*types.Named); ok && (n.Obj().Pkg() == nil || compiledPackage(n.Obj().Pkg(), w.types.pkg)) {
		return "" // error, fmt.Stringer: compiled errors.As takes them
	}
	elem := w.typeText(t)
	if elem == "" {
		return ""
	}
	rt := pkgRuntimeName
	w.runtime = true
	twin, sigs := ifaceTwinOf(it)
	compiledMatch := "return false"
	switch {
	case twin != "":
		compiledMatch = "if _activisV, _activisOK := _activisX.(" + rt + "." + twin + "); _activisOK { *_activisP = _activisV; return true }; return false"
	case sigs != nil:
		args := ""
		for _, sg := range sigs {
			args += ", " + strconv.Quote(sg)
		}
		msg := w.where(pos) + ": " + what + " with a target of type *" + elem + " met a compiled error with its methods, which the interpreter " +
			"(yaegi v0.16.1) cannot hold as an interface declared in interpreted code; compile the package into the kernel instead: activis-kernel build --with MODULE"
		compiledMatch = "if " + rt + ".Implements(_activisX" + args + ") { panic(" + strconv.Quote(msg) + ") }; return false"
	}
	// The package's types by their own assertions first: yaegi's wrapper
	// of a value held as an error does not assert to another interface
	// (pkgifaceassert.go).
	var own strings.Builder
	for _, c := range w.implementers(it, errorInterface()) {
		own.WriteString("if _activisV, _activisOK := _activisX.(" + c + "); _activisOK { *_activisP = _activisV; return true }; ")
	}
	match := "if " + rt + ".ErrCompiled(_activisX) { " + compiledMatch + " }; " + own.String() +
		"_activisV, _activisOK := _activisX.(" + elem + "); if _activisOK { *_activisP = _activisV }; return _activisOK"
	return w.asChainLit(elem, match)
}

// compiledErrorType reports whether t is a concrete type of a compiled
// package (or a pointer to one) implementing error, such as
// *strconv.NumError: compiled errors.As could not follow the package's
// Unwrap methods to it (`errors.As(err, &ne)` was false through a
// package's *ParseError wrapping a *strconv.NumError, Go true), so the
// file's As looks for it with an assertion as for the package's types.
func (w *pkgGoWriter) compiledErrorType(t types.Type) bool {
	u := t
	if p, ok := u.(*types.Pointer); ok {
		u = p.Elem()
	}
	n, ok := u.(*types.Named)
	if !ok || types.IsInterface(n) || n.Obj().Pkg() == nil || n.TypeParams().Len() > 0 {
		return false
	}
	return compiledPackage(n.Obj().Pkg(), w.types.pkg) && types.Implements(t, errorInterface())
}

// lookalikeErrors returns the names of the package's other concrete types
// implementing error (held as t is, by value or pointer) that have the
// underlying type of t's, joined, or "".
func (w *pkgGoWriter) lookalikeErrors(t types.Type) string {
	n := w.ownNamed(t)
	_, ptr := t.(*types.Pointer)
	var others []string
	for _, o := range w.ownErrorTypes() {
		on := w.ownNamed(o)
		if _, optr := o.(*types.Pointer); optr == ptr && on != n && types.Identical(on.Underlying(), n.Underlying()) {
			others = append(others, on.Obj().Name())
		}
	}
	return strings.Join(others, ", ")
}

// ownErrorTypes returns the package's concrete named types, or pointers
// to them (where only the pointer has the method), implementing error.
func (w *pkgGoWriter) ownErrorTypes() []types.Type {
	var out []types.Type
	for _, nt := range w.concreteTypes() {
		for _, t := range []types.Type{nt, types.NewPointer(nt)} {
			if types.Implements(t, errorInterface()) {
				out = append(out, t)
				break
			}
		}
	}
	return out
}

// errChainReady sets up the file's Is, As and Unwrap the first time it is
// asked, and reports whether the package has them (declares an error
// type).
func (w *pkgGoWriter) errChainReady() bool {
	if w.errChain == "" {
		w.errChainInit()
	}
	return w.errChain != "-"
}

// errChainInit sets the suffix of the file's Is, As and Unwrap ("-" when
// the package declares no concrete type implementing error) and their
// declarations.
func (w *pkgGoWriter) errChainInit() {
	own := w.ownErrorTypes()
	if len(own) == 0 {
		w.errChain = "-"
		return
	}
	w.errChain = w.fileSuffix()
	var cmp, distinct []string
	for _, t := range own {
		s := w.typeText(t)
		if s == "" {
			continue
		}
		if types.Comparable(t) {
			cmp = append(cmp, s)
		}
		if w.lookalikeErrors(t) == "" {
			distinct = append(distinct, s)
		}
	}
	w.errChainFuncs = w.errChainDecls(errChainMethods{
		unwrap:  w.methodTypes("Unwrap", "func() error"),
		unwraps: w.methodTypes("Unwrap", "func() []error"),
		is:      w.methodTypes("Is", "func(error) bool"),
		as:      append(w.methodTypes("As", "func(any) bool"), w.methodTypes("As", "func(interface{}) bool")...),
		cmp:     cmp,
		own:     distinct,
	})
}

// errChainMethods holds, as the file writes them, the package's concrete
// types implementing error that have each method of the errors package's
// chain, those whose values can be compared, and those the interpreter
// tells from the others (own: a compiled wrapper's Unwrap gives back a
// value of the package's types in yaegi's wrapper, which asserts to its
// type but equals nothing, so the file's Unwrap asserts it back).
type errChainMethods struct{ unwrap, unwraps, is, as, cmp, own []string }

// methodTypes returns the package-level concrete types of the package
// (and pointers to them), as the file names them, with the method name of
// signature sig that implement error.
func (w *pkgGoWriter) methodTypes(name, sig string) []string {
	var out []string
	for _, t := range w.ownErrorTypes() {
		for _, t := range []types.Type{w.ownNamed(t), types.NewPointer(w.ownNamed(t))} {
			sel := types.NewMethodSet(t).Lookup(w.types.pkg, name)
			if sel == nil || !types.Implements(t, errorInterface()) || sigString(sel.Type().(*types.Signature)) != sig {
				continue
			}
			if s := w.typeText(t); s != "" {
				out = append(out, s)
			}
			break
		}
	}
	return out
}

// errChainDecls returns the declarations of the file's Unwrap, Is and As
// and of the step they share, which unwraps an error once: kind 1 with
// the result of Unwrap() error, 2 with that of Unwrap() []error, 0 for
// neither.
func (w *pkgGoWriter) errChainDecls(m errChainMethods) string {
	sfx, rt := w.errChain, pkgRuntimeName
	var b strings.Builder
	b.WriteString("func _activisStep" + sfx + "(err error) (error, []error, int) { ")
	b.WriteString("if " + rt + ".ErrCompiled(err) { _activisN, _activisM, _activisK := " + rt + ".ErrUnwrap(err); return _activisN, _activisM, _activisK }; ")
	for _, t := range m.unwrap {
		b.WriteString("if v, ok := err.(" + t + "); ok { return v.Unwrap(), nil, 1 }; ")
	}
	for _, t := range m.unwraps {
		b.WriteString("if v, ok := err.(" + t + "); ok { return nil, v.Unwrap(), 2 }; ")
	}
	b.WriteString("if u, ok := err.(interface{ Unwrap() error }); ok { return u.Unwrap(), nil, 1 }; ")
	b.WriteString("if u, ok := err.(interface{ Unwrap() []error }); ok { return nil, u.Unwrap(), 2 }; return nil, nil, 0 }; ")

	b.WriteString("func _activisUnwrap" + sfx + "(err error) error { if err == nil { return nil }; _activisN, _, _activisK := _activisStep" + sfx + "(err); if _activisK != 1 { return nil }; ")
	b.WriteString("if _activisN == nil || " + rt + ".ErrCompiled(_activisN) { return _activisN }; ")
	for _, t := range m.own {
		b.WriteString("if v, ok := _activisN.(" + t + "); ok { return v }; ")
	}
	b.WriteString("return _activisN }; ")

	b.WriteString("func _activisIs" + sfx + "(err, target error) bool { if err == nil || target == nil { return err == target }; for { ")
	b.WriteString("if " + rt + ".ErrCompiled(err) { if " + rt + ".ErrEqual(err, target) || " + rt + ".ErrIs(err, target) { return true } } else { ")
	for _, t := range m.cmp {
		b.WriteString("if x, ok := err.(" + t + "); ok { if y, ok := target.(" + t + "); ok && x == y { return true } }; ")
	}
	for _, t := range m.is {
		b.WriteString("if v, ok := err.(" + t + "); ok && v.Is(target) { return true }; ")
	}
	b.WriteString("if x, ok := err.(interface{ Is(error) bool }); ok && x.Is(target) { return true } }; ")
	b.WriteString("_activisN, _activisM, _activisK := _activisStep" + sfx + "(err); if _activisK == 2 { for _, e := range _activisM { if e != nil && _activisIs" + sfx + "(e, target) { return true } }; return false }; ")
	b.WriteString("if _activisK != 1 || _activisN == nil { return false }; err = _activisN } }; ")

	b.WriteString("func _activisAs" + sfx + "(err error, target any, match func(error) bool) bool { for err != nil { ")
	b.WriteString("if match(err) { return true }; ")
	if len(m.as) > 0 { // the package's values' own As methods (compiled errors' are match's)
		b.WriteString("if !" + rt + ".ErrCompiled(err) { ")
		for _, t := range m.as {
			b.WriteString("if v, ok := err.(" + t + "); ok && v.As(target) { return true }; ")
		}
		b.WriteString("}; ")
	}
	b.WriteString("_activisN, _activisM, _activisK := _activisStep" + sfx + "(err); if _activisK == 2 { for _, e := range _activisM { if e != nil && _activisAs" + sfx + "(e, target, match) { return true } }; return false }; ")
	b.WriteString("if _activisK != 1 { return false }; err = _activisN }; return false }")
	return b.String()
}

// errChainText is the declaration text errChainCall needs, for the
// file's last line.
func (w *pkgGoWriter) errChainText() string {
	if !w.errChainUsed {
		return ""
	}
	sep := "\n" // the last line may end in a comment
	if w.zero != "" || w.minMax != "" {
		sep = "; "
	} else if len(w.src) > 0 && w.src[len(w.src)-1] == '\n' {
		sep = ""
	}
	return sep + w.errChainFuncs
}

// sigString writes sig as a func type without parameter names.
func sigString(sig *types.Signature) string {
	var ps, rs []string
	for i := range sig.Params().Len() {
		ps = append(ps, types.TypeString(sig.Params().At(i).Type(), nil))
	}
	for i := range sig.Results().Len() {
		rs = append(rs, types.TypeString(sig.Results().At(i).Type(), nil))
	}
	return "func(" + strings.Join(ps, ", ") + ") " + strings.Join(rs, ", ")
}

// errorfOperands gives fmt.Errorf, in the call c, each %w operand that
// may hold a value of the package's types as an error: yaegi hands
// compiled code such a value as `any` without its methods, so fmt wrote
// "%!w(*struct {…})" into the message and wrapped nothing, without an
// error (fmt.Errorf("y: %w", &wrapErr{ErrBase}): errors.Is of it and
// ErrBase false). As in cells (errorchain.go's wrapErrorArg), a pointer
// becomes the result of a function returning error and any other operand
// goes through the session runtime's AsError, whose parameter of type
// error gets yaegi's error wrapper, which keeps the methods. Only in a
// package declaring a concrete type implementing error.
func (w *pkgGoWriter) errorfOperands(c *ast.CallExpr) {
	if w.types == nil || c.Ellipsis.IsValid() || len(c.Args) < 2 || !w.isPkgFunc(c.Fun, "fmt", "Errorf") {
		return
	}
	_, verbs, ok := literalFormat(c.Args[0])
	if !ok || len(verbs) != len(c.Args)-1 {
		return
	}
	if !w.errChainReady() {
		return
	}
	for i, v := range verbs {
		arg := c.Args[i+1]
		tv, ok := w.types.info.Types[arg]
		if v.verb != 'w' || !ok || tv.Type == nil || tv.IsNil() || !types.Implements(tv.Type, errorInterface()) {
			continue
		}
		if w.wrapStructTo(arg, types.Universe.Lookup("error").Type()) { // pkgstructwrap.go
			continue
		}
		if _, isPtr := tv.Type.(*types.Pointer); isPtr {
			if w.ownNamed(tv.Type) != nil {
				w.enclose(arg, "func() error { return ", " }()")
			}
			continue
		}
		if types.IsInterface(tv.Type) || w.ownNamed(tv.Type) != nil {
			w.runtime = true
			w.enclose(arg, pkgRuntimeName+".AsError(", ")")
		}
	}
}

// errorsForwarder reports whether fun, a callee in package own checked
// into info, names a function Is, As or Unwrap of another interpreted
// package named errors, with the signature of the standard library's: such
// a function forwards to it (github.com/pkg/errors,
// github.com/go-viper/mapstructure's internal/errors, whose
// `As(err error, target interface{}) bool` returns errors.As(err,
// target)), and the compiled errors.As it calls could not take a target of
// an interface declared in interpreted code ("errors: *target must be
// interface or implement error": mapstructure's Decode panicked on every
// call), nor follow the package's types. The call is written as the
// file's own, as a call of the standard library's is; in cells it gets
// the session's chain (errorwrap.go), where it was refused.
func errorsForwarder(info *types.Info, fun ast.Expr, own *types.Package) bool {
	fn, ok := calleeObject(info, fun).(*types.Func) // ifacecallarg.go
	if !ok || fn.Pkg() == nil || fn.Pkg() == own || fn.Pkg().Name() != "errors" || compiledPackage(fn.Pkg(), own) {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Variadic() || sig.TypeParams().Len() > 0 || sig.Results().Len() != 1 {
		return false
	}
	errType := types.Universe.Lookup("error").Type()
	var want []types.Type
	result := types.Type(types.Typ[types.Bool])
	switch fn.Name() {
	case "Is":
		want = []types.Type{errType, errType}
	case "As":
		want = []types.Type{errType, types.NewInterfaceType(nil, nil)}
	case "Unwrap":
		want, result = []types.Type{errType}, errType
	}
	if sig.Params().Len() != len(want) || !types.Identical(sig.Results().At(0).Type(), result) {
		return false
	}
	for i, t := range want {
		if !types.Identical(sig.Params().At(i).Type(), t) {
			return false
		}
	}
	return true
}

// isPkgFunc reports whether fun names the function name of the package
// of import path path.
func (w *pkgGoWriter) isPkgFunc(fun ast.Expr, path, name string) bool {
	sel, ok := unparen(fun).(*ast.SelectorExpr)
	return ok && sel.Sel.Name == name && w.selectedPkg(sel) == path
}
