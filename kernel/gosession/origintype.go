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
	names := map[string]string{} // run-time type → the bare session type's name
	for _, o := range origins {
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
