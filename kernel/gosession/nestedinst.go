package gosession

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"regexp"
)

// Instances of generic types of two or more type parameters given as the
// type argument of a generic type or function of one.
//
// yaegi v0.16.1 fails to compile a generic type or function of one type
// parameter instantiated with an instance of a generic type of two or
// more (`var s Stack[Pair[string, int]]`, `Box[Pair[string, int]]{…}`, a
// parameter of that type, `Box[*Pair[string, int]]`, `Mk[Pair[string,
// int]](p)`): the CFG reads the type of the type argument, which it never
// sets for such an instance, and the cell failed with "CFG post-order
// panic: … nil pointer dereference" (plain yaegi too; an explicit call
// compiled and failed when run). So it failed for such an instance among
// the type arguments of a generic function of two or more
// (`slices.BinarySearchFunc(ps, "b", func(p Pair[string, int], k string)
// int {…})`, whose type arguments typeargs.go writes out, until stop 46).
// A struct field, a slice, a map or a
// generic type of two or more parameters of that type compiled. An alias
// of the instance is read: instanceAliases declares `type
// _activisInst<hash> = Pair[string, int]` at the package level and writes
// its name for the instance. The name is a hash of the instance's text,
// so that the cells that write the same instance declare the same alias,
// of the same type. Not where the instance names a type parameter or a
// type declared inside a function (`Box[Pair[K, V]]` in a generic
// function), which no alias at the package level can name (yaegi has no
// generic aliases): that fails as before, with a hint (nestedInstance).
// The type of an assertion that is an instance of a generic type of the
// session (`a.(Opt[int])`, and the cases typeswitch.go's instanceCase
// turns into assertions) is named by an alias too: yaegi failed with
// "type not found: main.Opt[int]" where nothing had made that instance
// yet. So is the type of a conversion to an instance of a generic type
// (`Vec[int](xs)`, `FuncStage[int, string](func…)`, `Pred[int](f)`):
// yaegi failed with "type not found: main.Vec[int]", a nil dereference
// in its CFG for two type parameters, or "undefined selector Not" for a
// method of the converted value (plain yaegi too; until stop 46). Written
// for this package.

// instanceAliases writes, under n, the alias of each instance above that
// names only types of the package level: of the session (unresolved in
// the file), of packages and of the universe, and those top declares
// (the type specs of the group's file, by the index of their declaration
// in the file; nil for a statement group). It returns the aliases'
// declarations, each declared once, an alias an instance names before
// the instance's, and a function that writes the instances back: the
// session records what the user wrote once the group has compiled (the
// type check of later groups reads it, and %T would name the alias). An
// alias that names a type of the file is to be
// declared after it (yaegi reads a struct type's fields where it declares
// it, so an alias it meets before the type it names has no type): its
// instances in declarations of the package level up to that type's are
// left as they are (a struct field of such an instance compiles).
//
// generic tells the session's generic types by name; those the file
// declares count too.
func instanceAliases(n ast.Node, top map[any]int, generic func(name string) bool) (aliases []instanceAlias, restore func()) {
	own := map[string]bool{}
	if f, ok := n.(*ast.File); ok {
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.TYPE {
				for _, sp := range g.Specs {
					if ts := sp.(*ast.TypeSpec); ts.TypeParams != nil {
						own[ts.Name.Name] = true
					}
				}
			}
		}
	}
	isGeneric := func(name string) bool { return own[name] || generic != nil && generic(name) }
	type site struct {
		at     *ast.Expr
		owner  int             // the index of the file's declaration holding the site, -1 for none
		params map[string]bool // the type parameters of the method holding the site
	}
	var found []site
	find := func(root ast.Node, owner int) {
		params := receiverTypeParams(root)
		ast.Inspect(root, func(m ast.Node) bool {
			var at *ast.Expr
			switch x := m.(type) {
			case *ast.IndexExpr:
				at = instanceArg(&x.Index, false)
			case *ast.IndexListExpr:
				for i := range x.Indices {
					if at := instanceArg(&x.Indices[i], false); at != nil {
						found = append(found, site{at, owner, params})
					}
				}
			case *ast.CallExpr:
				if len(x.Args) == 1 && !x.Ellipsis.IsValid() {
					at = convertedInstance(&x.Fun, isGeneric)
				}
			case *ast.TypeAssertExpr:
				if x.Type != nil {
					at = instanceArg(&x.Type, true)
				}
			}
			if at != nil {
				found = append(found, site{at, owner, params})
			}
			return true
		})
	}
	if f, ok := n.(*ast.File); ok {
		for i, d := range f.Decls {
			owner := -1
			if _, ok := d.(*ast.GenDecl); ok {
				owner = i
			}
			find(d, owner)
		}
	} else {
		find(n, -1)
	}
	// Innermost first: an outer instance's alias names the inner's.
	var undo []func()
	restore = func() {
		for i := len(undo) - 1; i >= 0; i-- {
			undo[i]()
		}
	}
	made := map[string]int{} // the aliases made, by name: where they are declared
	for i := len(found) - 1; i >= 0; i-- {
		l := *found[i].at
		after, ok := declaredIn(l, top, made, found[i].params)
		if !ok || found[i].owner >= 0 && found[i].owner <= after {
			continue
		}
		name := hashedName("_activisInst", types.ExprString(l))
		if _, done := made[name]; !done {
			made[name] = after
			aliases = append(aliases, instanceAlias{after: after, decl: &ast.GenDecl{TokPos: l.Pos(), Tok: token.TYPE, Specs: []ast.Spec{
				&ast.TypeSpec{Name: &ast.Ident{NamePos: l.Pos(), Name: name}, Assign: l.Pos(), Type: l}}}})
		}
		at := found[i].at
		*at = &ast.Ident{NamePos: l.Pos(), Name: name}
		undo = append(undo, func() { *at = l })
	}
	return aliases, restore
}

// methodInstanceAliases returns the aliases of the instances of the
// session's generic types with methods that the group's type check saw
// (instancesSeen), to be compiled before the group, at pos; top holds the
// file's type specs (topSpecs; nil for a statement group), whose
// instances, and those of the generic types the file declares, are left
// out, as those whose alias done holds (the group's other aliases).
// yaegi v0.16.1 compiled the methods of an instance it first made for the
// result of a generic call without the instance's type arguments:
// `NewSet(1, 2).Union(b)` failed with a nil dereference in its
// CFG, at Union's own `NewSet[T]()`, also inside a function, and the
// half-made instance broke the session's later uses of it (a CFG nil
// dereference for the define of `NewSet(1, 2)`), until stop 46. An alias compiled
// first makes the instance from its type expression.
func (r *rewriter) methodInstanceAliases(pos token.Pos, top map[any]int, done []instanceAlias) []instanceAlias {
	if r == nil || !r.genericTypes() {
		return nil
	}
	have := map[string]bool{}
	for _, a := range done {
		for _, sp := range a.decl.(*ast.GenDecl).Specs {
			have[sp.(*ast.TypeSpec).Name.Name] = true
		}
	}
	var used map[string]bool
	if r.root != nil {
		used = pkgRefs(r.root) // typecheck.go
	}
	var out []instanceAlias
	for _, text := range r.instancesSeen() { // instanceprint.go
		e, err := parser.ParseExpr(text)
		if err != nil {
			continue
		}
		g, args := r.genericInstance(e)
		if g == nil || g.cell || len(g.methods)+len(g.ptrMethods) == 0 || !packagesUsed(e, used) || holdsInstance(args) {
			continue
		}
		if after, ok := declaredIn(e, top, nil, nil); !ok || after >= 0 {
			continue
		}
		name := hashedName("_activisInst", types.ExprString(e))
		if have[name] {
			continue
		}
		have[name] = true
		out = append(out, instanceAlias{after: -1, decl: &ast.GenDecl{TokPos: pos, Tok: token.TYPE, Specs: []ast.Spec{
			&ast.TypeSpec{Name: &ast.Ident{NamePos: pos, Name: name}, Assign: pos, Type: cloneTypeAt(e, pos)}}}})
	}
	return out
}

// holdsInstance reports whether one of the type expressions args holds an
// instance of a generic type: yaegi failed to make an alias of an
// instance whose type argument is the alias of another ("type not found:
// main.Stack[main._activisInst…]"), so such instances are left out.
func holdsInstance(args []ast.Expr) bool {
	found := false
	for _, a := range args {
		ast.Inspect(a, func(n ast.Node) bool {
			switch n.(type) {
			case *ast.IndexExpr, *ast.IndexListExpr:
				found = true
			}
			return !found
		})
	}
	return found
}

// isGenericType reports whether name is a generic type of the session
// (compare.go's genericType).
func (sc sessionScope) isGenericType(name string) bool {
	generic, _ := sc.genericType(name)
	return generic
}

// isTypeName reports whether e is a name generic tells that no variable
// or function of the file's scopes hides.
func isTypeName(e ast.Expr, generic func(string) bool) bool {
	id, ok := e.(*ast.Ident)
	return ok && (id.Obj == nil || id.Obj.Kind == ast.Typ) && generic(id.Name)
}

// convertedInstance returns fun, the function of a call of one argument,
// if it is an instance of a generic type generic tells (a conversion:
// `Vec[int](xs)`), through parentheses; else nil.
func convertedInstance(fun *ast.Expr, generic func(string) bool) *ast.Expr {
	for {
		switch x := (*fun).(type) {
		case *ast.ParenExpr:
			fun = &x.X
			continue
		case *ast.IndexExpr:
			if isTypeName(x.X, generic) {
				return fun
			}
		case *ast.IndexListExpr:
			if isTypeName(x.X, generic) {
				return fun
			}
		}
		return nil
	}
}

// instanceAlias is the declaration of an alias instanceAliases made, to
// be declared after the declaration of index after of the group's file
// (-1: first).
type instanceAlias struct {
	decl  ast.Decl
	after int
}

// withAliases returns decls with the aliases declared where they say.
func withAliases(decls []ast.Decl, aliases []instanceAlias) []ast.Decl {
	out := make([]ast.Decl, 0, len(decls)+len(aliases))
	for i := -1; i < len(decls); i++ {
		if i >= 0 {
			out = append(out, decls[i])
		}
		for _, a := range aliases {
			if a.after == i {
				out = append(out, a.decl)
			}
		}
	}
	return out
}

// instanceArg returns where the type argument *e holds an instance of a
// generic type of two or more type parameters, through parentheses and
// pointers; nil if it holds none. With asserted, *e is the type of an
// assertion, and an instance of one type parameter (`a.(Opt[string])`)
// counts too.
func instanceArg(e *ast.Expr, asserted bool) *ast.Expr {
	for {
		switch x := (*e).(type) {
		case *ast.ParenExpr:
			e = &x.X
		case *ast.StarExpr:
			e = &x.X
		case *ast.IndexListExpr:
			return sessionInstance(e, x.X)
		case *ast.IndexExpr:
			if !asserted {
				return nil
			}
			return sessionInstance(e, x.X)
		default:
			return nil
		}
	}
}

// sessionInstance returns e, an instance of the generic type g, if g is
// the session's (a name), else nil: an alias of a package's instance
// (`p.Pair[string, int]`) is another run-time type than the package's
// (instanceassert.go).
func sessionInstance(e *ast.Expr, g ast.Expr) *ast.Expr {
	if _, ok := g.(*ast.Ident); ok {
		return e
	}
	return nil
}

// declaredIn tells whether every name e holds is of the package level:
// unresolved in the file, declared by a spec of top, or an alias of made;
// after is the largest index top or made gives those, -1 for none. A type
// parameter (a field of a type parameter list, or one of params, the
// receiver's, which the parser leaves unresolved) and a type declared
// inside a function are not of the package level.
func declaredIn(e ast.Expr, top map[any]int, made map[string]int, params map[string]bool) (after int, ok bool) {
	after, ok = -1, true
	ast.Inspect(e, func(n ast.Node) bool {
		id, isID := n.(*ast.Ident)
		switch {
		case !isID:
		case id.Obj == nil && params[id.Name]:
			ok = false
		case id.Obj != nil:
			i, in := top[id.Obj.Decl]
			ok = ok && in
			after = max(after, i)
		default:
			if i, in := made[id.Name]; in {
				after = max(after, i)
			}
			// A name a rewrite wrote from the type check, unresolved,
			// of a type the file declares (see topSpecs).
			if i, in := top[topTypeName(id.Name)]; in {
				after = max(after, i)
			}
		}
		return ok
	})
	return after, ok
}

// receiverTypeParams returns the names of the type parameters of n's
// receiver when n is a method of a generic type (`K` and `V` of `func (m
// M[K, V]) F()`), or nil. go/parser leaves them unresolved: an
// assertion `m.x.(Pair[K, V])` in such a method was taken for an
// instance of the package level, and its alias failed the cell ("undefined:
// V", or a CFG panic where the names were the session's).
func receiverTypeParams(n ast.Node) map[string]bool {
	fd, ok := n.(*ast.FuncDecl)
	if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 {
		return nil
	}
	t := fd.Recv.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	_, args, ok := typeArgsOf(unparen(t))
	if !ok {
		return nil
	}
	params := map[string]bool{}
	for _, a := range args {
		if id, ok := a.(*ast.Ident); ok && id.Name != "_" {
			params[id.Name] = true
		}
	}
	return params
}

// topSpecs returns the specs of the declarations of f at the package
// level, with the index of their declaration, and so the names of the
// types declared there (as topTypeName keys): a type expression a rewrite
// wrote from the session's type check (typecheck.go's expr) holds names
// the parser did not resolve (`Pair[string, float64]` in the conversion
// typeargs.go writes for `Some(p)`), and an alias declared before that
// Pair failed the cell with "nil reflect type".
func topSpecs(f *ast.File) map[any]int {
	top := map[any]int{}
	for i, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok {
			for _, sp := range g.Specs {
				top[sp] = i
				if ts, ok := sp.(*ast.TypeSpec); ok {
					top[topTypeName(ts.Name.Name)] = i
				}
			}
		}
	}
	return top
}

// topTypeName is the key of a type's name in topSpecs' map.
type topTypeName string

// nestedInstance matches a generic type of one type argument that is an
// instance of two or more: `Box[Pair[K, V]]`, `Box[*Pair[K, V]]`.
var nestedInstance = regexp.MustCompile(`\w\[\s*[*(]*\s*[\w.]+\[[^\[\]]*,`)

// genericFunc matches the declaration of a generic function or of a
// method of a generic type.
var genericFunc = regexp.MustCompile(`func\s+(\w+\s*\[|\([^)]*\w\[[^)]*\))`)
