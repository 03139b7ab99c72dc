package gosession

import (
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Comparisons whose operand types the syntax does not show.
//
// compare.go rewrites `x == y` where the syntax shows one side's concrete
// type, or both sides' interface types. Where it shows neither (results
// of compiled functions or methods, variables of a multi-value `:=`,
// elements of a slice whose type it does not know) and the session
// declares types with methods, yaegi compared its wrappers of two equal
// session values and said false. Such a comparison becomes
//
//	func() bool {
//		_x, _y := x, y
//		if false { return _x == _y } // the interpreter's type check, as Go's
//		return _activisiface.Equal(&_x, &_y, site, "In[3] line 4") == 1 ||
//			!_activisiface.Cached(site) && _activisiface.EqualTypes(&_x, &_y, site, "In[3] line 4", …table…)
//	}()
//
// (for two variables x and y, `(false && x == y) || …` with &x and &y,
// without the function literal, whose frame costs yaegi about 6 µs per
// call). The session's types (typeTable) are built in interpreted code
// only the first time a site needs them, and cached per site: building
// them on every comparison cost 10–20 µs, the helper call about 2 µs.
// (!= negates it; x and y are evaluated once, left to right). The compiled
// helper reads each operand's static type from the pointer (an interface,
// the interpreter's own wrapper of a session interface, or a concrete
// type) and its dynamic type from yaegi's wrapper where there is one, and
// answers as Go: false for different run-time types or values; for equal
// values of one run-time type, true where the operands are of one type.
// Where it cannot tell (two values of the same underlying type in
// interfaces, one a session type and the other possibly a plain value or
// another session type of that underlying type, also one without methods,
// or a session struct and an unnamed struct of its fields written in a
// cell: see anonStructs below), it panics with an error that names the
// comparison, its line and the workaround instead of answering. Written
// for this package.

// compareUnknown rewrites b (see above) when the session declares types
// with methods; tx and ty are the operand types the syntax shows (nil:
// unknown, else an interface type).
func (r *rewriter) compareUnknown(b *ast.BinaryExpr) {
	if r.typeChecks[b] {
		return // made below
	}
	for _, e := range []ast.Expr{b.X, b.Y} {
		if id, ok := unparen(e).(*ast.Ident); ok && strings.HasPrefix(id.Name, "_activis") {
			return // made by the rewriter (the type check below)
		}
	}
	r.compareUnknownOf(b)
}

// compareUnknownOf is compareUnknown without its test for the rewriter's
// own operands: slicecmp.go's comparisons of its parameters.
func (r *rewriter) compareUnknownOf(b *ast.BinaryExpr) {
	if r.isConstExpr(b.X) || r.isConstExpr(b.Y) || r.packageMember(b.X) || r.packageMember(b.Y) ||
		r.constInIface(b.X) || r.constInIface(b.Y) {
		// A constant, a package's (compiled) variable such as io.EOF, or
		// a constant converted to an interface (any(2), E[int](4)): its
		// dynamic type is a predeclared one, which yaegi compares right.
		return
	}
	methods := false
	for _, t := range r.sessionTypes() {
		if t.hasMethods() {
			methods = true
			break
		}
	}
	if !methods {
		return
	}
	rt := r.ifaceRuntimeName()
	if rt == "" {
		return
	}
	pos := b.OpPos
	id := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
	xn, yn := r.fresh("EqX"), r.fresh("EqY")
	at := r.place(pos)
	site := &ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: strconv.FormatInt(eqSites.Add(1), 10)}
	atLit := &ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(at)}
	// E(&x, &y, site, at) == 1 || !Cached(site) && T(&x, &y, site, at, table…)
	test := func(x, y string) ast.Expr {
		addr := func(n string) ast.Expr { return &ast.UnaryExpr{OpPos: pos, Op: token.AND, X: id(n)} }
		call := func(fn string, args ...ast.Expr) *ast.CallExpr {
			return &ast.CallExpr{Fun: &ast.SelectorExpr{X: id(rt), Sel: id(fn)}, Lparen: pos, Args: args, Rparen: pos}
		}
		return &ast.BinaryExpr{
			X:     &ast.BinaryExpr{X: call("Equal", addr(x), addr(y), site, atLit), OpPos: pos, Op: token.EQL, Y: &ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: "1"}},
			OpPos: pos, Op: token.LOR,
			Y: &ast.BinaryExpr{X: &ast.UnaryExpr{OpPos: pos, Op: token.NOT, X: call("Cached", site)}, OpPos: pos, Op: token.LAND,
				Y: call("EqualTypes", append([]ast.Expr{addr(x), addr(y), site, atLit}, r.typeTable(pos, nil)...)...)}}
	}
	xi, okx := unparen(b.X).(*ast.Ident)
	yi, oky := unparen(b.Y).(*ast.Ident)
	if okx && oky && xi.Name != "_" && yi.Name != "_" {
		// Two variables: no function literal (yaegi makes a frame for
		// each call of one, about 6 µs): (false && x == y) || test
		check := &ast.BinaryExpr{X: b.X, OpPos: pos, Op: token.EQL, Y: b.Y}
		if r.typeChecks == nil {
			r.typeChecks = map[*ast.BinaryExpr]bool{}
		}
		r.typeChecks[check] = true
		b.X, b.Y = id("true"), &ast.ParenExpr{Lparen: pos, Rparen: pos, X: &ast.BinaryExpr{
			X:     &ast.ParenExpr{Lparen: pos, Rparen: pos, X: &ast.BinaryExpr{X: id("false"), OpPos: pos, Op: token.LAND, Y: check}},
			OpPos: pos, Op: token.LOR, Y: test(xi.Name, yi.Name)}}
		return
	}
	body := []ast.Stmt{
		&ast.AssignStmt{Lhs: []ast.Expr{id(xn), id(yn)}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{b.X, b.Y}},
		&ast.IfStmt{If: pos, Cond: id("false"), Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{
			&ast.ReturnStmt{Return: pos, Results: []ast.Expr{&ast.BinaryExpr{X: id(xn), OpPos: pos, Op: token.EQL, Y: id(yn)}}}}}},
		&ast.ReturnStmt{Return: pos, Results: []ast.Expr{test(xn, yn)}},
	}
	call := &ast.CallExpr{Fun: &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: id("bool")}}}},
		Body: &ast.BlockStmt{Lbrace: pos, List: body, Rbrace: pos},
	}, Lparen: pos, Rparen: pos}
	// b stays a binary expression (its parent holds it): true == call,
	// or true != call.
	b.X, b.Y = id("true"), call
}

// eqOperand is one side of a comparison as ifaceEqual sees it.
type eqOperand struct {
	iface bool          // its static type is an interface
	val   reflect.Value // the (dynamic) value; invalid for nil
	typ   string        // the session type yaegi's wrapper names, or ""
}

// eqOperandOf reads the operand behind p, a pointer to the interpreter's
// variable.
func eqOperandOf(p any) eqOperand {
	pv := reflect.ValueOf(p)
	if !pv.IsValid() || pv.Kind() != reflect.Pointer || pv.IsNil() {
		return eqOperand{val: pv}
	}
	v := pv.Elem()
	op := eqOperand{iface: v.Kind() == reflect.Interface || isYaegiValue(v.Type())}
	for range 8 {
		for v.IsValid() && v.Kind() == reflect.Interface {
			if v.IsNil() {
				v = reflect.Value{}
				break
			}
			v = v.Elem()
		}
		if !v.IsValid() || !isYaegiValue(v.Type()) {
			break
		}
		if isYaegiWrapper(v.Type()) {
			v = v.Field(0)
			continue
		}
		if !v.CanInterface() {
			break
		}
		inner, ts := ifaceUnwrap(v.Interface())
		if ts != "" {
			op.typ = ts
		}
		v = reflect.ValueOf(inner)
	}
	op.val = v
	return op
}

// ifaceEqual compares the interpreter's variables behind px and py as Go
// compares them (see ifaceeq.go); table is typeTable's.
func ifaceEqual(px, py any, p *lazyTypes) bool {
	x, y := eqOperandOf(px), eqOperandOf(py)
	if !x.val.IsValid() || !y.val.IsValid() {
		return !x.val.IsValid() && !y.val.IsValid()
	}
	rt := x.val.Type()
	if rt != y.val.Type() {
		return false
	}
	at := p.at
	if !rt.Comparable() {
		name := rt.String()
		if t := x.typ + y.typ; t != "" {
			name = strings.TrimPrefix(x.typ, "*")
			if name == "" {
				name = y.typ
			}
		} else if ns := p.get().byRT[rt]; len(ns) == 1 {
			name = "main." + ns[0].user
		}
		panic(fmt.Errorf("runtime error: comparing uncomparable type %s", name))
	}
	if !eqValues(p, x.val, y.val, 0) {
		return false
	}
	// Equal values of one run-time type: of one Go type?
	if !x.iface && !y.iface {
		return true // Go compiled it: one static type
	}
	// The session types of this run-time type that the interpreter may
	// hold bare in an interface: structs, and types with methods (one
	// without, like a plain value of its underlying type, compares as
	// the interpreter does; compare.go does the same).
	var ns, plain []*gsNamed
	for _, n := range p.get().byRT[rt] {
		if n.methods || rt.Kind() == reflect.Struct {
			ns = append(ns, n)
		} else {
			plain = append(plain, n) // held bare, as a plain value
		}
	}
	onlyStruct := len(ns) == 1 && rt.Kind() == reflect.Struct && rt.Name() == ""
	if onlyStruct && x.typ+y.typ == "" || onlyStruct && (x.typ == "" || y.typ == "") && sameTypeName(p, "main."+ns[0].name, x.typ+y.typ) {
		// A bare value that may be the struct or an unnamed struct of
		// its fields written in the session.
		if like := p.anon.lookalike(ns[0].name); like != "" {
			panic(fmt.Errorf("%s: comparing interface values that hold equal values whose type may be %s or %s is not "+
				"supported by the interpreter, which gives %s the run-time type of %s: compare the concrete values "+
				"(a, ok := x.(%s)), or give one of the types a field of its own: %w",
				at, ns[0].user, like, ns[0].user, like, ns[0].user, ErrUnsupported))
		}
	}
	switch {
	case x.typ != "" && y.typ != "":
		return sameTypeName(p, x.typ, y.typ)
	case x.typ != "" || y.typ != "":
		// One wrapper names its type; the other value is bare: of that
		// type where only that type has this run-time type.
		if onlyStruct && sameTypeName(p, "main."+ns[0].name, x.typ+y.typ) {
			return true
		}
	case onlyStruct || len(ns)+len(plain) == 0:
		return true // one type has this run-time type
	}
	var names []string
	for _, n := range append(ns, plain...) {
		names = append(names, n.user)
	}
	if rt.Kind() != reflect.Struct || rt.Name() != "" {
		names = append(names, rt.String())
	}
	panic(fmt.Errorf("%s: comparing interface values that hold equal values whose type may be %s is not supported by the "+
		"interpreter, which does not tell these types apart in an interface: compare the concrete values "+
		"(a, ok := x.(T)), or give the operands their types (var a T = …): %w", at, strings.Join(names, " or "), ErrUnsupported))
}

// sameTypeName reports whether the type strings of yaegi's wrappers a and
// b name one type (an interpreter name and the user's name count as one).
func sameTypeName(p *lazyTypes, a, b string) bool {
	if a == b {
		return true
	}
	norm := func(s string) string {
		star := ""
		for strings.HasPrefix(s, "*") {
			star, s = star+"*", s[1:]
		}
		if name, ok := strings.CutPrefix(s, "main."); ok {
			if n := p.get().byName[name]; n != nil {
				return star + "main." + n.name
			}
		}
		return star + s
	}
	return norm(a) == norm(b)
}

// packageMember reports whether e is a member of an imported package
// (io.EOF, math.Pi).
func (r *rewriter) packageMember(e ast.Expr) bool {
	sel, ok := unparen(e).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	return ok && pkg.Obj == nil && r.sc.isPackage(pkg.Name)
}

// eqValues compares two comparable values of one run-time type as Go
// does, looking through yaegi's wrappers of interface values inside
// structs and arrays (Holder{S: myint(3)} == Holder{S: myint(3)}: yaegi
// compared the wrappers' pointers).
func eqValues(p *lazyTypes, a, b reflect.Value, depth int) bool {
	if depth > 64 {
		return a.Equal(b)
	}
	if a.Type() != b.Type() {
		return false
	}
	switch {
	case a.Kind() == reflect.Interface || isYaegiValue(a.Type()):
		if !a.CanAddr() {
			pa, pb := reflect.New(a.Type()), reflect.New(b.Type())
			pa.Elem().Set(a)
			pb.Elem().Set(b)
			a, b = pa.Elem(), pb.Elem()
		}
		x, y := eqOperandOf(a.Addr().Interface()), eqOperandOf(b.Addr().Interface())
		if !x.val.IsValid() || !y.val.IsValid() {
			return !x.val.IsValid() && !y.val.IsValid()
		}
		if x.val.Type() != y.val.Type() || x.typ != "" && y.typ != "" && !sameTypeName(p, x.typ, y.typ) {
			return false
		}
		return eqValues(p, x.val, y.val, depth+1)
	case a.Kind() == reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			if !eqValues(p, a.Field(i), b.Field(i), depth+1) {
				return false
			}
		}
		return true
	case a.Kind() == reflect.Array:
		for i := 0; i < a.Len(); i++ {
			if !eqValues(p, a.Index(i), b.Index(i), depth+1) {
				return false
			}
		}
		return true
	}
	return a.Equal(b)
}

// holdsIface reports whether values of the type expression t (a session
// struct or array type) hold interface values in fields or elements,
// which yaegi compares by its wrappers' pointers.
func (r *rewriter) holdsIface(t ast.Expr, depth int) bool {
	if depth > 8 {
		return false
	}
	switch x := unparen(t).(type) {
	case *ast.Ident:
		if r.isInterfaceType(x) {
			return true
		}
		if nt := r.sessionTypes()[x.Name]; nt != nil {
			return r.holdsIface(nt.under, depth+1)
		}
	case *ast.SelectorExpr, *ast.InterfaceType:
		return r.isInterfaceType(x)
	case *ast.ArrayType:
		return x.Len != nil && r.holdsIface(x.Elt, depth+1)
	case *ast.StructType:
		for _, f := range x.Fields.List {
			if r.holdsIface(f.Type, depth+1) {
				return true
			}
		}
	}
	return false
}

// constInIface reports whether e converts a constant to an interface
// type: any(2), (interface{})(2), E[int](4).
func (r *rewriter) constInIface(e ast.Expr) bool {
	c, ok := unparen(e).(*ast.CallExpr)
	return ok && len(c.Args) == 1 && r.isConstExpr(c.Args[0]) && r.isInterfaceType(c.Fun)
}

// lazyTypes holds the session's types for one comparison: those cached
// for its site, or none yet (get panics with errNeedTypes).
type lazyTypes struct {
	at   string
	p    *gsPrinter
	anon *anonStructs
}

// errNeedTypes is get's panic when the comparison needs the table.
var errNeedTypes = errors.New("the session's types are needed")

func (l *lazyTypes) get() *gsPrinter {
	if l.p == nil {
		panic(errNeedTypes)
	}
	return l.p
}

// eqSites numbers the comparisons the rewriter makes (compareUnknown),
// for the helpers' cache of each site's types.
var eqSites atomic.Int64

// eqCache holds, per session, the types of the comparison sites that
// needed them: building the table in interpreted code on every
// comparison made one cost 10–20 µs, against about 2 µs without.
type eqCache struct {
	mu    sync.Mutex
	sites map[int64]*gsPrinter
	anon  *anonStructs // the session's unnamed struct types
}

// equal compares as ifaceEqual with the site's cached types: 1 equal, 0
// unequal, 2 when it needs the types and none are cached.
func (c *eqCache) equal(px, py any, site int64, at string) (res int) {
	c.mu.Lock()
	p := c.sites[site]
	c.mu.Unlock()
	defer func() {
		if e := recover(); e != nil {
			if e != errNeedTypes {
				panic(e)
			}
			res = 2
		}
	}()
	if ifaceEqual(px, py, &lazyTypes{at: at, p: p, anon: c.anon}) {
		return 1
	}
	return 0
}

// cached reports whether the site's types are cached.
func (c *eqCache) cached(site int64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sites[site] != nil
}

// equalTypes caches the site's types (typeTable's table) and compares.
func (c *eqCache) equalTypes(px, py any, site int64, at string, table ...any) bool {
	p := newGSPrinter(at, false, table)
	c.mu.Lock()
	if c.sites == nil {
		c.sites = map[int64]*gsPrinter{}
	}
	c.sites[site] = p
	c.mu.Unlock()
	return ifaceEqual(px, py, &lazyTypes{at: at, p: p, anon: c.anon})
}

// Unnamed structs that look like the session's structs.
//
// yaegi gives `type A struct{ X int }` the run-time type of `struct{ X int }`:
// where its values sit in interfaces without yaegi's record of the type, an
// A and an unnamed struct of the same fields are the same value to the
// helpers above and to %#v (gosyntax.go). Such values can only arise where an
// unnamed struct type of the same run-time type is written in the session:
// each cell's unnamed struct types are noted (noteUnnamedStructs), and a
// session struct whose fields, with the session's types spelled out, are
// those of one of them is marked; a comparison or %#v that would take a value
// for that struct refuses instead, naming both types.

// anonStructs is a session's record of unnamed struct types (see above).
type anonStructs struct {
	mu sync.Mutex
	// seen maps an unnamed struct type of the cells, with the session's
	// types spelled out (anonKey), to the type as written.
	seen map[string]string
	// like maps the interpreter's name of a session struct type to an
	// unnamed struct type of the cells with the same run-time type.
	like map[string]string
}

// lookalike returns the unnamed struct type of the cells that has the
// run-time type of the session type named name (the interpreter's name),
// or "".
func (a *anonStructs) lookalike(name string) string {
	if a == nil {
		return ""
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.like[name]
}

// anonRegistry returns the session's record of unnamed struct types.
func (sc sessionScope) anonRegistry() *anonStructs { return &sc.st.anon }

// noteUnnamedStructs records the unnamed struct types of a cell's group f
// (a file of declarations or statements) and marks the session's struct
// types (with those f declares) that look like one noted in any cell. A
// struct type declared with a name, also inside a function, is not
// counted.
func (r *rewriter) noteUnnamedStructs(f ast.Node) {
	k, ok := r.sc.(interface{ anonRegistry() *anonStructs })
	if !ok {
		return
	}
	a := k.anonRegistry()
	named := map[*ast.StructType]bool{} // declared types' own struct types
	ast.Inspect(f, func(n ast.Node) bool {
		if ts, ok := n.(*ast.TypeSpec); ok {
			if st, ok := unparen(ts.Type).(*ast.StructType); ok {
				named[st] = true
			}
		}
		return true
	})
	if file, ok := f.(*ast.File); ok {
		r.noteCellTypes(file) // the group's own types count (again below: the same)
	}
	all := r.sessionTypes()
	var found map[string]string
	ast.Inspect(f, func(n ast.Node) bool {
		if st, ok := n.(*ast.StructType); ok && !named[st] {
			if found == nil {
				found = map[string]string{}
			}
			found[r.anonKey(st, all, 0)] = types.ExprString(st)
		}
		return true
	})
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(found) > 0 && a.seen == nil {
		a.seen = map[string]string{}
	}
	for key, s := range found {
		a.seen[key] = s
	}
	if len(a.seen) == 0 {
		return
	}
	for name, t := range all {
		if _, ok := unparen(t.under).(*ast.StructType); !ok {
			continue
		}
		if s, ok := a.seen[r.anonKey(t.under, all, 0)]; ok {
			if a.like == nil {
				a.like = map[string]string{}
			}
			a.like[name] = s
		}
	}
}

// anonKey spells the type expression t with the session's non-interface
// types replaced by their underlying types, as yaegi's run-time types are:
// two types with one key have one run-time type.
func (r *rewriter) anonKey(t ast.Expr, all map[string]*namedType, depth int) string {
	if depth > 16 {
		return types.ExprString(t)
	}
	switch x := unparen(t).(type) {
	case *ast.Ident:
		switch x.Name {
		case "byte":
			return "uint8"
		case "rune":
			return "int32"
		}
		if n := all[x.Name]; n != nil && x.Obj == nil || n != nil && x.Obj != nil && x.Obj.Kind == ast.Typ {
			return r.anonKey(n.under, all, depth+1)
		}
		return x.Name
	case *ast.StarExpr:
		return "*" + r.anonKey(x.X, all, depth+1)
	case *ast.ArrayType:
		n := ""
		if x.Len != nil {
			n = types.ExprString(x.Len)
		}
		return "[" + n + "]" + r.anonKey(x.Elt, all, depth+1)
	case *ast.MapType:
		return "map[" + r.anonKey(x.Key, all, depth+1) + "]" + r.anonKey(x.Value, all, depth+1)
	case *ast.StructType:
		var b strings.Builder
		b.WriteString("struct{")
		for _, f := range x.Fields.List {
			ft := r.anonKey(f.Type, all, depth+1)
			tag := ""
			if f.Tag != nil {
				tag = " " + f.Tag.Value
			}
			if len(f.Names) == 0 {
				name := types.ExprString(f.Type)
				name = name[strings.LastIndexAny(name, ".*")+1:]
				b.WriteString("embedded " + name + " " + ft + tag + "; ")
				continue
			}
			for _, n := range f.Names {
				b.WriteString(n.Name + " " + ft + tag + "; ")
			}
		}
		b.WriteString("}")
		return b.String()
	}
	return types.ExprString(t)
}

// unnamedLookalikes returns, for compareIfaces (compare.go), the unnamed
// struct type of the cells so far that values of the session type t look
// like in an interface whose methods are iface, as a list of at most one;
// none when iface has methods, which an unnamed struct does not have.
func (r *rewriter) unnamedLookalikes(t *namedType, iface []string) []string {
	k, ok := r.sc.(interface{ anonRegistry() *anonStructs })
	if !ok || len(iface) > 0 {
		return nil
	}
	if like := k.anonRegistry().lookalike(t.name); like != "" {
		return []string{like}
	}
	return nil
}
