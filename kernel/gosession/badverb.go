package gosession

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"io"
	"reflect"
	"strconv"
	"strings"
)

// Bad verbs of values of session types with a basic underlying type.
//
// For a verb that does not fit a value's kind fmt prints the value's
// dynamic type: `%s` of `Level(2)` for `type Level int` is
// `%!s(main.Level=2)`. yaegi hands fmt a value of a session type as its
// underlying value (or, for a type with methods, numverb.go converts it
// to it), so the kernel printed `%!s(int=2)`. In a Printf-like call with
// a literal format, an argument whose type the type oracle shows to be
// such a type, for a verb other than %v, %T and %w (and, for a type with
// a String or Error method, other than %s, %q, %x and %X, which call
// it), becomes
//
//	_activisiface.Named("main.Level", int(arg))
//
// whose Format prints the value with the same directive and, where fmt
// reports a bad verb, puts the session type's name in place of the basic
// one. An argument of interface type for such a verb goes through
// _activisiface.PlainNamed, which does the same for a value yaegi hands
// over in its valueInterface (a type with methods: the wrapper names it)
// and gives any other value back; a value of a session type without
// methods arrives bare, so where the origins the session follows for the
// interface (ifaceorigin.go) show it may hold one, and the verb does not
// fit that type's kind, the call is refused naming the type and the
// workaround (a verb that fits, or %v). Written for this package.

// badVerbArg rewrites argument argi of c for verb v (see above) and
// reports whether it did.
func (r *rewriter) badVerbArg(c *ast.CallExpr, first, argi int, verb rune, t types.Type) bool {
	if strings.ContainsRune("vTw", verb) {
		return false
	}
	arg := c.Args[argi]
	pos := arg.Pos()
	if t != nil && !types.IsInterface(t) {
		named, basic := sessionBasic(t)
		if named == nil || stringMethod(named) != "" && strings.ContainsRune("sqxX", verb) {
			return false
		}
		rt := r.ifaceRuntimeName()
		if rt == "" {
			return false
		}
		name := "main." + r.userTypeName(named.Obj().Name())
		conv := &ast.CallExpr{Fun: &ast.Ident{NamePos: pos, Name: basic}, Lparen: pos, Args: []ast.Expr{arg}, Rparen: arg.End()}
		args := []ast.Expr{&ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(name)}, conv}
		if verb == 'p' {
			// fmt prints %p itself, without Format: the verb becomes %s,
			// and Named reports it as %p.
			if !setVerb(c, first, argi, 's') {
				return false
			}
			args = append(args, &ast.BasicLit{ValuePos: pos, Kind: token.CHAR, Value: "'p'"})
		}
		c.Args[argi] = &ast.CallExpr{Fun: &ast.SelectorExpr{X: &ast.Ident{NamePos: pos, Name: rt}, Sel: &ast.Ident{NamePos: pos, Name: "Named"}},
			Lparen: pos, Args: args, Rparen: arg.End()}
		return true
	}
	r.refuseBareBadVerb(c, argi, verb)
	return false
}

// refuseBareBadVerb fails the rewrite when the interface argument argi of
// c may hold a value of a session type without methods and a basic
// underlying type that verb does not fit (see above).
func (r *rewriter) refuseBareBadVerb(c *ast.CallExpr, argi int, verb rune) {
	if r.err != nil {
		return
	}
	arg := c.Args[argi]
	switch unparen(arg).(type) {
	case *ast.Ident, *ast.SelectorExpr, *ast.IndexExpr, *ast.CallExpr:
	default:
		return
	}
	all := r.sessionTypes()
	for _, o := range r.originTypes(arg, 0) {
		nt, _ := r.sessionNamedOf(o)
		if _, ptr := unparen(o).(*ast.StarExpr); nt == nil || ptr || nt.hasMethods() {
			continue
		}
		kind := basicKindOf(nt.under, all)
		if kind == reflect.Invalid || !badVerbFor(kind, verb) {
			continue
		}
		r.fail(arg.Pos(), "%%%c of an interface value that may hold a %s: the interpreter keeps that value as its underlying "+
			"%s, so fmt would name %s where Go names main.%s (%%!%c(main.%s=…)); use a verb that fits the value (%%v), or "+
			"print a variable of type %s", verb, nt.user, kind, kind, nt.user, verb, nt.user, nt.user)
		return
	}
}

// basicKindOf returns the reflect kind of the basic type the type
// expression t (a session type's underlying type) comes down to, or
// Invalid.
func basicKindOf(t ast.Expr, all map[string]*namedType) reflect.Kind {
	for range 8 {
		id, ok := unparen(t).(*ast.Ident)
		if !ok {
			return reflect.Invalid
		}
		if nt := all[id.Name]; nt != nil {
			t = nt.under
			continue
		}
		if k, ok := basicKinds[id.Name]; ok {
			return k
		}
		return reflect.Invalid
	}
	return reflect.Invalid
}

// basicKinds maps the names of the predeclared basic types to their kinds.
var basicKinds = map[string]reflect.Kind{
	"bool": reflect.Bool, "string": reflect.String, "int": reflect.Int, "int8": reflect.Int8, "int16": reflect.Int16,
	"int32": reflect.Int32, "rune": reflect.Int32, "int64": reflect.Int64, "uint": reflect.Uint, "uint8": reflect.Uint8,
	"byte": reflect.Uint8, "uint16": reflect.Uint16, "uint32": reflect.Uint32, "uint64": reflect.Uint64,
	"uintptr": reflect.Uintptr, "float32": reflect.Float32, "float64": reflect.Float64,
	"complex64": reflect.Complex64, "complex128": reflect.Complex128,
}

// badVerbFor reports whether fmt reports verb as a bad verb for a value of
// kind k (without methods).
func badVerbFor(k reflect.Kind, verb rune) bool {
	if verb == 'v' || verb == 'T' {
		return false
	}
	var ok string
	switch k {
	case reflect.Bool:
		ok = "t"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		ok = "bcdoOqxXU"
	case reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		ok = "bgGxXfFeE"
	case reflect.String:
		ok = "sxXq"
	default:
		return false
	}
	return !strings.ContainsRune(ok, verb)
}

// sessionBasic returns t as a session type (not generic, without a Format
// method) whose underlying type is a typed basic type, and that type's
// name; nil otherwise.
func sessionBasic(t types.Type) (*types.Named, string) {
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || !isSessionNamed(named) || named.TypeArgs().Len() > 0 || named.TypeParams().Len() > 0 {
		return nil, ""
	}
	b, ok := named.Underlying().(*types.Basic)
	if !ok || b.Info()&types.IsUntyped != 0 || b.Kind() == types.UnsafePointer {
		return nil, ""
	}
	if sel := types.NewMethodSet(types.NewPointer(named)).Lookup(nil, "Format"); sel != nil {
		return nil, ""
	}
	return named, b.Name()
}

// setVerb replaces the verb of argument argi in the literal format
// c.Args[first] by verb, keeping its flags, and reports whether it did.
func setVerb(c *ast.CallExpr, first, argi int, verb rune) bool {
	lit, ok := c.Args[first].(*ast.BasicLit)
	if !ok {
		return false
	}
	format, verbs, ok := literalFormat(lit)
	i := argi - first - 1
	if !ok || i < 0 || i >= len(verbs) {
		return false
	}
	v := verbs[i]
	format = format[:v.end-1] + string(verb) + format[v.end:]
	c.Args[first] = &ast.BasicLit{ValuePos: lit.ValuePos, Kind: token.STRING, Value: strconv.Quote(format)}
	return true
}

// namedOperand prints a basic value as fmt does, with the session type's
// name in a bad verb's report.
type namedOperand struct {
	name string
	v    any
	verb rune // the verb written, where the call's format has another
}

// Format prints the value with the directive f and verb describe.
func (n namedOperand) Format(f fmt.State, verb rune) {
	if n.verb != 0 {
		verb = n.verb
	}
	s := fmt.Sprintf(fmt.FormatString(f, verb), n.v)
	if n.v != nil {
		bad := "%!" + string(verb) + "(" + reflect.TypeOf(n.v).String() + "="
		if rest, ok := strings.CutPrefix(s, bad); ok {
			s = "%!" + string(verb) + "(" + n.name + "=" + rest
		}
	}
	_, _ = io.WriteString(f, s)
}

// ifaceNamed returns the operand Named gives the cell (see above).
func ifaceNamed(name string, v any, verb ...rune) fmt.Formatter {
	n := namedOperand{name: name, v: v}
	if len(verb) == 1 {
		n.verb = verb[0]
	}
	return n
}

// ifacePlainNamed returns, for a value of a session type with a basic
// underlying type that yaegi hands over in its valueInterface (directly
// or inside the wrapper of a compiled interface), an operand that prints
// the basic value and names the type in a bad verb's report (renames
// holds pairs of interpreter and user type names); for another value in
// a valueInterface the value it holds; ifacePlain's result otherwise.
func ifacePlainNamed(v any, renames ...string) any {
	held, typ := ifaceUnwrap(v)
	if rv := reflect.ValueOf(held); rv.IsValid() && isYaegiWrapper(rv.Type()) {
		held, typ = ifaceUnwrap(rv.Field(0).Interface())
	}
	if typ == "" {
		return ifacePlain(v)
	}
	if strings.ContainsAny(typ, "*[]{}() ") || !strings.HasPrefix(typ, "main.") {
		return held // out of yaegi's valueInterface, whose fields fmt printed
	}
	switch reflect.ValueOf(held).Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128, reflect.String:
	default:
		return held
	}
	for i := 0; i+1 < len(renames); i += 2 {
		typ = replaceTypeName(typ, renames[i], renames[i+1])
	}
	return namedOperand{name: typ, v: held}
}

// namedAsserts returns, for plain (the PlainNamed call of ifaceNumVerb on
// an argument whose interface type has methods: error, fmt.Stringer),
//
//	func(_activisNV error) any {
//		if x, ok := _activisNV.(Code); ok { return _activisiface.Named("main.Code", int(x)) }
//		return _activisiface.PlainNamed(_activisNV)
//	}(arg)
//
// for the session types with a basic underlying type that have the
// interface's methods and that no other declared type looks like: yaegi
// hands such a value to compiled code in the interface's wrapper, which
// does not name the type. It returns nil when there are none.
func (r *rewriter) namedAsserts(arg ast.Expr, plain *ast.CallExpr, rt string) ast.Expr {
	iface, known := r.ifaceMethods(plain.Args[0])
	if !known || len(iface) == 0 || r.oracle == nil {
		return nil
	}
	pos := arg.Pos()
	typ := r.typeExprOf(plain.Args[0], pos)
	if typ == nil {
		return nil
	}
	all := r.sessionTypes()
	names := r.sessionTypeNames()
	id := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
	var body []ast.Stmt
	for _, n := range names {
		nt := all[n]
		basic, ok := unparen(nt.under).(*ast.Ident)
		if !ok || basicKindOf(nt.under, all) == reflect.Invalid || !nt.implements(iface, false) || len(r.lookalikes(nt, false, iface)) > 0 {
			continue
		}
		for all[basic.Name] != nil { // type A B: B's basic type
			if basic, ok = unparen(all[basic.Name].under).(*ast.Ident); !ok {
				break
			}
		}
		if !ok {
			continue
		}
		x, okName := r.fresh("NX"), r.fresh("OK")
		named := &ast.CallExpr{Fun: &ast.SelectorExpr{X: id(rt), Sel: id("Named")}, Lparen: pos, Rparen: pos, Args: []ast.Expr{
			&ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote("main." + nt.user)},
			&ast.CallExpr{Fun: id(basic.Name), Lparen: pos, Args: []ast.Expr{id(x)}, Rparen: pos}}}
		body = append(body, &ast.IfStmt{If: pos,
			Init: &ast.AssignStmt{Lhs: []ast.Expr{id(x), id(okName)}, TokPos: pos, Tok: token.DEFINE,
				Rhs: []ast.Expr{&ast.TypeAssertExpr{X: id("_activisNV"), Lparen: pos, Type: id(nt.name), Rparen: pos}}},
			Cond: id(okName),
			Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{&ast.ReturnStmt{Return: pos, Results: []ast.Expr{named}}}}})
	}
	if len(body) == 0 {
		return nil
	}
	value := plain.Args[0]
	plain.Args[0] = id("_activisNV")
	body = append(body, &ast.ReturnStmt{Return: pos, Results: []ast.Expr{plain}})
	return &ast.CallExpr{Fun: &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{List: []*ast.Field{{Names: []*ast.Ident{id("_activisNV")}, Type: typ}}},
			Results: &ast.FieldList{List: []*ast.Field{{Type: id("any")}}}},
		Body: &ast.BlockStmt{Lbrace: pos, List: body, Rbrace: pos},
	}, Lparen: pos, Args: []ast.Expr{value}, Rparen: pos}
}

// indexedVerbs handles the arguments of a Printf-like call c whose literal
// format has explicit argument indexes or `*` widths, which numVerbs and
// fmtValues do not map (`%[1]d %[2]s`): the format is parsed as fmt does
// (formatArgs, spreadprint.go), and an argument used only with verbs
// other than %v, %s, %q, %x, %X, %T, %p and %w is converted as numVerbs
// converts it (Named for a session type with a basic underlying type,
// PlainNamed for an interface), as is one of a session type without a
// String or Error method used with any verbs. One of a type with such a
// method, or an interface that may hold one, used both with a verb that
// calls the method and with one that does not (`%[1]d %[1]v`) is refused:
// fmt would print yaegi's wrapper for one of them. (fmtindex.go first
// takes the indexes out of such a format, so this sees the formats it
// leaves: `*` widths without indexes, and indexed operands evaluated by
// a call whose type the cell cannot write.)
func (r *rewriter) indexedVerbs(c *ast.CallExpr) {
	pkg, fn, ok := r.packageCall(c)
	if !ok || pkg != "fmt" || c.Ellipsis.IsValid() || r.err != nil {
		return
	}
	first := 0
	switch fn {
	case "Printf", "Sprintf", "Errorf":
	case "Fprintf", "Appendf":
		first = 1
	default:
		return
	}
	if len(c.Args) <= first {
		return
	}
	lit, ok := c.Args[first].(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return
	}
	format, err := strconv.Unquote(lit.Value)
	if err != nil || !strings.ContainsAny(format, "[*") {
		return
	}
	n := len(c.Args) - first - 1
	_, _, uses := formatArgs(format, n)
	for i := range n {
		argi := first + 1 + i
		method, other, skip := false, false, false
		for _, v := range uses[i] {
			switch {
			case strings.ContainsRune("*#Tpw", v):
				skip = true
			case strings.ContainsRune("vsqxX", v):
				method = true
			default:
				other = true
			}
		}
		if skip || len(uses[i]) == 0 {
			continue
		}
		t := r.oracle.typeOf(c.Args[argi])
		if t != nil && !types.IsInterface(t) {
			named, _ := sessionBasic(t)
			if named == nil || !other && stringMethod(named) != "" {
				continue // fmt calls the method for each verb
			}
			if method && stringMethod(named) != "" {
				r.fail(c.Args[argi].Pos(), "%s uses the value of type %s both with a verb that calls its %s method and with one "+
					"that does not: the interpreter cannot print both; pass the value once per verb (fmt.Printf(\"%%d %%v\", x, x))",
					types.ExprString(c.Fun), named.Obj().Name(), stringMethod(named))
				return
			}
			r.badVerbArg(c, first, argi, 'd', t)
			continue
		}
		if !other {
			continue
		}
		if method {
			for _, nt := range r.sessionTypes() {
				if basicKindOf(nt.under, r.sessionTypes()) != reflect.Invalid && nt.hasMethods() {
					r.fail(c.Args[argi].Pos(), "%s uses an interface value that may hold a %s both with a verb that may call its "+
						"String or Error method and with one that does not: the interpreter cannot print both; pass the value "+
						"once per verb (fmt.Printf(\"%%d %%v\", x, x))", types.ExprString(c.Fun), nt.user)
					return
				}
			}
			continue
		}
		for _, v := range uses[i] {
			r.refuseBareBadVerb(c, argi, v)
		}
		r.ifaceNumVerb(c, argi, t)
	}
}
