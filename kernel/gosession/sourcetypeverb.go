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
		table = append(table, genericStructEntries(p, str)...)
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

// genericStructEntries returns the table entries of sourceTypeString for
// the exported generic struct types of package p: each one's name and
// its field names, as a string literal (str) and a "\x00"-joined one.
func genericStructEntries(p *types.Package, str func(string) ast.Expr) []ast.Expr {
	var out []ast.Expr
	for _, name := range p.Scope().Names() {
		tn, ok := p.Scope().Lookup(name).(*types.TypeName)
		if !ok || !tn.Exported() || tn.IsAlias() {
			continue
		}
		n, ok := tn.Type().(*types.Named)
		if !ok || n.TypeParams().Len() == 0 {
			continue
		}
		st, ok := n.Underlying().(*types.Struct)
		if !ok {
			continue
		}
		fields := make([]string, st.NumFields())
		for i := range fields {
			fields[i] = st.Field(i).Name()
			if !st.Field(i).Exported() {
				fields[i] = "X" + fields[i] // yaegi's run-time name of an unexported field
			}
		}
		name, _, _ := strings.Cut(walkTypeName(n), "[") // p.Box, without its type parameters
		out = append(out, str(genericEntry+name), str(strings.Join(fields, "\x00")))
	}
	return out
}

// genericEntry starts the names of generic types in sourceTypeString's
// table.
const genericEntry = "generic "

// sourceTypeString is the run-time half of sourceDynamicName: %T of v,
// with table the names and nil pointers of the exported struct types of
// the packages the session interprets from source (and the names, marked
// genericEntry, and field names of their generic struct types), and
// fallback the session's rule for other values (nil: ifaceTypeString).
// yaegi gives an instance of such a generic type made with typed type
// arguments the run-time type of its unnamed struct too (`%T` of `any(
// p.NewBox(n))` printed `*struct { V int }`, Go's `*p.Box[int]`), which
// cannot tell the type arguments: an unnamed struct whose field names are
// one such type's is refused naming it.
func (a *anonStructs) sourceTypeString(v any, at string, fallback func(any) string, table ...any) string {
	if rv := reflect.ValueOf(v); rv.IsValid() && isValueInterface(rv.Type()) { // ifacert.go
		s := valueInterfaceType(rv) // ifacert.go
		if fields, ok := yaegiStructFields(strings.TrimLeft(s, "*")); ok {
			refuseGenericStruct(at, s, fields, table)
		}
	} else if rv.IsValid() {
		rt, stars := rv.Type(), ""
		for rt.Kind() == reflect.Pointer {
			rt, stars = rt.Elem(), stars+"*"
		}
		if rt.Kind() == reflect.Struct && rt.Name() == "" {
			var names []string
			for i := 0; i+1 < len(table); i += 2 {
				name, _ := table[i].(string)
				if strings.HasPrefix(name, genericEntry) {
					continue
				}
				if pt := reflect.TypeOf(table[i+1]); pt != nil && pt.Elem() == rt {
					names = append(names, name)
				}
			}
			if len(names) == 0 {
				refuseGenericStruct(at, stars+rt.String(), fieldNames(rt), table)
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

// refuseGenericStruct panics when the field names fields of a value's
// unnamed struct (shown as shown) are those of generic struct types in
// table (see sourceTypeString).
func refuseGenericStruct(at, shown, fields string, table []any) {
	var generics []string
	for i := 0; i+1 < len(table); i += 2 {
		name, _ := table[i].(string)
		if g, ok := strings.CutPrefix(name, genericEntry); ok && table[i+1] == fields {
			generics = append(generics, g)
		}
	}
	if len(generics) > 0 {
		panic(fmt.Errorf("%s: %%T of a value whose type may be an instance of %s (the interpreter keeps it as %s, without its type arguments) is not supported by the interpreter; "+
			"print the type from a type switch on the value instead: %w", at, strings.Join(generics, " or "), shown, ErrUnsupported))
	}
}

// fieldNames returns the names of the fields of the struct type rt, as
// genericStructEntries joins them.
func fieldNames(rt reflect.Type) string {
	names := make([]string, rt.NumField())
	for i := range names {
		names[i] = rt.Field(i).Name
	}
	return strings.Join(names, "\x00")
}

// yaegiStructFields returns the field names of yaegi's type string s of
// an unnamed struct (`struct { V int; Next *struct {…}}`), joined as
// fieldNames joins them, and whether s is one.
func yaegiStructFields(s string) (string, bool) {
	body, ok := strings.CutPrefix(s, "struct {")
	if !ok || !strings.HasSuffix(body, "}") {
		return "", false
	}
	body = body[:len(body)-1]
	var names []string
	depth, start := 0, 0
	for i := 0; i <= len(body); i++ {
		if i < len(body) {
			switch body[i] {
			case '{', '[', '(':
				depth++
				continue
			case '}', ']', ')':
				depth--
				continue
			case ';':
				if depth != 0 {
					continue
				}
			default:
				continue
			}
		}
		if field := strings.Fields(body[start:i]); len(field) > 0 {
			names = append(names, field[0])
		}
		start = i + 1
	}
	return strings.Join(names, "\x00"), true
}
