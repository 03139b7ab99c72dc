package gosession

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"sort"
	"strconv"
	"strings"
)

// %+v, %#v and %T of the instances of the session's generic types.
//
// yaegi v0.16.1 gives an instance of a generic struct type the run-time
// type of its underlying struct, with an unexported field s named Xs:
// `fmt.Printf("%+v", Stack[int]{items: []int{1}})` printed
// `{Xitems:[1]}` (Go `{items:[1]}`), and the rewrites of gosyntax.go and
// fmttype.go, which know the session's types by name, left a session
// whose only types were generic to fmt. Where the syntax shows an
// instance (`Stack[int]`, `*Pair[string, Point]`, a field of that type of
// a session struct), the table the compiled walk is given holds an entry
// for it: its name as the syntax writes it, the generic type's user name
// (the walk prints `main.Stack[int]` from it and the type arguments, as
// Go's reflect does), and its underlying type with the type arguments put
// in (substType). The entry has no run-time type: a struct inside an
// interface is still not told apart from the other instances and
// structs of its shape, and the walk refuses it (gosyntax.go's
// generics). The entry carries the generic type's String, Error and
// GoString flags: nested instances have their String or Error called
// through the walk's callback (stringerCallback), a GoString inside a
// value is refused, and where the syntax shows the instance itself fmt
// calls the method. Written for this package.

// genericDecl is a generic type of the session or the cell: its
// declaration and the names of its methods (by value and pointer
// receiver).
type genericDecl struct {
	spec                *ast.TypeSpec
	user                string
	methods, ptrMethods map[string]bool
	cell                bool // declared by the group being rewritten
}

// genericDecls returns the session's and the cell's generic types by
// interpreter name (the cell's are added by noteCellTypes).
func (r *rewriter) genericDecls() map[string]*genericDecl {
	if r.generics != nil {
		return r.generics
	}
	r.generics = map[string]*genericDecl{}
	if k, ok := r.sc.(interface{ genericTypeDecls() []*genericDecl }); ok {
		for _, g := range k.genericTypeDecls() {
			r.generics[g.spec.Name.Name] = g
		}
	}
	return r.generics
}

// genericTypes reports whether the session or the cell being rewritten
// declares a generic type, whose instances sessionTypes does not list.
func (r *rewriter) genericTypes() bool {
	return len(r.genericDecls()) > 0
}

// noteCellGenerics adds the generic types the declarations of f declare,
// and their methods, to genericDecls.
func (r *rewriter) noteCellGenerics(f *ast.File) {
	all := r.genericDecls()
	for _, d := range f.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.TYPE {
			for _, sp := range gd.Specs {
				if ts := sp.(*ast.TypeSpec); ts.TypeParams != nil && !ts.Assign.IsValid() {
					all[ts.Name.Name] = &genericDecl{spec: ts, user: r.userTypeName(ts.Name.Name),
						methods: map[string]bool{}, ptrMethods: map[string]bool{}, cell: true}
				}
			}
		}
	}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil && len(fd.Recv.List) == 1 {
			all[typeName(fd.Recv.List[0].Type)].addMethod(fd.Recv.List[0].Type, fd.Name.Name)
		}
	}
}

// addMethod records method m of g (nil: not a generic type) declared
// with the receiver type recv.
func (g *genericDecl) addMethod(recv ast.Expr, m string) {
	if g == nil {
		return
	}
	if _, ptr := recv.(*ast.StarExpr); ptr {
		g.ptrMethods[m] = true
	} else {
		g.methods[m] = true
	}
}

// genericTypeDecls lists the generic types the session declared, read
// back from their recorded source.
func (sc sessionScope) genericTypeDecls() []*genericDecl {
	sc.s.mu.Lock()
	defer sc.s.mu.Unlock()
	var out []*genericDecl
	for user, d := range sc.st.decls {
		if d.Kind != "type" || !strings.HasPrefix(d.Sig, "type "+user+"[") || strings.HasPrefix(user, "_activis") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+d.Src, 0)
		if err != nil || len(f.Decls) != 1 {
			continue
		}
		gd, ok := f.Decls[0].(*ast.GenDecl)
		if !ok || len(gd.Specs) != 1 {
			continue
		}
		ts, ok := gd.Specs[0].(*ast.TypeSpec)
		if !ok || ts.TypeParams == nil || ts.Assign.IsValid() {
			continue
		}
		if i, ok := sc.st.typeNames[user]; ok {
			ts.Name.Name = i
		}
		g := &genericDecl{spec: ts, user: user, methods: map[string]bool{}, ptrMethods: map[string]bool{}}
		for m, md := range sc.st.methods[user] {
			if ok, ptr := pointerReceiver(md.Sig); ok && ptr {
				g.ptrMethods[m] = true
			} else if ok {
				g.methods[m] = true
			}
		}
		out = append(out, g)
	}
	return out
}

// genericInstance returns the generic type an instance expression
// (`Stack[int]`, `Pair[K, V]`) names and its type arguments, or nil.
func (r *rewriter) genericInstance(e ast.Expr) (*genericDecl, []ast.Expr) {
	base, args, ok := typeArgsOf(unparen(e))
	if !ok {
		return nil, nil
	}
	id, ok := unparen(base).(*ast.Ident)
	if !ok {
		return nil, nil
	}
	g := r.genericDecls()[id.Name]
	if g == nil {
		return nil, nil
	}
	n := 0
	for _, f := range g.spec.TypeParams.List {
		n += len(f.Names)
	}
	if n != len(args) {
		return nil, nil
	}
	return g, args
}

// genericInst is an instance of a generic type the syntax shows: its
// name as written, its generic type and its underlying type with the
// type arguments put in.
type genericInst struct {
	name        string
	expr, under ast.Expr
	g           *genericDecl
}

// genericInstances returns the instances of the session's generic types
// that the type expressions roots mention, and those their underlying
// types mention in turn, sorted by name.
func (r *rewriter) genericInstances(pos token.Pos, roots []ast.Expr) []genericInst {
	if !r.genericTypes() {
		return nil
	}
	seen := map[string]genericInst{}
	var note func(t ast.Expr, depth int)
	note = func(t ast.Expr, depth int) {
		if t == nil || depth > 8 {
			return
		}
		ast.Inspect(t, func(n ast.Node) bool {
			e, ok := n.(ast.Expr)
			if !ok {
				return true
			}
			g, args := r.genericInstance(e)
			if g == nil {
				return true
			}
			name := types.ExprString(e)
			if _, done := seen[name]; done {
				return true
			}
			in := genericInst{name, e, g.under(args, pos), g}
			seen[name] = in
			note(in.under, depth+1)
			return true
		})
	}
	for _, t := range roots {
		note(t, 0)
	}
	out := make([]genericInst, 0, len(seen))
	for _, in := range seen {
		out = append(out, in)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// genericInstanceTable returns the table entries (see newGSPrinter) for
// the instances genericInstances finds.
func (r *rewriter) genericInstanceTable(pos token.Pos, roots []ast.Expr) []ast.Expr {
	str := func(s string) ast.Expr {
		return &ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(s)}
	}
	var args []ast.Expr
	for _, in := range r.genericInstances(pos, roots) {
		g := in.g
		flags := "g"
		switch {
		case g.methods["GoString"]:
			flags += "v"
		case g.ptrMethods["GoString"]:
			flags += "p"
		}
		if len(g.methods)+len(g.ptrMethods) > 0 {
			flags += "m"
		}
		switch {
		case g.fmtMethod(false) != "":
			flags += "s"
		case g.fmtMethod(true) != "":
			flags += "S"
		}
		args = append(args, str(in.name), str(g.user), &ast.Ident{NamePos: pos, Name: "nil"}, str(types.ExprString(in.under)), str(flags))
	}
	return args
}

// fmtMethod returns the method fmt calls for a value of an instance of g
// (ptr: a pointer to one), Error before String, or "".
func (g *genericDecl) fmtMethod(ptr bool) string {
	for _, m := range []string{"Error", "String"} {
		if g.methods[m] || ptr && g.ptrMethods[m] {
			return m
		}
	}
	return ""
}

// genericName returns the name Go's reflect gives the instance n of a
// generic type (`main.Pair[string,main.Point]`), or "" when a type
// argument's name cannot be told.
func (p *gsPrinter) genericName(n *gsNamed, depth int) string {
	e, err := parser.ParseExpr(n.name)
	if err != nil {
		return ""
	}
	_, args, ok := typeArgsOf(e)
	if !ok {
		return ""
	}
	names := make([]string, len(args))
	for i, a := range args {
		t := p.fromAST(a, depth+1)
		if t == nil || t.name == "" {
			return ""
		}
		names[i] = t.name
	}
	return p.pkgName() + "." + n.user + "[" + strings.Join(names, ",") + "]"
}

// under returns g's underlying type with the type arguments args (as
// many as g has type parameters) put in, at pos.
func (g *genericDecl) under(args []ast.Expr, pos token.Pos) ast.Expr {
	bound := map[string]ast.Expr{}
	i := 0
	for _, f := range g.spec.TypeParams.List {
		for _, pn := range f.Names {
			bound[pn.Name] = args[i]
			i++
		}
	}
	return substType(g.spec.Type, bound, pos)
}

// oracleGenericType returns the static type the type checker gives e
// where it mentions an instance of the session's generic types (the
// syntax does not show `*s` or `s.items[0]` for `s := &Stack[int]{}`),
// or nil.
func (r *rewriter) oracleGenericType(e ast.Expr) ast.Expr {
	if r.oracle == nil || !r.genericTypes() {
		return nil
	}
	t := r.oracle.typeExpr(e)
	if t == nil {
		return nil
	}
	found := false
	ast.Inspect(t, func(n ast.Node) bool {
		if x, ok := n.(ast.Expr); ok && !found {
			g, _ := r.genericInstance(x)
			found = g != nil
		}
		return !found
	})
	if !found {
		return nil
	}
	return t
}

// instanceRoots returns the type expressions whose instances of generic
// types a print helper's table lists: static (if any), the underlying
// types of the session's types and the instances the session has seen.
func (r *rewriter) instanceRoots(static ast.Expr) []ast.Expr {
	if !r.genericTypes() {
		return nil
	}
	var roots []ast.Expr
	if static != nil {
		roots = append(roots, static)
	}
	for _, n := range r.sessionTypeNames() {
		roots = append(roots, r.sessionTypes()[n].under)
	}
	// An interface inside the value (of a field of a type declared in a
	// function too) may hold any instance the session has seen
	// (instanceprint.go).
	roots = append(roots, r.seenInstanceExprs()...)
	return roots
}
