package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strconv"
	"strings"
)

// %T of the session's types.
//
// yaegi v0.16.1 has no named runtime types for the types a cell declares:
// `fmt.Sprintf("%T", F[foo]{})` gives "struct {}", not "main.F[main.foo]",
// and `%T` of `foo(1)` gives "int" (test/typeparam/issue49547.go). Where
// the syntax tells an argument's type and that type involves a type the
// session declared, the session formats the name itself: in a call of
// fmt.Printf, Sprintf, Fprintf, Errorf or Appendf with a literal format,
// the argument of a %T verb becomes `func(any) string { return "main.F[main.foo]" }(arg)`
// (the argument is still evaluated) and the verb %s, with its flags and
// width. The type is known for a composite literal, a conversion, the
// address of a composite literal, and a variable declared with a type or
// from one of those; an interface type, a type parameter or a function
// type leaves the call as it is (README lists %T of a value of unknown
// type as a difference). Written for this package.

// fmtTypes rewrites the %T arguments of a fmt call whose types are known,
// and the %v arguments of session types reached through interfaces (see
// fmtValues).
func (r *rewriter) fmtTypes(c *ast.CallExpr) {
	r.refuseLocalTypeVerbs(c) // localprint.go
	r.fmtGoSyntax(c)          // %#v: gosyntax.go
	r.fmtValues(c)
	first, format, verbs, ok := r.printfCall(c)
	if !ok {
		return
	}
	var asString []int // the %T verbs printed with %s
	for i, v := range verbs {
		argi := first + 1 + i
		if v.verb != 'T' || argi >= len(c.Args) {
			continue
		}
		name := r.typeNameOf(c.Args[argi])
		if name == "" {
			name = r.sourceTypeName(c.Args[argi]) // sourcetypeverb.go
		}
		if name == "" {
			dyn := r.dynamicTypeName(c.Args[argi])
			if src := r.sourceDynamicName(c.Args[argi], dyn); src != nil { // sourcetypeverb.go
				dyn = src
			}
			if dyn != nil {
				asString = append(asString, i)
				c.Args[argi] = dyn
			}
			continue
		}
		asString = append(asString, i)
		pos := c.Args[argi].Pos()
		c.Args[argi] = &ast.CallExpr{Fun: &ast.FuncLit{
			Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{List: []*ast.Field{{Type: ast.NewIdent("any")}}},
				Results: &ast.FieldList{List: []*ast.Field{{Type: ast.NewIdent("string")}}}},
			Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{&ast.ReturnStmt{Return: pos,
				Results: []ast.Expr{&ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(name)}}}}, Rbrace: pos},
		}, Lparen: pos, Args: []ast.Expr{c.Args[argi]}, Rparen: pos}
	}
	if len(asString) == 0 {
		return
	}
	c.Args[first] = &ast.BasicLit{ValuePos: c.Args[first].Pos(), Kind: token.STRING, Value: strconv.Quote(verbsAsS(format, verbs, asString))}
}

// verbsAsS returns format with its verbs at the indexes s (increasing)
// written as %s, their flags and widths kept: %T as %s of a type's name
// (fmtTypes, pkgtypeverb.go).
func verbsAsS(format string, verbs []fmtVerb, s []int) string {
	var b strings.Builder
	last := 0
	for _, i := range s {
		b.WriteString(format[last : verbs[i].end-1])
		b.WriteByte('s')
		last = verbs[i].end
	}
	b.WriteString(format[last:])
	return b.String()
}

// printfCall recognises a call of fmt's Printf, Sprintf, Errorf, Fprintf
// or Appendf with a literal format and no `...` argument: first is the
// index of the format argument, format and verbs as literalFormat gives
// them. The %T and %#v rewrites both start from it.
func (r *rewriter) printfCall(c *ast.CallExpr) (first int, format string, verbs []fmtVerb, ok bool) {
	pkg, fn, ok := r.packageCall(c)
	if !ok || pkg != "fmt" || c.Ellipsis.IsValid() {
		return 0, "", nil, false
	}
	switch fn {
	case "Printf", "Sprintf", "Errorf":
	case "Fprintf", "Appendf":
		first = 1
	default:
		return 0, "", nil, false
	}
	if len(c.Args) <= first {
		return 0, "", nil, false
	}
	format, verbs, ok = literalFormat(c.Args[first])
	return first, format, verbs, ok
}

// literalFormat returns the format that arg gives as a string literal and
// its verbs (fmtVerbs); ok is false when arg is not a string literal or
// fmtVerbs cannot map the format.
func literalFormat(arg ast.Expr) (format string, verbs []fmtVerb, ok bool) {
	lit, isLit := arg.(*ast.BasicLit)
	if !isLit || lit.Kind != token.STRING {
		return "", nil, false
	}
	format, err := strconv.Unquote(lit.Value)
	if err != nil {
		return "", nil, false
	}
	verbs, ok = fmtVerbs(format)
	return format, verbs, ok
}

// fmtVerb is one verb of a format: the verb letter and the index just
// after it.
type fmtVerb struct {
	verb rune
	end  int
}

// flags returns the flags, width and precision written between the verb's
// '%' and its letter in format (fmtVerbs accepts no `*` or `[n]` there).
func (v fmtVerb) flags(format string) string {
	start := strings.LastIndexByte(format[:v.end], '%')
	return format[start+1 : v.end-1]
}

// fmtVerbs lists the verbs of format in argument order; ok is false for
// a format with explicit argument indexes or `*` widths, which it does not
// map to arguments.
func fmtVerbs(format string) (verbs []fmtVerb, ok bool) {
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		for i < len(format) && strings.IndexByte("+-# 0123456789.", format[i]) >= 0 {
			i++
		}
		if i >= len(format) {
			return verbs, true
		}
		switch format[i] {
		case '%':
			continue
		case '[', '*':
			return nil, false
		}
		verbs = append(verbs, fmtVerb{verb: rune(format[i]), end: i + 1})
	}
	return verbs, true
}

// typeNameOf returns how %T prints e's type when the syntax tells the type
// and it involves a type the session declared, or "".
func (r *rewriter) typeNameOf(e ast.Expr) string {
	if name := r.funcTypeName(e); name != "" {
		return name
	}
	t := r.staticType(e, 0)
	if t == nil {
		// The type oracle's (typecheck.go): an operation on values of a
		// session type (d := a - b), a range variable, an element, a
		// call's result. yaegi gives the result of arithmetic on a
		// session type without methods its underlying type, so its %T
		// printed int for main.Day.
		if t = r.exactType(e, 0); t == nil || typeParamIn(t) != nil {
			return ""
		}
	}
	if r.isInterfaceType(t) {
		return "" // its dynamic type's (dynamicTypeName)
	}
	declared := false
	name := r.goTypeName(t, &declared)
	if !declared {
		return ""
	}
	return name
}

// staticType returns the type expression of e when the syntax tells it.
func (r *rewriter) staticType(e ast.Expr, depth int) ast.Expr {
	if depth > 8 {
		return nil
	}
	switch x := unparen(e).(type) {
	case *ast.CompositeLit:
		return x.Type
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			if _, ok := unparen(x.X).(*ast.CompositeLit); ok {
				if t := r.staticType(x.X, depth+1); t != nil {
					return &ast.StarExpr{X: t}
				}
			}
		}
	case *ast.CallExpr:
		if len(x.Args) == 1 && r.isTypeExpr(x.Fun) {
			return x.Fun
		}
	case *ast.Ident:
		if x.Obj == nil {
			if t := r.sc.globalType(x.Name); t != nil {
				if id, ok := t.(*ast.Ident); ok && r.isConcreteType(id) {
					return id
				}
			}
			return nil
		}
		if x.Obj.Kind == ast.Con {
			// A typed constant: its type as declared (`const hello
			// MyString = "Hello"`; yaegi's %T printed string).
			if d, ok := x.Obj.Decl.(*ast.ValueSpec); ok {
				return r.constSpecType(d)
			}
			return nil
		}
		if x.Obj.Kind != ast.Var {
			return nil
		}
		switch d := x.Obj.Decl.(type) {
		case *ast.ValueSpec:
			if d.Type != nil {
				return d.Type
			}
			for i, n := range d.Names {
				if n.Name == x.Name && len(d.Values) == len(d.Names) {
					return r.staticType(d.Values[i], depth+1)
				}
			}
		case *ast.AssignStmt:
			if d.Tok != token.DEFINE || len(d.Lhs) != len(d.Rhs) {
				return nil
			}
			for i, l := range d.Lhs {
				if li, ok := l.(*ast.Ident); ok && li.Name == x.Name && unparen(d.Rhs[i]) != ast.Expr(x) {
					return r.staticType(d.Rhs[i], depth+1)
				}
			}
		case *ast.Field:
			return d.Type
		}
	}
	return nil
}

// constSpecType returns the type a const spec of the cell declares,
// itself or, for a spec repeating the one before it (`High` after `Low
// Level = iota`), the spec it repeats; nil for an untyped constant.
func (r *rewriter) constSpecType(spec *ast.ValueSpec) ast.Expr {
	if spec.Type != nil || len(spec.Values) > 0 {
		return spec.Type
	}
	var found ast.Expr
	ast.Inspect(r.root, func(n ast.Node) bool {
		g, ok := n.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			return found == nil
		}
		at := -1
		for i, sp := range g.Specs {
			if sp == spec {
				at = i
			}
		}
		for i := at - 1; i >= 0; i-- {
			if vs := g.Specs[i].(*ast.ValueSpec); vs.Type != nil || len(vs.Values) > 0 {
				found = vs.Type
				break
			}
		}
		return false
	})
	return found
}

// isTypeExpr reports whether the function of a call is a type (a
// conversion) the session declared: T(x), G[int](x), (*T)(x).
func (r *rewriter) isTypeExpr(e ast.Expr) bool {
	switch x := unparen(e).(type) {
	case *ast.Ident:
		return r.isConcreteType(x)
	case *ast.IndexExpr:
		return r.isGenericConcrete(x.X)
	case *ast.IndexListExpr:
		return r.isGenericConcrete(x.X)
	case *ast.StarExpr:
		return r.isTypeExpr(x.X)
	}
	return false
}

// isGenericConcrete reports whether e names a generic type declared in the
// cell or the session that is not an interface.
func (r *rewriter) isGenericConcrete(e ast.Expr) bool {
	generic, iface := r.genericType(e)
	return generic && !iface
}

// goTypeName prints a type expression as reflect does, "" when it cannot
// (an interface, a type parameter, a function or channel type, an unknown
// name). declared is set when it names a type the session declared. See
// typeString (ifaceimpl.go), which reflectTypeString shares.
func (r *rewriter) goTypeName(t ast.Expr, declared *bool) string {
	return r.typeString(t, false, declared)
}

// genericName prints an instance of a generic type: main.G[int,main.S].
func (r *rewriter) genericName(g ast.Expr, args []ast.Expr, declared *bool) string {
	id, ok := g.(*ast.Ident)
	if !ok || !r.isGenericConcrete(id) {
		return ""
	}
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = r.goTypeName(a, declared)
		if parts[i] == "" {
			return ""
		}
	}
	*declared = true
	return "main." + r.userTypeName(id.Name) + "[" + strings.Join(parts, ",") + "]"
}

// userTypeName returns the user's name of a type the interpreter may know
// under a version name (see renameTypes).
func (r *rewriter) userTypeName(name string) string {
	if k, ok := r.sc.(interface{ userTypeName(name string) string }); ok {
		return k.userTypeName(name)
	}
	return name
}

// userTypeName returns the user's name for an interpreter type name.
func (sc sessionScope) userTypeName(name string) string {
	sc.s.mu.Lock()
	defer sc.s.mu.Unlock()
	for u, i := range sc.st.typeNames {
		if i == name {
			return u
		}
	}
	if r := sc.st.retired[name]; r != nil { // an old version: retiredtypes.go
		return r.decl.Name
	}
	return name
}

// dynamicTypeName returns an expression that gives %T of e at run time
// when the syntax does not tell e's type (or tells an interface) and the
// session declares types: comma-ok assertions name the session types whose
// run-time type the interpreter keeps apart (structs, and pointers to
// them, that no other declared type looks like; other types of the
// session only when e's interface has methods, which an unnamed value
// cannot have), and ifaceTypeString (ifacert.go) the rest:
//
//	func(v any) string {
//		if v != nil {
//			if _, ok := v.(S); ok { return "main.S" }
//			if _, ok := v.(*S); ok { return "*main.S" }
//		}
//		return _activisiface.TypeString(v, "S_v2", "S")
//	}(e)
//
// It returns nil when e's type is known not to involve the session.
func (r *rewriter) dynamicTypeName(e ast.Expr) ast.Expr {
	if t := r.staticType(e, 0); t != nil && !r.isInterfaceType(t) && !isTypeParam(t) {
		return nil // a known type that does not involve a session type
	}
	all := r.printTypes() // retiredtypes.go
	if len(all) == 0 && !r.genericTypes() {
		return nil
	}
	rt, iface, names := r.ifaceRuntimeFor(e, all)
	if rt == "" {
		return nil
	}
	pos := e.Pos()
	id := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
	str := func(s string) *ast.BasicLit {
		return &ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(s)}
	}
	var tests []ast.Stmt
	var renames []ast.Expr
	// test appends `if _, ok := v.(typ); ok { return name }`.
	test := func(typ ast.Expr, name string) {
		ok := r.fresh("OK")
		tests = append(tests, &ast.IfStmt{If: pos,
			Init: &ast.AssignStmt{Lhs: []ast.Expr{id("_"), id(ok)}, TokPos: pos, Tok: token.DEFINE,
				Rhs: []ast.Expr{&ast.TypeAssertExpr{X: id(typeVerbParam), Lparen: pos, Type: typ, Rparen: pos}}},
			Cond: id(ok),
			Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{&ast.ReturnStmt{Return: pos, Results: []ast.Expr{str(name)}}}}})
	}
	for _, n := range names {
		t := all[n]
		if t.name != t.user {
			renames = append(renames, str(t.name), str(t.user))
		}
		_, isStruct := r.shape(t)
		for _, ptr := range []bool{false, true} {
			if len(r.lookalikes(t, ptr, iface)) > 0 || !r.implementsPromoted(t, iface, ptr) || !isStruct && len(iface) == 0 {
				continue
			}
			var typ ast.Expr = id(t.name)
			name := "main." + t.user
			if ptr {
				typ, name = &ast.StarExpr{Star: pos, X: typ}, "*"+name
			}
			test(typ, name)
		}
	}
	if len(iface) == 0 {
		// Instances of the session's generic types (instanceprint.go):
		// generic struct types carry their name in a tag, so no other
		// type's value asserts to one.
		for _, in := range r.typeNameInstances(pos) {
			var declared bool
			name := r.goTypeName(in.expr, &declared)
			if name == "" {
				continue
			}
			test(cloneTypeAt(in.expr, pos), name)
			test(&ast.StarExpr{Star: pos, X: cloneTypeAt(in.expr, pos)}, "*"+name)
		}
	}
	bare, ok := r.bareOriginTests(e, pos) // see origintype.go
	if !ok {
		return nil
	}
	tests = append(tests, bare...)
	var body []ast.Stmt
	if len(tests) > 0 {
		body = append(body, &ast.IfStmt{If: pos, Cond: &ast.BinaryExpr{X: id(typeVerbParam), OpPos: pos, Op: token.NEQ, Y: id("nil")},
			Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: tests}})
	}
	body = append(body, &ast.ReturnStmt{Return: pos, Results: []ast.Expr{&ast.CallExpr{
		Fun:  &ast.SelectorExpr{X: id(rt), Sel: id("TypeString")},
		Args: append([]ast.Expr{id(typeVerbParam)}, renames...), Lparen: pos, Rparen: pos}}})
	// The value keeps its interface type: yaegi asserts a session value
	// out of a compiled interface (fmt.Stringer) but not out of an any
	// holding that interface's wrapper.
	var param ast.Expr = id("any")
	if t := r.valueType(e); t != nil && r.isInterfaceType(t) {
		param = cloneAt(t, pos)
	}
	return &ast.CallExpr{Fun: &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{List: []*ast.Field{{Names: []*ast.Ident{id(typeVerbParam)}, Type: param}}},
			Results: &ast.FieldList{List: []*ast.Field{{Type: id("string")}}}},
		Body: &ast.BlockStmt{Lbrace: pos, List: body, Rbrace: pos},
	}, Lparen: pos, Args: []ast.Expr{e}, Rparen: pos}
}

// fmtValues rewrites the arguments of fmt.Println, Sprintln, Fprintln and
// of the %v, %s, %q, %x and %X verbs of fmt.Printf, Sprintf, Fprintf and Errorf (with a
// literal format) that are variables, fields or elements whose type the
// syntax does not show, or shows to be an interface, when the session
// declares types with methods. fmt does not
// see the methods of a session value held in an interface: it printed
// `{w}` for an error holding VErr{"w"} and the wrapper's pointers for an
// any holding myint(5) (Go: the Error text, 5). The argument becomes
//
//	func() any {
//		var v any = arg
//		u, t := _activisiface.Unwrap(v) // yaegi's wrapper opened, its type
//		switch t {
//		case "main.VErr": if e, ok := u.(VErr); ok { return e.Error() }
//		case "*main.Node": if n, ok := u.(*Node); ok { if n == nil { return nil }; return n.String() }
//		}
//		if t == "" && v != nil {
//			if e, ok := v.(VErr); ok { return e.Error() } // stored bare
//		}
//		return u
//	}()
//
// for the session types with an Error or String method (Error first, as
// fmt does); the bare-value assertions only for structs that no other
// declared type looks like. Print, Sprint and Fprint put spaces between
// operands that are not strings, which a string in place of the value
// would change: there the text of a type that is not a string is given
// as an operand that is not one either (printcall.go).
func (r *rewriter) fmtValues(c *ast.CallExpr) {
	pkg, fn, ok := r.packageCall(c)
	if !ok || pkg != "fmt" || c.Ellipsis.IsValid() {
		return
	}
	var args []int
	named := map[int]bool{}  // operands of %s, %q, %x and %X (showValue)
	mode := map[int]int{}    // methodTextAs's mode where not textPlain or textNamed
	verb := map[int]string{} // %v's flags and letter ("-8v"), for heldWalk
	switch fn {
	case "Println", "Sprintln", "Fprintln", "Print", "Sprint", "Fprint":
		first := 0
		if strings.HasPrefix(fn, "F") {
			first = 1
		}
		for i := first; i < len(c.Args); i++ {
			args = append(args, i)
			if !strings.HasSuffix(fn, "ln") {
				mode[i] = textPrint
			}
		}
	case "Printf", "Sprintf", "Errorf", "Fprintf":
		first := 0
		if fn == "Fprintf" {
			first = 1
		}
		if len(c.Args) <= first {
			return
		}
		format, verbs, ok := literalFormat(c.Args[first])
		if !ok {
			return
		}
		for i, v := range verbs {
			flags := format[:v.end]
			flags = flags[strings.LastIndexByte(flags, '%'):]
			if strings.ContainsRune("vsqxX", v.verb) && !strings.Contains(flags, "#") && first+1+i < len(c.Args) {
				args = append(args, first+1+i)
				named[first+1+i] = v.verb != 'v'
				verb[first+1+i] = flags[1:]
			}
		}
	default:
		return
	}
	for _, i := range args {
		m, ok := mode[i]
		if !ok {
			m = textPlain
			if named[i] {
				m = textNamed
			}
		}
		e := r.showValue(c.Args[i], m)
		if m == textPlain || m == textPrint {
			v := verb[i]
			if v == "" {
				v = "v"
			}
			if strings.HasSuffix(v, "v") && !strings.Contains(v, "+") {
				e = r.heldOperand(c.Args[i], e, v) // heldprint.go
			}
		}
		if e != nil {
			c.Args[i] = e
		}
	}
}

// showValue returns the wrapped argument for fmtValues, or nil when e
// needs none; mode as for methodTextAs: textNamed for %s, %q, %x or %X,
// where a value without a String or
// Error method is given to fmt through PlainNamed (badverb.go), which
// applies the verb to its basic value and names its session type in a
// bad verb's report (yaegi's wrapper printed its pointers for %x and %q,
// and %s named the basic type).
func (r *rewriter) showValue(e ast.Expr, mode int) ast.Expr {
	switch x := unparen(e).(type) {
	case *ast.Ident:
		if strings.HasPrefix(x.Name, "_activis") || x.Name == "nil" {
			return nil
		}
	case *ast.SelectorExpr, *ast.IndexExpr:
		// a field or an element
	case *ast.CallExpr:
		// A call's interface result may hold an instance of a generic
		// type, which yaegi keeps without its methods (instanceprint.go).
		if t := r.typeOf(e); t == nil || !r.isInterfaceType(t) || len(r.printInstances(e.Pos())) == 0 {
			return nil
		}
	default:
		return nil // variables only: calls and operators are left to yaegi
	}
	if isConstLit(e) || r.isConstExpr(e) {
		return nil
	}
	if t := r.staticType(e, 0); t != nil && !r.isInterfaceType(t) && !r.checkedIface(e) {
		return nil
	}
	if t := r.typeOf(e); t != nil && !r.isInterfaceType(t) && !r.checkedIface(e) {
		return nil
	}
	if !r.printMethods(e.Pos()) && len(r.sourceTextCases(e)) == 0 { // instanceprint.go, sourceiface.go
		return nil
	}
	return r.methodTextAs(e, mode)
}

// methodText returns showValue's function literal for e: it returns the
// result of the Error or String method of the session type e holds, else
// the value (unwrapped from yaegi's wrapper unless keep, for the %+v
// helper, which reads the wrapper's type name). It returns nil when the
// session cannot load its run-time helpers.
func (r *rewriter) methodText(e ast.Expr, keep bool) ast.Expr {
	if keep {
		return r.methodTextAs(e, textKeep)
	}
	return r.methodTextAs(e, textPlain)
}

// What methodTextAs gives back for a value without a method it calls:
// the unwrapped value, the value as it is, or PlainNamed of it.
const (
	textPlain = iota
	textKeep
	textNamed
	textPrint // textPlain, the text of a type that is not a string given as ifaceText's operand (printcall.go)
	textShow  // textPlain, every method's text given as ifaceText's operand (displayiface.go)
)

// methodTextAs is methodText with the value given back as mode says.
func (r *rewriter) methodTextAs(e ast.Expr, mode int) ast.Expr {
	keep := mode == textKeep
	all := r.printTypes() // retiredtypes.go
	rt, iface, names := r.ifaceRuntimeFor(e, all)
	if rt == "" {
		return nil
	}
	pos := e.Pos()
	id := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
	// call returns `if x, ok := from.(T); ok { return x.Method() }`; for a
	// nil pointer the method is called as fmt calls it (runtimeTextInline).
	call := func(from string, typ ast.Expr, method string, ptr bool, t *namedType) ast.Stmt {
		v, ok := r.fresh("FmtV"), r.fresh("OK")
		var text ast.Expr = &ast.CallExpr{Fun: &ast.SelectorExpr{X: id(v), Sel: id(method)}, Lparen: pos, Rparen: pos}
		switch mode {
		case textPrint:
			text = r.printOperand(text, t, rt)
		case textShow:
			text = &ast.CallExpr{Fun: &ast.SelectorExpr{X: id(rt), Sel: id("Text")}, Lparen: pos, Args: []ast.Expr{text}, Rparen: pos}
		}
		body := []ast.Stmt{&ast.ReturnStmt{Return: pos, Results: []ast.Expr{text}}}
		if ptr {
			body = append([]ast.Stmt{&ast.IfStmt{If: pos, Cond: &ast.BinaryExpr{X: id(v), OpPos: pos, Op: token.EQL, Y: id("nil")},
				Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{&ast.ReturnStmt{Return: pos, Results: []ast.Expr{runtimeTextInline(rt, &ast.Ident{NamePos: pos, Name: v}, method, true)}}}}}}, body...)
		}
		var cond ast.Expr = id(ok)
		if ptr && from == "_activisU" {
			// yaegi's valueInterface named the pointer type and held a
			// nil one, which Unwrap gives as nil: the case is that nil.
			cond = &ast.BinaryExpr{X: cond, OpPos: pos, Op: token.LOR, Y: &ast.BinaryExpr{X: id(from), OpPos: pos, Op: token.EQL, Y: id("nil")}}
		}
		return &ast.IfStmt{If: pos,
			Init: &ast.AssignStmt{Lhs: []ast.Expr{id(v), id(ok)}, TokPos: pos, Tok: token.DEFINE,
				Rhs: []ast.Expr{&ast.TypeAssertExpr{X: id(from), Lparen: pos, Type: typ, Rparen: pos}}},
			Cond: cond,
			Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: body}}
	}
	var byName []ast.Stmt // cases of a switch on yaegi's type string
	var tests []ast.Stmt  // assertions of values stored bare
	var held []ast.Stmt   // assertions of struct values in a compiled interface's wrapper
	compiled := r.compiledIface(e) != ""
	for _, n := range names {
		t := all[n]
		_, isStruct := r.shape(t)
		for _, ptr := range []bool{false, true} {
			method := t.fmtMethod(ptr)
			if method == "" || !r.implementsPromoted(t, iface, ptr) {
				continue
			}
			if compiled && isStruct && !ptr && len(r.lookalikes(t, ptr, iface)) == 0 {
				// WrapStruct's wrapper (sourcestructwrap.go) asserts back
				// from the interface's own type: a fmt.Stringer holding a
				// type with Error and String prints Error's text, as fmt.
				held = append(held, call("_activisI", id(t.name), method, false, t))
			}
			typ := func() ast.Expr {
				if ptr {
					return &ast.StarExpr{Star: pos, X: id(t.name)}
				}
				return id(t.name)
			}
			name := "main." + t.name
			if ptr {
				name = "*" + name
			}
			byName = append(byName, &ast.CaseClause{Case: pos, Colon: pos,
				List: []ast.Expr{&ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(name)}},
				Body: []ast.Stmt{call("_activisU", typ(), method, ptr, t)}})
			// A bare value is asserted only for a struct nothing looks like
			// (for %+v also no unnamed struct of a cell: the helper refuses).
			if isStruct && len(r.lookalikes(t, ptr, iface)) == 0 && !(keep && !ptr && len(r.unnamedLookalikes(t, nil)) > 0) {
				tests = append(tests, call("_activisV", typ(), method, ptr, t))
			}
		}
	}
	// The instances of the session's generic types with such a method
	// that the session has seen, after the switch: yaegi keeps them
	// without their methods, named or bare (instanceprint.go).
	var instances []ast.Stmt
	if len(iface) == 0 {
		for _, in := range r.printInstances(pos) {
			for _, ptr := range []bool{false, true} {
				method := in.g.fmtMethod(ptr)
				if method == "" {
					continue
				}
				var typ ast.Expr = cloneTypeAt(in.expr, pos)
				if ptr {
					typ = &ast.StarExpr{Star: pos, X: typ}
				}
				instances = append(instances, call("_activisU", typ, method, ptr, &namedType{under: in.under}))
			}
		}
	}
	for _, sc := range r.sourceTextCases(e) { // sourceiface.go
		typ := positioned(sc.typ, pos)
		st := &namedType{under: id("int")}
		if sc.str {
			st.under = id("string")
		}
		byName = append(byName, &ast.CaseClause{Case: pos, Colon: pos,
			List: []ast.Expr{&ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(sc.name)}},
			Body: []ast.Stmt{call("_activisU", typ, sc.method, sc.ptr, st)}})
		if sc.bare {
			tests = append(tests, call("_activisV", positioned(sc.typ, pos), sc.method, sc.ptr, st))
		}
	}
	// var _activisV any = e
	// _activisU, _activisT := _activisiface.Unwrap(_activisV)
	// switch _activisT { case "main.VErr": … }
	// if _activisT == "" && _activisV != nil { tests }
	// return _activisU
	var body []ast.Stmt
	if len(held) > 0 {
		// _activisI := e (its compiled interface type); held
		body = append([]ast.Stmt{&ast.AssignStmt{Lhs: []ast.Expr{id("_activisI")}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{e}}}, held...)
		e = id("_activisI")
	}
	// var _activisV any; _activisV = e: yaegi lost the value of a generic
	// call in `var v any = first(xs)` (see typedvarcall.go).
	body = append(body, &ast.DeclStmt{Decl: &ast.GenDecl{TokPos: pos, Tok: token.VAR, Specs: []ast.Spec{&ast.ValueSpec{
		Names: []*ast.Ident{id("_activisV")}, Type: id("any")}}}},
		&ast.AssignStmt{Lhs: []ast.Expr{id("_activisV")}, TokPos: pos, Tok: token.ASSIGN, Rhs: []ast.Expr{e}},
		&ast.AssignStmt{Lhs: []ast.Expr{id("_activisU"), id("_activisT")}, TokPos: pos, Tok: token.DEFINE,
			Rhs: []ast.Expr{&ast.CallExpr{Fun: &ast.SelectorExpr{X: id(rt), Sel: id("Unwrap")}, Args: []ast.Expr{id("_activisV")},
				Lparen: pos, Rparen: pos}}})
	if len(byName) > 0 {
		body = append(body, &ast.SwitchStmt{Switch: pos, Tag: id("_activisT"), Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: byName}})
	}
	body = append(body, instances...)
	if len(tests) > 0 {
		body = append(body, &ast.IfStmt{If: pos,
			Cond: &ast.BinaryExpr{X: &ast.BinaryExpr{X: id("_activisT"), OpPos: pos, Op: token.EQL, Y: &ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: `""`}},
				OpPos: pos, Op: token.LAND, Y: &ast.BinaryExpr{X: id("_activisV"), OpPos: pos, Op: token.NEQ, Y: id("nil")}},
			Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: tests}})
	}
	var ret ast.Expr = id("_activisU")
	switch mode {
	case textKeep:
		ret = id("_activisV")
	case textNamed:
		args := []ast.Expr{id("_activisV")}
		for _, n := range names {
			if t := all[n]; t.name != t.user {
				args = append(args, &ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(t.name)},
					&ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(t.user)})
			}
		}
		// if _activisT != "" { return PlainNamed(_activisV) }: only a
		// value yaegi keeps in its valueInterface, which names its type.
		body = append(body, &ast.IfStmt{If: pos,
			Cond: &ast.BinaryExpr{X: id("_activisT"), OpPos: pos, Op: token.NEQ, Y: &ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: `""`}},
			Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{&ast.ReturnStmt{Return: pos, Results: []ast.Expr{
				&ast.CallExpr{Fun: &ast.SelectorExpr{X: id(rt), Sel: id("PlainNamed")}, Lparen: pos, Args: args, Rparen: pos}}}}}})
	}
	body = append(body, &ast.ReturnStmt{Return: pos, Results: []ast.Expr{ret}})
	return &ast.CallExpr{Fun: &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{},
			Results: &ast.FieldList{List: []*ast.Field{{Type: id("any")}}}},
		Body: &ast.BlockStmt{Lbrace: pos, List: body, Rbrace: pos},
	}, Lparen: pos, Rparen: pos}
}

// ifaceRuntimeFor returns what the run-time interface helpers need for e:
// the name of the session's helper package (imported on first use; "" when
// the session cannot load it), the methods of e's interface type, and the
// names of the session types in all, sorted.
func (r *rewriter) ifaceRuntimeFor(e ast.Expr, all map[string]*namedType) (rt string, iface, names []string) {
	k, ok := r.sc.(interface{ ifaceRuntime() string })
	if !ok {
		return "", nil, nil
	}
	if rt = k.ifaceRuntime(); rt == "" {
		return "", nil, nil
	}
	iface, _ = r.ifaceMethods(e)
	names = make([]string, 0, len(all))
	for n := range all {
		names = append(names, n)
	}
	sort.Strings(names)
	return rt, iface, names
}

// funcTypeName returns how %T prints a function value e whose type the
// type check knows when it involves a type the session declared or e is
// an instance of a generic function, or "": yaegi printed `*interp.node`
// for `Sum[Meters]` and the underlying types for `Plain` of type
// `func([]Meters) Meters` (`func([]float64) float64`), without an error.
// reflect prints a func type without parameter names.
func (r *rewriter) funcTypeName(e ast.Expr) string {
	if c, ok := unparen(e).(*ast.CallExpr); ok && len(c.Args) == 1 {
		if _, conv := unparen(c.Fun).(*ast.FuncType); conv {
			e = c.Args[0] // funcvalue.go's conversion of a function's name
		}
	}
	sig, ok := r.oracle.typeOf(e).(*types.Signature)
	if !ok || holdsTypeParam(sig, map[types.Type]bool{}) {
		return ""
	}
	_, _, inst := typeArgsOf(unparen(e))
	session := false
	for _, t := range []*types.Tuple{sig.Params(), sig.Results()} {
		for i := range t.Len() {
			session = session || holdsSessionType(t.At(i).Type(), r.oracle.pkg) // genericmulti.go
		}
	}
	if !inst && !session {
		return ""
	}
	unnamed := func(t *types.Tuple) *types.Tuple {
		vs := make([]*types.Var, t.Len())
		for i := range vs {
			vs[i] = types.NewParam(token.NoPos, nil, "", t.At(i).Type())
		}
		return types.NewTuple(vs...)
	}
	return r.oracleTypeString(types.NewSignatureType(nil, nil, nil, unnamed(sig.Params()), unnamed(sig.Results()), sig.Variadic())) // numverb.go
}
