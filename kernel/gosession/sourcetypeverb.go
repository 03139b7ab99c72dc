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

// %T in cells of values of the types of packages interpreted from source.
//
// yaegi v0.16.1 gives a type of a package interpreted from source the
// run-time type of its underlying type (pkgtypeverb.go), so `%T` in a
// cell printed `struct { X int; Y int }` for a p.Point, `*struct { V int
// }` for a *p.Box[int] and `int` for a p.ID, without an error. Where the
// cell's type check gives the operand a static type that is not an
// interface and holds a named type of such a package, fmtTypes
// (fmttype.go) prints the name the type checker writes with package
// names, as Go's %T does (`p.Point`, `*p.Box[int]`, `[]p.Point`,
// `p.Box[main.Sample]`). An operand of an interface type goes through
// sourceTypeString at run time where the session imports such packages:
// yaegi holds a value of a struct type of theirs without its own methods
// as its unnamed struct (`%T` of `any(p.Point{1, 2})` printed `struct { X
// int; Y int }`), so an unnamed struct run-time type (or a pointer to one)
// that is one exported struct type's of those packages is printed with
// that type's name, one that is several types' (or one's and an unnamed
// struct type's a cell wrote, ifaceeq.go) is refused naming them, and any
// other value gets the session's own rule (dynamicTypeName). Written for
// this package.

// sourceTypeName returns %T of e when its static type holds a named type
// of a package interpreted from source, or "".
func (r *rewriter) sourceTypeName(e ast.Expr) string {
	if r.oracle == nil {
		return ""
	}
	t := r.oracle.info.Types[e].Type
	if t == nil || types.IsInterface(t) {
		return ""
	}
	found := false
	walkType(t, typePolicy{
		mapKeys: true,
		field:   func(*types.Named, *types.Struct, int) walkStep { return walkSkip },
		visit: func(u types.Type, _ int) walkStep {
			if n, ok := types.Unalias(u).(*types.Named); ok && n.Obj().Pkg() != nil && sourceModule(n.Obj().Pkg().Path()) {
				found = true
				return walkFound
			}
			return walkDescend
		},
	})
	if !found || holdsTypeParam(t, map[types.Type]bool{}) { // typeargs.go: a generic function's %T the checker cannot tell
		return ""
	}
	return types.TypeString(t, func(p *types.Package) string { return p.Name() })
}

// sourceDynamicName returns the expression giving %T of e, of an
// interface type, at run time (sourceTypeString) when the session imports
// packages interpreted from source with exported struct types; dyn is the
// session's own rule for e (dynamicTypeName), or nil. nil when there is
// nothing to do.
func (r *rewriter) sourceDynamicName(e ast.Expr, dyn ast.Expr) ast.Expr {
	if r.oracle == nil {
		return nil
	}
	if t := r.oracle.info.Types[e].Type; t == nil || !types.IsInterface(t) {
		return nil
	}
	pos := e.Pos()
	str := func(s string) ast.Expr {
		return &ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(s)}
	}
	var table []ast.Expr
	for _, p := range r.sourcePackages() { // sourceiface.go
		imp := r.oracle.names[p.Path()]
		for _, n := range concreteTypesOf(p) { // pkgtypes.go
			st, ok := n.Underlying().(*types.Struct)
			if !ok || !n.Obj().Exported() {
				continue
			}
			name := walkTypeName(n)
			r.noteSourceLookalike(name, st) // sourcewalk.go
			ptr := &ast.CallExpr{Fun: &ast.ParenExpr{X: &ast.StarExpr{Star: pos, X: &ast.SelectorExpr{X: &ast.Ident{NamePos: pos, Name: imp},
				Sel: &ast.Ident{NamePos: pos, Name: n.Obj().Name()}}}}, Lparen: pos, Args: []ast.Expr{&ast.Ident{NamePos: pos, Name: "nil"}}, Rparen: pos}
			table = append(table, str(name), ptr)
		}
	}
	rt := r.ifaceRuntimeName() // ifaceimpl.go
	if len(table) == 0 || rt == "" {
		return nil
	}
	var fallback ast.Expr = &ast.Ident{NamePos: pos, Name: "nil"}
	if c, ok := dyn.(*ast.CallExpr); ok && len(c.Args) == 1 {
		if fl, ok := c.Fun.(*ast.FuncLit); ok {
			fallback = fl
		}
	}
	args := append([]ast.Expr{e, str(r.place(pos)), fallback}, table...)
	return &ast.CallExpr{Fun: &ast.SelectorExpr{X: &ast.Ident{NamePos: pos, Name: rt}, Sel: &ast.Ident{NamePos: pos, Name: "SourceType"}},
		Lparen: pos, Args: args, Rparen: e.End()}
}

// sourceTypeString is the run-time half of sourceDynamicName: %T of v,
// with table the names and nil pointers of the exported struct types of
// the packages the session interprets from source, and fallback the
// session's rule for other values (nil: ifaceTypeString).
func (a *anonStructs) sourceTypeString(v any, at string, fallback func(any) string, table ...any) string {
	if rv := reflect.ValueOf(v); rv.IsValid() {
		rt, stars := rv.Type(), ""
		for rt.Kind() == reflect.Pointer {
			rt, stars = rt.Elem(), stars+"*"
		}
		if rt.Kind() == reflect.Struct && rt.Name() == "" {
			var names []string
			for i := 0; i+1 < len(table); i += 2 {
				name, _ := table[i].(string)
				if pt := reflect.TypeOf(table[i+1]); pt != nil && pt.Elem() == rt {
					names = append(names, name)
				}
			}
			if len(names) == 1 {
				if like := a.lookalike(names[0]); like != "" {
					names = append(names, like)
				}
			}
			switch len(names) {
			case 0:
			case 1:
				return stars + names[0]
			default:
				panic(fmt.Errorf("%s: %%T of a value whose type may be %s (the interpreter does not tell them apart) is not supported by the interpreter; "+
					"print the type from a type switch on the value instead: %w", at, strings.Join(names, " or "), ErrUnsupported))
			}
		}
	}
	if fallback != nil {
		return fallback(v)
	}
	return ifaceTypeString(v)
}
