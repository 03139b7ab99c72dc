package gosession

import (
	"go/ast"
	"go/token"
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

// fmtTypes rewrites the %T arguments of a fmt call whose types are known.
func (r *rewriter) fmtTypes(c *ast.CallExpr) {
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok {
		return
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok || pkg.Obj != nil || pkg.Name != "fmt" || !r.sc.isPackage("fmt") {
		return
	}
	first := 0
	switch sel.Sel.Name {
	case "Printf", "Sprintf", "Errorf":
	case "Fprintf", "Appendf":
		first = 1
	default:
		return
	}
	if len(c.Args) <= first || c.Ellipsis.IsValid() {
		return
	}
	lit, ok := c.Args[first].(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return
	}
	format, err := strconv.Unquote(lit.Value)
	if err != nil {
		return
	}
	verbs, ok := fmtVerbs(format)
	if !ok {
		return
	}
	var b strings.Builder
	changed := false
	last := 0
	for i, v := range verbs {
		argi := first + 1 + i
		if v.verb != 'T' || argi >= len(c.Args) {
			continue
		}
		name := r.typeNameOf(c.Args[argi])
		if name == "" {
			if dyn := r.dynamicTypeName(c.Args[argi]); dyn != nil {
				b.WriteString(format[last : v.end-1])
				b.WriteByte('s')
				last = v.end
				changed = true
				c.Args[argi] = dyn
			}
			continue
		}
		b.WriteString(format[last : v.end-1])
		b.WriteByte('s')
		last = v.end
		changed = true
		pos := c.Args[argi].Pos()
		c.Args[argi] = &ast.CallExpr{Fun: &ast.FuncLit{
			Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{List: []*ast.Field{{Type: ast.NewIdent("any")}}},
				Results: &ast.FieldList{List: []*ast.Field{{Type: ast.NewIdent("string")}}}},
			Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{&ast.ReturnStmt{Return: pos,
				Results: []ast.Expr{&ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(name)}}}}, Rbrace: pos},
		}, Lparen: pos, Args: []ast.Expr{c.Args[argi]}, Rparen: pos}
	}
	if !changed {
		return
	}
	b.WriteString(format[last:])
	c.Args[first] = &ast.BasicLit{ValuePos: lit.ValuePos, Kind: token.STRING, Value: strconv.Quote(b.String())}
}

// fmtVerb is one verb of a format: the verb letter and the index just
// after it.
type fmtVerb struct {
	verb rune
	end  int
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
	t := r.staticType(e, 0)
	if t == nil {
		return ""
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
// name). declared is set when it names a type the session declared.
func (r *rewriter) goTypeName(t ast.Expr, declared *bool) string {
	switch x := t.(type) {
	case *ast.ParenExpr:
		return r.goTypeName(x.X, declared)
	case *ast.Ident:
		switch x.Name {
		case "bool", "string", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32",
			"uint64", "uintptr", "float32", "float64", "complex64", "complex128":
			if x.Obj == nil && r.sc.globalType(x.Name) == nil {
				return x.Name
			}
		case "byte":
			return "uint8"
		case "rune":
			return "int32"
		}
		if strings.HasPrefix(x.Name, "_activis") {
			return "" // a type parameter, or the session's own
		}
		if r.isConcreteType(x) {
			*declared = true
			return "main." + r.userTypeName(x.Name)
		}
		return ""
	case *ast.SelectorExpr:
		pkg, ok := x.X.(*ast.Ident)
		if !ok || !r.sc.isPackage(pkg.Name) {
			return ""
		}
		// A package's type: an interface cannot be told from here, so
		// only inside another type (a pointer, slice, … of it).
		return pkg.Name + "." + x.Sel.Name
	case *ast.StarExpr:
		if s := r.goTypeName(x.X, declared); s != "" {
			return "*" + s
		}
	case *ast.ArrayType:
		elem := r.goTypeName(x.Elt, declared)
		if elem == "" {
			return ""
		}
		if x.Len == nil {
			return "[]" + elem
		}
		if n, ok := x.Len.(*ast.BasicLit); ok && n.Kind == token.INT {
			return "[" + n.Value + "]" + elem
		}
	case *ast.MapType:
		k, v := r.goTypeName(x.Key, declared), r.goTypeName(x.Value, declared)
		if k != "" && v != "" {
			return "map[" + k + "]" + v
		}
	case *ast.IndexExpr:
		return r.genericName(x.X, []ast.Expr{x.Index}, declared)
	case *ast.IndexListExpr:
		return r.genericName(x.X, x.Indices, declared)
	}
	return ""
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
	if t := r.staticType(e, 0); t != nil && !r.isInterfaceType(t) {
		return nil // a known type that does not involve a session type
	}
	all := r.sessionTypes()
	if len(all) == 0 {
		return nil
	}
	k, ok := r.sc.(interface{ ifaceRuntime() string })
	if !ok {
		return nil
	}
	rt := k.ifaceRuntime()
	if rt == "" {
		return nil
	}
	iface, _ := r.ifaceMethods(e)
	names := make([]string, 0, len(all))
	for n := range all {
		names = append(names, n)
	}
	sort.Strings(names)
	pos := e.Pos()
	id := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
	str := func(s string) *ast.BasicLit {
		return &ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(s)}
	}
	var tests []ast.Stmt
	var renames []ast.Expr
	for _, n := range names {
		t := all[n]
		if t.name != t.user {
			renames = append(renames, str(t.name), str(t.user))
		}
		_, isStruct := r.shape(t)
		for _, ptr := range []bool{false, true} {
			if len(r.lookalikes(t, ptr, iface)) > 0 || !t.implements(iface, ptr) || !isStruct && len(iface) == 0 {
				continue
			}
			var typ ast.Expr = id(t.name)
			name := "main." + t.user
			if ptr {
				typ, name = &ast.StarExpr{Star: pos, X: typ}, "*"+name
			}
			ok := r.fresh("OK")
			tests = append(tests, &ast.IfStmt{If: pos,
				Init: &ast.AssignStmt{Lhs: []ast.Expr{id("_"), id(ok)}, TokPos: pos, Tok: token.DEFINE,
					Rhs: []ast.Expr{&ast.TypeAssertExpr{X: id("_activisV"), Lparen: pos, Type: typ, Rparen: pos}}},
				Cond: id(ok),
				Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{&ast.ReturnStmt{Return: pos, Results: []ast.Expr{str(name)}}}}})
		}
	}
	var body []ast.Stmt
	if len(tests) > 0 {
		body = append(body, &ast.IfStmt{If: pos, Cond: &ast.BinaryExpr{X: id("_activisV"), OpPos: pos, Op: token.NEQ, Y: id("nil")},
			Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: tests}})
	}
	body = append(body, &ast.ReturnStmt{Return: pos, Results: []ast.Expr{&ast.CallExpr{
		Fun:  &ast.SelectorExpr{X: id(rt), Sel: id("TypeString")},
		Args: append([]ast.Expr{id("_activisV")}, renames...), Lparen: pos, Rparen: pos}}})
	// The value keeps its interface type: yaegi asserts a session value
	// out of a compiled interface (fmt.Stringer) but not out of an any
	// holding that interface's wrapper.
	var param ast.Expr = id("any")
	if t := r.typeOf(e); t != nil && r.isInterfaceType(t) {
		param = cloneAt(t, pos)
	}
	return &ast.CallExpr{Fun: &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{List: []*ast.Field{{Names: []*ast.Ident{id("_activisV")}, Type: param}}},
			Results: &ast.FieldList{List: []*ast.Field{{Type: id("string")}}}},
		Body: &ast.BlockStmt{Lbrace: pos, List: body, Rbrace: pos},
	}, Lparen: pos, Args: []ast.Expr{e}, Rparen: pos}
}
