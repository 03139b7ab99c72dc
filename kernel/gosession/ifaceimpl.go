package gosession

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strconv"
	"strings"
)

// Compiled values asserted to interfaces declared in the session.
//
// yaegi v0.16.1 asserts a value to an interface type declared in the
// session (`type I interface{ String() string }`, also an interface
// literal) by looking for its own wrapper of an interpreted value, so a
// value of a compiled type is never one: `any(time.Second).(I)` was false
// and a type switch took no `case I:` for it (Go: it has String, so both
// match). The session's type tests (typeTest in typeswitch.go, which
// standalone assertions share) add a check of the compiled value's method
// set by reflection, with each method's signature as the syntax shows it:
//
//	ok || _activisiface.Implements(_x, "String", "func() string")
//
// Binding such a value to a variable of the session interface (`s, ok :=
// x.(I)`, `switch v := x.(type) { case I: … }`, `x.(I).String()`) is not
// possible from outside the interpreter, which holds values of a session
// interface as its own wrapper: the binding runs
//
//	func() I {
//		if v, ok := _x.(I); ok { return v }
//		_activisiface.RefuseCompiled(_x, "I", "In[3] line 4", "String", "func() string")
//		return _x.(I)
//	}()
//
// which panics with an error that names the assertion, its line and the
// workaround (assert to the concrete type or to a compiled interface)
// where Go's assertion succeeds, rather than answer as yaegi did. Written
// for this package.

// sessionIfaceSigs returns the methods of e, as pairs of name and
// signature ("" where the syntax does not give one that reflect would
// print the same way), when e is a non-generic interface type declared in
// the session or the cell, or an interface literal, with methods; ok is
// false otherwise (compiled interfaces such as fmt.Stringer, which yaegi
// asserts right, empty ones, constraints).
func (r *rewriter) sessionIfaceSigs(e ast.Expr) (sigs []string, ok bool) {
	var it *ast.InterfaceType
	switch x := unparen(e).(type) {
	case *ast.InterfaceType:
		it = x
	case *ast.Ident:
		if x.Obj != nil {
			ts, isSpec := x.Obj.Decl.(*ast.TypeSpec)
			if !isSpec || ts.TypeParams != nil {
				return nil, false
			}
			it, _ = ts.Type.(*ast.InterfaceType)
		} else if x.Name != "any" && x.Name != "error" && r.isInterfaceType(x) {
			it, _ = r.sc.globalType(x.Name).(*ast.InterfaceType)
		}
	}
	if it == nil {
		return nil, false
	}
	sigs, ok = r.ifaceSigs(it, 0)
	return sigs, ok && len(sigs) > 0
}

// ifaceSigs collects the methods of an interface type expression for
// sessionIfaceSigs, with those of embedded interfaces, as pairs of name
// and signature.
func (r *rewriter) ifaceSigs(t ast.Expr, depth int) (sigs []string, ok bool) {
	return r.ifaceMethodList(t, depth, true)
}

// interfaceMethods returns the method names of the interface type t, with
// those of embedded interfaces.
func (r *rewriter) interfaceMethods(t ast.Expr, depth int) (methods []string, known bool) {
	return r.ifaceMethodList(t, depth, false)
}

// ifaceMethodList collects the methods of the interface type t, with
// those of embedded interfaces: with sigs, pairs of name and signature
// (as reflect prints it, "" where the syntax cannot tell); without, the
// names. ok is false when t is not an interface the syntax shows whole.
// One difference besides the signatures: with sigs, a type name declared
// in the cell or a function is followed whatever its declaration names
// (`type R io.Reader`); without, only an interface literal is, as
// interfaceMethods did before the two were one function: its callers
// (assertiface.go, compare.go, ifaceguard.go) take such a name as unknown
// and leave the assertion or comparison alone.
func (r *rewriter) ifaceMethodList(t ast.Expr, depth int, sigs bool) (list []string, ok bool) {
	if depth > 8 {
		return nil, false
	}
	switch x := unparen(t).(type) {
	case *ast.InterfaceType:
		for _, f := range x.Methods.List {
			if len(f.Names) == 0 {
				ms, ok := r.ifaceMethodList(f.Type, depth+1, sigs)
				if !ok {
					return nil, false
				}
				list = append(list, ms...)
				continue
			}
			ft, isFunc := f.Type.(*ast.FuncType)
			if !isFunc {
				return nil, false
			}
			for _, n := range f.Names {
				list = append(list, n.Name)
				if sigs {
					list = append(list, r.funcSig(ft))
				}
			}
		}
		return list, true
	case *ast.Ident:
		if x.Obj != nil {
			if ts, isSpec := x.Obj.Decl.(*ast.TypeSpec); isSpec && ts.TypeParams == nil {
				if _, isIface := ts.Type.(*ast.InterfaceType); isIface || sigs {
					return r.ifaceMethodList(ts.Type, depth+1, sigs)
				}
			}
			return nil, false
		}
		switch {
		case x.Name == "any" && r.sc.globalType("any") == nil:
			return nil, true
		case x.Name == "error" && r.sc.globalType("error") == nil:
			if sigs {
				return []string{"Error", "func() string"}, true
			}
			return []string{"Error"}, true
		case r.isInterfaceType(x):
			if it, isIface := r.sc.globalType(x.Name).(*ast.InterfaceType); isIface {
				return r.ifaceMethodList(it, depth+1, sigs)
			}
		}
	case *ast.SelectorExpr:
		pkg, isID := x.X.(*ast.Ident)
		if !isID || pkg.Obj != nil {
			return nil, false
		}
		k, isScope := r.sc.(interface {
			packageType(pkg, name string) reflect.Type
		})
		if !isScope {
			return nil, false
		}
		if rt := k.packageType(pkg.Name, x.Sel.Name); rt != nil && rt.Kind() == reflect.Interface {
			for i := 0; i < rt.NumMethod(); i++ {
				m := rt.Method(i)
				list = append(list, m.Name)
				if sigs {
					list = append(list, m.Type.String())
				}
			}
			return list, true
		}
	}
	return nil, false
}

// funcSig prints a method's type as reflect prints a func type
// ("func(int, ...string) (int, error)"), or "" when a type in it cannot be
// printed that way.
func (r *rewriter) funcSig(ft *ast.FuncType) string {
	list := func(fl *ast.FieldList) ([]string, bool) {
		if fl == nil {
			return nil, true
		}
		var out []string
		for _, f := range fl.List {
			s := r.reflectTypeString(f.Type)
			if s == "" {
				return nil, false
			}
			n := len(f.Names)
			if n == 0 {
				n = 1
			}
			for range n {
				out = append(out, s)
			}
		}
		return out, true
	}
	in, ok1 := list(ft.Params)
	out, ok2 := list(ft.Results)
	if !ok1 || !ok2 {
		return ""
	}
	return joinSig(in, out)
}

// joinSig formats a func type from its parameter and result types.
func joinSig(in, out []string) string {
	s := "func(" + strings.Join(in, ", ") + ")"
	switch len(out) {
	case 0:
	case 1:
		s += " " + out[0]
	default:
		s += " (" + strings.Join(out, ", ") + ")"
	}
	return s
}

// reflectTypeString prints a type expression as reflect.Type.String does
// in a method's signature, or "" (an interface with methods, an array
// length that is not a literal, a type parameter).
func (r *rewriter) reflectTypeString(t ast.Expr) string {
	return r.typeString(t, true, new(bool))
}

// typeString prints the type expression t as reflect.Type.String does,
// or "" when it cannot (an array length that is not a literal, a type
// parameter or one of the session's own _activis names). Its two users
// differ in which types may be printed, and sig says which one asks:
//   - sig (reflectTypeString, a type in a method's signature, which
//     reflect prints as declared): every name of the session or the cell
//     is main.Name, interfaces too, and func, chan, variadic and empty
//     interface types print; any and error print unless redeclared.
//   - !sig (goTypeName, how %T prints a value's static type): the type
//     must be what the value holds at run time, so a name prints only
//     when it is a concrete type (an interface's value prints as its
//     dynamic type) and *declared is set when it is the session's; a
//     selector only when it names an imported package; generic instances
//     print; interface, func, chan and variadic types do not, as
//     goTypeName did before the two were one function.
func (r *rewriter) typeString(t ast.Expr, sig bool, declared *bool) string {
	switch x := t.(type) {
	case *ast.ParenExpr:
		return r.typeString(x.X, sig, declared)
	case *ast.Ident:
		if u := r.userTypeName(x.Name); u != x.Name && !sig && r.isConcreteType(&ast.Ident{NamePos: x.NamePos, Name: u}) {
			*declared = true // a version name (renameTypes): S_v2 for S, byte_v1 for byte
			return "main." + u
		}
		if x.Obj == nil && r.sc.globalType(x.Name) == nil {
			switch x.Name {
			case "byte":
				return "uint8"
			case "rune":
				return "int32"
			case "bool", "string", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32",
				"uint64", "uintptr", "float32", "float64", "complex64", "complex128":
				return x.Name
			case "any":
				if sig {
					return "interface {}"
				}
			case "error":
				if sig {
					return x.Name
				}
			}
		}
		if strings.HasPrefix(x.Name, "_activis") {
			return "" // a type parameter, or the session's own
		}
		if sig {
			return "main." + r.userTypeName(x.Name) // no compiled method names it
		}
		if r.isConcreteType(x) || x.Name != "any" && x.Name != "error" && x.Name != "comparable" && r.isInterfaceType(x) {
			// A session interface only inside another type ([]Shape):
			// typeNameOf leaves %T of an interface to its dynamic type.
			*declared = true
			return "main." + r.userTypeName(x.Name)
		}
	case *ast.SelectorExpr:
		// A package's type: for %T an interface cannot be told from
		// here, so goTypeName's callers print it only inside another
		// type (a pointer, slice, … of it).
		if pkg, ok := x.X.(*ast.Ident); ok && (sig || r.sc.isPackage(pkg.Name)) {
			return pkg.Name + "." + x.Sel.Name
		}
	case *ast.StarExpr:
		if s := r.typeString(x.X, sig, declared); s != "" {
			return "*" + s
		}
	case *ast.ArrayType:
		elem := r.typeString(x.Elt, sig, declared)
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
		k, v := r.typeString(x.Key, sig, declared), r.typeString(x.Value, sig, declared)
		if k != "" && v != "" {
			return "map[" + k + "]" + v
		}
	case *ast.StructType:
		if !sig {
			return r.structTypeString(x, declared)
		}
	case *ast.IndexExpr:
		if !sig {
			return r.genericName(x.X, []ast.Expr{x.Index}, declared)
		}
	case *ast.IndexListExpr:
		if !sig {
			return r.genericName(x.X, x.Indices, declared)
		}
	}
	if !sig {
		return ""
	}
	switch x := t.(type) {
	case *ast.Ellipsis:
		if s := r.typeString(x.Elt, sig, declared); s != "" {
			return "..." + s
		}
	case *ast.ChanType:
		if s := r.typeString(x.Value, sig, declared); s != "" {
			switch x.Dir {
			case ast.SEND:
				return "chan<- " + s
			case ast.RECV:
				return "<-chan " + s
			}
			return "chan " + s
		}
	case *ast.FuncType:
		return r.funcSig(x)
	case *ast.InterfaceType:
		if len(x.Methods.List) == 0 {
			return "interface {}"
		}
	}
	return ""
}

// compiledImplTest returns `ok || _activisiface.Implements(x, sigs...)`
// for a type test of the value named by id against e (see above), or ok
// itself when e is not an interface declared in the session.
func (r *rewriter) compiledImplTest(ok ast.Expr, id func(token.Pos) *ast.Ident, e ast.Expr) ast.Expr {
	sigs, isSession := r.sessionIfaceSigs(e)
	if !isSession {
		return ok
	}
	rt := r.ifaceRuntimeName()
	if rt == "" {
		return ok
	}
	pos := e.Pos()
	args := []ast.Expr{id(pos)}
	for _, s := range sigs {
		args = append(args, &ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(s)})
	}
	return &ast.BinaryExpr{X: ok, OpPos: pos, Op: token.LOR, Y: &ast.CallExpr{
		Fun:    &ast.SelectorExpr{X: &ast.Ident{NamePos: pos, Name: rt}, Sel: &ast.Ident{NamePos: pos, Name: "Implements"}},
		Lparen: pos, Args: args, Rparen: pos}}
}

// compiledBind returns the binding of the value named by id as the
// interface e after a type test said it holds e, which refuses a compiled
// value (see above), or nil when e is not an interface declared in the
// session.
func (r *rewriter) compiledBind(id func(token.Pos) *ast.Ident, e ast.Expr, pos token.Pos) ast.Expr {
	sigs, isSession := r.sessionIfaceSigs(e)
	if !isSession {
		return nil
	}
	rt := r.ifaceRuntimeName()
	if rt == "" {
		return nil
	}
	ident := func(s string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: s} }
	str := func(s string) ast.Expr {
		return &ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(s)}
	}
	args := []ast.Expr{id(pos), str(types.ExprString(userExpr(r, e))), str(r.place(pos))}
	for _, s := range sigs {
		args = append(args, str(s))
	}
	v, ok := r.fresh("V"), r.fresh("OK")
	assertTo := func(t ast.Expr) ast.Stmt { // if v, ok := x.(t); ok { return v }
		return &ast.IfStmt{If: pos,
			Init: &ast.AssignStmt{Lhs: []ast.Expr{ident(v), ident(ok)}, TokPos: pos, Tok: token.DEFINE,
				Rhs: []ast.Expr{&ast.TypeAssertExpr{X: id(pos), Lparen: pos, Type: t, Rparen: pos}}},
			Cond: ident(ok),
			Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{&ast.ReturnStmt{Return: pos, Results: []ast.Expr{ident(v)}}}}}
	}
	body := []ast.Stmt{assertTo(cloneAt(e, pos))}
	if twin := ifaceTwin(sigs); twin != "" { // ifacetwin.go
		implArgs := []ast.Expr{id(pos)}
		for _, s := range sigs {
			implArgs = append(implArgs, str(s))
		}
		body = append(body, &ast.IfStmt{If: pos,
			Cond: &ast.CallExpr{Fun: &ast.SelectorExpr{X: ident(rt), Sel: ident("Implements")}, Lparen: pos, Args: implArgs, Rparen: pos},
			Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{assertTo(&ast.SelectorExpr{X: ident(rt), Sel: ident(twin)})}}})
	}
	body = append(body,
		&ast.ExprStmt{X: &ast.CallExpr{Fun: &ast.SelectorExpr{X: ident(rt), Sel: ident("RefuseCompiled")},
			Lparen: pos, Args: args, Rparen: pos}},
		&ast.ReturnStmt{Return: pos, Results: []ast.Expr{&ast.TypeAssertExpr{X: id(pos), Lparen: pos, Type: cloneAt(e, pos), Rparen: pos}}})
	return &ast.CallExpr{Fun: &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{},
			Results: &ast.FieldList{List: []*ast.Field{{Type: cloneAt(e, pos)}}}},
		Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: body}}, Lparen: pos, Rparen: pos}
}

// ifaceRuntimeName returns the name cells call the run-time helpers
// through (ifacert.go), imported on first use, or "".
func (r *rewriter) ifaceRuntimeName() string {
	k, ok := r.sc.(interface{ ifaceRuntime() string })
	if !ok {
		return ""
	}
	return k.ifaceRuntime()
}

// ifaceImplements reports whether v holds a value of a compiled type whose
// method set has every method of sigs (pairs of name and signature as
// reflect prints it; an empty signature matches any). Values the
// interpreter made (its wrappers, session values held bare) are left to
// its own assertion: false.
func ifaceImplements(v any, sigs ...string) bool {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() || len(sigs) == 0 {
		return false
	}
	t := rv.Type()
	if !compiledNamed(t) {
		return false
	}
	for i := 0; i+1 < len(sigs); i += 2 {
		m, ok := t.MethodByName(sigs[i])
		if !ok {
			return false
		}
		if sigs[i+1] != "" && methodSig(m.Type) != sigs[i+1] {
			return false
		}
	}
	return true
}

// compiledNamed reports whether t is a named compiled type, or a pointer
// to one, that is not one of the interpreter's own.
func compiledNamed(t reflect.Type) bool {
	if t.Kind() == reflect.Pointer && t.Name() == "" {
		t = t.Elem()
	}
	return t.Name() != "" && t.PkgPath() != "" && !strings.HasPrefix(t.PkgPath(), "github.com/traefik/yaegi")
}

// methodSig prints the type of a method (its receiver the first
// parameter) as reflect prints a func type without it.
func methodSig(ft reflect.Type) string {
	var in, out []string
	for i := 1; i < ft.NumIn(); i++ {
		s := ft.In(i).String()
		if ft.IsVariadic() && i == ft.NumIn()-1 {
			s = "..." + ft.In(i).Elem().String()
		}
		in = append(in, s)
	}
	for i := 0; i < ft.NumOut(); i++ {
		out = append(out, ft.Out(i).String())
	}
	return joinSig(in, out)
}

// ifaceRefuseCompiled panics with the workaround when v holds a compiled
// value that has the methods of the session interface iface (sigs as for
// ifaceImplements): the interpreter cannot hold it as that interface.
func ifaceRefuseCompiled(v any, iface, at string, sigs ...string) {
	if !ifaceImplements(v, sigs...) {
		return
	}
	t := fmt.Sprintf("%T", v)
	panic(fmt.Errorf("%s: a value of the compiled type %s asserted to the interface %s declared in the session: "+
		"it has the methods, but the interpreter cannot hold a compiled value as an interface declared in a cell; "+
		"assert to its type (x.(%s)) or to a compiled interface with those methods (such as fmt.Stringer) instead: %w",
		at, t, iface, t, ErrUnsupported))
}

// blankIfaceAssert rewrites `_, ok := x.(I)` (also with `=`, in a var
// declaration or an if statement's init) for an interface I declared in
// the session to `_, ok := 0, func() bool { var _x any = x; return test }()`
// with the type test of typeswitch.go: the value is not bound, so a
// compiled value that has I's methods is not refused.
func (r *rewriter) blankIfaceAssert(n ast.Node) {
	var lhs []ast.Expr
	var rhs *[]ast.Expr
	switch x := n.(type) {
	case *ast.AssignStmt:
		lhs, rhs = x.Lhs, &x.Rhs
	case *ast.ValueSpec:
		if len(x.Names) == 2 {
			lhs, rhs = []ast.Expr{x.Names[0], x.Names[1]}, &x.Values
		}
	}
	if len(lhs) != 2 || rhs == nil || len(*rhs) != 1 || !isBlank(lhs[0]) {
		return
	}
	ta := r.ifaceAssert((*rhs)[0])
	if ta == nil {
		return
	}
	if _, isSession := r.sessionIfaceSigs(ta.Type); !isSession {
		return
	}
	pos := ta.Pos()
	xn := r.fresh("AX")
	id := func(p token.Pos) *ast.Ident { return &ast.Ident{NamePos: p, Name: xn} }
	test := &ast.CallExpr{Fun: &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{},
			Results: &ast.FieldList{List: []*ast.Field{{Type: &ast.Ident{NamePos: pos, Name: "bool"}}}}},
		Body: &ast.BlockStmt{Lbrace: pos, Rbrace: ta.End(), List: []ast.Stmt{r.assertOperand(id, ta.X, pos), // assertiface.go
			&ast.ReturnStmt{Return: pos, Results: []ast.Expr{r.typeTestFrom(id, ta.Type, r.candidatesFrom(ta.X))}}}}}, Lparen: pos, Rparen: ta.End()}
	*rhs = []ast.Expr{&ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: "0"}, test}
}

// structTypeString prints an unnamed struct type as reflect does
// (`struct { main.Base; X int "json:\"x\"" }`), with the tags the user
// wrote: without those the session adds (jsonfields.go, jsonembed.go);
// "" when a field's type does not print.
func (r *rewriter) structTypeString(st *ast.StructType, declared *bool) string {
	var fields []string
	for _, f := range st.Fields.List {
		t := r.typeString(f.Type, false, declared)
		if t == "" {
			return ""
		}
		tag := ""
		if f.Tag != nil {
			s, err := strconv.Unquote(f.Tag.Value)
			if err != nil {
				return ""
			}
			s = strings.TrimSpace(strings.Replace(withoutTagKey(s, embedTagKey), unexportedFieldTag, "", 1))
			if s != "" {
				tag = " " + strconv.Quote(s)
			}
		}
		if len(f.Names) == 0 {
			fields = append(fields, t+tag)
			*declared = true // the interpreter's would print the session's tag
		}
		for _, n := range f.Names {
			fields = append(fields, n.Name+" "+t+tag)
			if !ast.IsExported(n.Name) {
				*declared = true // the interpreter's would print Xname and its tags
			}
		}
	}
	if len(fields) == 0 {
		return "struct {}"
	}
	return "struct { " + strings.Join(fields, "; ") + " }"
}
