package gosession

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"math"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// %#v of values that involve the session's types.
//
// yaegi v0.16.1 gives a type declared in the session the run-time type of
// its underlying type, so fmt's %#v printed `struct { X int }{X:2}` for
// `A{X: 2}` (Go: `main.A{X:2}`), `[]struct { X int }{…}` for a `[]A`,
// yaegi's wrapper (`stdlib._fmt_Stringer{IValue:5, …}`) for a session
// value held in an interface, and `Xs` for an unexported field `s`. In a
// call of fmt.Printf, Sprintf, Fprintf, Errorf or Appendf with a literal
// format, the argument of a `%#v` verb that may involve a session type
// becomes
//
//	_activisiface.GoSyntax(arg, "[]A", false, "A", "A", (*A)(nil), "struct{ X int }", "", …)
//
// and the verb %s: the argument's type as the syntax shows it ("" where it
// does not, or shows an interface), whether the session declares generic
// types, and for each type of the session its interpreter and user names,
// a nil pointer to it (for its run-time type), its underlying type and
// flags for its methods (newGSPrinter). The compiled helper prints the value
// as fmt does, walking the type the syntax gives and, inside interfaces,
// the dynamic type: yaegi's wrapper names it, and a run-time type that is
// one session struct's and no other type's names that struct, unless an
// unnamed struct type of the same fields was written in a cell of the
// session (anonStructs, ifaceeq.go): then the value may be of either
// type, and the helper refuses, naming both. Where the type
// cannot be told (`[]int` in an `any` when `type myint int` is declared, a
// struct two session types share, an instance of a generic type) and its
// name would be printed, the helper panics with an error that says so
// rather than print a wrong name; a session type with a GoString method is
// printed by calling it where the syntax shows the argument is of that
// type, and refused inside other values. A %#v verb with a width or other
// flags is refused where a session type may be involved.
//
// `%+v`, with any other flags, goes through the same walk (PlusV): yaegi
// named an unexported field s `Xs`. fmt applies a width and the other
// flags to each number, string and pointer inside the value (`%+6v` of
// struct{ A, B int }{1, 2} is `{A:     1 B:     2}`), which the walk does
// with the verb it is given. fmt calls String and Error methods for %+v,
// which the compiled helper cannot call for session types: where the
// session declares such a method, an argument whose type the syntax shows
// to have one is left to fmt, and one that is an interface or of a type
// the syntax does not show first goes through methodText (fmttype.go),
// which calls the method of the session type it holds, or gives the value
// back for the walk. Inside the value, the walk calls the method of each
// value of a session type that has one through a function literal the
// rewritten call passes (stringerCallback), by the type's name as the
// syntax or yaegi's record gives it; a struct value that may also be of
// an unnamed struct type of a cell is refused when the session type has
// such a method. Inside unexported fields no method is called, as in Go.
// Written for this package.

// fmtGoSyntax rewrites the %#v arguments of a fmt call (see above).
func (r *rewriter) fmtGoSyntax(c *ast.CallExpr) {
	first, format, verbs, ok := r.printfCall(c)
	if !ok {
		return
	}
	all := r.sessionTypes()
	var b strings.Builder
	changed := false
	last := 0
	for i, v := range verbs {
		argi := first + 1 + i
		start := strings.LastIndexByte(format[:v.end], '%')
		flags := v.flags(format)
		plus := strings.Contains(flags, "+") && !strings.Contains(flags, "#")
		if v.verb != 'v' || !strings.Contains(flags, "#") && !plus || argi >= len(c.Args) {
			continue
		}
		e := c.Args[argi]
		if t := r.oracle.typeOf(e); t != nil {
			if call := r.sourceGoSyntax(e, t, plus, flags); call != nil { // sourcewalk.go
				b.WriteString(format[last:start])
				b.WriteString("%s")
				last = v.end
				changed = true
				c.Args[argi] = call
				continue
			}
			if src := sourceTypeIn(t); src != "" { // see sourcetypes.go
				r.fail(e.Pos(), "%%%sv of a value of type %s, which holds a value of %s, a type of a package interpreted from source, is not supported by the interpreter: "+
					"fmt would print the fields the interpreter gives it; print that value with %%v, or compile the package into the kernel (activis-kernel build --with MODULE)",
					flags, types.TypeString(t, sessionQualifier), src)
				return
			}
			if !plus && sourceNamedIn(t) && !hasGoSyntaxMethod(t) { // sourcewalk.go
				r.fail(e.Pos(), "%%%sv of a value of type %s, a type of a package interpreted from source or one holding it, is not supported by the interpreter here: "+
					"fmt would print its unnamed run-time type (struct { … }{…}); print it with %%+v, or compile the package into the kernel (activis-kernel build --with MODULE)",
					flags, types.TypeString(t, sessionQualifier))
				return
			}
		}
		if len(all) == 0 && !r.genericTypes() {
			continue // no session types: fmt prints the rest
		}
		static := r.gsStaticType(e, 0)
		if static != nil && !r.isInterfaceType(static) && !r.mentionsSession(static) {
			continue // a type of compiled packages and builtins: fmt prints it
		}
		if plus {
			arg := e
			if !r.plusVWanted(static) {
				if static != nil && !r.isInterfaceType(static) {
					continue // of a session type with String or Error: yaegi's fmt calls it
				}
				// An interface, or a type the syntax does not show: the
				// String or Error method of the session type it holds
				// is called first (fmttype.go).
				if arg = r.methodText(e, true); arg == nil {
					continue
				}
				static = nil
			}
			b.WriteString(format[last:start])
			b.WriteString("%s")
			last = v.end
			changed = true
			c.Args[argi] = r.goSyntaxCall(arg, static, "PlusV", strings.ReplaceAll(flags, "+", ""), nil)
			continue
		}
		if strings.Trim(flags, "#+") != "" {
			r.fail(e.Pos(), "%%%sv of a value that may involve a type declared in the session is not supported by the interpreter "+
				"(it prints the structure, not the type's name); use %%#v without a width or other flags and pad the "+
				"result: fmt.Sprintf(\"%%%ss\", fmt.Sprintf(\"%%#v\", x))", flags, strings.ReplaceAll(flags, "#", ""))
			return
		}
		b.WriteString(format[last:start])
		b.WriteString("%s")
		last = v.end
		changed = true
		c.Args[argi] = r.goSyntaxCall(e, static, "GoSyntax", "", nil)
	}
	if !changed {
		return
	}
	b.WriteString(format[last:])
	c.Args[first] = &ast.BasicLit{ValuePos: c.Args[first].Pos(), Kind: token.STRING, Value: strconv.Quote(b.String())}
}

// mentionsSession reports whether values of the type expression t may
// involve a type declared in the session or the cell: t names one (or a
// name the syntax cannot resolve), or an interface type, which may hold
// one.
func (r *rewriter) mentionsSession(t ast.Expr) bool {
	found := false
	ast.Inspect(t, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.SelectorExpr:
			found = r.isInterfaceType(x)
			return false // a package's type
		case *ast.InterfaceType:
			found = true
		case *ast.Ident:
			switch x.Name {
			case "bool", "string", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32",
				"uint64", "uintptr", "float32", "float64", "complex64", "complex128", "byte", "rune":
				if x.Obj == nil && r.sc.globalType(x.Name) == nil {
					return false
				}
			}
			found = true
		}
		return !found
	})
	return found
}

// goSyntaxCall returns the helper call for e (see above), or e.GoString()
// where the syntax shows e is of a session type with that method; flags
// are the verb's flags other than '+', passed to the PlusV helper.
func (r *rewriter) goSyntaxCall(e, static ast.Expr, helper, flags string, sw *sourceWalk) ast.Expr {
	pos := e.Pos()
	all := r.sessionTypes()
	if static != nil && helper == "GoSyntax" {
		ptr := false
		t := static
		if s, ok := unparen(t).(*ast.StarExpr); ok {
			ptr, t = true, s.X
		}
		if id, ok := unparen(t).(*ast.Ident); ok && all[id.Name] != nil &&
			(all[id.Name].methods["GoString"] || ptr && all[id.Name].ptrMethods["GoString"]) {
			return &ast.CallExpr{Fun: &ast.SelectorExpr{X: e, Sel: &ast.Ident{NamePos: pos, Name: "GoString"}}, Lparen: pos, Rparen: pos}
		}
	}
	rt := r.ifaceRuntimeName()
	if rt == "" {
		return e
	}
	id := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
	str := func(s string) ast.Expr {
		return &ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(s)}
	}
	staticStr := ""
	if static != nil && !r.isInterfaceType(static) {
		staticStr = types.ExprString(static)
	}
	generics := "false"
	if r.genericTypes() {
		generics = "true"
	}
	at := r.place(pos)
	args := []ast.Expr{e, str(at), str(staticStr), id(generics)}
	if helper == "PlusV" || helper == "PlainV" || helper == "WalkHeld" {
		args = []ast.Expr{e, str(at), str(staticStr), str(flags), id(generics), r.stringerCallback(pos, sw, static)}
	}
	args = append(args, r.typeTable(pos, static)...)
	args = append(args, sw.tableEntries(pos)...)
	return &ast.CallExpr{Fun: &ast.SelectorExpr{X: id(rt), Sel: id(helper)}, Lparen: pos, Args: args, Rparen: pos}
}

// stringerCallback returns the function the PlusV helper calls for a
// value of a session type with a String or Error method inside the value
// it prints (fmt calls them; compiled code cannot), or nil when the
// session has none:
//
//	func(_activisN string, _activisV any) (string, bool) {
//		switch _activisN {
//		case "V": if x, ok := _activisV.(V); ok { return x.String(), true }
//		case "*V": if x, ok := _activisV.(*V); ok { return x.String(), true }
//		}
//		return "", false
//	}
//
// The helper names the type from the syntax or yaegi's record (not by
// the assertion, which takes a look-alike's value), Error before String
// as fmt does.
func (r *rewriter) stringerCallback(pos token.Pos, sw *sourceWalk, static ast.Expr) ast.Expr {
	all := r.printTypes() // retiredtypes.go
	names := slices.Sorted(maps.Keys(all))
	id := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
	var cases []ast.Stmt
	addCase := func(key string, typ ast.Expr, method string) {
		x, ok := r.fresh("StrX"), r.fresh("OK")
		cases = append(cases, &ast.CaseClause{Case: pos, Colon: pos,
			List: []ast.Expr{&ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(key)}},
			Body: []ast.Stmt{&ast.IfStmt{If: pos,
				Init: &ast.AssignStmt{Lhs: []ast.Expr{id(x), id(ok)}, TokPos: pos, Tok: token.DEFINE,
					Rhs: []ast.Expr{&ast.TypeAssertExpr{X: id("_activisV"), Lparen: pos, Type: typ, Rparen: pos}}},
				Cond: id(ok),
				Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{&ast.ReturnStmt{Return: pos, Results: []ast.Expr{
					&ast.CallExpr{Fun: &ast.SelectorExpr{X: id(x), Sel: id(method)}, Lparen: pos, Rparen: pos}, id("true")}}}}}}})
	}
	for _, n := range names {
		t := all[n]
		for _, ptr := range []bool{false, true} {
			method := t.fmtMethod(ptr)
			if method == "" {
				continue
			}
			var typ ast.Expr = id(t.name)
			key := t.name
			if ptr {
				typ, key = &ast.StarExpr{Star: pos, X: typ}, "*"+key
			}
			addCase(key, typ, method)
		}
	}
	for _, in := range r.genericInstances(pos, r.instanceRoots(static)) { // see genericinst.go
		for _, ptr := range []bool{false, true} {
			if method := in.g.fmtMethod(ptr); method != "" {
				typ, key := cloneTypeAt(in.expr, pos), in.name
				if ptr {
					typ, key = &ast.StarExpr{Star: pos, X: typ}, "*"+key
				}
				addCase(key, typ, method)
			}
		}
	}
	keys, typs, methods := sw.stringerCases(pos) // sourcewalk.go
	for i, key := range keys {
		addCase(key, typs[i], methods[i])
	}
	if len(cases) == 0 && !sw.hasStringers() {
		return id("nil") // a callback without cases still lets the walk refuse an unexported one's
	}
	str := func(s string) ast.Expr {
		return &ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(s)}
	}
	return &ast.FuncLit{
		Type: &ast.FuncType{Func: pos,
			Params: &ast.FieldList{List: []*ast.Field{
				{Names: []*ast.Ident{id("_activisN")}, Type: id("string")},
				{Names: []*ast.Ident{id("_activisV")}, Type: id("any")}}},
			Results: &ast.FieldList{List: []*ast.Field{{Type: id("string")}, {Type: id("bool")}}}},
		Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{
			&ast.SwitchStmt{Switch: pos, Tag: id("_activisN"), Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: cases}},
			&ast.ReturnStmt{Return: pos, Results: []ast.Expr{str(""), id("false")}}}},
	}
}

// typeTable returns the run-time helpers' table of the session's types
// (see above): five entries per concrete type, and per interface type
// that static or a concrete type's underlying type names.
func (r *rewriter) typeTable(pos token.Pos, static ast.Expr) []ast.Expr {
	all := r.printTypes() // retiredtypes.go
	id := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
	str := func(s string) ast.Expr {
		return &ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(s)}
	}
	var args []ast.Expr
	names := make([]string, 0, len(all))
	for n := range all {
		names = append(names, n)
	}
	sort.Strings(names)
	ifaces := map[string]bool{}
	noteIfaces := func(t ast.Expr) {
		ast.Inspect(t, func(n ast.Node) bool {
			if x, ok := n.(*ast.Ident); ok && all[x.Name] == nil && x.Name != "any" && x.Name != "error" && r.isInterfaceType(x) {
				ifaces[x.Name] = true
			}
			_, sel := n.(*ast.SelectorExpr)
			return !sel
		})
	}
	if static != nil {
		noteIfaces(static)
	}
	for _, n := range names {
		t := all[n]
		if r.shadowedAt(pos, t.name) {
			r.fail(pos, "the variable %[1]s hides the type %[1]s here, which printing this value needs (%%#v, %%+v and %%T of session types name every type); rename the variable", t.name)
			return nil
		}
		gs := "" // flags: see newGSPrinter
		switch {
		case t.methods["GoString"]:
			gs = "v"
		case t.ptrMethods["GoString"]:
			gs = "p"
		}
		if t.hasMethods() {
			gs += "m"
		}
		switch {
		case t.methods["Error"] || t.methods["String"]:
			gs += "s"
		case t.ptrMethods["Error"] || t.ptrMethods["String"]:
			gs += "S"
		}
		args = append(args, str(t.name), str(t.user),
			&ast.CallExpr{Fun: &ast.ParenExpr{X: &ast.StarExpr{Star: pos, X: id(t.name)}}, Lparen: pos, Args: []ast.Expr{id("nil")}, Rparen: pos},
			str(types.ExprString(t.under)), str(gs))
		noteIfaces(t.under)
	}
	args = append(args, r.genericInstanceTable(pos, r.instanceRoots(static))...) // see genericinst.go
	inames := make([]string, 0, len(ifaces))
	for n := range ifaces {
		inames = append(inames, n)
	}
	sort.Strings(inames)
	for _, n := range inames {
		args = append(args, str(n), str(r.userTypeName(n)), id("nil"), str("interface{}"), str("i"))
	}
	return args
}

// gsNamed is a type of the session as GoSyntax knows it.
type gsNamed struct {
	name, user string
	// qualified: user is the name %#v prints (p.Square, a type of a
	// package interpreted from source: sourcewalk.go), not the name in
	// the table's package.
	qualified bool
	rt        reflect.Type // nil for an interface
	under     ast.Expr
	goString  string // "v": T has GoString, "p": only *T
	stringer  string // "v": T has String or Error, "p": only *T
	iface     bool
	methods   bool // T or *T has methods
	generic   bool // an instance of a generic type: name is its syntax (genericinst.go)
}

// gsType is a type GoSyntax prints a value of.
type gsType struct {
	name      string // as %#v prints it; "" when it cannot be told (why)
	why       string
	iface     bool // values are printed by their dynamic type
	compiled  bool // a compiled named type: fmt prints its values
	named     *gsNamed
	elem, key *gsType
	fields    []gsField
}

type gsField struct {
	name string
	typ  *gsType
}

// gsPrinter prints one value.
type gsPrinter struct {
	byName   map[string]*gsNamed
	byRT     map[reflect.Type][]*gsNamed
	generics bool
	at       string // the cell line, for errors
	plus     bool   // print as %+v, not %#v
	// bare prints as %v: as %+v without field names (nestedprint.go);
	// letter is then the verb: 'v', 's', 'q', 'x' or 'X', or a verb that
	// calls no String or Error method ('d', 'f', 't', …: numverb.go's
	// nestedOtherVerb; call is then nil), 0 otherwise.
	bare   bool
	letter rune
	// anon holds the session's unnamed struct types that look like its
	// structs (ifaceeq.go); nil knows none.
	anon *anonStructs
	// call calls the String or Error method of the session type it names
	// ("V", "*V") on a value (see stringerCallback); nil when the session
	// has no such method.
	call func(string, any) (string, bool)
	// verb prints a number, string or pointer inside a value printed
	// with %+v and flags: fmt applies the flags to each of them (with
	// %+6v, {A:     1}), not to the braces or field names; plusVerb
	// prints a compiled value there.
	verb, plusVerb string
	// raw counts the unexported fields being printed: fmt calls no
	// methods (String, GoString) of values inside them.
	raw int
	b   strings.Builder
	// pkg names the package whose types the table holds: "" for the
	// session's (main), the package's name for a package interpreted
	// from source (pkgfmtwalk.go).
	pkg string
}

// pkgName returns the name %#v gives the package of the table's types.
func (p *gsPrinter) pkgName() string {
	if p.pkg == "" {
		return "main"
	}
	return p.pkg
}

// field prints the field value v named name of type ft.
func (p *gsPrinter) field(v reflect.Value, name string, ft *gsType, depth int) {
	r, _ := utf8.DecodeRuneInString(name)
	exported := unicode.IsUpper(r)
	if !exported {
		p.raw++
	}
	p.value(v, ft, depth)
	if !exported {
		p.raw--
	}
}

// goSyntax returns what %#v prints for v in Go (see gosyntax.go): static
// is v's type as the syntax shows it ("" when unknown), table holds five
// entries per type of the session; a holds the session's unnamed struct
// types (ifaceeq.go).
func (a *anonStructs) goSyntax(v any, at, static string, generics bool, table ...any) string {
	return goSyntax(v, at, static, "", generics, false, table, a, nil)
}

// ifacePlusV returns what %+v, with the other flags given (as "-8" for
// %-+8v), prints for v in Go (see plusValue); its other arguments are
// ifaceGoSyntax's.
func ifacePlusV(v any, at, static, flags string, generics bool, call func(string, any) (string, bool), table ...any) string {
	return goSyntax(v, at, static, flags, generics, true, table, nil, call)
}

// plusV is ifacePlusV for a session whose unnamed struct types a holds
// (ifaceeq.go).
func (a *anonStructs) plusV(v any, at, static, flags string, generics bool, call func(string, any) (string, bool), table ...any) string {
	return goSyntax(v, at, static, flags, generics, true, table, a, call)
}

// plainV returns what a verb prints for v of the static type given
// (nestedprint.go): plusV's walk without field names. verb is the verb
// with its flags but no '%' ("-8v", "s", "q", "x", "X"). It panics,
// refusing, where static names a type the walk cannot read.
func (a *anonStructs) plainV(v any, at, static, verb string, generics bool, call func(string, any) (string, bool), table ...any) string {
	return goSyntaxMode("", v, at, static, verb, generics, true, true, table, a, call)
}

// goSyntax prints v with %#v, or with %+v and the other flags when plus
// (which prints no type names: anon may be nil).
func goSyntax(v any, at, static, flags string, generics, plus bool, table []any, anon *anonStructs,
	call func(string, any) (string, bool)) string {
	return goSyntaxMode("", v, at, static, flags, generics, plus, false, table, anon, call)
}

// goSyntaxMode is goSyntax, printing as plainV does when bare (and
// plus); flags then ends with the verb. pkg names the package of the
// table's types ("": the session's).
func goSyntaxMode(pkg string, v any, at, static, flags string, generics, plus, bare bool, table []any, anon *anonStructs,
	call func(string, any) (string, bool)) string {
	p := newGSPrinter(at, generics, table)
	p.plus, p.bare, p.anon, p.call, p.pkg = plus, bare, anon, call, pkg
	p.verb, p.plusVerb = "%"+flags+"v", "%+"+flags+"v"
	if bare {
		p.letter = 'v'
		if n := len(flags); n > 0 && strings.ContainsRune("vsqxX"+noMethodVerbs, rune(flags[n-1])) {
			p.letter = rune(flags[n-1])
			flags = flags[:n-1]
		}
		p.verb = "%" + flags + string(p.letter)
		p.plusVerb = p.verb
		if !strings.ContainsRune("vsqxX", p.letter) {
			p.call = nil // fmt calls no method for this verb
		}
	}
	var t *gsType
	if static != "" {
		if e, err := parser.ParseExpr(static); err == nil {
			t = p.fromAST(e, 0)
		}
		if bare && (t == nil || t.iface) {
			// The rewrite passes only types it read from the type
			// checker; one the walk cannot read would print erased.
			panic(fmt.Errorf("%s: %%v of a value of type %s, which holds values of a session type with a String or Error "+
				"method inside it, is not supported by the interpreter; print the parts with their method: %w",
				at, static, ErrUnsupported))
		}
	}
	if t == nil || t.iface {
		p.value(reflect.ValueOf(&v).Elem(), &gsType{name: "interface {}", iface: true}, 0)
		return p.b.String()
	}
	// The syntax tells the type: the value, out of yaegi's wrappers.
	for range 8 {
		rv := reflect.ValueOf(v)
		if !rv.IsValid() || !isYaegiValue(rv.Type()) {
			break
		}
		if isYaegiWrapper(rv.Type()) {
			v = rv.Field(0).Interface()
			continue
		}
		v, _ = ifaceUnwrap(v)
	}
	p.value(reflect.ValueOf(v), t, 0)
	return p.b.String()
}

// newGSPrinter returns a printer that knows the session's types from
// the table typeTable made: per type its interpreter and user names, a
// nil pointer to it, its underlying type and flags ("v": a GoString
// method, "p": one with a pointer receiver, "m": methods, "s": a String
// or Error method, "S": one with a pointer receiver, "i": an interface
// type, "x": a type of a package interpreted from source whose user name
// is qualified (sourcewalk.go); "a" alone: the entry is another name,
// its first, for the type whose name is its second).
func newGSPrinter(at string, generics bool, table []any) *gsPrinter {
	p := &gsPrinter{byName: map[string]*gsNamed{}, byRT: map[reflect.Type][]*gsNamed{}, generics: generics, at: at}
	var aliases [][2]string
	for i := 0; i+4 < len(table); i += 5 {
		n := &gsNamed{}
		n.name, _ = table[i].(string)
		n.user, _ = table[i+1].(string)
		under, _ := table[i+3].(string)
		flags, _ := table[i+4].(string)
		if flags == "a" { // another name of the entry named user (sourcewalk.go)
			aliases = append(aliases, [2]string{n.name, n.user})
			continue
		}
		n.iface, n.methods = strings.Contains(flags, "i"), strings.Contains(flags, "m")
		n.qualified = strings.Contains(flags, "x")
		n.generic = strings.Contains(flags, "g") // an instance (genericinst.go)
		switch {
		case strings.Contains(flags, "s"):
			n.stringer = "v"
		case strings.Contains(flags, "S"):
			n.stringer = "p"
		}
		switch {
		case strings.Contains(flags, "v"):
			n.goString = "v"
		case strings.Contains(flags, "p"):
			n.goString = "p"
		}
		if ptr := table[i+2]; ptr != nil && !n.iface {
			inner, _ := ifaceUnwrap(ptr)
			if t := reflect.TypeOf(inner); t != nil && t.Kind() == reflect.Pointer {
				n.rt = t.Elem()
			}
		}
		if e, err := parser.ParseExpr(under); err == nil {
			n.under = e
		}
		p.byName[n.name] = n
		if _, ok := p.byName[n.user]; !ok && !n.generic {
			p.byName[n.user] = n
		}
		if n.rt != nil {
			p.byRT[n.rt] = append(p.byRT[n.rt], n)
		}
	}
	for _, a := range aliases {
		if n := p.byName[a[1]]; n != nil && p.byName[a[0]] == nil {
			p.byName[a[0]] = n
		}
	}
	return p
}

// fromAST returns the type a type expression names, or nil when it
// cannot tell.
func (p *gsPrinter) fromAST(e ast.Expr, depth int) *gsType {
	if depth > 32 {
		return nil
	}
	switch x := e.(type) {
	case *ast.ParenExpr:
		return p.fromAST(x.X, depth+1)
	case *ast.Ident:
		if n := p.byName[x.Name]; n != nil {
			return p.named(n, depth)
		}
		switch x.Name {
		case "byte":
			return &gsType{name: "uint8"}
		case "rune":
			return &gsType{name: "int32"}
		case "any":
			return &gsType{name: "interface {}", iface: true}
		case "error":
			return &gsType{name: "error", iface: true}
		case "bool", "string", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32",
			"uint64", "uintptr", "float32", "float64", "complex64", "complex128":
			return &gsType{name: x.Name}
		}
	case *ast.SelectorExpr:
		pkg, ok := x.X.(*ast.Ident)
		if !ok {
			return nil
		}
		if pkg.Name == p.pkgName() {
			if n := p.byName[x.Sel.Name]; n != nil {
				return p.named(n, depth)
			}
			return nil
		}
		if n := p.byName[pkg.Name+"."+x.Sel.Name]; n != nil && n.qualified {
			return p.named(n, depth) // a type of a package interpreted from source (sourcewalk.go)
		}
		// A compiled package's type: an interface's values are printed
		// by their dynamic type, others by fmt (value decides).
		return &gsType{name: pkg.Name + "." + x.Sel.Name, compiled: true}
	case *ast.StarExpr:
		if el := p.fromAST(x.X, depth+1); el != nil {
			return &gsType{name: prefixName("*", el), why: el.why, elem: el}
		}
	case *ast.IndexExpr, *ast.IndexListExpr:
		if n := p.byName[types.ExprString(x)]; n != nil && n.generic {
			return p.named(n, depth) // an instance of a generic type (genericinst.go)
		}
	case *ast.ArrayType:
		el := p.fromAST(x.Elt, depth+1)
		if el == nil {
			return nil
		}
		if x.Len == nil {
			return &gsType{name: prefixName("[]", el), why: el.why, elem: el}
		}
		if n, ok := x.Len.(*ast.BasicLit); ok && n.Kind == token.INT {
			return &gsType{name: prefixName("["+n.Value+"]", el), why: el.why, elem: el}
		}
	case *ast.MapType:
		k, v := p.fromAST(x.Key, depth+1), p.fromAST(x.Value, depth+1)
		if k == nil || v == nil {
			return nil
		}
		t := &gsType{key: k, elem: v}
		if k.name != "" && v.name != "" {
			t.name = "map[" + k.name + "]" + v.name
		} else {
			t.why = k.why + v.why
		}
		return t
	case *ast.InterfaceType:
		if len(x.Methods.List) == 0 {
			return &gsType{name: "interface {}", iface: true}
		}
		return &gsType{why: "an interface literal's type name", iface: true}
	case *ast.StructType:
		t := &gsType{}
		var parts []string
		for _, f := range x.Fields.List {
			ft := p.fromAST(f.Type, depth+1)
			if ft == nil {
				return nil
			}
			tag := ""
			if f.Tag != nil {
				if s, err := strconv.Unquote(f.Tag.Value); err == nil {
					tag = " " + strconv.Quote(s)
				}
			}
			if len(f.Names) == 0 {
				name := types.ExprString(f.Type)
				name = name[strings.LastIndexAny(name, ".*")+1:]
				t.fields = append(t.fields, gsField{name, ft})
				parts = append(parts, ft.name+tag)
				continue
			}
			for _, n := range f.Names {
				t.fields = append(t.fields, gsField{n.Name, ft})
				parts = append(parts, n.Name+" "+ft.name+tag)
			}
			if ft.name == "" {
				t.why = ft.why
			}
		}
		if t.why == "" {
			t.name = "struct {}"
			if len(parts) > 0 {
				t.name = "struct { " + strings.Join(parts, "; ") + " }"
			}
		}
		return t
	case *ast.FuncType, *ast.ChanType:
		return &gsType{why: "a func or chan type's name"}
	}
	return nil
}

// named returns the type of a session type.
func (p *gsPrinter) named(n *gsNamed, depth int) *gsType {
	name := p.pkgName() + "." + n.user
	if n.qualified {
		name = n.user
	}
	if n.generic {
		if name = p.genericName(n, depth); name == "" {
			return &gsType{named: n, why: "the type " + n.name}
		}
	}
	if n.iface {
		return &gsType{name: name, iface: true, named: n}
	}
	var u *gsType
	if n.under != nil && depth < 24 {
		u = p.fromAST(n.under, depth+1)
	}
	if u == nil {
		return &gsType{name: name, named: n, why: "the type " + n.user}
	}
	t := *u
	t.name, t.why, t.named = name, "", n
	return &t
}

// prefixName prefixes an element type's name, "" when it is unknown.
func prefixName(prefix string, el *gsType) string {
	if el.name == "" {
		return ""
	}
	return prefix + el.name
}

// fromRT returns the type a run-time type stands for, where the
// interpreter erased the session's types.
func (p *gsPrinter) fromRT(rt reflect.Type, depth int) *gsType {
	if depth > 32 {
		return &gsType{why: "a deeply nested type"}
	}
	if ns := p.byRT[rt]; len(ns) > 0 {
		if len(ns) == 1 && rt.Kind() == reflect.Struct && rt.Name() == "" {
			if like := p.anon.lookalike(ns[0].name); like != "" && (!p.plus || ns[0].stringer != "") {
				// %#v would print either name; %+v prints the fields of
				// both alike, unless the session type has String or Error.
				why := "a struct value whose type may be " + ns[0].user + " or " + like + " (the interpreter does not tell them apart)"
				if p.plus {
					panic(fmt.Errorf("%s: %s of %s is not supported by the interpreter: %s has a String or Error method, which fmt "+
						"would call for it only; convert the value to its type first: %w", p.at, p.verbName(), why, ns[0].user, ErrUnsupported))
				}
				return p.shapeOnly(rt, depth, why)
			}
			return p.named(ns[0], 0)
		}
		names := []string{}
		for _, n := range ns {
			names = append(names, n.user)
		}
		if rt.Kind() != reflect.Struct {
			names = append(names, rt.String())
		}
		return p.shapeOnly(rt, depth, "a value whose type is "+strings.Join(names, " or ")+" (the interpreter does not tell them apart)")
	}
	if rt.PkgPath() != "" && rt.Name() != "" {
		if strings.HasPrefix(rt.PkgPath(), "github.com/traefik/yaegi") {
			return &gsType{why: "an interface declared in the session", iface: true}
		}
		return &gsType{name: rt.String(), compiled: true, iface: rt.Kind() == reflect.Interface}
	}
	if rt.Kind() == reflect.Pointer && rt.NumMethod() > 0 && rt.Elem().PkgPath() != "" && rt.Elem().Name() != "" &&
		!strings.HasPrefix(rt.Elem().PkgPath(), "github.com/traefik/yaegi") {
		// A pointer to a compiled type with methods (*errors.errorString
		// in an error): fmt prints it, calling its Error or String.
		return &gsType{name: rt.String(), compiled: true}
	}
	switch rt.Kind() {
	case reflect.Interface:
		return &gsType{name: rt.String(), iface: true}
	case reflect.Pointer:
		el := p.fromRT(rt.Elem(), depth+1)
		return &gsType{name: prefixName("*", el), why: el.why, elem: el}
	case reflect.Slice:
		el := p.fromRT(rt.Elem(), depth+1)
		return &gsType{name: prefixName("[]", el), why: el.why, elem: el}
	case reflect.Array:
		el := p.fromRT(rt.Elem(), depth+1)
		return &gsType{name: prefixName("["+strconv.Itoa(rt.Len())+"]", el), why: el.why, elem: el}
	case reflect.Map:
		k, v := p.fromRT(rt.Key(), depth+1), p.fromRT(rt.Elem(), depth+1)
		t := &gsType{key: k, elem: v}
		if k.name != "" && v.name != "" {
			t.name = "map[" + k.name + "]" + v.name
		} else {
			t.why = k.why + v.why
		}
		return t
	case reflect.Struct:
		if p.generics {
			return p.shapeOnly(rt, depth, "a struct value that may be of a generic type of the session")
		}
		t := &gsType{}
		var parts []string
		for i := 0; i < rt.NumField(); i++ {
			f := rt.Field(i)
			name := f.Name
			if len(name) > 1 && name[0] == 'X' && (name[1] == '_' || name[1] >= 'a' && name[1] <= 'z') {
				return p.shapeOnly(rt, depth, "an anonymous struct whose field "+name+" may be the interpreter's name for "+name[1:])
			}
			ft := p.fromRT(f.Type, depth+1)
			t.fields = append(t.fields, gsField{name, ft})
			if ft.name == "" {
				t.why = ft.why
			}
			tag := ""
			if f.Tag != "" {
				tag = " " + strconv.Quote(string(f.Tag))
			}
			if f.Anonymous {
				parts = append(parts, ft.name+tag)
			} else {
				parts = append(parts, name+" "+ft.name+tag)
			}
		}
		if t.why == "" {
			t.name = "struct {}"
			if len(parts) > 0 {
				t.name = "struct { " + strings.Join(parts, "; ") + " }"
			}
		}
		return t
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		return &gsType{name: rt.String()}
	}
	return &gsType{name: rt.String()}
}

// shapeOnly returns a type whose name cannot be told (why), with the
// element types of rt for printing its value.
func (p *gsPrinter) shapeOnly(rt reflect.Type, depth int, why string) *gsType {
	t := &gsType{why: why}
	switch rt.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array:
		t.elem = p.fromRT(rt.Elem(), depth+1)
	case reflect.Map:
		t.key, t.elem = p.fromRT(rt.Key(), depth+1), p.fromRT(rt.Elem(), depth+1)
	case reflect.Struct:
		for i := 0; i < rt.NumField(); i++ {
			t.fields = append(t.fields, gsField{rt.Field(i).Name, p.fromRT(rt.Field(i).Type, depth+1)})
		}
	}
	return t
}

// typeName returns t's name, or panics with why it cannot be told.
func (p *gsPrinter) typeName(t *gsType) string {
	if t.name == "" {
		why := t.why
		if why == "" {
			why = "a value of a type the syntax does not show"
		}
		panic(fmt.Errorf("%s: %%#v of %s is not supported by the interpreter, which gives the session's types the run-time "+
			"type of their underlying type: the type's name cannot be told; print the value with %%v, or convert it "+
			"to its type first (fmt.Printf(\"%%#v\", v.(T))): %w", p.at, why, ErrUnsupported))
	}
	return t.name
}

// value prints v of type t at depth (0: the argument itself).
func (p *gsPrinter) value(v reflect.Value, t *gsType, depth int) {
	if depth > 64 {
		p.b.WriteString("...")
		return
	}
	if t.iface || v.IsValid() && (v.Kind() == reflect.Interface || isYaegiValue(v.Type())) {
		p.dynamic(v, t, depth)
		return
	}
	if p.plus {
		p.plusValue(v, t, depth)
		return
	}
	if t.named != nil && t.named.goString == "v" {
		p.refuseGoString(t.named)
	}
	if t.compiled && v.CanInterface() && p.raw == 0 {
		fmt.Fprintf(&p.b, "%#v", v.Interface())
		return
	}
	switch v.Kind() {
	case reflect.Invalid:
		p.b.WriteString("<nil>")
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128, reflect.String:
		p.basic(v, "%#v")
	case reflect.Struct:
		p.b.WriteString(p.typeName(t))
		p.b.WriteByte('{')
		for i := 0; i < v.NumField(); i++ {
			if i > 0 {
				p.b.WriteString(", ")
			}
			ft := &gsType{}
			name := v.Type().Field(i).Name
			if i < len(t.fields) {
				ft, name = t.fields[i].typ, t.fields[i].name
			}
			if ft == nil {
				ft = p.fromRT(v.Type().Field(i).Type, depth+1)
			}
			p.b.WriteString(name)
			p.b.WriteByte(':')
			p.field(v.Field(i), name, ft, depth+1)
		}
		p.b.WriteByte('}')
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			p.b.WriteString(p.typeName(t) + "(nil)")
			return
		}
		el := p.elemType(t, v.Type().Elem())
		name := p.typeName(t)
		if depth == 0 && name == "[]uint8" {
			name = "[]byte"
		}
		p.b.WriteString(name)
		p.b.WriteByte('{')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				p.b.WriteString(", ")
			}
			if v.Type().Elem().Kind() == reflect.Uint8 && el.named == nil {
				fmt.Fprintf(&p.b, "0x%x", v.Index(i).Uint())
				continue
			}
			p.value(v.Index(i), el, depth+1)
		}
		p.b.WriteByte('}')
	case reflect.Map:
		if v.IsNil() {
			p.b.WriteString(p.typeName(t) + "(nil)")
			return
		}
		p.b.WriteString(p.typeName(t))
		p.b.WriteByte('{')
		p.mapEntries(v, t, depth, ", ")
		p.b.WriteByte('}')
	case reflect.Pointer:
		if t.elem != nil && t.elem.named != nil && t.elem.named.goString != "" {
			p.refuseGoString(t.elem.named)
		}
		if v.IsNil() {
			p.b.WriteString("(" + p.typeName(t) + ")(nil)")
			return
		}
		if depth == 0 {
			switch v.Elem().Kind() {
			case reflect.Struct, reflect.Array, reflect.Slice, reflect.Map:
				p.b.WriteByte('&')
				p.value(v.Elem(), p.elemType(t, v.Type().Elem()), depth+1)
				return
			}
		}
		fmt.Fprintf(&p.b, "(%s)(0x%x)", p.typeName(t), v.Pointer())
	case reflect.Chan, reflect.Func, reflect.UnsafePointer:
		if v.IsNil() {
			fmt.Fprintf(&p.b, "(%s)(nil)", p.typeName(t))
			return
		}
		fmt.Fprintf(&p.b, "(%s)(0x%x)", p.typeName(t), v.Pointer())
	default:
		fmt.Fprintf(&p.b, "%#v", v.Interface())
	}
}

// elemType returns t's element type, from the run-time type where t does
// not give it.
func (p *gsPrinter) elemType(t *gsType, rt reflect.Type) *gsType {
	if t.elem != nil {
		return t.elem
	}
	return p.fromRT(rt, 1)
}

// basic prints a boolean, number or string as verb ("%#v" or "%v")
// does, without calling methods; other kinds (reached only with "%v")
// print as fmt prints the reflect.Value.
func (p *gsPrinter) basic(v reflect.Value, verb string) {
	switch v.Kind() {
	case reflect.Bool:
		fmt.Fprintf(&p.b, verb, v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		fmt.Fprintf(&p.b, verb, v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		fmt.Fprintf(&p.b, verb, v.Uint())
	case reflect.Float32:
		fmt.Fprintf(&p.b, verb, float32(v.Float()))
	case reflect.Float64:
		fmt.Fprintf(&p.b, verb, v.Float())
	case reflect.Complex64:
		fmt.Fprintf(&p.b, verb, complex64(v.Complex()))
	case reflect.Complex128:
		fmt.Fprintf(&p.b, verb, v.Complex())
	case reflect.String:
		fmt.Fprintf(&p.b, verb, v.String())
	default:
		fmt.Fprintf(&p.b, verb, v)
	}
}

// mapEntries prints the entries of map v (of type t) as key:value in
// fmt's key order, separated by sep: ", " for %#v, " " for %+v.
func (p *gsPrinter) mapEntries(v reflect.Value, t *gsType, depth int, sep string) {
	kt := t.key
	if kt == nil {
		kt = p.fromRT(v.Type().Key(), depth+1)
	}
	el := p.elemType(t, v.Type().Elem())
	keys := v.MapKeys()
	sort.SliceStable(keys, func(i, j int) bool { return compareKeys(keys[i], keys[j]) < 0 })
	for i, k := range keys {
		if i > 0 {
			p.b.WriteString(sep)
		}
		p.value(k, kt, depth+1)
		p.b.WriteByte(':')
		p.value(v.MapIndex(k), el, depth+1)
	}
}

// dynamic prints the value an interface of type t holds.
func (p *gsPrinter) dynamic(v reflect.Value, t *gsType, depth int) {
	for v.IsValid() && v.Kind() == reflect.Interface {
		if v.IsNil() {
			v = reflect.Value{}
			break
		}
		v = v.Elem()
	}
	if v.IsValid() && isYaegiWrapper(v.Type()) {
		// The wrapper calls the session value's methods: fmt calls
		// Error or String (the value in IValue is not always whole:
		// yaegi's error wrapper held only a struct's field).
		if p.plus && p.raw == 0 && v.CanInterface() && (!p.bare || strings.ContainsRune("vsqxX", p.letter)) {
			if text, ok := wrapperText(v.Interface()); ok {
				fmt.Fprintf(&p.b, p.verb, text)
				return
			}
		}
		p.dynamic(v.Field(0), t, depth)
		return
	}
	var dt *gsType
	if v.IsValid() && v.CanInterface() && isYaegiValue(v.Type()) {
		inner, ts := ifaceUnwrap(v.Interface())
		if inner == nil {
			v = reflect.Value{}
		} else {
			v = reflect.ValueOf(inner)
			ts = p.instanceName(ts)
			if e, err := parser.ParseExpr(ts); err == nil && ts != "" && !misnamedStruct(e, v.Type()) {
				dt = p.fromAST(e, 0)
			}
		}
	}
	if !v.IsValid() {
		if p.plus {
			p.nilAngle(depth)
			return
		}
		if depth == 0 {
			p.b.WriteString("<nil>")
			return
		}
		p.b.WriteString(p.typeName(t) + "(nil)")
		return
	}
	if dt == nil || dt.iface {
		dt = p.fromRT(v.Type(), 0)
		if dt.iface {
			dt = &gsType{name: dt.name, why: dt.why}
		}
	}
	p.value(v, dt, depth)
}

// misnamedStruct reports whether e, the type yaegi's wrapper names, is a
// struct type literal while rt, the run-time type of the value it holds,
// is a struct type of the session (its first field's tag names it:
// structmark.go): yaegi named an instance of a generic struct type so
// (`struct { v int}` for an Opt[int] made in a composite literal in an
// []any), which printed its fields where Go calls its String method.
// fromRT then tells the type from rt.
func misnamedStruct(e ast.Expr, rt reflect.Type) bool {
	if _, lit := e.(*ast.StructType); !lit || rt.Kind() != reflect.Struct || rt.NumField() == 0 {
		return false
	}
	return rt.Field(0).Tag.Get(typeTagKey) != ""
}

// instanceName returns the name of the table (genericinst.go) for ts,
// yaegi's name of an instance of a generic type of the package
// ("main.Opt·86[int]", genericnames.go's number in it; untyped type
// arguments for constants): "Opt[int]". Other names are returned as they
// are.
func (p *gsPrinter) instanceName(ts string) string {
	if !genericNumber.MatchString(ts) {
		return ts
	}
	ts = untypedArgs.Replace(genericNumber.ReplaceAllString(ts, ""))
	ts = unqualified(ts, p.pkgName())
	e, err := parser.ParseExpr(ts)
	if err != nil {
		return ts
	}
	return types.ExprString(e) // the table's spacing: "Pair[string, Point]"
}

// unqualified returns s with the qualifier pkg dropped from the names in
// it ("main.Pair[string,main.Point]": "Pair[string,Point]").
func unqualified(s, pkg string) string {
	var b strings.Builder
	q := pkg + "."
	for i := 0; i < len(s); {
		if strings.HasPrefix(s[i:], q) && (i == 0 || !isIdentByte(s[i-1]) && s[i-1] != '.' && s[i-1] < 0x80) {
			i += len(q)
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// wrapperText returns what fmt prints for a wrapper of a session value
// (isYaegiWrapper) with an Error or String method: the method's result,
// Error first as fmt calls it.
func wrapperText(w any) (string, bool) {
	switch x := w.(type) {
	case error:
		return x.Error(), true
	case fmt.Stringer:
		return x.String(), true
	}
	return "", false
}

// isYaegiValue reports whether t is yaegi's wrapper of an interpreted
// value (valueInterface) or of a value behind a compiled interface.
func isYaegiValue(t reflect.Type) bool {
	return t.Kind() == reflect.Struct && (isValueInterface(t) || isYaegiWrapper(t)) // ifacert.go
}

// refuseGoString panics: compiled code cannot call the GoString method of
// a session type.
func (p *gsPrinter) refuseGoString(n *gsNamed) {
	panic(fmt.Errorf("%s: %%#v of a value of the session type %s, which has a GoString method, inside another value or an "+
		"interface is not supported by the interpreter (fmt cannot call methods of the session's types): call "+
		"GoString yourself, or print v.(%s) directly: %w", p.at, n.user, n.user, ErrUnsupported))
}

// compareKeys orders map keys as fmt does: numbers, strings and booleans
// by value, then structs and arrays by their elements, interfaces by
// their dynamic type's name and then value.
func compareKeys(a, b reflect.Value) int {
	if a.Kind() != b.Kind() {
		return strings.Compare(a.Kind().String(), b.Kind().String())
	}
	switch a.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return cmpOrdered(a.Int(), b.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return cmpOrdered(a.Uint(), b.Uint())
	case reflect.String:
		return strings.Compare(a.String(), b.String())
	case reflect.Float32, reflect.Float64:
		x, y := a.Float(), b.Float()
		switch {
		case math.IsNaN(x) && math.IsNaN(y):
			return 0
		case math.IsNaN(x):
			return -1
		case math.IsNaN(y):
			return 1
		}
		return cmpOrdered(x, y)
	case reflect.Complex64, reflect.Complex128:
		if c := cmpOrdered(real(a.Complex()), real(b.Complex())); c != 0 {
			return c
		}
		return cmpOrdered(imag(a.Complex()), imag(b.Complex()))
	case reflect.Bool:
		switch {
		case a.Bool() == b.Bool():
			return 0
		case !a.Bool():
			return -1
		}
		return 1
	case reflect.Pointer, reflect.Chan, reflect.UnsafePointer:
		return cmpOrdered(a.Pointer(), b.Pointer())
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			if c := compareKeys(a.Field(i), b.Field(i)); c != 0 {
				return c
			}
		}
		return 0
	case reflect.Array:
		for i := 0; i < a.Len(); i++ {
			if c := compareKeys(a.Index(i), b.Index(i)); c != 0 {
				return c
			}
		}
		return 0
	case reflect.Interface:
		switch {
		case a.IsNil() && b.IsNil():
			return 0
		case a.IsNil():
			return -1
		case b.IsNil():
			return 1
		}
		if c := strings.Compare(a.Elem().Type().String(), b.Elem().Type().String()); c != 0 {
			return c
		}
		return compareKeys(a.Elem(), b.Elem())
	}
	return 0
}

func cmpOrdered[T int64 | uint64 | float64 | uintptr](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// gsStaticType returns e's type where the syntax shows it: as staticType
// and valueType do, and also for a field of a value of a session struct
// type (h.Cs) and an element of such a field.
func (r *rewriter) gsStaticType(e ast.Expr, depth int) ast.Expr {
	if depth > 8 {
		return nil
	}
	if t := r.staticType(e, 0); t != nil {
		return t
	}
	if t := r.valueType(e); t != nil {
		return t
	}
	switch x := unparen(e).(type) {
	case *ast.SelectorExpr:
		base := r.gsStaticType(x.X, depth+1)
		if s, ok := unparen(base).(*ast.StarExpr); ok {
			base = s.X
		}
		var under ast.Expr
		if g, args := r.genericInstance(base); g != nil {
			under = g.under(args, x.Pos()) // see genericinst.go
		} else if id, ok := unparen(base).(*ast.Ident); ok && r.sessionTypes()[id.Name] != nil {
			under = r.sessionTypes()[id.Name].under
		}
		st, ok := unparen(under).(*ast.StructType)
		if !ok {
			return r.oracleGenericType(e)
		}
		for _, f := range st.Fields.List {
			for _, n := range f.Names {
				if n.Name == x.Sel.Name {
					return f.Type
				}
			}
		}
	case *ast.IndexExpr:
		switch ct := unparen(r.gsStaticType(x.X, depth+1)).(type) {
		case *ast.ArrayType:
			return ct.Elt
		case *ast.MapType:
			return ct.Value
		}
	case *ast.StarExpr:
		if s, ok := unparen(r.gsStaticType(x.X, depth+1)).(*ast.StarExpr); ok {
			return s.X
		}
	}
	return r.oracleGenericType(e)
}

// plusValue prints v of type t as %+v does: fields named as declared,
// no type names. A String or Error method of a session type is not
// called (as fmt does not see it inside values: README); compiled
// values are printed by fmt.
func (p *gsPrinter) plusValue(v reflect.Value, t *gsType, depth int) {
	if name := p.stringerName(v, t); name != "" {
		if s, ok, isNil := p.callMethod(name, v); isNil {
			p.b.WriteString("<nil>") // fmt's text for a nil receiver whose method panics, unpadded
			return
		} else if ok {
			fmt.Fprintf(&p.b, p.verb, s) // fmt prints the method's result as a string
			return
		}
		if n := stringerOf(t); n != nil && n.qualified {
			panic(fmt.Errorf("%s: %s of a value holding a %s inside it is not supported by the interpreter: the cell cannot call "+
				"its String or Error method, which fmt would call; print that part with its method: %w", p.at, p.verbName(), n.user, ErrUnsupported))
		}
	}
	if t.compiled && v.CanInterface() && p.raw == 0 {
		if depth > 0 && v.Kind() == reflect.Pointer && !v.IsNil() && !p.printsMethod(v) {
			// fmt prints &{…} for a pointer at the top only; below it
			// its address (`%d` of []error{errors.New("x")}).
			p.address(v, t)
			return
		}
		fmt.Fprintf(&p.b, p.plusVerb, v.Interface())
		return
	}
	switch v.Kind() {
	case reflect.Invalid:
		p.nilAngle(depth)
	case reflect.Struct:
		p.b.WriteByte('{')
		for i := 0; i < v.NumField(); i++ {
			if i > 0 {
				p.b.WriteByte(' ')
			}
			var ft *gsType
			name := v.Type().Field(i).Name
			if i < len(t.fields) && t.fields[i].typ != nil && t.name != "" {
				ft, name = t.fields[i].typ, t.fields[i].name
			} else if len(name) > 1 && name[0] == 'X' && (name[1] == '_' || name[1] >= 'a' && name[1] <= 'z') {
				why := t.why
				if why == "" {
					why = "a struct whose type the syntax does not show"
				}
				panic(fmt.Errorf("%s: %s of %s is not supported by the interpreter: its field %s may be the "+
					"interpreter's name for %s; convert the value to its type first: %w",
					p.at, p.verbName(), why, name, name[1:], ErrUnsupported))
			}
			if ft == nil {
				ft = p.fromRT(v.Type().Field(i).Type, depth+1)
			}
			if !p.bare {
				p.b.WriteString(name)
				p.b.WriteByte(':')
			}
			p.field(v.Field(i), name, ft, depth+1)
		}
		p.b.WriteByte('}')
	case reflect.Slice, reflect.Array:
		el := p.elemType(t, v.Type().Elem())
		// fmt prints a byte slice as bytes with %s %q %x %X, and with %v
		// each element as it prints it: a named byte's String method too
		// ([]Kind with a String method printed [3 1], Go [K3 K1]).
		if v.Type().Elem().Kind() == reflect.Uint8 && v.CanInterface() && (el == nil || el.named == nil || strings.ContainsRune("sqxX", p.letter)) {
			fmt.Fprintf(&p.b, p.verb, v.Interface()) // the flags apply to each byte
			return
		}
		p.b.WriteByte('[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				p.b.WriteByte(' ')
			}
			p.value(v.Index(i), el, depth+1)
		}
		p.b.WriteByte(']')
	case reflect.Map:
		p.b.WriteString("map[")
		p.mapEntries(v, t, depth, " ")
		p.b.WriteByte(']')
	case reflect.Pointer:
		if depth == 0 && !v.IsNil() {
			switch v.Elem().Kind() {
			case reflect.Struct, reflect.Array, reflect.Slice, reflect.Map:
				p.b.WriteByte('&')
				p.value(v.Elem(), p.elemType(t, v.Type().Elem()), depth+1)
				return
			}
		}
		// fmt prints a pointer, chan or func as its address (0xc000…),
		// <nil> for nil, both padded as the flags say.
		p.address(v, t)
	case reflect.Chan, reflect.Func, reflect.UnsafePointer:
		p.address(v, t)
	default:
		if p.bare && p.letter != 'v' && v.CanInterface() {
			p.otherVerb(v, t)
			return
		}
		p.basic(v, p.verb)
	}
}

// address prints a pointer, chan or func inside a value as fmt does:
// its address for %v, %x and %X, a bad-verb text naming its type for %s
// and %q (PlainV's verbs).
func (p *gsPrinter) address(v reflect.Value, t *gsType) {
	switch p.letter {
	case 0, 'v', 'x', 'X', 'b', 'o', 'd':
		fmt.Fprintf(&p.b, p.verb, unsafe.Pointer(v.Pointer()))
		return
	}
	if t.name == "" {
		panic(fmt.Errorf("%s: %%%c of a pointer, chan or func value inside a value of a session type is not supported by "+
			"the interpreter (fmt prints its type's name, which cannot be told here); print it with %%v: %w",
			p.at, p.letter, ErrUnsupported))
	}
	addr := "<nil>"
	if !v.IsNil() {
		addr = fmt.Sprintf("0x%x", v.Pointer())
	}
	fmt.Fprintf(&p.b, "%%!%c(%s=%s)", p.letter, t.name, addr)
}

// otherVerb prints a boolean, number or string inside a value with
// PlainV's %s, %q, %x or %X as fmt does: through fmt with the value's
// run-time type, whose name a bad verb prints (%!s(int=5)), corrected
// to the session type's where the interpreter erased it
// (%!s(main.Level=5)).
func (p *gsPrinter) otherVerb(v reflect.Value, t *gsType) {
	text := fmt.Sprintf(p.verb, v.Interface())
	if strings.HasPrefix(text, "%!") && t.named != nil && t.name != "" {
		text = strings.Replace(text, "("+v.Type().String()+"=", "("+t.name+"=", 1)
	}
	p.b.WriteString(text)
}

// printsMethod reports whether fmt prints the compiled value v through
// one of its methods with the printer's verb: a Format method for any
// verb, an Error or String method for %v, %s, %q, %x and %X.
func (p *gsPrinter) printsMethod(v reflect.Value) bool {
	switch v.Interface().(type) {
	case fmt.Formatter:
		return true
	case error, fmt.Stringer:
		return !p.bare || strings.ContainsRune("vsqxX", p.letter)
	}
	return false
}

// verbName names the verb the printer prints as, for errors.
func (p *gsPrinter) verbName() string {
	switch {
	case p.bare:
		return "%" + string(p.letter)
	case p.plus:
		return "%+v"
	}
	return "%#v"
}

// callMethod calls the String or Error method of v, whose type the call
// function knows by name, and reports whether it answered (ok) or, for a
// nil pointer, panicked (isNil): fmt calls a method of a nil receiver,
// which may be written for it (a nil *List printing "end"), and prints
// <nil> where it panics. Another method's panic is the cell's.
func (p *gsPrinter) callMethod(name string, v reflect.Value) (s string, ok, isNil bool) {
	if v.Kind() == reflect.Pointer && v.IsNil() {
		defer func() {
			if recover() != nil {
				s, ok, isNil = "", false, true
			}
		}()
	}
	s, ok = p.call(name, v.Interface())
	return s, ok, false
}

// stringerName returns the name the call function knows v's type by
// ("V", "*V") where fmt would call its String or Error method: v is of a
// session type with one (a pointer, nil too, to one), not inside an
// unexported field; else "".
func (p *gsPrinter) stringerName(v reflect.Value, t *gsType) string {
	if p.call == nil || p.raw > 0 || !v.IsValid() || !v.CanInterface() {
		return ""
	}
	if t.named != nil && t.named.stringer == "v" {
		return t.named.name
	}
	if v.Kind() == reflect.Pointer && t.elem != nil && t.elem.named != nil && t.elem.named.stringer != "" {
		return "*" + t.elem.named.name
	}
	return ""
}

// stringerOf returns the type whose String or Error method stringerName
// found for t: t's own or, for a pointer, its element's.
func stringerOf(t *gsType) *gsNamed {
	if t.named != nil && t.named.stringer == "v" {
		return t.named
	}
	if t.elem != nil {
		return t.elem.named
	}
	return nil
}

// nilAngle prints a nil interface as %+v does: <nil>, padded as the
// flags say where it is the argument itself (fmt does not pad one held
// in a field or element).
func (p *gsPrinter) nilAngle(depth int) {
	if depth == 0 {
		fmt.Fprintf(&p.b, p.verb, nil)
		return
	}
	p.b.WriteString("<nil>")
}

// plusVWanted reports whether a %+v argument of type static (nil:
// unknown) is printed by the PlusV helper: yaegi printed `Xs` for an
// unexported field s of a session struct. Where a session type has a
// String or Error method, which fmt calls for %+v and the helper cannot,
// only an argument whose type the syntax shows and that has neither
// method itself (fmt would not call one inside the value either).
func (r *rewriter) plusVWanted(static ast.Expr) bool {
	all := r.sessionTypes()
	stringers := false
	for _, t := range all {
		if t.methods["String"] || t.methods["Error"] || t.ptrMethods["String"] || t.ptrMethods["Error"] {
			stringers = true
		}
	}
	for _, g := range r.genericDecls() {
		stringers = stringers || g.methods["String"] || g.methods["Error"] || g.ptrMethods["String"] || g.ptrMethods["Error"]
	}
	if !stringers {
		return true
	}
	if static == nil || r.isInterfaceType(static) {
		return false
	}
	t, ptr := static, false
	if s, ok := unparen(t).(*ast.StarExpr); ok {
		t, ptr = s.X, true
	}
	if id, ok := unparen(t).(*ast.Ident); ok {
		if nt := all[id.Name]; nt != nil {
			has := nt.methods["String"] || nt.methods["Error"] || ptr && (nt.ptrMethods["String"] || nt.ptrMethods["Error"])
			return !has
		}
	}
	if g, _ := r.genericInstance(t); g != nil {
		has := g.methods["String"] || g.methods["Error"] || ptr && (g.ptrMethods["String"] || g.ptrMethods["Error"])
		return !has
	}
	return true
}

// shadowedAt reports whether a variable or constant named name is declared
// in the function of the rewritten node that encloses pos, before pos:
// there the name is not the session's type (`song := rock.songs[0]` for
// `type song struct{…}` made `(*song)(nil)` fail to compile, "cannot
// indirect song"). The outermost enclosing function is searched, nested
// literals included.
func (r *rewriter) shadowedAt(pos token.Pos, name string) bool {
	var fn ast.Node
	ast.Inspect(r.root, func(n ast.Node) bool {
		if fn != nil || n == nil {
			return false
		}
		switch n.(type) {
		case *ast.File:
			return true // its span may not hold its declarations' positions
		case *ast.FuncDecl, *ast.FuncLit:
			if n.Pos() <= pos && pos < n.End() {
				fn = n
			}
			return false
		}
		return n.Pos() <= pos && pos < n.End()
	})
	found := false
	if fn != nil {
		ast.Inspect(fn, func(m ast.Node) bool {
			id, ok := m.(*ast.Ident)
			if ok && id.Name == name && id.Pos() < pos && id.Obj != nil && (id.Obj.Kind == ast.Var || id.Obj.Kind == ast.Con) {
				found = true
			}
			return !found
		})
	}
	return found
}
