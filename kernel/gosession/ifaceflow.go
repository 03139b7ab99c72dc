package gosession

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
)

// Values that reach an assertion through flows the syntax shows.
//
// ifaceorigin.go refuses an assertion to a session type of a value the
// interpreter cannot tell from it where the syntax shows what the
// interface holds. Two flows hid the value from it:
//
//   - A parameter passed on: `func pass(y any) bool { return isC(y) }`
//     with isC asserting its parameter to Celsius. A function (or method)
//     whose interface parameter is passed unchanged to an interface
//     parameter of a session function or method that asserts it (itself
//     or, in turn, through another) asserts it too: noteFunc records the
//     calls that pass a parameter on (paramAsserts), calleeDecl finds the
//     called function in the cell or in the source the session keeps of
//     an earlier cell's (a method by the receiver's type where the syntax
//     or the type oracle shows it), and propagateAsserts carries the
//     asserted types back along those calls to a fixpoint (recursion and
//     mutual recursion included). `pass(2.5)` is then refused as
//     `isC(2.5)` is, naming the functions the value goes through. A
//     variadic or slice parameter passed on (`show(xs...)`), or a
//     parameter passed as one argument of a variadic one (`show("a", x)`),
//     counts element by element. A variable defined by a function literal
//     and never assigned again (in the cell, in a session function, or at
//     a cell's top level, where the session records it: decl.Assigned)
//     is a function like the others (closureDecl, sessionClosure), so
//     `f := func(y any) bool { return isC(y) }; f(2.5)` is refused. A
//     parameter the function assigns or takes the address of is not
//     followed, nor one handed to a function value of unknown origin.
//   - An interface variable assigned since it was defined: `var x any =
//     Celsius(1)` in one cell, `x = 3.5` in a later one (or in a function
//     the session declares), then `x.(Celsius)`. The origins of a variable
//     (decl.Origins) are every type the syntax or the oracle shows a value
//     stored into it to have, in any cell: the value it was defined with,
//     each assignment of a later group (noteStores, before the group runs:
//     a group refused or failing before the assignment still counts,
//     which can only refuse more), the assignments of the group that
//     defines it (groupStores, read by originsOf when the variable is
//     recorded), and those in the bodies of the session's functions and
//     methods (sessionVarOrigins). A local variable of the cell is treated
//     the same way over the cell (storedOrigins). An assignment whose
//     value the syntax does not type adds nothing, so the check may still
//     miss a value, never invent one; an assertion on a variable that may
//     hold both the session type and its look-alike is refused even where
//     it holds the session type at that moment (assign the value to a
//     variable of its own type, or to a new variable, to assert it).
//   - An interface field of a session struct (`b.V` of `type Box
//     struct{ V any }`) and an element of a variable of a slice, array or
//     map of interfaces (`xs[0]`, and the variable of a range over xs):
//     the types stored into the field of any value of the struct type
//     (`Box{V: 2.5}`, positional and elided literals too, `b.V = 2.5`;
//     noteFieldStores), or into the variable's elements (its literal,
//     `xs[i] = v`, `xs = append(xs, v)`; noteElemStores, elemOrigins),
//     in any cell, kept by the session (state.fields).
//   - A parameter a session function or method stores into a session
//     variable or an interface field (`func (b *Box) Set(v any) { b.V =
//     v }`, `func set(v any) { x = v }`, also through the functions it
//     passes the parameter on to): a call stores its argument's type
//     there (noteSinkCalls), so `b.Set(2.5)` makes `b.V.(Celsius)`
//     refused.
//   - A value decoded by encoding/json (`json.Unmarshal(data, &v)`,
//     `d.Decode(&v)`) into an interface variable, the elements of a
//     container variable, or the interface fields of a session struct:
//     it may be a float64, a string or a bool (noteDecodes, decodedInto).
//
// Written for this package.

// assertion is a type a parameter is asserted to, and the functions the
// parameter is passed on through to reach the assertion (none for one in
// the function itself).
type assertion struct {
	t   ast.Expr
	via []string
}

// passOn is a call in a function body that passes a parameter (or, for
// one of slice or variadic type, its elements' object) on unchanged as
// argument arg, or (call nil) an assignment that stores it into sink.
type passOn struct {
	call *ast.CallExpr
	arg  int
	from *ast.Object
	sink ast.Expr
}

// flowEdge says that the parameter object from is passed to the
// parameter object to of the function named via: from is asserted to
// whatever to is.
type flowEdge struct {
	from, to *ast.Object
	via      string
}

// flow holds the calls that pass parameters on, over one rewrite.
type flow struct {
	edges []flowEdge
	noted map[*ast.FuncDecl]bool
	// visiting guards originTypes against cycles of assignments (x = y;
	// y = x) through local (visiting) and session (visitingVars)
	// variables.
	visiting     map[*ast.Object]bool
	visitingVars map[string]bool
	// closures holds, for each local variable defined by a function
	// literal and never assigned again, the literal as a declaration.
	closures map[*ast.Object]*ast.FuncDecl
	// sinks holds, for a parameter, the session variables ("var:x") and
	// interface fields ("field:T.f") the function stores it into, itself
	// or through the functions it passes it on to.
	sinks map[*ast.Object][]string
	// stores holds the types of the values the rewritten group stores
	// into the variables it declares at its top level, by name, and
	// reassigned the names of those it assigns after defining them or
	// takes the address of.
	stores     map[string][]ast.Expr
	reassigned map[string]bool
}

// noteFunc records the assertions on fd's parameters and the calls that
// pass them on to session functions, whose declarations it notes in turn.
func (r *rewriter) noteFunc(fd *ast.FuncDecl) {
	if r.origin.noted == nil {
		r.origin.noted = map[*ast.FuncDecl]bool{}
	}
	if r.origin.noted[fd] {
		return
	}
	r.origin.noted[fd] = true
	if fd.Body != nil {
		ast.Inspect(fd.Body, func(m ast.Node) bool {
			if id, ok := m.(*ast.Ident); ok && id.Obj != nil && id.Obj.Kind == ast.Var {
				r.closureDeclIn(id.Obj, fd.Body) // a func variable of the body
			}
			return true
		})
	}
	for _, p := range paramAsserts(fd, r.origin.asserts, r.origin.elems) {
		if p.call == nil {
			if key := r.sinkKey(p.sink); key != "" {
				if r.origin.sinks == nil {
					r.origin.sinks = map[*ast.Object][]string{}
				}
				r.origin.sinks[p.from] = append(r.origin.sinks[p.from], key)
			}
			continue
		}
		callee, name := r.calleeDecl(p.call)
		if callee == nil || callee.Type.Params == nil || callee.Type.TypeParams != nil {
			continue
		}
		if from, to := r.paramObjects(callee, p.call, p.arg, p.from); from != nil && to != nil {
			r.origin.edges = append(r.origin.edges, flowEdge{from: from, to: to, via: name})
		}
	}
}

// closureDecl returns the function literal the local variable o is
// defined with, as a declaration named o, when the rewritten node never
// assigns o again nor takes its address, or nil; its parameters are noted
// as a function's are.
func (r *rewriter) closureDecl(o *ast.Object) *ast.FuncDecl {
	if r.origin == nil || r.origin.root == nil {
		return nil
	}
	return r.closureDeclIn(o, r.origin.root)
}

// closureDeclIn is closureDecl for a variable whose assignments are all
// in scope.
func (r *rewriter) closureDeclIn(o *ast.Object, scope ast.Node) *ast.FuncDecl {
	if fd, done := r.origin.closures[o]; done {
		return fd
	}
	if r.origin.closures == nil {
		r.origin.closures = map[*ast.Object]*ast.FuncDecl{}
	}
	r.origin.closures[o] = nil
	var value ast.Expr
	switch d := o.Decl.(type) {
	case *ast.AssignStmt:
		if d.Tok == token.DEFINE && len(d.Lhs) == len(d.Rhs) {
			for i, l := range d.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Obj == o {
					value = d.Rhs[i]
				}
			}
		}
	case *ast.ValueSpec:
		if len(d.Names) == len(d.Values) {
			for i, n := range d.Names {
				if n.Obj == o {
					value = d.Values[i]
				}
			}
		}
	}
	lit, _ := unparen(value).(*ast.FuncLit)
	var alias *ast.FuncDecl // g := f: f's literal (closurealias.go)
	if id, ok := unparen(value).(*ast.Ident); ok && lit == nil {
		alias = r.closureAlias(id, scope)
	}
	if lit == nil && alias == nil {
		return nil
	}
	changed := false
	is := func(e ast.Expr) bool {
		id, ok := unparen(e).(*ast.Ident)
		return ok && id.Obj == o
	}
	ast.Inspect(scope, func(m ast.Node) bool {
		switch x := m.(type) {
		case *ast.AssignStmt:
			if o.Decl != any(x) {
				for _, l := range x.Lhs {
					changed = changed || is(l)
				}
			}
		case *ast.UnaryExpr:
			changed = changed || x.Op == token.AND && is(x.X)
		}
		return !changed
	})
	if changed {
		return nil
	}
	if alias != nil {
		r.origin.closures[o] = alias
		return alias
	}
	fd := &ast.FuncDecl{Name: &ast.Ident{NamePos: lit.Pos(), Name: o.Name, Obj: o}, Type: lit.Type, Body: lit.Body}
	r.origin.closures[o] = fd
	r.noteFunc(fd)
	return fd
}

// sessionClosure returns the function literal the session variable name
// was defined with, as a declaration named name, when no later group and
// no session function or method has assigned it, or nil.
func (r *rewriter) sessionClosure(name string) *ast.FuncDecl {
	k, ok := r.sc.(interface {
		closureSource(name string) string
		varOrigins(name string) ([]ast.Expr, []*ast.File)
	})
	if !ok {
		return nil
	}
	src := k.closureSource(name)
	if src == "" || !strings.Contains(src, "func") && !closureAliasSource(src) { // closurealias.go
		return nil
	}
	if _, files := k.varOrigins(name); len(files) > 0 {
		return nil
	}
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+src, 0)
	if err != nil {
		f, err = parser.ParseFile(token.NewFileSet(), "", "package p; func _() {\n"+src+"\n}", 0)
	}
	if err != nil {
		return nil
	}
	var obj *ast.Object
	ast.Inspect(f, func(m ast.Node) bool {
		if id, ok := m.(*ast.Ident); ok && id.Name == name && id.Obj != nil && obj == nil {
			obj = id.Obj
		}
		return obj == nil
	})
	if obj == nil {
		return nil
	}
	return r.closureDeclIn(obj, f)
}

// closureSource returns the source of the definition of the session
// variable name while no later group has assigned it, or "".
func (sc sessionScope) closureSource(name string) string {
	sc.s.mu.Lock()
	defer sc.s.mu.Unlock()
	d := sc.st.decls[name]
	if d == nil || d.Kind != "var" || d.Assigned {
		return ""
	}
	if d.Src != "" {
		return d.Src
	}
	return d.Sig
}

// paramObjects returns the objects an edge for argument arg of call
// joins: from, or the elements' object of the slice parameter from when
// the slice is passed whole, and the object under which callee's
// assertions on what that argument receives are kept (its parameter, or
// the elements' object of its variadic or slice parameter); to is nil
// where the argument goes to no such parameter.
func (r *rewriter) paramObjects(callee *ast.FuncDecl, call *ast.CallExpr, arg int, from *ast.Object) (src, to *ast.Object) {
	whole := r.origin.elems[from] // from is a slice parameter passed whole
	i := 0
	for _, f := range callee.Type.Params.List {
		names := f.Names
		if len(names) == 0 {
			names = []*ast.Ident{nil}
		}
		for _, n := range names {
			if el, ok := f.Type.(*ast.Ellipsis); ok {
				if n == nil || n.Obj == nil || !r.isInterfaceType(el.Elt) || arg < i {
					return nil, nil
				}
				e := r.origin.elems[n.Obj]
				switch {
				case call.Ellipsis.IsValid() && arg == i && whole != nil: // show(xs...)
					return whole, e
				case !call.Ellipsis.IsValid() && whole == nil: // show("a", x)
					return from, e
				}
				return nil, nil
			}
			if i == arg {
				if n == nil || n.Obj == nil {
					return nil, nil
				}
				if at, ok := f.Type.(*ast.ArrayType); ok {
					if whole != nil && r.isInterfaceType(at.Elt) {
						return whole, r.origin.elems[n.Obj]
					}
					return nil, nil
				}
				if whole != nil || !r.isInterfaceType(f.Type) {
					return nil, nil
				}
				return from, n.Obj
			}
			i++
		}
	}
	return nil, nil
}

// propagateAsserts carries the assertions of each parameter passed on
// back to the parameter it came from, until nothing changes.
func (r *rewriter) propagateAsserts() {
	asserts := r.origin.asserts
	has := func(list []assertion, t ast.Expr) bool {
		s := types.ExprString(t)
		for _, a := range list {
			if types.ExprString(a.t) == s {
				return true
			}
		}
		return false
	}
	hasKey := func(list []string, k string) bool {
		for _, x := range list {
			if x == k {
				return true
			}
		}
		return false
	}
	for changed := true; changed; {
		changed = false
		for _, e := range r.origin.edges {
			for _, k := range r.origin.sinks[e.to] {
				if !hasKey(r.origin.sinks[e.from], k) {
					r.origin.sinks[e.from] = append(r.origin.sinks[e.from], k)
					changed = true
				}
			}
			for _, a := range asserts[e.to] {
				if has(asserts[e.from], a.t) {
					continue
				}
				asserts[e.from] = append(asserts[e.from], assertion{t: a.t, via: append([]string{e.via}, a.via...)})
				changed = true
			}
		}
	}
}

// calleeDecl returns the declaration of the session function or method c
// calls, from the cell or from the source the session keeps, and its
// name, or nil.
func (r *rewriter) calleeDecl(c *ast.CallExpr) (*ast.FuncDecl, string) {
	switch f := unparen(c.Fun).(type) {
	case *ast.Ident:
		if strings.HasPrefix(f.Name, "_activis") {
			return nil, ""
		}
		return r.funcDeclOf(f), f.Name
	case *ast.SelectorExpr:
		return r.methodDeclOf(f), f.Sel.Name
	}
	return nil, ""
}

// methodDeclOf returns the declaration of the session method sel selects
// on a value whose type the syntax or the type oracle shows, or nil.
func (r *rewriter) methodDeclOf(sel *ast.SelectorExpr) *ast.FuncDecl {
	if r.origin == nil {
		return nil
	}
	if id, ok := unparen(sel.X).(*ast.Ident); ok && id.Obj == nil && r.sc.globalType(id.Name) == nil {
		return nil // a package
	}
	nt, _ := r.sessionNamedOf(r.exactType(sel.X, 0))
	if nt == nil {
		return nil
	}
	m := sel.Sel.Name
	key := nt.name + "." + m
	if fd, done := r.origin.session[key]; done {
		return fd
	}
	var found *ast.FuncDecl
	if r.origin.root != nil {
		ast.Inspect(r.origin.root, func(n ast.Node) bool {
			fd, ok := n.(*ast.FuncDecl)
			if !ok {
				return found == nil
			}
			if fd.Recv != nil && len(fd.Recv.List) == 1 && fd.Name.Name == m {
				rt := fd.Recv.List[0].Type
				if s, ok := rt.(*ast.StarExpr); ok {
					rt = s.X
				}
				if rid, ok := rt.(*ast.Ident); ok && rid.Name == nt.name {
					found = fd
				}
			}
			return false
		})
	}
	if k, ok := r.sc.(interface{ methodSource(t, m string) string }); ok && found == nil {
		for _, tn := range []string{nt.name, nt.user} {
			src := k.methodSource(tn, m)
			if src == "" {
				continue
			}
			if f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+src, 0); err == nil && len(f.Decls) == 1 {
				if fd, ok := f.Decls[0].(*ast.FuncDecl); ok && fd.Recv != nil {
					found = fd
					break
				}
			}
		}
	}
	r.origin.session[key] = found
	if found != nil {
		r.noteFunc(found)
	}
	return found
}

// methodSource returns the source of the method m of the session type t
// (promoted through embedded fields too), or "".
func (sc sessionScope) methodSource(t, m string) string {
	sc.s.mu.Lock()
	defer sc.s.mu.Unlock()
	d := promotedMethod(sc.st, t, m)
	if d == nil || d.Kind != "method" {
		return ""
	}
	return d.Src
}

// Stores into interface variables.

// topLevelVars returns the objects of the variables root declares at its
// top level (a cell's package-level vars, or the statements of a cell's
// body), which the session records.
func topLevelVars(root ast.Node) map[*ast.Object]bool {
	out := map[*ast.Object]bool{}
	for _, gd := range topLevelVarDecls(root) { // genericvalue.go
		for _, sp := range gd.Specs {
			if vs, ok := sp.(*ast.ValueSpec); ok {
				for _, n := range vs.Names {
					if n.Obj != nil {
						out[n.Obj] = true
					}
				}
			}
		}
	}
	if b, ok := root.(*ast.BlockStmt); ok {
		for _, st := range b.List {
			if s, ok := st.(*ast.AssignStmt); ok && s.Tok == token.DEFINE {
				for _, l := range s.Lhs {
					if id, ok := l.(*ast.Ident); ok && id.Obj != nil {
						out[id.Obj] = true
					}
				}
			}
		}
	}
	return out
}

// eachStore calls f for each assignment `l = v` (one value per operand)
// in n, other than the declaration decl.
func eachStore(n ast.Node, decl ast.Node, f func(l *ast.Ident, v ast.Expr)) {
	ast.Inspect(n, func(m ast.Node) bool {
		as, ok := m.(*ast.AssignStmt)
		if !ok || ast.Node(as) == decl || len(as.Lhs) != len(as.Rhs) || as.Tok != token.ASSIGN && as.Tok != token.DEFINE {
			return true
		}
		for i, l := range as.Lhs {
			if id, ok := unparen(l).(*ast.Ident); ok && id.Name != "_" {
				f(id, as.Rhs[i])
			}
		}
		return true
	})
}

// noteStores records the types of the values the group root stores into
// interface variables of the session (at once, on their declarations)
// and into those it declares at its top level (groupStores).
func (r *rewriter) noteStores(root ast.Node) {
	top := topLevelVars(root)
	r.origin.stores = map[string][]ast.Expr{}
	k, _ := r.sc.(interface {
		addOrigins(name string, ts []ast.Expr)
		markAssigned(names map[string]bool)
	})
	if k != nil {
		k.markAssigned(assignedGlobals(root))
	}
	r.origin.reassigned = map[string]bool{}
	note := func(e ast.Expr, def ast.Node) {
		if id, ok := unparen(e).(*ast.Ident); ok && id.Obj != nil && top[id.Obj] && id.Obj.Decl != any(def) {
			r.origin.reassigned[id.Name] = true
		}
	}
	ast.Inspect(root, func(m ast.Node) bool {
		switch x := m.(type) {
		case *ast.AssignStmt:
			for _, l := range x.Lhs {
				note(l, x)
			}
		case *ast.IncDecStmt:
			note(x.X, nil)
		case *ast.RangeStmt:
			if x.Tok == token.ASSIGN {
				if x.Key != nil {
					note(x.Key, nil)
				}
				if x.Value != nil {
					note(x.Value, nil)
				}
			}
		case *ast.UnaryExpr:
			if x.Op == token.AND {
				note(x.X, nil)
			}
		}
		return true
	})
	r.noteFieldStores(root)
	r.noteElemStores(root, top)
	r.noteSinkCalls(root)
	r.noteDecodes(root, top)
	eachStore(root, nil, func(l *ast.Ident, v ast.Expr) {
		switch {
		case l.Obj == nil && !strings.HasPrefix(l.Name, "_activis"):
			if k == nil || isNilIdent(v) {
				return
			}
			if t := r.exactType(l, 0); t == nil || !r.isInterfaceType(t) {
				return
			}
			if ts := r.staticTypes(v, 0); len(ts) > 0 {
				k.addOrigins(l.Name, ts)
			}
		case l.Obj != nil && top[l.Obj]:
			if as, ok := l.Obj.Decl.(*ast.AssignStmt); ok && as.Tok == token.DEFINE && containsIdent(as.Lhs, l) {
				return // the definition itself
			}
			if ts := r.staticTypes(v, 0); len(ts) > 0 {
				r.origin.stores[l.Name] = append(r.origin.stores[l.Name], ts...)
			}
		}
	})
}

// containsIdent reports whether list holds the identifier id itself.
func containsIdent(list []ast.Expr, id *ast.Ident) bool {
	for _, e := range list {
		if e == ast.Expr(id) {
			return true
		}
	}
	return false
}

// groupStores returns the types of the values the rewritten group stores
// into its top-level variable name after defining it (for originsOf).
func (r *rewriter) groupStores(name string) []ast.Expr {
	if r == nil || r.origin == nil {
		return nil
	}
	return r.origin.stores[name]
}

// reassignedInGroup reports whether the rewritten group assigns its
// top-level variable name after defining it (for record).
func (r *rewriter) reassignedInGroup(name string) bool {
	return r != nil && r.origin != nil && r.origin.reassigned[name]
}

// addOrigins adds ts to the origins of the session variable name.
func (sc sessionScope) addOrigins(name string, ts []ast.Expr) {
	sc.s.mu.Lock()
	defer sc.s.mu.Unlock()
	if d := sc.st.decls[name]; d != nil && d.Kind == "var" {
		d.Origins = append(d.Origins[:len(d.Origins):len(d.Origins)], ts...)
	}
}

// markAssigned records that the session variables names are assigned
// after their definition.
func (sc sessionScope) markAssigned(names map[string]bool) {
	sc.s.mu.Lock()
	defer sc.s.mu.Unlock()
	for n := range names {
		if d := sc.st.decls[n]; d != nil && d.Kind == "var" {
			d.Assigned = true
		}
	}
}

// sessionVarOrigins returns the origins of the session variable name:
// those recorded on its declaration and the types of the values the
// session's functions and methods store into it.
func (r *rewriter) sessionVarOrigins(name string, depth int) []ast.Expr {
	k, ok := r.sc.(interface {
		varOrigins(name string) ([]ast.Expr, []*ast.File)
	})
	if !ok || r.origin == nil {
		return nil
	}
	if r.origin.visitingVars == nil {
		r.origin.visitingVars = map[string]bool{}
	}
	if r.origin.visitingVars[name] {
		return nil
	}
	r.origin.visitingVars[name] = true
	defer delete(r.origin.visitingVars, name)
	origins, files := k.varOrigins(name)
	for _, f := range files {
		eachStore(f, nil, func(l *ast.Ident, v ast.Expr) {
			if l.Obj == nil && l.Name == name {
				origins = append(origins, r.staticTypes(v, depth+1)...)
			}
		})
	}
	return origins
}

// storedOrigins returns the types of the values the rewritten node
// stores into the local variable o after its declaration.
func (r *rewriter) storedOrigins(o *ast.Object, depth int) []ast.Expr {
	var out []ast.Expr
	decl, _ := o.Decl.(ast.Node)
	eachStore(r.origin.root, decl, func(l *ast.Ident, v ast.Expr) {
		if l.Obj == o && !isNilIdent(v) {
			out = append(out, r.staticTypes(v, depth+1)...)
		}
	})
	return append(out, r.decodedInto(r.origin.root, func(x *ast.Ident) bool { return x.Obj == o }, false)...)
}

// Interface fields of session structs.

// structField returns the key ("T.f") of the interface field f of the
// session struct type t (or a pointer to one) declares, or "".
func (r *rewriter) structField(t ast.Expr, f string) string {
	nt, id := r.sessionNamedOf(t)
	if nt == nil {
		return ""
	}
	ft := r.fieldType(id, f)
	if ft == nil || !r.isInterfaceType(ft) {
		return ""
	}
	return nt.name + "." + f
}

// noteFieldStores records the types of the values root stores into
// interface fields of session structs: `b.V = v` for b of a session
// struct type (or a pointer to one), and the elements of composite
// literals of such types (`Box{V: v}`, `Box{v}`, `[]Box{{v}}`).
func (r *rewriter) noteFieldStores(root ast.Node) {
	k, ok := r.sc.(interface {
		addFieldOrigins(key string, ts []ast.Expr)
	})
	if !ok {
		return
	}
	add := func(key string, v ast.Expr) {
		if key == "" || isNilIdent(v) {
			return
		}
		if ts := r.staticTypes(v, 0); len(ts) > 0 {
			k.addFieldOrigins(key, ts)
		}
	}
	ast.Inspect(root, func(m ast.Node) bool {
		switch x := m.(type) {
		case *ast.AssignStmt:
			if len(x.Lhs) != len(x.Rhs) || x.Tok != token.ASSIGN {
				return true
			}
			for i, l := range x.Lhs {
				if sel, ok := unparen(l).(*ast.SelectorExpr); ok {
					add(r.structField(r.exactType(sel.X, 0), sel.Sel.Name), x.Rhs[i])
				}
			}
		case *ast.CompositeLit:
			t := x.Type
			if t == nil {
				t = r.exactType(x, 0)
			}
			if t == nil {
				return true
			}
			id, st := r.sessionStructOf(t)
			if st == nil {
				return true
			}
			var names []string // the fields in order, an embedded one by its type's name
			for _, f := range st.Fields.List {
				if len(f.Names) == 0 {
					names = append(names, "")
				}
				for _, n := range f.Names {
					names = append(names, n.Name)
				}
			}
			for i, el := range x.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					if key, ok := kv.Key.(*ast.Ident); ok {
						add(r.structField(id, key.Name), kv.Value)
					}
					continue
				}
				if i < len(names) && names[i] != "" {
					add(r.structField(id, names[i]), el)
				}
			}
		}
		return true
	})
}

// addFieldOrigins adds ts to the types stored into the interface field
// key ("T.f").
func (sc sessionScope) addFieldOrigins(key string, ts []ast.Expr) {
	sc.s.mu.Lock()
	defer sc.s.mu.Unlock()
	if sc.st.fields == nil {
		sc.st.fields = map[string][]ast.Expr{}
	}
	sc.st.fields[key] = append(sc.st.fields[key], ts...)
}

// fieldOrigins returns the types stored into the interface field key.
func (sc sessionScope) fieldOrigins(key string) []ast.Expr {
	sc.s.mu.Lock()
	defer sc.s.mu.Unlock()
	return append([]ast.Expr(nil), sc.st.fields[key]...)
}

// selectorOrigins returns the origins of x.f where x is of a session
// struct type with the interface field f: every value stored into that
// field of any value of the type, in any cell.
func (r *rewriter) selectorOrigins(sel *ast.SelectorExpr) []ast.Expr {
	key := r.structField(r.exactType(sel.X, 0), sel.Sel.Name)
	if key == "" {
		return nil
	}
	k, ok := r.sc.(interface{ fieldOrigins(key string) []ast.Expr })
	if !ok {
		return nil
	}
	return k.fieldOrigins(key)
}

// Elements of slices, arrays and maps of interfaces.

// containerOfIface reports whether t is a slice, array or map type whose
// elements are of an interface type.
func (r *rewriter) containerOfIface(t ast.Expr) bool {
	switch x := unparen(t).(type) {
	case *ast.ArrayType:
		return r.isInterfaceType(x.Elt)
	case *ast.MapType:
		return r.isInterfaceType(x.Value)
	}
	return false
}

// literalElems returns the static types of the elements (or map values)
// of a composite literal of a slice, array or map of interfaces.
func (r *rewriter) literalElems(e ast.Expr, depth int) []ast.Expr {
	cl, ok := unparen(e).(*ast.CompositeLit)
	if !ok || cl.Type == nil || !r.containerOfIface(cl.Type) {
		return nil
	}
	var out []ast.Expr
	for _, el := range cl.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			el = kv.Value
		}
		if !isNilIdent(el) {
			out = append(out, r.staticTypes(el, depth+1)...)
		}
	}
	return out
}

// elemStores returns the static types of the values n stores into the
// elements of the container variable that matches: `xs[i] = v`, `xs =
// append(xs, v, w)`, `xs = []any{v}` and its definition from such a
// literal.
func (r *rewriter) elemStores(n ast.Node, matches func(*ast.Ident) bool, depth int) []ast.Expr {
	var out []ast.Expr
	is := func(e ast.Expr) bool {
		id, ok := unparen(e).(*ast.Ident)
		return ok && matches(id)
	}
	value := func(v ast.Expr) {
		if c, ok := unparen(v).(*ast.CallExpr); ok && !c.Ellipsis.IsValid() && len(c.Args) > 1 && is(c.Args[0]) {
			if f, ok := unparen(c.Fun).(*ast.Ident); ok && f.Name == "append" && f.Obj == nil {
				for _, a := range c.Args[1:] {
					if !isNilIdent(a) {
						out = append(out, r.staticTypes(a, depth+1)...)
					}
				}
				return
			}
		}
		out = append(out, r.literalElems(v, depth)...)
	}
	ast.Inspect(n, func(m ast.Node) bool {
		switch x := m.(type) {
		case *ast.AssignStmt:
			if len(x.Lhs) != len(x.Rhs) {
				return true
			}
			for i, l := range x.Lhs {
				if ix, ok := unparen(l).(*ast.IndexExpr); ok && is(ix.X) && !isNilIdent(x.Rhs[i]) {
					out = append(out, r.staticTypes(x.Rhs[i], depth+1)...)
				} else if is(l) {
					value(x.Rhs[i])
				}
			}
		case *ast.ValueSpec:
			if len(x.Names) == len(x.Values) {
				for i, nm := range x.Names {
					if matches(nm) {
						value(x.Values[i])
					}
				}
			}
		}
		return true
	})
	return out
}

// elemOrigins returns the origins of an element of the container
// variable id: what the cell stores into it, and for a variable of the
// session or of the cell's top level what any cell stored (kept by
// noteStores under "[]name").
func (r *rewriter) elemOrigins(id *ast.Ident, depth int) []ast.Expr {
	if r.origin == nil || r.origin.root == nil || strings.HasPrefix(id.Name, "_activis") {
		return nil
	}
	t := r.exactType(id, 0)
	if t == nil || !r.containerOfIface(t) {
		return nil
	}
	var out []ast.Expr
	if id.Obj != nil {
		if r.origin.visiting[id.Obj] {
			return nil
		}
		if r.origin.visiting == nil {
			r.origin.visiting = map[*ast.Object]bool{}
		}
		r.origin.visiting[id.Obj] = true
		defer delete(r.origin.visiting, id.Obj)
		out = r.elemStores(r.origin.root, func(x *ast.Ident) bool { return x.Obj == id.Obj }, depth)
		out = append(out, r.decodedInto(r.origin.root, func(x *ast.Ident) bool { return x.Obj == id.Obj }, true)...)
	}
	if id.Obj == nil || topLevelVars(r.origin.root)[id.Obj] {
		if k, ok := r.sc.(interface{ fieldOrigins(key string) []ast.Expr }); ok {
			out = append(out, k.fieldOrigins("[]"+id.Name)...)
		}
	}
	return out
}

// noteElemStores records, under "[]name", the types of the values the
// group root stores into the elements of session variables and of those
// it defines at its top level (whose earlier record it drops).
func (r *rewriter) noteElemStores(root ast.Node, top map[*ast.Object]bool) {
	k, ok := r.sc.(interface {
		addFieldOrigins(key string, ts []ast.Expr)
		dropFieldOrigins(key string)
	})
	if !ok {
		return
	}
	first := map[string]*ast.Ident{} // a use of each name the group may store into
	for o := range top {
		k.dropFieldOrigins("[]" + o.Name)
		if d, ok := o.Decl.(*ast.AssignStmt); ok {
			for _, l := range d.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Obj == o {
					first[o.Name] = id
				}
			}
		}
		if d, ok := o.Decl.(*ast.ValueSpec); ok {
			for _, n := range d.Names {
				if n.Obj == o {
					first[o.Name] = n
				}
			}
		}
	}
	ast.Inspect(root, func(m ast.Node) bool {
		if x, ok := m.(*ast.AssignStmt); ok {
			for _, e := range x.Lhs {
				if ix, ok := unparen(e).(*ast.IndexExpr); ok {
					e = ix.X
				}
				if id, ok := unparen(e).(*ast.Ident); ok && (id.Obj == nil || top[id.Obj]) && first[id.Name] == nil {
					first[id.Name] = id
				}
			}
		}
		return true
	})
	for n, id := range first {
		if t := r.exactType(id, 0); t == nil || !r.containerOfIface(t) {
			continue
		}
		ts := r.elemStores(root, func(x *ast.Ident) bool {
			return x.Name == n && (x.Obj == nil && id.Obj == nil || x.Obj == id.Obj && x.Obj != nil)
		}, 0)
		if len(ts) > 0 {
			k.addFieldOrigins("[]"+n, ts)
		}
	}
}

// dropFieldOrigins forgets what was stored under key.
func (sc sessionScope) dropFieldOrigins(key string) {
	sc.s.mu.Lock()
	defer sc.s.mu.Unlock()
	delete(sc.st.fields, key)
}

// Parameters stored into variables and fields.

// sinkKey returns the key of the session variable ("var:x") or interface
// field of a session struct ("field:T.f") that l names, or "".
func (r *rewriter) sinkKey(l ast.Expr) string {
	switch x := unparen(l).(type) {
	case *ast.Ident:
		if x.Obj == nil && !strings.HasPrefix(x.Name, "_activis") {
			if t := r.exactType(x, 0); t != nil && r.isInterfaceType(t) {
				return "var:" + x.Name
			}
		}
	case *ast.SelectorExpr:
		if key := r.structField(r.exactType(x.X, 0), x.Sel.Name); key != "" {
			return "field:" + key
		}
	}
	return ""
}

// noteSinkCalls records, for each call in root of a session function or
// method that stores an interface parameter into a session variable or
// an interface field (`func (b *Box) Set(v any) { b.V = v }`, also
// through the functions it passes the parameter on to), the types of the
// arguments passed for it as stored there: `b.Set(2.5)` stores a float64
// into Box.V.
func (r *rewriter) noteSinkCalls(root ast.Node) {
	k, ok := r.sc.(interface {
		addOrigins(name string, ts []ast.Expr)
		addFieldOrigins(key string, ts []ast.Expr)
	})
	if !ok {
		return
	}
	var calls []*ast.CallExpr
	ast.Inspect(root, func(m ast.Node) bool {
		if c, ok := m.(*ast.CallExpr); ok && !c.Ellipsis.IsValid() {
			calls = append(calls, c)
		}
		return true
	})
	for _, c := range calls {
		fd, _ := r.calleeDecl(c)
		if fd == nil || fd.Type.Params == nil || len(r.origin.sinks) == 0 {
			continue
		}
		r.propagateAsserts()
		i := 0
		for _, f := range fd.Type.Params.List {
			if _, variadic := f.Type.(*ast.Ellipsis); variadic {
				break
			}
			for _, n := range f.Names {
				if i >= len(c.Args) {
					break
				}
				a := c.Args[i]
				i++
				if n.Obj == nil || !r.isInterfaceType(f.Type) || isNilIdent(a) {
					continue
				}
				keys := r.origin.sinks[n.Obj]
				if len(keys) == 0 {
					continue
				}
				ts := r.staticTypes(a, 0)
				if len(ts) == 0 {
					continue
				}
				for _, key := range keys {
					if name, ok := strings.CutPrefix(key, "var:"); ok {
						k.addOrigins(name, ts)
					} else if fk, ok := strings.CutPrefix(key, "field:"); ok {
						k.addFieldOrigins(fk, ts)
					}
				}
			}
			if len(f.Names) == 0 {
				i++
			}
		}
	}
}

// Values decoded by encoding/json.

// decodeTarget returns v of `json.Unmarshal(data, &v)` or `d.Decode(&v)`
// for d of type *json.Decoder, or nil.
func (r *rewriter) decodeTarget(c *ast.CallExpr) *ast.Ident {
	sel, ok := unparen(c.Fun).(*ast.SelectorExpr)
	if !ok || len(c.Args) == 0 {
		return nil
	}
	arg := c.Args[len(c.Args)-1]
	switch {
	case sel.Sel.Name == "Unmarshal" && len(c.Args) == 2:
		pkg, ok := unparen(sel.X).(*ast.Ident)
		if !ok || pkg.Obj != nil || pkg.Name != "json" || r.sc.globalType("json") != nil {
			return nil
		}
	case sel.Sel.Name == "Decode" && len(c.Args) == 1:
		if t := r.exactType(sel.X, 0); t == nil || types.ExprString(t) != "*json.Decoder" {
			return nil
		}
	default:
		return nil
	}
	u, ok := unparen(arg).(*ast.UnaryExpr)
	if !ok || u.Op != token.AND {
		return nil
	}
	id, _ := unparen(u.X).(*ast.Ident)
	return id
}

// jsonTypes are the types encoding/json stores into an interface: its
// numbers are float64 (json.Number where asked for), its strings string.
func jsonTypes() []ast.Expr {
	return []ast.Expr{ast.NewIdent("float64"), ast.NewIdent("string"), ast.NewIdent("bool")}
}

// decodedInto returns the types n's decoding calls store into the
// variable that matches, itself (its interface value) or, with elems,
// its elements.
func (r *rewriter) decodedInto(n ast.Node, matches func(*ast.Ident) bool, elems bool) []ast.Expr {
	var out []ast.Expr
	ast.Inspect(n, func(m ast.Node) bool {
		if c, ok := m.(*ast.CallExpr); ok {
			if id := r.decodeTarget(c); id != nil && matches(id) {
				t := r.exactType(id, 0)
				if t != nil && (elems && r.containerOfIface(t) || !elems && r.isInterfaceType(t)) {
					out = append(out, jsonTypes()...)
				}
			}
		}
		return true
	})
	return out
}

// noteDecodes records what the group root's decoding calls store into
// session and top-level variables of interface or container types and
// into the interface fields of a session struct decoded into.
func (r *rewriter) noteDecodes(root ast.Node, top map[*ast.Object]bool) {
	k, ok := r.sc.(interface {
		addOrigins(name string, ts []ast.Expr)
		addFieldOrigins(key string, ts []ast.Expr)
	})
	if !ok {
		return
	}
	ast.Inspect(root, func(m ast.Node) bool {
		c, ok := m.(*ast.CallExpr)
		if !ok {
			return true
		}
		id := r.decodeTarget(c)
		if id == nil {
			return true
		}
		t := r.exactType(id, 0)
		if t == nil {
			return true
		}
		global := id.Obj == nil || top[id.Obj]
		switch {
		case r.isInterfaceType(t) && id.Obj == nil:
			k.addOrigins(id.Name, jsonTypes())
		case r.isInterfaceType(t) && global:
			r.origin.stores[id.Name] = append(r.origin.stores[id.Name], jsonTypes()...)
		case r.containerOfIface(t) && global:
			k.addFieldOrigins("[]"+id.Name, jsonTypes())
		default:
			tid, _ := unparen(t).(*ast.Ident)
			if tid == nil {
				return true
			}
			nt, _ := r.assertedType(tid)
			if nt == nil {
				return true
			}
			if st, ok := unparen(nt.under).(*ast.StructType); ok {
				for _, f := range st.Fields.List {
					for _, n := range f.Names {
						if key := r.structField(tid, n.Name); key != "" {
							k.addFieldOrigins(key, jsonTypes())
						}
					}
				}
			}
		}
		return true
	})
}
