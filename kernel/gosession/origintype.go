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

// %T of an interface that may hold a session type without methods.
//
// yaegi keeps a value of a session type without methods in an interface
// as a bare value of its underlying type (ifaceorigin.go), so after `var
// x any = Level(1)` for `type Level int`, `fmt.Printf("%T", x)` printed
// int (Go: main.Level), and so did a function printing the %T of its
// parameter called with Level(3). dynamicTypeName (fmttype.go) names the
// session types the interpreter keeps apart; for the others it asks
// bareOriginTests: where the syntax shows what the interface may hold
// (the origins of ifaceorigin.go and ifaceflow.go) and a session type
// without methods is the only one of its run-time type among them, a
// value of that run-time type is named as that type:
//
//	if _, ok := v.(int); ok { return "main.Level" }
//
// Where the origins hold it beside another type of the same run-time type
// (Level and int, Level and Score), the call is refused, naming both and
// the workaround. A function that prints its interface parameter with %T
// counts that as an assertion of the parameter to every type (typeVerb),
// so that a call passing a session value without methods is refused as a
// conflicting assertion is (originCall). Written for this package.

// typeVerb is the assertion paramAsserts records for a parameter printed
// with %T: it conflicts with every session type the interpreter holds as
// a bare value.
const typeVerb = "%T"

// isTypeVerb reports whether t is typeVerb's marker.
func isTypeVerb(t ast.Expr) bool {
	id, ok := t.(*ast.Ident)
	return ok && id.Name == typeVerb
}

// bareType returns the session type o names when the interpreter holds
// its values in an interface as bare values of another type (a type
// without methods that is not a struct, or a pointer to one), their
// run-time type, and the name %T gives it in Go.
func (r *rewriter) bareType(o ast.Expr) (nt *namedType, shape, name string) {
	nt, ptr := r.assertedType(o)
	if nt == nil || nt.hasMethods() {
		return nil, "", ""
	}
	s, isStruct := r.shape(nt)
	if isStruct {
		return nil, "", "" // named by dynamicTypeName's assertions
	}
	name = "main." + nt.user
	if ptr {
		s, name = "*"+s, "*"+name
	}
	return nt, s, name
}

// bareOriginTests returns the tests described above for the %T of e
// (whose value the generated function holds in _activisV), or ok false
// after refusing the call.
func (r *rewriter) bareOriginTests(e ast.Expr, pos token.Pos) (tests []ast.Stmt, ok bool) {
	origins := r.originTypes(e, 0)
	byShape := map[string]map[string]bool{} // run-time type → the origins' type names
	var bare []string
	names := map[string]string{}      // run-time type → the bare session type's name
	asserted := map[string]ast.Expr{} // run-time type → the composite type asserted to
	for _, o := range origins {
		if s, _, name, ok := r.compositeBare(o); ok {
			if byShape[s] == nil {
				byShape[s] = map[string]bool{}
			}
			if names[s] == "" {
				bare = append(bare, s)
			}
			byShape[s][types.ExprString(userExpr(r, o))] = true
			names[s], asserted[s] = name, o
			continue
		}
		if nt, s, name := r.bareType(o); nt != nil {
			if byShape[s] == nil {
				byShape[s] = map[string]bool{}
			}
			if names[s] == "" {
				bare = append(bare, s)
			}
			byShape[s][types.ExprString(userExpr(r, o))] = true
			names[s] = name
			continue
		}
		if s, _, known := r.typeIdentity(o); known {
			if byShape[s] == nil {
				byShape[s] = map[string]bool{}
			}
			byShape[s][types.ExprString(userExpr(r, o))] = true
		}
	}
	sort.Strings(bare)
	for _, s := range bare {
		if len(byShape[s]) > 1 {
			held := make([]string, 0, len(byShape[s]))
			for n := range byShape[s] {
				held = append(held, n)
			}
			sort.Strings(held)
			r.fail(pos, "%%T of %s, which may hold a value of type %s: the interpreter gives them the same run-time type %s, "+
				"so it cannot tell which one it holds; print the %%T of a variable of the type itself, or make the session "+
				"type a struct of its own (type Celsius struct{ V float64 })",
				types.ExprString(userExpr(r, e)), strings.Join(held, " or "), s)
			return nil, false
		}
		t, err := parser.ParseExpr(s)
		if a := asserted[s]; a != nil {
			t, err = a, nil
		}
		if err != nil {
			continue // not a type the cell can write: left as it was
		}
		ok := r.fresh("OK")
		id := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
		tests = append(tests, &ast.IfStmt{If: pos,
			Init: &ast.AssignStmt{Lhs: []ast.Expr{id("_"), id(ok)}, TokPos: pos, Tok: token.DEFINE,
				Rhs: []ast.Expr{&ast.TypeAssertExpr{X: id(typeVerbParam), Lparen: pos, Type: cloneAt(t, pos), Rparen: pos}}},
			Cond: id(ok),
			Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{&ast.ReturnStmt{Return: pos,
				Results: []ast.Expr{&ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(names[s])}}}}}})
	}
	return tests, true
}

// compositeBare returns, for o, a slice, array or map type (or a pointer
// to one) holding session types or instances of the session's generic
// struct types, its run-time type, where the session's named types are
// their underlying types (a struct type is its own, by its tag:
// structmark.go), what fmt's %T shows of that run-time type (a struct
// type as `struct {…}`), and the name %T gives it in Go; ok false for any other
// o, or one holding a type it cannot tell (an interface, a function, a
// generic type that is not a struct, a type declared in a function).
// yaegi keeps such a value bare in an interface: `var b any = []Level{1}`
// printed `[]int` for %T, and a map of structs their run-time struct
// type, until stop 46; a function printing the %T of its parameter is
// refused such a value (typeVerbConflict).
func (r *rewriter) compositeBare(o ast.Expr) (shape, shown, name string, ok bool) {
	switch x := unparen(o).(type) {
	case *ast.ArrayType, *ast.MapType:
	case *ast.StarExpr:
		switch unparen(x.X).(type) {
		case *ast.ArrayType, *ast.MapType:
		default:
			return "", "", "", false
		}
	default:
		return "", "", "", false
	}
	session := false
	// walk returns e's run-time type as a key and as fmt's %T shows it.
	var walk func(e ast.Expr, depth int) (key, shown string, ok bool)
	walk = func(e ast.Expr, depth int) (string, string, bool) {
		if depth > 16 {
			return "", "", false
		}
		switch x := unparen(e).(type) {
		case *ast.Ident:
			if s, pre := predeclaredTypes[x.Name]; pre && x.Obj == nil && r.sc.globalType(x.Name) == nil {
				return s, s, true
			}
			nt, _ := r.assertedType(x)
			if nt == nil || r.sessionTypes()[nt.name] != nt {
				return "", "", false
			}
			s, isStruct := r.shape(nt)
			if isStruct {
				session = true
				return "main." + nt.name, "struct {…}", true
			}
			if u, err := parser.ParseExpr(s); err != nil || !isPredeclared(u) {
				return "", "", false // an underlying type made of other types
			}
			session = true
			return s, s, true
		case *ast.IndexExpr, *ast.IndexListExpr:
			base, args, isInst := typeArgsOf(x)
			if !isInst {
				return "", "", false
			}
			g, _ := r.genericInstance(x)
			if g == nil {
				return "", "", false
			}
			if _, isStruct := g.spec.Type.(*ast.StructType); !isStruct {
				return "", "", false
			}
			parts := make([]string, len(args))
			for i, a := range args {
				p, _, ok := walk(a, depth+1)
				if !ok {
					return "", "", false
				}
				parts[i] = p
			}
			session = true
			return "main." + types.ExprString(base) + "[" + strings.Join(parts, ",") + "]", "struct {…}", true
		case *ast.SelectorExpr:
			s := types.ExprString(x)
			return s, s, true // a compiled package's type: its own run-time type
		case *ast.StarExpr:
			el, sh, ok := walk(x.X, depth+1)
			return "*" + el, "*" + sh, ok
		case *ast.ArrayType:
			el, sh, ok := walk(x.Elt, depth+1)
			if x.Len == nil {
				return "[]" + el, "[]" + sh, ok
			}
			n, isLit := x.Len.(*ast.BasicLit)
			if !isLit {
				return "", "", false
			}
			return "[" + n.Value + "]" + el, "[" + n.Value + "]" + sh, ok
		case *ast.MapType:
			k, ks, ok := walk(x.Key, depth+1)
			v, vs, ok2 := walk(x.Value, depth+1)
			return "map[" + k + "]" + v, "map[" + ks + "]" + vs, ok && ok2
		}
		return "", "", false
	}
	shape, shown, ok = walk(o, 0)
	if !ok || !session {
		return "", "", "", false
	}
	var declared bool
	if name = r.goTypeName(o, &declared); name == "" {
		return "", "", "", false
	}
	return shape, shown, name, true
}

// isPredeclared reports whether e is the name of a predeclared type.
func isPredeclared(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	if !ok {
		return false
	}
	_, pre := predeclaredTypes[id.Name]
	return pre
}

// typeVerbParam names the parameter of the function literal that
// dynamicTypeName makes, by which typeVerbParams knows it in the
// rewritten source the session keeps of a function.
const typeVerbParam = "_activisTypeOf"

// typeVerbParams returns the parameters that a call of fmt's Printf,
// Sprintf, Errorf, Fprintf or Appendf with a literal format prints with
// %T, or that the rewritten form of such a call names (a call of
// dynamicTypeName's function literal), for paramAsserts, which has no
// type oracle (so fmt is known by its name).
func typeVerbParams(c *ast.CallExpr, param func(ast.Expr) *ast.Object) []*ast.Object {
	if lit, ok := c.Fun.(*ast.FuncLit); ok && len(c.Args) == 1 {
		if ps := lit.Type.Params.List; len(ps) == 1 && len(ps[0].Names) == 1 && ps[0].Names[0].Name == typeVerbParam {
			if o := param(c.Args[0]); o != nil {
				return []*ast.Object{o}
			}
		}
		return nil
	}
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok || c.Ellipsis.IsValid() {
		return nil
	}
	if pkg, ok := sel.X.(*ast.Ident); !ok || pkg.Name != "fmt" || pkg.Obj != nil {
		return nil
	}
	first := 0
	switch sel.Sel.Name {
	case "Printf", "Sprintf", "Errorf":
	case "Fprintf", "Appendf":
		first = 1
	default:
		return nil
	}
	if len(c.Args) <= first {
		return nil
	}
	_, verbs, ok := literalFormat(c.Args[first])
	if !ok {
		return nil
	}
	var out []*ast.Object
	for i, v := range verbs {
		if a := first + 1 + i; v.verb == 'T' && a < len(c.Args) {
			if o := param(c.Args[a]); o != nil {
				out = append(out, o)
			}
		}
	}
	return out
}

// typeVerbConflict returns the first origin whose %T the interpreter
// cannot tell (a session type it holds bare) and its run-time type.
func (r *rewriter) typeVerbConflict(origins []ast.Expr) (ast.Expr, string) {
	for _, o := range origins {
		if _, shown, _, ok := r.compositeBare(o); ok {
			return o, shown
		}
		if nt, s, _ := r.bareType(o); nt != nil {
			return o, s
		}
	}
	return nil, ""
}

// isTypeParam reports whether t is a type parameter (renamed with
// typeParamPrefix): its %T is its type argument's, which
// dynamicTypeName finds at run time as for an interface (yaegi printed a
// session struct argument as its unnamed struct type).
func isTypeParam(t ast.Expr) bool {
	id, ok := unparen(t).(*ast.Ident)
	return ok && strings.HasPrefix(id.Name, typeParamPrefix)
}
