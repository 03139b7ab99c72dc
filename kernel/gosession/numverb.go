package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"regexp"
	"strconv"
	"strings"
)

// Numeric verbs of values of session types with methods.
//
// A value of a type declared in the session whose underlying type is a
// basic one (`type Level int`) and that has methods reaches compiled fmt
// as a wrapper of yaegi's, a struct holding the value and one function per
// method, so that fmt can call `String`. For the verbs fmt calls `String`
// or `Error` with (%v %s %q %x %X) that prints as in Go; for any other
// verb fmt prints the wrapper's fields: `%d` of `Level(2)` gave
// `{2 5485248}`, `%.2f` of a `Celsius` with a `String` method
// `{20.00 %!f(func() string=0x53b2c0)}`. Go prints the number there (fmt
// calls neither method for %d, %f, %b, %c, %e, %g, %o, %t, %U, ...). In a
// Printf-like call with a literal format (printfCall), an argument of such
// a type, as the type oracle (typecheck.go) tells, for such a verb is
// converted to its underlying basic type: `fmt.Printf("%03d", lv)` runs as
// `fmt.Printf("%03d", int(lv))`, which prints what Go prints. A type with
// a `Format` method is left alone (fmt calls it for every verb). An
// argument of interface type for such a verb goes through
// _activisiface.PlainNamed, which takes the basic value out of a wrapper
// at run time and names the session type in a bad verb's report
// (ifaceNumVerb, badverb.go). Written for this package.
//
// `%T` of an argument whose type the syntax does not show but the type
// oracle does, and that is not an interface type and involves a session
// type (`fmt.Printf("%T", Sum([]Celsius{1}))` for a generic `Sum`), prints
// that static type, `main.Celsius`, where yaegi printed the run-time type
// of the underlying type, `float64`: the argument is handed to a function
// literal returning the name, and the verb becomes %s with the same flags
// and width.

// numVerbs converts the arguments of c described above (and those
// ptrStringers converts).
func (r *rewriter) numVerbs(c *ast.CallExpr) {
	if r.oracle == nil {
		return
	}
	r.ptrStringers(c) // see ptrstring.go
	r.spreadPrint(c)  // see spreadprint.go
	first, format, verbs, ok := r.printfCall(c)
	if !ok {
		r.indexedVerbs(c) // see badverb.go
		return
	}
	for i, v := range verbs {
		argi := first + 1 + i
		if argi >= len(c.Args) {
			return
		}
		if v.verb == 'T' {
			r.staticTypeVerb(c, first, i)
			continue
		}
		if v.verb == 'w' && r.wrapsErrors(c) {
			continue // fmt.Errorf's %w: errorchain.go
		}
		t := r.oracle.typeOf(c.Args[argi])
		if r.badVerbArg(c, first, argi, v.verb, t) || strings.ContainsRune("vsqxXp", v.verb) {
			continue // badverb.go
		}
		if r.ifaceNumVerb(c, argi, t) || t != nil && types.IsInterface(t) {
			// A value holding interfaces (an any holding a []any) goes
			// through heldprint.go's walk, as for %v.
			c.Args[argi] = r.heldWalk(c.Args[argi], v.flags(format)+string(v.verb))
			continue
		}
		if r.nestedOtherVerb(c, argi, t, v.verb, v.flags(format)) {
			continue
		}
		basic := methodfulBasic(t)
		if basic == "" {
			c.Args[argi] = r.methodfulComposite(c.Args[argi], t)
			continue
		}
		pos := c.Args[argi].Pos()
		c.Args[argi] = &ast.CallExpr{Fun: &ast.Ident{NamePos: pos, Name: basic}, Lparen: pos,
			Args: []ast.Expr{c.Args[argi]}, Rparen: c.Args[argi].End()}
	}
}

// ifaceNumVerb handles an argument of interface type t (or of a type the
// oracle does not know) for such a verb where the session declares a type
// methodfulBasic names: its value may be one in yaegi's wrapper, whose
// fields fmt printed (`{1 5485280}` for an any holding Status(1) with
// %d). The argument becomes _activisiface.Plain(arg), which gives the
// basic value a wrapper holds and any other value back. It reports
// whether it rewrote the argument.
func (r *rewriter) ifaceNumVerb(c *ast.CallExpr, argi int, t types.Type) bool {
	if t != nil {
		if _, iface := t.Underlying().(*types.Interface); !iface {
			return false
		}
	} else if _, call := unparen(c.Args[argi]).(*ast.CallExpr); call || isConstLit(c.Args[argi]) {
		return false // a call may give several results
	}
	methodful := false
	for _, nt := range r.sessionTypes() {
		switch unparen(nt.under).(type) {
		case *ast.Ident, *ast.StructType, *ast.ArrayType, *ast.MapType:
			methodful = methodful || nt.hasMethods()
		}
	}
	rt := ""
	if methodful {
		rt = r.ifaceRuntimeName()
	}
	if rt == "" {
		return false
	}
	pos := c.Args[argi].Pos()
	args := []ast.Expr{c.Args[argi]}
	args = append(args, r.renamedTypeArgs(pos)...)
	plain := &ast.CallExpr{Fun: &ast.SelectorExpr{X: &ast.Ident{NamePos: pos, Name: rt}, Sel: &ast.Ident{NamePos: pos, Name: "PlainNamed"}},
		Lparen: pos, Args: args, Rparen: c.Args[argi].End()}
	c.Args[argi] = plain
	if lit := r.namedAsserts(c.Args[argi], plain, rt); lit != nil {
		c.Args[argi] = lit
	}
	return true
}

// nestedOtherVerb replaces the operand c.Args[argi] of a verb that calls
// no String or Error method (%d, %f, %t, …) by its text, when its type t
// holds interfaces below the top that may hold session values
// (nestedprint.go's nestedIfaceHolder): yaegi keeps such a value in its
// own wrapper there, whose pointers fmt printed (`[{8629263274688
// {8629262605152 8629263568288 409}}]` for `%d` of a []Shape holding
// Sq{2}, Go `[{%!d(float64=2)}]`). PlainV's walk prints it with the verb
// and flags as fmt does, calling no method, through Verbatim. It reports
// whether it rewrote the operand.
func (r *rewriter) nestedOtherVerb(c *ast.CallExpr, argi int, t types.Type, verb rune, flags string) bool {
	if t == nil || types.IsInterface(t) || !strings.ContainsRune(noMethodVerbs, verb) ||
		!r.nestedIfaceHolder(t) && !badNamedBelow(t, verb) || !plainVReadable(t) {
		return false
	}
	return r.nestedPrintWith(c, argi, t, verb, flags, nil) // nestedprint.go
}

// ifacePlain returns the boolean, number or string a wrapper of a session
// value holds (isYaegiWrapper, also inside yaegi's valueInterface), and v
// itself otherwise (ifaceNumVerb). yaegi hands a value held in an `any`
// to this `any` parameter bare, its basic value, which is what fmt must
// print; one held in a compiled interface with methods (an error, a
// fmt.Stringer) arrives in its wrapper, which this unwraps. (A bad verb then names the basic type,
// %!f(int=0), where Go names the session type: the wrapper does not say
// it.)
func ifacePlain(v any) any {
	inner, _ := ifaceUnwrap(v)
	rv := reflect.ValueOf(inner)
	if !rv.IsValid() || !isYaegiWrapper(rv.Type()) {
		return v
	}
	held, _ := ifaceUnwrap(rv.Field(0).Interface())
	switch reflect.ValueOf(held).Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128, reflect.String,
		reflect.Struct, reflect.Slice, reflect.Array, reflect.Map, reflect.Pointer:
		return held
	}
	return v
}

// methodfulComposite returns e converted to its underlying type when its
// type t is a session type with a struct, slice, array or map underlying
// type and with methods (on T or *T) but no Format method, or a pointer
// to one (for a third-party package's type, _activisiface.Plain(e)); else
// e. yaegi gave fmt such a value (a pointer too) in its
// wrapper, whose fields %d, %f and %t printed (`{853574569736 5532896}`
// for `%d` of a `&P{1}` whose *P has a String method, Go `&{1}`); the
// value of its underlying type has no methods, which fmt does not call
// for these verbs.
func (r *rewriter) methodfulComposite(e ast.Expr, t types.Type) ast.Expr {
	named, ptr := namedOrPointee(t) // ptrstring.go
	if named == nil || named.Obj().Pkg() == nil || named.TypeArgs().Len() > 0 {
		return e
	}
	promoted := promotedMethods(named)
	if !promoted && !methodfulCompositeNamed(named) {
		return e
	}
	if isSourceNamed(named) || promoted { // a third-party package's type, which the cell may not name, or one whose underlying type has the methods: Plain takes the value out of the wrapper
		rt := r.ifaceRuntimeName()
		if rt == "" {
			return e
		}
		pos := e.Pos()
		return &ast.CallExpr{Fun: &ast.SelectorExpr{X: &ast.Ident{NamePos: pos, Name: rt}, Sel: &ast.Ident{NamePos: pos, Name: "Plain"}},
			Lparen: pos, Args: []ast.Expr{e}, Rparen: e.End()}
	}
	if named.Obj().Pkg().Name() != "main" {
		return e
	}
	nt := r.sessionTypes()[named.Obj().Name()]
	if nt == nil {
		return e
	}
	pos := e.Pos()
	typ := cloneTypeAt(nt.under, pos)
	if ptr {
		typ = &ast.StarExpr{Star: pos, X: typ}
	}
	return &ast.CallExpr{Fun: &ast.ParenExpr{Lparen: pos, X: typ, Rparen: pos}, Lparen: pos, Args: []ast.Expr{e}, Rparen: e.End()}
}

// promotedMethods reports whether the struct type n has methods promoted
// from an embedded field (`type W struct{ Level; n int }` with Level's
// String), and no Format method: converted to its underlying type it
// keeps them, and yaegi wrapped it as before, so methodfulComposite takes
// it out of the wrapper at run time (`%d` of such a W printed
// `{5 5533312}`, Go `{2 5}`).
func promotedMethods(n *types.Named) bool {
	st, ok := n.Underlying().(*types.Struct)
	if !ok || types.NewMethodSet(types.NewPointer(n)).Lookup(n.Obj().Pkg(), "Format") != nil {
		return false
	}
	return types.NewMethodSet(types.NewPointer(st)).Len() > 0
}

// methodfulCompositeNamed reports whether n has methods (on T or *T) but
// no Format method and a struct, slice, array or map underlying type
// (methodfulComposite, and pkgprint.go's for a package's types).
func methodfulCompositeNamed(n *types.Named) bool {
	if n.NumMethods() == 0 || types.NewMethodSet(types.NewPointer(n)).Lookup(n.Obj().Pkg(), "Format") != nil {
		return false
	}
	switch n.Underlying().(type) {
	case *types.Struct, *types.Slice, *types.Array, *types.Map:
		return true
	}
	return false
}

// methodfulBasic returns the name of the underlying basic type of t when t
// is a named type of package main with a basic underlying type and with
// methods (on T or *T) but no `Format` method; "" otherwise.
func methodfulBasic(t types.Type) string {
	return methodfulBasicIn(t, func(p *types.Package) bool { return p.Name() == "main" })
}

// methodfulBasicIn is methodfulBasic for the named types of the packages
// that own tells are interpreted (a package file's own: pkgprint.go).
func methodfulBasicIn(t types.Type, own func(*types.Package) bool) string {
	named, ok := t.(*types.Named)
	if !ok || named.Obj().Pkg() == nil || !own(named.Obj().Pkg()) || named.NumMethods() == 0 {
		return ""
	}
	b, ok := named.Underlying().(*types.Basic)
	if !ok || b.Info()&types.IsUntyped != 0 || b.Kind() == types.UnsafePointer {
		return ""
	}
	for i := range named.NumMethods() {
		if named.Method(i).Name() == "Format" {
			return ""
		}
	}
	return b.Name()
}

// oracleTypeString prints the type checker's type t as reflect prints
// the run-time type: packages by name, the session's types by the names
// the user wrote, and type arguments without spaces (`main.Pair[string,int]`;
// go/types writes `main.Pair[string, int]`).
func (r *rewriter) oracleTypeString(t types.Type) string {
	s := types.TypeString(t, func(p *types.Package) string { return p.Name() })
	var b strings.Builder
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '[':
			depth++
		case ']':
			depth--
		case ' ':
			if depth > 0 && i > 0 && s[i-1] == ',' {
				continue // between type arguments
			}
		}
		b.WriteByte(s[i])
	}
	return sessionTypeRef.ReplaceAllStringFunc(b.String(), func(m string) string { return "main." + r.userTypeName(m[len("main."):]) })
}

// sessionTypeRef matches a session type name in a go/types type string.
var sessionTypeRef = regexp.MustCompile(`main\.([A-Za-z_][A-Za-z0-9_]*)`)

// staticTypeVerb rewrites the %T verb i of c when the oracle tells its
// argument's type and fmttype.go does not (see above).
func (r *rewriter) staticTypeVerb(c *ast.CallExpr, first, i int) {
	argi := first + 1 + i
	arg := c.Args[argi]
	_, isCall := unparen(arg).(*ast.CallExpr)
	if tv, ok := r.oracle.info.Types[arg]; ok && tv.Value != nil && r.localTypeIn(tv.Type) != "" {
		isCall = true // a typed constant of a local type, which yaegi typed as its underlying type (localprint.go)
	}
	if !isCall || r.typeNameOf(arg) != "" {
		return
	}
	t := r.oracle.typeOf(arg)
	if t == nil || types.IsInterface(t) {
		return
	}
	name := r.oracleTypeString(t)
	if !strings.Contains(name, "main.") || strings.Contains(name, "func(") || strings.Contains(name, "struct{") {
		return
	}
	lit, ok := c.Args[first].(*ast.BasicLit)
	if !ok {
		return
	}
	format, err := strconv.Unquote(lit.Value)
	if err != nil {
		return
	}
	verbs, ok := fmtVerbs(format) // again: an earlier verb may have changed
	if !ok || i >= len(verbs) || verbs[i].verb != 'T' {
		return
	}
	v := verbs[i]
	format = format[:v.end-1] + "s" + format[v.end:] // same flags and width: fmt applies them to the name
	c.Args[first] = &ast.BasicLit{ValuePos: lit.ValuePos, Kind: token.STRING, Value: strconv.Quote(format)}
	pos := arg.Pos()
	c.Args[argi] = &ast.CallExpr{Fun: &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{List: []*ast.Field{{Type: ast.NewIdent("any")}}},
			Results: &ast.FieldList{List: []*ast.Field{{Type: ast.NewIdent("string")}}}},
		Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{&ast.ReturnStmt{Return: pos,
			Results: []ast.Expr{&ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(name)}}}}, Rbrace: pos},
	}, Lparen: pos, Args: []ast.Expr{arg}, Rparen: arg.End()}
}

// badNamedBelow tells whether a value of type t holds, below the top and
// not behind a pointer (which fmt prints as an address there), a value of
// a session type with a basic underlying type that verb does not fit: fmt
// names the type in its bad-verb text (`{%!d(main.Key=q)}` for `%d` of a
// struct{ K Key } with `type Key string`), where yaegi handed it the
// underlying value (`{%!d(string=q)}`). PlainV's walk prints it with the
// name.
func badNamedBelow(t types.Type, verb rune) bool {
	return walkType(t, typePolicy{mapKeys: true, visit: func(u types.Type, depth int) walkStep {
		if depth == 0 {
			return walkDescend
		}
		if _, ok := u.(*types.Pointer); ok {
			return walkSkip
		}
		if named, _ := sessionBasic(u); named != nil && !verbFitsBasic(verb, named.Underlying().(*types.Basic)) {
			return walkFound
		}
		return walkDescend
	}})
}

// verbFitsBasic tells whether fmt prints a value of the basic type b with
// verb without a bad-verb text.
func verbFitsBasic(verb rune, b *types.Basic) bool {
	info := b.Info()
	switch {
	case info&types.IsBoolean != 0:
		return strings.ContainsRune("tv", verb)
	case info&types.IsInteger != 0:
		return strings.ContainsRune("bcdoOqxXUv", verb)
	case info&(types.IsFloat|types.IsComplex) != 0:
		return strings.ContainsRune("beEfFgGxXv", verb)
	case info&types.IsString != 0:
		return strings.ContainsRune("svxXq", verb)
	}
	return true
}
