package gosession

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// Error chains through the session's error types.
//
// yaegi v0.16.1 hands compiled code a session value as an error through a
// wrapper that has only the Error method, so the compiled errors.Is,
// errors.As and errors.Unwrap never see a session type's Unwrap, Is or As
// method: with `func (e *QueryError) Unwrap() error`, errors.Is(&QueryError{
// Err: ErrNotFound}, ErrNotFound) was false, errors.Unwrap of it nil, and
// errors.Is(e, e) false for a session error e (the wrapper holds func
// fields, so it is not comparable); errors.As with a session target was
// refused. Where the session declares an error type, the calls in a cell
// go to interpreted versions instead (gosrc/errors.go.txt) that walk the
// chain as Go does, asking compiled code about compiled errors (errUnwrap,
// errIs, errAs below: interpreted code cannot see a compiled error's
// methods through an interface written in source) and interpreted code
// about the session's. errors.As(err, &t) becomes
//
//	func(_activisErr error, _activisP *T) bool {
//		return _activisErrorsAs(_activisErr, func(_activisE error) bool {
//			_activisV, _activisOK := _activisE.(T)
//			if _activisOK {
//				*_activisP = _activisV
//			}
//			return _activisOK
//		}, _activisP)
//	}(err, &t)
//
// with T the target's element type as the type oracle writes it, or the
// type parameter of the generic function around it (`var t T;
// errors.As(err, &t)`); a target whose type the oracle cannot write, or
// an interface declared in the session (which compiled errors cannot be
// asserted to), keeps the compiled errors.As. Written for this package.

// errUnwrap unwraps a compiled error once: kind 1 with the result of
// Unwrap() error, 2 with that of Unwrap() []error, 0 for neither (and for
// a session value, whose wrapper has no such method).
func errUnwrap(err error) (next error, multi []error, kind int) {
	switch x := err.(type) {
	case interface{ Unwrap() error }:
		return x.Unwrap(), nil, 1
	case interface{ Unwrap() []error }:
		return nil, x.Unwrap(), 2
	}
	return nil, nil, 0
}

// errCompiled reports whether err holds a value of a compiled type, not a
// session value (which reaches compiled code in one of the interpreter's
// wrappers or bare, as its run-time type).
func errCompiled(err error) bool {
	t := reflect.TypeOf(err)
	if t == nil || !compiledNamed(t) { // ifaceimpl.go
		return false
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return !strings.HasPrefix(t.Name(), "guarded_") // guardwrap_gen.go
}

// errEqual is err == target as errors.Is compares, for a compiled err:
// false where target's type is not comparable.
func errEqual(err, target error) bool {
	t := reflect.TypeOf(target)
	return t != nil && t.Comparable() && err == target
}

// errIs calls a compiled error's own Is method (syscall.Errno's matches
// fs.ErrNotExist), false without one.
func errIs(err, target error) bool {
	x, ok := err.(interface{ Is(error) bool })
	return ok && x.Is(target)
}

// errAs calls a compiled error's own As method, false without one.
func errAs(err error, target any) bool {
	x, ok := err.(interface{ As(any) bool })
	return ok && x.As(target)
}

// declaresErrors reports whether the session or the cell declares a type
// with an Error method.
func (r *rewriter) declaresErrors() bool {
	for _, t := range r.sessionTypes() {
		if t.methods["Error"] || t.ptrMethods["Error"] {
			return true
		}
	}
	return false
}

// methodSigs returns the signatures of the method set of the session type
// name (of *name when ptr), as errorMethods takes them: from the type
// checker, or, for a type it has not seen (declared in the cell being
// run), from the declarations' source the session keeps.
func (r *rewriter) methodSigs(nt *namedType, ptr bool) func(string) string {
	if tn, ok := r.oracle.pkg.Scope().Lookup(nt.name).(*types.TypeName); ok {
		var t types.Type = tn.Type()
		if ptr {
			t = types.NewPointer(t)
		}
		return typeMethodSigs(t)
	}
	k, ok := r.sc.(interface{ methodHeader(recv, m string) string })
	return func(name string) string {
		if !ok || !(nt.methods[name] || ptr && nt.ptrMethods[name]) {
			return ""
		}
		f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+k.methodHeader(nt.user, name), 0)
		if err != nil || len(f.Decls) != 1 {
			return ""
		}
		fd, ok := f.Decls[0].(*ast.FuncDecl)
		if !ok {
			return ""
		}
		list := func(fl *ast.FieldList) string {
			var parts []string
			if fl != nil {
				for _, fld := range fl.List {
					for range max(1, len(fld.Names)) {
						parts = append(parts, types.ExprString(fld.Type))
					}
				}
			}
			return strings.Join(parts, ", ")
		}
		return "func(" + list(fd.Type.Params) + ") " + list(fd.Type.Results)
	}
}

// methodHeader returns the header of the session method recv.m as
// written ("func (e *E) Unwrap() error"), or "".
func (sc sessionScope) methodHeader(recv, m string) string {
	sc.s.mu.Lock()
	defer sc.s.mu.Unlock()
	if d := sc.st.methods[recv][m]; d != nil {
		return d.Sig
	}
	return ""
}

// errorStep returns the step function a rewritten call passes (see
// gosrc/errors.go.txt), for the session's types as they are, the
// third-party error types src (sourceErrorTypes) and, after them, the
// calls hooks of third-party packages' hooks (errorHookCalls): for each type T and *T
// whose method set has Unwrap, Is or As (with the errors package's
// signatures),
//
//	if x, ok := e.(*T); ok {
//		if t != nil { is = x.Is(t) }
//		if p != nil { as = x.As(p) }
//		return x.Unwrap(), nil, 1, eq, is, as
//	}
//
// and e == t as a comparison of two values of one comparable session
// error type. Assertions to the concrete session types: yaegi does not
// assert a session value to an interface written in source, nor does the
// cell's rewrite of such an assertion cover named types that are not
// structs, and it refuses to compare interfaces that may hold a session
// struct. A session struct held by value in an error is asserted as the
// others: the session's conversions give it to yaegi's wrapper through
// WrapStruct (sourcestructwrap.go), which keeps the value. A compiled
// error never reaches it (gosrc/errors.go.txt asks compiled code).
func (r *rewriter) errorStep(src []chainType, hooks string) string {
	cands := append(r.errorTypes(), src...)
	var b strings.Builder
	b.WriteString(`func(_activisE, _activisT error, _activisP any) (error, []error, int, bool, bool, bool) {
	_activisEq, _activisIs, _activisAs := false, false, false
	if _activisT != nil {
`)
	for _, c := range cands {
		if c.cmp && c.sig("Error") != "" {
			eq := "_activisX == _activisY"
			if c.nt != nil && !strings.HasPrefix(c.name, "*") && r.holdsIface(c.nt.under, 0) {
				// A struct with interface fields: == compared yaegi's
				// wrappers in them and panicked ("comparing uncomparable
				// type interp._error"); compared as interfaces, the
				// rewrite gives it to the compiled helper (compare.go).
				eq = "any(_activisX) == any(_activisY)"
			}
			fmt.Fprintf(&b, "\t\tif _activisX, _activisOK := _activisE.(%[1]s); _activisOK {\n\t\t\tif _activisY, _activisOK := _activisT.(%[1]s); _activisOK {\n\t\t\t\t_activisEq = %[2]s\n\t\t\t}\n\t\t}\n", c.name, eq)
		}
	}
	b.WriteString("\t}\n")
	for _, c := range cands {
		if body := errorMethods(c.sig); body != "" {
			fmt.Fprintf(&b, "\tif _activisX, _activisOK := _activisE.(%s); _activisOK {\n%s\t}\n", c.name, body)
		}
	}
	b.WriteString(hooks) // the hooks of the packages from source (errorhook.go)
	b.WriteString("\treturn nil, nil, 0, _activisEq, _activisIs, _activisAs\n}")
	return b.String()
}

// chainType is a session type, or a pointer to one, as the errors
// rewrites assert and compare it.
type chainType struct {
	nt   *namedType
	name string              // the type as the cell writes it, *T for a pointer
	sig  func(string) string // its method set (methodSigs)
	cmp  bool                // its values can be compared
	typ  types.Type          // the type checker's type, nil where it has not seen T
}

// user returns the type as the user writes it.
func (t chainType) user() string {
	if t.nt == nil {
		return t.name // a third-party package's type (sourceErrorTypes)
	}
	if strings.HasPrefix(t.name, "*") {
		return "*" + t.nt.user
	}
	return t.nt.user
}

// errorTypes returns the session's types as the step asserts them: each
// type and the pointer to it (a struct value in an error is in yaegi's
// wrapper through WrapStruct, sourcestructwrap.go, and asserts back).
func (r *rewriter) errorTypes() (asserted []chainType) {
	all := r.sessionTypes()
	for _, n := range r.sessionTypeNames() {
		nt := all[n]
		typ, cmp := r.errorTypeShape(nt)
		for _, ptr := range []bool{false, true} {
			et := chainType{nt: nt, name: nt.name, sig: r.methodSigs(nt, ptr), cmp: ptr || cmp, typ: typ}
			if ptr {
				et.name = "*" + et.name
				if typ != nil {
					et.typ = types.NewPointer(typ)
				}
			}
			asserted = append(asserted, et)
		}
	}
	return asserted
}

// errorTypeShape returns the type checker's type of the session type nt
// (nil for a type it has not seen: declared in the cell being run, or
// redefined and not named by the group), and whether its values are
// comparable, from the checker or else from the declaration (a struct
// with a slice field held by value is not: the step's == of two of them
// failed to compile).
func (r *rewriter) errorTypeShape(nt *namedType) (typ types.Type, cmp bool) {
	if tn, ok := r.oracle.pkg.Scope().Lookup(nt.name).(*types.TypeName); ok {
		return tn.Type(), types.Comparable(tn.Type())
	}
	return nil, r.comparable(nt.under, 0) // compare.go
}

// errorMethods writes the body of a step's case for a method set, given
// as the signature of each method by name ("func(error) bool", "" for
// none): the Is, As and Unwrap calls it has, "" for none of them.
func errorMethods(sig func(name string) string) string {
	var b strings.Builder
	if sig("Is") == "func(error) bool" {
		b.WriteString("\t\tif _activisT != nil {\n\t\t\t_activisIs = _activisX.Is(_activisT)\n\t\t}\n")
	}
	if sig("As") == "func(any) bool" {
		b.WriteString("\t\tif _activisP != nil {\n\t\t\t_activisAs = _activisX.As(_activisP)\n\t\t}\n")
	}
	switch sig("Unwrap") {
	case "func() error":
		b.WriteString("\t\treturn _activisX.Unwrap(), nil, 1, _activisEq, _activisIs, _activisAs\n")
	case "func() []error":
		b.WriteString("\t\treturn nil, _activisX.Unwrap(), 2, _activisEq, _activisIs, _activisAs\n")
	default:
		if b.Len() == 0 {
			return ""
		}
		b.WriteString("\t\treturn nil, nil, 0, _activisEq, _activisIs, _activisAs\n")
	}
	return b.String()
}

// typeMethodSigs returns the signatures of t's method set by name, as
// errorMethods (errorchain.go) takes them ("" for none).
func typeMethodSigs(t types.Type) func(string) string {
	ms := types.NewMethodSet(t)
	return func(name string) string {
		sel := ms.Lookup(nil, name)
		if sel == nil {
			return ""
		}
		fs, ok := sel.Type().(*types.Signature)
		if !ok {
			return ""
		}
		list := func(t *types.Tuple) string {
			var parts []string
			for v := range t.Variables() {
				parts = append(parts, types.TypeString(v.Type(), nil))
			}
			return strings.Join(parts, ", ")
		}
		return "func(" + list(fs.Params()) + ") " + list(fs.Results())
	}
}

// errorChain rewrites a call of errors.Is, errors.As or errors.Unwrap (see
// above); it reports whether it did.
func (r *rewriter) errorChain(c *ast.CallExpr, fn string) bool {
	if r.oracle == nil || c.Ellipsis.IsValid() {
		return false
	}
	if fn == "Is" && len(c.Args) == 2 {
		if sv := sourceValueError(r.oracle.typeOf(c.Args[1])); sv != nil {
			r.fail(c.Pos(), "errors.Is with a target of type %s is not supported by the interpreter: %s", types.TypeString(sv, sessionQualifier),
				sourceValueErrorMsg(sv, "no error would match the target")) // sourcetypes.go
			return true
		}
	}
	src := r.sourceErrorTypes() // sourcetypes.go
	hooks := r.errorHookCalls() // errorhook.go
	if !r.declaresErrors() && len(src) == 0 && hooks == "" {
		return false
	}
	pos := c.Fun.Pos()
	asserted := r.errorTypes()
	for _, a := range asserted {
		ptr := strings.HasPrefix(a.name, "*")
		if a.sig("Error") == "" {
			continue
		}
		if others := r.lookalikes(a.nt, ptr, []string{"Error"}); len(others) > 0 {
			if ptr {
				others = slices.Clone(others)
				for i := range others {
					others[i] = "*" + others[i]
				}
			}
			r.fail(c.Pos(), "errors.%s where the session's error types %s and %s look alike is not supported by the interpreter: %s",
				fn, a.user(), strings.Join(others, ", "), r.sameShape(a.nt, others))
			return true
		}
	}
	step, err := parseResolved(r.errorStep(src, hooks))
	if err != nil {
		return false
	}
	setPositions(step, pos)
	switch fn {
	case "Is":
		if len(c.Args) != 2 {
			return false
		}
		c.Fun = &ast.Ident{NamePos: pos, Name: "_activisErrorsIs"}
	case "Unwrap":
		if len(c.Args) != 1 {
			return false
		}
		c.Fun = &ast.Ident{NamePos: pos, Name: "_activisErrorsUnwrap"}
	case "As":
		if len(c.Args) != 2 || r.oracle == nil {
			return false
		}
		tv, ok := r.oracle.info.Types[c.Args[1]]
		if !ok {
			return false
		}
		if types.IsInterface(tv.Type) {
			return r.errorsAsAny(c, step, asserted, pos) // see errorsvalue.go
		}
		ptr, ok := tv.Type.(*types.Pointer)
		tp, isParam := ptr.Elem().(*types.TypeParam)
		if !ok || !isParam && holdsTypeParam(ptr.Elem(), map[types.Type]bool{}) {
			return false
		}
		if isParam {
			// a target of a type parameter: the step asserts to it, and
			// an instance with an interface of the session refuses
			src := errorsAsLit(tp.Obj().Name())
			if iface := r.sessionIfaceName(); iface != "" {
				msg := r.place(c.Pos()) + ": errors.As with a target of type parameter " + userTypeParams(tp.Obj().Name()) + // typeparams.go
					" instantiated with an interface declared in the session is not supported by the interpreter (compiled errors cannot be asserted to it); " +
					"instantiate it with the error's own type (a pointer type for pointer receivers) or a compiled interface"
				src = strings.Replace(src, "{\n", "{\n\tif _, _activisI := any(_activisP).(*"+iface+"); _activisI {\n\t\t_activisErrorsRefuse("+strconv.Quote(msg)+")\n\t}\n", 1)
			}
			lit, err := parseResolved(src)
			if err != nil {
				return false
			}
			setPositions(lit, pos)
			c.Fun = lit
			c.Args = append(c.Args, step)
			return true
		}
		if named, ok := ptr.Elem().(*types.Named); ok && named.Obj().Pkg() == r.oracle.pkg && types.IsInterface(named) {
			return false // a session interface: compiled errors cannot be asserted to it
		}
		if iface, ok := ptr.Elem().(*types.Interface); ok && !iface.Empty() {
			r.fail(c.Pos(), "%s", asInlineIface(types.TypeString(iface, types.RelativeTo(r.oracle.pkg)))) // see errorwrap.go
			return true
		}
		t := r.oracle.expr(ptr.Elem())
		if t == nil {
			return false
		}
		lit, err := parseResolved(errorsAsLit(printType(t)))
		if err != nil {
			return false
		}
		setPositions(lit, pos)
		c.Fun = lit
	default:
		return false
	}
	c.Args = append(c.Args, step)
	return true
}

// errorsAsLit is the function literal that errors.As(err, &t) becomes for
// a target element type ts (see above).
func errorsAsLit(ts string) string {
	return `func(_activisErr error, _activisP *` + ts + `, _activisStep func(error, error, any) (error, []error, int, bool, bool, bool)) bool {
	return _activisErrorsAs(_activisErr, func(_activisE error) bool {
		_activisV, _activisOK := _activisE.(` + ts + `)
		if _activisOK {
			*_activisP = _activisV
		}
		return _activisOK
	}, _activisP, _activisStep)
}`
}

// parseResolved parses an expression with its identifiers resolved to
// their declarations inside it (parser.ParseExpr leaves them unresolved),
// which the rewrites read to type them.
func parseResolved(src string) (ast.Expr, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p\nvar _ = "+src, 0)
	if err != nil {
		return nil, err
	}
	return f.Decls[0].(*ast.GenDecl).Specs[0].(*ast.ValueSpec).Values[0], nil
}

// wrapErrorArg makes argument i of a fmt.Errorf call, given to %w, an
// error as compiled fmt can wrap it, where the argument is or may hold a
// value of a session type. yaegi hands compiled fmt a session value given
// to a parameter of type any bare, as its run-time type without methods
// (the message read "%!w(*struct {…})", "%!w(int=7)"), but one given to a
// parameter of type error in its error wrapper, which keeps the methods:
// fmt then wraps it, prints it with the session's Error method, and the
// session's errors.Is/As (errorChain) find it again behind the compiled
// Unwrap. A pointer becomes the result of a function returning error
// (`fmt.Errorf("load: %w", func() error { return &parseErr{…} }())`); a
// value of a session type, or an operand of interface type in a session
// that declares error types (`var err error = Code(7)`), goes through the
// compiled identity asError (`_activisAsError(err)`, gosrc/errors.go.txt):
// an interpreted function's result does not keep a value's methods (fmt
// printed %!w(int=404) for a named int). It reports whether it rewrote
// the argument.
func (r *rewriter) wrapErrorArg(c *ast.CallExpr, i int) bool {
	if r.oracle == nil || i >= len(c.Args) {
		return false
	}
	tv, ok := r.oracle.info.Types[c.Args[i]]
	if !ok || tv.Type == nil || tv.IsNil() || !types.Implements(tv.Type, errorInterface()) {
		return false
	}
	if w := r.structWrapCall(c.Args[i], types.Universe.Lookup("error").Type()); w != nil {
		c.Args[i] = w // a struct value in its error wrapper (sourcestructwrap.go)
		return true
	}
	pos, end := c.Args[i].Pos(), c.Args[i].End()
	if _, isPtr := tv.Type.(*types.Pointer); !isPtr {
		if types.IsInterface(tv.Type) && !r.declaresErrors() || r.packageMember(c.Args[i]) {
			return false // a compiled error: fmt wraps it
		}
		c.Args[i] = &ast.CallExpr{Fun: &ast.Ident{NamePos: pos, Name: "_activisAsError"}, Lparen: pos, Args: []ast.Expr{c.Args[i]}, Rparen: end}
		return true
	}
	c.Args[i] = &ast.CallExpr{Fun: &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{Opening: pos, Closing: pos},
			Results: &ast.FieldList{List: []*ast.Field{{Type: &ast.Ident{NamePos: pos, Name: "error"}}}}},
		Body: &ast.BlockStmt{Lbrace: pos, Rbrace: end, List: []ast.Stmt{&ast.ReturnStmt{Return: pos, Results: []ast.Expr{c.Args[i]}}}},
	}, Lparen: end, Rparen: end}
	return true
}

// errRefuse panics with msg as an error of the ErrUnsupported kind
// (_activisErrorsRefuse, for the rewrites' run-time refusals).
func errRefuse(msg string) { panic(fmt.Errorf("%s: %w", msg, ErrUnsupported)) }

// asError returns err: given to it, a session value reaches compiled code
// in the interpreter's error wrapper, with its methods (wrapErrorArg).
func asError(err error) error { return err }

// wrapsErrors reports whether c is a call of fmt.Errorf, whose %w operands
// wrapErrorArg gives fmt (the print rewrites leave them alone).
func (r *rewriter) wrapsErrors(c *ast.CallExpr) bool {
	pkg, fn, ok := r.packageCall(c)
	return ok && pkg == "fmt" && fn == "Errorf"
}

// errorInterface returns the predeclared error interface.
func errorInterface() *types.Interface {
	return types.Universe.Lookup("error").Type().Underlying().(*types.Interface)
}

// formatVerbs returns the verb of each argument a fmt format string (a Go
// string literal) consumes, in order, or nil when it uses an explicit
// argument index or a * width (the arguments then do not follow the verbs
// one by one).
func formatVerbs(lit string) []rune {
	f, err := strconv.Unquote(lit)
	if err != nil {
		return nil
	}
	var verbs []rune
	rs := []rune(f)
	for i := 0; i < len(rs); i++ {
		if rs[i] != '%' {
			continue
		}
		i++
		for i < len(rs) && strings.ContainsRune("+-# 0123456789.", rs[i]) {
			i++
		}
		if i >= len(rs) {
			break
		}
		switch rs[i] {
		case '%':
			continue
		case '[', '*':
			return nil
		}
		verbs = append(verbs, rs[i])
	}
	return verbs
}

// sessionErrorValue returns the name of the session type of a, when a is
// a conversion to a session type with a value Error method (`Code(7)`) or
// the type oracle shows a value (not a pointer) of a session type that
// implements error, or "".
func (r *rewriter) sessionErrorValue(a ast.Expr) string {
	for call, ok := unparen(a).(*ast.CallExpr); ok && len(call.Args) == 1; call, ok = unparen(call.Args[0]).(*ast.CallExpr) {
		id, ok := unparen(call.Fun).(*ast.Ident)
		if !ok {
			break
		}
		// A conversion Code(7), also inside the conversion to its
		// underlying type the printing rewrites give it (int(Code(7))).
		for _, nt := range r.sessionTypes() {
			if nt.user == id.Name && nt.methods["Error"] {
				return nt.user
			}
		}
	}
	if r.oracle == nil {
		return ""
	}
	tv, ok := r.oracle.info.Types[a]
	if !ok || tv.Type == nil {
		return ""
	}
	named, ok := tv.Type.(*types.Named)
	if !ok || named.Obj().Pkg() != r.oracle.pkg || types.IsInterface(named) ||
		!types.Implements(named, errorInterface()) {
		return ""
	}
	return named.Obj().Name()
}

// sessionIfaceName returns the interpreter name of an interface type with
// methods declared in the session or the cell, "" for none: yaegi gives
// every such interface one run-time type, so a type parameter holding any
// of them asserts (through a pointer) to it.
func (r *rewriter) sessionIfaceName() string {
	scope := r.oracle.pkg.Scope()
	for _, name := range scope.Names() {
		if tn, ok := scope.Lookup(name).(*types.TypeName); ok && !tn.IsAlias() {
			if n, ok := tn.Type().(*types.Named); ok && n.TypeParams().Len() == 0 {
				if it, ok := n.Underlying().(*types.Interface); ok && it.NumMethods() > 0 {
					return name
				}
			}
		}
	}
	if k, ok := r.sc.(interface{ sessionIfaceName() string }); ok {
		return k.sessionIfaceName()
	}
	return ""
}
