package gosession

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Session types in interfaces: what the interpreter cannot tell apart.
//
// yaegi v0.16.1 builds the run-time type of a type declared in the session
// from its underlying type alone: `type A struct{ X int }` and `type B
// struct{ X int }` are both `struct { X int }` to reflect, and `type
// Celsius float64` is float64. A type assertion or a type switch case
// compares those run-time types, so once a value is in an interface
// `any(B{1}).(A)` succeeds, and in a switch with `case Celsius:` and
// `case float64:` whichever comes first takes both kinds of value. No
// rewrite can restore the lost type: the session refuses, with an error
// that names the construct, its line and the workaround,
//
//   - a type assertion to a session type T (or *T), or a type switch case
//     naming it, when another type declared in the session or the cell has
//     the same underlying type (among the types that implement the
//     asserted value's interface when the syntax shows a non-empty one);
//   - a type switch with a case for a session type and a case for its
//     underlying type (`case Celsius:` and `case float64:`).
//
// An assertion to a type whose underlying type no other declared type
// shares is left alone: it is right for every value but an unnamed one of
// the same underlying type (a plain float64 asserted to Celsius), which
// README lists. Struct types with fields declared at the top level of a
// cell get a tag of their own on their first field (structmark.go), which
// gives them run-time types of their own: shape counts it, so A and B
// above are no longer look-alikes.
//
// The type knowledge here (the concrete types declared in the session and
// in the cell, their underlying types and methods) also serves %T
// (fmttype.go) and comparisons of two interface values (compare.go).
// Written for this package.

// namedType is a concrete type declared in the session or the cell.
type namedType struct {
	name       string          // the interpreter's name (P_v2 after a redefinition)
	user       string          // the user's name
	under      ast.Expr        // the declared type expression
	methods    map[string]bool // methods with a value receiver
	ptrMethods map[string]bool // methods with a pointer receiver
	// notText holds the methods named Error, String or GoString whose
	// signature is not func() string (a *csv.Writer's Error() error,
	// promoted: embedforward.go), which fmt does not call.
	notText map[string]bool
}

// hasMethods reports whether the type or its pointer has methods.
func (t *namedType) hasMethods() bool { return len(t.methods)+len(t.ptrMethods) > 0 }

// implements reports whether T (ptr false) or *T (ptr true) has every
// method in want.
func (t *namedType) implements(want []string, ptr bool) bool {
	for _, m := range want {
		if !t.methods[m] && !(ptr && t.ptrMethods[m]) {
			return false
		}
	}
	return true
}

// fmtMethod returns the method fmt calls to print T (ptr false) or *T:
// "Error" before "String", as fmt tries them, or "" for neither.
func (t *namedType) fmtMethod(ptr bool) string {
	for _, m := range []string{"Error", "String"} {
		if t.implements([]string{m}, ptr) && !t.notText[m] {
			return m
		}
	}
	return ""
}

// sessionTypes returns the concrete, non-generic types declared in the
// session and in the cell being rewritten, by interpreter name.
func (r *rewriter) sessionTypes() map[string]*namedType {
	if r.named != nil {
		return r.named
	}
	r.named = map[string]*namedType{}
	if k, ok := r.sc.(interface{ namedTypes() []*namedType }); ok {
		for _, t := range k.namedTypes() {
			r.named[t.name] = t
		}
	}
	r.promoteMethods(r.named) // see promoted.go
	return r.named
}

// sessionTypeNames returns the interpreter names of sessionTypes, sorted,
// so that the code made from them is the same on every run.
func (r *rewriter) sessionTypeNames() []string {
	return slices.Sorted(maps.Keys(r.sessionTypes()))
}

// renamedTypeArgs returns, for each session type whose interpreter name
// is not the one the user wrote, two string literals at pos: the
// interpreter's name and the user's.
func (r *rewriter) renamedTypeArgs(pos token.Pos) []ast.Expr {
	all := r.sessionTypes()
	var args []ast.Expr
	for _, n := range r.sessionTypeNames() {
		if nt := all[n]; nt.name != nt.user {
			args = append(args, &ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(nt.name)},
				&ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(nt.user)})
		}
	}
	return args
}

// noteCellTypes adds the types and methods a group of declarations
// declares to sessionTypes.
func (r *rewriter) noteCellTypes(f *ast.File) {
	r.noteCellGenerics(f) // see genericinst.go
	all := r.sessionTypes()
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			continue
		}
		for _, sp := range gd.Specs {
			ts := sp.(*ast.TypeSpec)
			if ts.TypeParams != nil || ts.Assign.IsValid() {
				continue
			}
			if _, isIface := ts.Type.(*ast.InterfaceType); isIface {
				continue
			}
			all[ts.Name.Name] = &namedType{name: ts.Name.Name, user: r.userTypeName(ts.Name.Name), under: ts.Type,
				methods: map[string]bool{}, ptrMethods: map[string]bool{}}
		}
	}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 {
			continue
		}
		addMethod(all, fd.Recv.List[0].Type, fd.Name.Name, fd.Type)
	}
	r.promoteMethods(all) // see promoted.go
}

// addMethod records method m, of type ft, of the receiver type expression
// recv.
func addMethod(all map[string]*namedType, recv ast.Expr, m string, ft ast.Expr) {
	ptr := false
	if s, ok := recv.(*ast.StarExpr); ok {
		ptr, recv = true, s.X
	}
	id, ok := recv.(*ast.Ident)
	if !ok {
		return // a generic type's method
	}
	t := all[id.Name]
	if t == nil {
		return
	}
	if ptr {
		t.ptrMethods[m] = true
	} else {
		t.methods[m] = true
	}
	if (m == "Error" || m == "String" || m == "GoString") && !textSig(ft) {
		if t.notText == nil {
			t.notText = map[string]bool{}
		}
		t.notText[m] = true
	}
}

// textSig reports whether ft is a func type without parameters whose one
// result is a string, as fmt calls Error, String and GoString; true where
// ft is unknown.
func textSig(ft ast.Expr) bool {
	f, ok := ft.(*ast.FuncType)
	if !ok {
		return true
	}
	if f.Params != nil && f.Params.NumFields() > 0 || f.Results == nil || f.Results.NumFields() != 1 {
		return false
	}
	id, ok := f.Results.List[0].Type.(*ast.Ident)
	return ok && id.Name == "string"
}

// namedTypes lists the concrete, non-generic types the session declared,
// with their methods.
func (sc sessionScope) namedTypes() []*namedType {
	sc.s.mu.Lock()
	defer sc.s.mu.Unlock()
	all := map[string]*namedType{}
	for user, d := range sc.st.decls {
		if d.Kind != "type" || d.Type == nil || strings.HasPrefix(user, "_activis") ||
			strings.HasPrefix(d.Sig, "type "+user+"[") || strings.HasPrefix(d.Sig, "type "+user+" =") {
			continue
		}
		if _, isIface := d.Type.(*ast.InterfaceType); isIface {
			continue
		}
		name := user
		if i, ok := sc.st.typeNames[user]; ok {
			name = i
		}
		all[name] = &namedType{name: name, user: user, under: d.Type, methods: map[string]bool{}, ptrMethods: map[string]bool{}}
	}
	for recv, ms := range sc.st.methods {
		for m, d := range ms {
			if _, ptr := pointerReceiver(d.Sig); ptr {
				addMethod(all, &ast.StarExpr{X: ast.NewIdent(recv)}, m, d.Type)
			} else {
				addMethod(all, ast.NewIdent(recv), m, d.Type)
			}
		}
	}
	out := make([]*namedType, 0, len(all))
	for _, t := range all {
		out = append(out, t)
	}
	return out
}

// shape returns the run-time type the interpreter gives the declared type
// t, written out: its underlying type with the names of declared types
// resolved (byte and rune as uint8 and int32), and whether that is a
// struct type.
func (r *rewriter) shape(t *namedType) (string, bool) {
	under := t.under
	for i := 0; i < 16; i++ {
		id, ok := unparen(under).(*ast.Ident)
		if !ok {
			break
		}
		next := r.sessionTypes()[id.Name]
		if next == nil {
			break
		}
		under = next.under
	}
	under = unparen(under)
	st, isStruct := under.(*ast.StructType)
	s := types.ExprString(under)
	if isStruct {
		if m := structMark(st); m != "" {
			s += " " + typeTagKey + ":" + m // a run-time type of its own (structmark.go)
		}
	}
	if id, ok := under.(*ast.Ident); ok {
		switch id.Name {
		case "byte":
			s = "uint8"
		case "rune":
			s = "int32"
		}
	}
	return s, isStruct
}

// assertedType returns the session type a type assertion or case names
// (T or *T), or nil.
func (r *rewriter) assertedType(e ast.Expr) (t *namedType, ptr bool) {
	e = unparen(e)
	if s, ok := e.(*ast.StarExpr); ok {
		ptr, e = true, unparen(s.X)
	}
	id, ok := e.(*ast.Ident)
	if !ok {
		return nil, false
	}
	if id.Obj != nil && id.Obj.Kind != ast.Typ {
		return nil, false
	}
	if id.Obj != nil {
		// a type of the cell: local ones too
		ts, ok := id.Obj.Decl.(*ast.TypeSpec)
		if !ok || ts.TypeParams != nil || ts.Assign.IsValid() {
			return nil, false
		}
		if _, isIface := ts.Type.(*ast.InterfaceType); isIface {
			return nil, false
		}
		if t := r.sessionTypes()[id.Name]; t != nil && t.under == ts.Type {
			return t, ptr
		}
		// a type declared inside a function: no methods
		return &namedType{name: id.Name, user: id.Name, under: ts.Type, methods: map[string]bool{}, ptrMethods: map[string]bool{}}, ptr
	}
	return r.sessionTypes()[id.Name], ptr
}

// ifaceMethods returns the method names of the interface type of the value
// asserted, when the syntax shows it is an interface (none for any), and
// whether it does.
func (r *rewriter) ifaceMethods(x ast.Expr) (methods []string, known bool) {
	t := r.valueType(x)
	if t == nil {
		return nil, false
	}
	return r.interfaceMethods(t, 0)
}

// packageType returns the type pkg.name of a compiled package the session
// imported, or nil.
func (sc sessionScope) packageType(pkg, name string) reflect.Type {
	sc.s.mu.Lock()
	path := sc.st.imports[pkg]
	sc.s.mu.Unlock()
	if path == "" {
		return nil
	}
	v, ok := packages().syms[path][name]
	if !ok || !v.IsValid() || v.Kind() != reflect.Pointer || !v.IsNil() {
		return nil
	}
	return v.Type().Elem()
}

// lookalikes returns the user names of the other declared types whose
// values the interpreter cannot tell from t's (or *t's) in an interface
// whose methods are iface (nil for any or unknown). For *t, only types
// with pointer methods count: their pointers are what reaches interfaces.
func (r *rewriter) lookalikes(t *namedType, ptr bool, iface []string) []string {
	s, _ := r.shape(t)
	var out []string
	for _, u := range r.sessionTypes() {
		if u.name == t.name || u.user == t.user {
			continue
		}
		if us, _ := r.shape(u); us != s || !u.implements(iface, ptr) {
			continue
		}
		if ptr && len(u.ptrMethods) == 0 {
			continue // a *U is rarely made of a type without pointer methods
		}
		out = append(out, u.user)
	}
	sort.Strings(out)
	return out
}

// guardAssert refuses a type assertion x.(T) to a session type the
// interpreter cannot tell from another declared type.
func (r *rewriter) guardAssert(ta *ast.TypeAssertExpr) {
	if ta.Type == nil {
		return
	}
	if id, ok := unparen(ta.X).(*ast.Ident); ok && strings.HasPrefix(id.Name, "_activis") {
		return // made by the rewriter (compare.go)
	}
	defer r.originAssert(ta.X, ta.Type, "the type assertion "+types.ExprString(userExpr(r, ta))) // see ifaceorigin.go
	t, ptr := r.assertedType(ta.Type)
	if t == nil {
		return
	}
	iface, _ := r.ifaceMethods(ta.X)
	if others := r.lookalikes(t, ptr, iface); len(others) > 0 {
		r.fail(ta.Lparen, "the type assertion %s cannot tell %s from %s: %s",
			types.ExprString(userExpr(r, ta)), t.user, strings.Join(others, ", "), r.sameShape(t, others))
		return
	}
}

// compiledIface returns the name of the interface type of e when the
// syntax shows it is a compiled one (error, fmt.Stringer, io.Reader), or "".
func (r *rewriter) compiledIface(e ast.Expr) string {
	switch t := unparen(r.valueType(e)).(type) {
	case *ast.Ident:
		if t.Name == "error" && t.Obj == nil && r.sc.globalType("error") == nil {
			return "error"
		}
	case *ast.SelectorExpr:
		if pkg, ok := t.X.(*ast.Ident); ok && pkg.Obj == nil && r.isInterfaceType(t) {
			return pkg.Name + "." + t.Sel.Name
		}
	}
	return ""
}

// guardSwitch refuses a type switch the interpreter would get wrong: a
// case naming a session type that another declared type looks like, or
// cases for a session type and for its underlying type.
func (r *rewriter) guardSwitch(ts *ast.TypeSwitchStmt) {
	var x ast.Expr
	switch a := ts.Assign.(type) {
	case *ast.AssignStmt:
		if len(a.Rhs) == 1 {
			if ta, ok := unparen(a.Rhs[0]).(*ast.TypeAssertExpr); ok {
				x = ta.X
			}
		}
	case *ast.ExprStmt:
		if ta, ok := unparen(a.X).(*ast.TypeAssertExpr); ok {
			x = ta.X
		}
	}
	if x == nil {
		return
	}
	defer func() {
		for _, st := range ts.Body.List {
			if cc, ok := st.(*ast.CaseClause); ok {
				for _, e := range cc.List {
					r.originAssert(x, e, "the type switch on "+types.ExprString(userExpr(r, x))+" with case "+types.ExprString(userExpr(r, e))) // see ifaceorigin.go
				}
			}
		}
	}()
	iface, _ := r.ifaceMethods(x)
	plain := map[string]ast.Expr{} // cases of unnamed types, by written type
	for _, st := range ts.Body.List {
		if cc, ok := st.(*ast.CaseClause); ok {
			for _, e := range cc.List {
				if t, _ := r.assertedType(e); t == nil && !r.isInterfaceType(e) {
					s := types.ExprString(e)
					switch s {
					case "byte":
						s = "uint8"
					case "rune":
						s = "int32"
					}
					plain[s] = e
				}
			}
		}
	}
	for _, st := range ts.Body.List {
		cc, ok := st.(*ast.CaseClause)
		if !ok {
			continue
		}
		for _, e := range cc.List {
			t, ptr := r.assertedType(e)
			if t == nil {
				continue
			}
			if others := r.lookalikes(t, ptr, iface); len(others) > 0 {
				r.fail(e.Pos(), "the type switch case %s cannot tell %s from %s: %s",
					types.ExprString(e), t.user, strings.Join(others, ", "), r.sameShape(t, others))
				return
			}
			s, _ := r.shape(t)
			if ptr {
				s = "*" + s
			}
			if p, ok := plain[s]; ok {
				r.fail(e.Pos(), "the type switch has both case %s and case %s: the interpreter gives %s the run-time type %s, "+
					"so one case takes the values of both; keep the two kinds apart another way (declare %s as a struct, "+
					"type %s struct{ V %s }, or test for one kind before the switch)",
					types.ExprString(e), types.ExprString(p), t.user, s, t.user, t.user, types.ExprString(p))
				return
			}
		}
	}
}

// sameShape explains a refusal and its workaround.
func (r *rewriter) sameShape(t *namedType, others []string) string {
	s, _ := r.shape(t)
	return "the interpreter gives them the same run-time type " + s + ", so an interface holding one matches the other; " +
		"give the types different fields (or a struct field of their own), or keep the kind in a field and test that"
}

// userExpr returns e with the session's type version names replaced by
// the user's, for messages.
func userExpr(r *rewriter, e ast.Expr) ast.Expr {
	s := types.ExprString(e)
	if out, err := parser.ParseExpr(userTypeParams(s)); err == nil {
		ast.Inspect(out, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				id.Name = r.userTypeName(id.Name)
			}
			return true
		})
		return out
	}
	return e
}

// valueType returns the type of e as typeOf does, and also of an element
// (`shapes[0]` for a slice or map whose type the syntax shows) and of a
// range variable (`for _, s := range shapes`).
func (r *rewriter) valueType(e ast.Expr) ast.Expr {
	if t := r.typeOf(e); t != nil {
		return t
	}
	switch x := unparen(e).(type) {
	case *ast.IndexExpr:
		switch ct := unparen(r.valueType(x.X)).(type) {
		case *ast.ArrayType:
			return ct.Elt
		case *ast.MapType:
			return ct.Value
		}
	case *ast.Ident:
		if x.Obj == nil || x.Obj.Kind != ast.Var {
			return nil
		}
		as, ok := x.Obj.Decl.(*ast.AssignStmt)
		if !ok || len(as.Rhs) != 1 || len(as.Lhs) > 2 {
			return nil
		}
		rng, ok := as.Rhs[0].(*ast.UnaryExpr)
		if !ok || rng.Op != token.RANGE {
			return nil
		}
		key := true
		if len(as.Lhs) == 2 {
			if id, ok := as.Lhs[1].(*ast.Ident); ok && id.Name == x.Name {
				key = false
			}
		}
		switch ct := unparen(r.valueType(rng.X)).(type) {
		case *ast.ArrayType:
			if !key {
				return ct.Elt
			}
		case *ast.MapType:
			if key {
				return ct.Key
			}
			return ct.Value
		}
	}
	return nil
}

// pointerReceiver reads a method's recorded signature (`func (s *Stack[T])
// Push(v T)`): ok when it parses as a method, ptr when its receiver is a
// pointer.
func pointerReceiver(sig string) (ok, ptr bool) {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+sig, 0)
	if err != nil || len(f.Decls) != 1 {
		return false, false
	}
	fd, isFunc := f.Decls[0].(*ast.FuncDecl)
	if !isFunc || fd.Recv == nil || len(fd.Recv.List) != 1 {
		return false, false
	}
	_, ptr = fd.Recv.List[0].Type.(*ast.StarExpr)
	return true, ptr
}
