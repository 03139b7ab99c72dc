package gosession

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"reflect"
	"strconv"
	"strings"

	"github.com/activis-go/activis/kernel/session"
)

// Generic results at the top level of a cell.
//
// yaegi v0.16.1 cannot type a variable defined at the top level from the
// result of a generic function (`m := slices.Max(xs)`, `ks :=
// slices.Sorted(maps.Keys(m))`, `d := Double(21)` for a session generic
// Double): it fails with "nil reflect type" or a nil dereference, while the
// same call compiles inside a function. The session therefore evaluates such
// a definition in two steps: the right-hand side runs once inside a function
// literal into a variable of type any, and the variable is then declared
// with the dynamic type of that value, written as Go source:
//
//	__activis_gv = func() any { return slices.Max(xs) }()
//	var m int = __activis_gv.(int)
//
// This works whenever that type can be written (built-in types, composites
// of them, and named types of imported compiled packages); for a value of a
// type declared in the session the error says to wrap the call in a function
// with a declared result type (which yaegi types correctly; `var q Q =
// Pick(v)` at the top level compiles but yields a zero value).

// genericVar is the session variable that carries a generic result.
const genericVar = "__activis_gv"

// genericDef returns the index of the first top-level statement of list
// that defines variables from an expression calling a generic function,
// with the variables' names and the expression, or -1.
func (s *Session) genericDef(st *state, list []ast.Stmt) (int, []*ast.Ident, ast.Expr) {
	for i, stmt := range list {
		switch x := stmt.(type) {
		case *ast.AssignStmt:
			if x.Tok != token.DEFINE || len(x.Lhs) < 1 || len(x.Rhs) != 1 {
				continue
			}
			if len(x.Lhs) > 1 { // a, b := f(x): see defineGenerics
				if ids := identList(x.Lhs); ids != nil && s.callsGeneric(st, x.Rhs[0]) {
					return i, ids, x.Rhs[0]
				}
				continue
			}
			id, ok := x.Lhs[0].(*ast.Ident)
			if ok && id.Name != "_" && s.callsGeneric(st, x.Rhs[0]) {
				return i, []*ast.Ident{id}, x.Rhs[0]
			}
		case *ast.DeclStmt:
			g, ok := x.Decl.(*ast.GenDecl)
			if !ok || g.Tok != token.VAR || len(g.Specs) != 1 {
				continue
			}
			vs := g.Specs[0].(*ast.ValueSpec)
			if vs.Type == nil && len(vs.Names) == 1 && len(vs.Values) == 1 && vs.Names[0].Name != "_" && s.callsGeneric(st, vs.Values[0]) {
				return i, vs.Names, vs.Values[0]
			}
		}
	}
	return -1, nil, nil
}

// callsGeneric reports whether e calls a generic function outside any
// function literal: a member of the session's interpreted slices or maps
// packages, or a generic function declared in the session.
func (s *Session) callsGeneric(st *state, e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			fun, _, _ := typeArgsOf(x.Fun) // explicit type arguments (see typeargs.go)
			switch f := fun.(type) {
			case *ast.SelectorExpr:
				if pkg, ok := f.X.(*ast.Ident); ok {
					path := st.imports[pkg.Name]
					if path == "slices" || path == "maps" || path == "iter" || path == "cmp" || path == "unique" || path == "weak" ||
						thirdParty(path) && sourceGenericFunc(st, path, f.Sel.Name) {
						found = true
					}
				}
			case *ast.Ident:
				if modernGeneric[f.Name] { // see modernpkg.go
					found = true
				}
				s.mu.Lock()
				d := st.decls[f.Name]
				s.mu.Unlock()
				if d != nil && d.Kind == "func" {
					if ft, ok := d.Type.(*ast.FuncType); ok && ft.TypeParams != nil && len(ft.TypeParams.List) > 0 {
						found = true
					}
				}
			}
		}
		return true
	})
	return found
}

// runStmts compiles and runs top-level statements, evaluating definitions
// from generic calls in two steps (see above).
//
// The blocks compiled here keep the position of the cell's block: yaegi
// finds a file's imports from node positions.
func (s *Session) runStmts(c *cell, st *state, body *ast.BlockStmt, text string) (reflect.Value, *session.ExecError) {
	var v reflect.Value
	block := func(list []ast.Stmt) *ast.BlockStmt {
		return &ast.BlockStmt{Lbrace: body.Lbrace, List: list, Rbrace: body.Rbrace}
	}
	if i, _, _ := s.genericDef(st, body.List); i < 0 {
		if split := s.splitGenericDefs(st, body.List); split != nil { // see genericmulti.go
			return s.runStmts(c, st, block(split), text)
		}
		return s.compileRun(c, st, body, text)
	}
	list := body.List
	for len(list) > 0 {
		i, ids, rhs := s.genericDef(st, list)
		if i < 0 {
			return s.compileRun(c, st, block(list), text)
		}
		if i > 0 {
			if _, e := s.compileRun(c, st, block(list[:i]), text); e != nil {
				return v, e
			}
		}
		define := s.defineGeneric
		if len(ids) > 1 {
			define = s.defineGenerics
		}
		if e := define(c, st, block, ids, rhs, text); e != nil {
			return v, e
		}
		list = list[i+1:]
	}
	return v, nil
}

// runGenericValue runs body, which returns one value, in a function
// literal of result type any whose result the cell stores in genericVar,
// and gives that value back (step 1 of defineGeneric and defineGenerics).
func (s *Session) runGenericValue(c *cell, st *state, block func([]ast.Stmt) *ast.BlockStmt, pos token.Pos, body []ast.Stmt, text string) (reflect.Value, *session.ExecError) {
	lit := &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: ast.NewIdent("any")}}}},
		Body: &ast.BlockStmt{List: body},
	}
	step1 := &ast.DeclStmt{Decl: &ast.GenDecl{Tok: token.VAR, Specs: []ast.Spec{&ast.ValueSpec{
		Names:  []*ast.Ident{ast.NewIdent(genericVar)},
		Type:   ast.NewIdent("any"),
		Values: []ast.Expr{&ast.CallExpr{Fun: lit}},
	}}}}
	if _, e := s.compileRun(c, st, block([]ast.Stmt{step1}), text); e != nil {
		return reflect.Value{}, e
	}
	val, err := evalGlobal(st, genericVar)
	if err != nil {
		return reflect.Value{}, s.compileError(c.name, err, text)
	}
	return val, nil
}

// defineGeneric runs `name := rhs` for a generic rhs in two steps.
func (s *Session) defineGeneric(c *cell, st *state, block func([]ast.Stmt) *ast.BlockStmt, ids []*ast.Ident, rhs ast.Expr, text string) *session.ExecError {
	id := ids[0]
	// A call of a session generic function whose result type the rewriter
	// can work out runs in a function with that result type (see
	// genericResult): yaegi types that right, also for generic types of
	// the session.
	rw := &rewriter{fset: st.fset, sc: s.scope(st), where: s.where}
	if t := rw.genericResult(rhs); t != nil {
		return s.defineViaFunc(c, st, block, []*ast.Ident{id}, rhs, []ast.Expr{t}, text)
	}
	o := s.callOracle(c, st, rhs, 1) // see genericmulti.go
	if e := unmakeableResult(c, o, ids, rhs); e != nil {
		return e
	}
	if t := instanceResult(o, rhs); t != nil {
		// At the call's position: yaegi finds the package of a
		// qualified type (p.Pair[string, int]) through it.
		return s.defineViaFunc(c, st, block, []*ast.Ident{id}, rhs, []ast.Expr{cloneTypeAt(t, rhs.Pos())}, text)
	}
	if t := literalType(rhs); t != nil {
		// A composite literal holding generic calls
		// (`[]Opt[string]{Some("a")}`) has the type it writes.
		return s.defineViaFunc(c, st, block, []*ast.Ident{id}, rhs, []ast.Expr{cloneTypeAt(t, rhs.Pos())}, text)
	}
	if t := operatorBasic(func() *typeOracle { return s.exprOracle(c, st, rhs, 1) }, rhs); t != nil {
		// An operator on generic calls of a basic type (`-G(4)`,
		// `!G(false)`): step 1 below got nil for `-G(4)` (the cell was
		// refused, "whose result is nil") and panicked for `!G(false)`
		// ("reflect: call of reflect.Value.SetBool on interface Value").
		return s.defineViaFunc(c, st, block, []*ast.Ident{id}, rhs, []ast.Expr{t}, text)
	}
	// Step 1: the value, computed once inside a function literal.
	ret := &ast.ReturnStmt{Return: rhs.Pos(), Results: []ast.Expr{rhs}}
	val, e := s.runGenericValue(c, st, block, rhs.Pos(), []ast.Stmt{ret}, text)
	if e != nil {
		return e
	}
	// Step 2: the variable, declared with the value's type.
	typ := ""
	if val.IsValid() && val.Kind() == reflect.Interface {
		val = val.Elem()
	}
	if val.IsValid() {
		typ = typeSource(st, val.Type())
	}
	if typ == "" {
		what := "nil"
		if val.IsValid() {
			what = val.Type().String()
		}
		msg := fmt.Sprintf("%s %s := …: the interpreter cannot type a top-level variable from a generic call whose result is %s (a type declared in the session); "+
			"wrap the call in a function with that result type and call it: func get() T { return … }; %s := get()",
			c.name, id.Name, what, id.Name)
		return &session.ExecError{Name: "unsupported", Value: msg, Traceback: []string{"unsupported: " + msg}}
	}
	src := fmt.Sprintf("package main; func main() { var %s %s = %s.(%s) }", id.Name, typ, genericVar, typ)
	file, err := parser.ParseFile(token.NewFileSet(), "", src, 0)
	if err != nil {
		return s.syntaxError(err)
	}
	decl := file.Decls[0].(*ast.FuncDecl).Body.List[0]
	setPositions(decl, id.Pos())
	_, e = s.compileRun(c, st, block([]ast.Stmt{decl}), text)
	return e
}

// evalGlobal reads a session variable.
func evalGlobal(st *state, name string) (v reflect.Value, err error) {
	st.interpMu.Lock()
	defer st.interpMu.Unlock()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", errInterp, r)
		}
	}()
	return st.in.Eval(name)
}

// typeSource writes t as Go source the session can compile, or "" when it
// cannot: types of the session's own declarations, unnamed structs and
// interfaces, and named types of packages the session has not imported.
func typeSource(st *state, t reflect.Type) string {
	if t.Name() != "" {
		if t.PkgPath() == "" {
			return t.Name() // predeclared: int, string, error, ...
		}
		for local, path := range st.imports {
			if path == t.PkgPath() && !strings.HasPrefix(path, "main") {
				return local + "." + t.Name()
			}
		}
		return ""
	}
	elem := func(prefix string, e reflect.Type) string {
		if s := typeSource(st, e); s != "" {
			return prefix + s
		}
		return ""
	}
	switch t.Kind() {
	case reflect.Slice:
		return elem("[]", t.Elem())
	case reflect.Array:
		return elem(fmt.Sprintf("[%d]", t.Len()), t.Elem())
	case reflect.Pointer:
		return elem("*", t.Elem())
	case reflect.Chan:
		switch t.ChanDir() {
		case reflect.RecvDir:
			return elem("<-chan ", t.Elem())
		case reflect.SendDir:
			return elem("chan<- ", t.Elem())
		}
		return elem("chan ", t.Elem())
	case reflect.Map:
		k := typeSource(st, t.Key())
		if k == "" {
			return ""
		}
		return elem("map["+k+"]", t.Elem())
	case reflect.Func:
		var ins, outs []string
		for i := 0; i < t.NumIn(); i++ {
			s := typeSource(st, t.In(i))
			if s == "" {
				return ""
			}
			if t.IsVariadic() && i == t.NumIn()-1 {
				s = "..." + strings.TrimPrefix(s, "[]")
			}
			ins = append(ins, s)
		}
		for i := 0; i < t.NumOut(); i++ {
			s := typeSource(st, t.Out(i))
			if s == "" {
				return ""
			}
			outs = append(outs, s)
		}
		sig := "func(" + strings.Join(ins, ", ") + ")"
		switch len(outs) {
		case 0:
		case 1:
			sig += " " + outs[0]
		default:
			sig += " (" + strings.Join(outs, ", ") + ")"
		}
		return sig
	}
	return ""
}

// setPositions gives every node of a synthetic statement, declaration or
// expression n the position pos (in the cell's file), so that the
// interpreter resolves its names in the cell's scope and messages point at
// the user's line; it returns n.
func setPositions[N ast.Node](n N, pos token.Pos) N {
	ast.Inspect(n, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.Ident:
			x.NamePos = pos
		case *ast.GenDecl:
			x.TokPos = pos
		case *ast.TypeAssertExpr:
			x.Lparen, x.Rparen = pos, pos
		case *ast.StarExpr:
			x.Star = pos
		case *ast.ArrayType:
			x.Lbrack = pos
		case *ast.MapType:
			x.Map = pos
		case *ast.ChanType:
			x.Begin = pos
		case *ast.FuncType:
			x.Func = pos
		case *ast.BasicLit:
			x.ValuePos = pos
		case *ast.Ellipsis:
			x.Ellipsis = pos
		case *ast.FieldList:
			x.Opening, x.Closing = pos, pos
		case *ast.BlockStmt:
			x.Lbrace, x.Rbrace = pos, pos
		case *ast.CallExpr:
			x.Lparen, x.Rparen = pos, pos
		case *ast.DeferStmt:
			x.Defer = pos
		case *ast.ReturnStmt:
			x.Return = pos
		case *ast.IfStmt:
			x.If = pos
		case *ast.AssignStmt:
			x.TokPos = pos
		case *ast.BinaryExpr:
			x.OpPos = pos
		}
		return true
	})
	return n
}

// getterFunc is the session function that computes a generic result of a
// known type (see defineViaFunc).
const getterFunc = "__activis_get"

// defineViaFunc runs `a, b := rhs` as `func __activis_get() (T1, T2) {
// return rhs }; a, b := __activis_get()` for the result types ts.
func (s *Session) defineViaFunc(c *cell, st *state, block func([]ast.Stmt) *ast.BlockStmt, ids []*ast.Ident, rhs ast.Expr, ts []ast.Expr, text string) *session.ExecError {
	pos := rhs.Pos()
	results := &ast.FieldList{}
	for _, t := range ts {
		results.List = append(results.List, &ast.Field{Type: t})
	}
	if len(ts) > 1 {
		results.Opening, results.Closing = pos, pos
	}
	lhs := make([]ast.Expr, len(ids))
	for i, id := range ids {
		lhs[i] = id
	}
	body := []ast.Stmt{&ast.ReturnStmt{Return: pos, Results: []ast.Expr{rhs}}}
	if len(ts) > 1 {
		// The results through variables: yaegi lost the error of
		// `return p.Parse("", true)` (see returncall.go).
		var names []ast.Expr
		for i := range ts {
			names = append(names, &ast.Ident{NamePos: pos, Name: fmt.Sprintf("_activisGR%d", i)})
		}
		body = []ast.Stmt{&ast.AssignStmt{Lhs: names, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{rhs}},
			&ast.ReturnStmt{Return: pos, Results: names}}
	}
	fn := &ast.FuncDecl{Name: &ast.Ident{NamePos: pos, Name: getterFunc},
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{Opening: pos, Closing: pos}, Results: results},
		Body: &ast.BlockStmt{Lbrace: pos, List: body, Rbrace: rhs.End()}}
	file := &ast.File{Package: pos, Name: &ast.Ident{NamePos: pos, Name: "main"}, Decls: []ast.Decl{fn}}
	if _, e := s.compileRun(c, st, file, text); e != nil {
		return e
	}
	def := &ast.AssignStmt{Lhs: lhs, TokPos: pos, Tok: token.DEFINE,
		Rhs: []ast.Expr{&ast.CallExpr{Fun: &ast.Ident{NamePos: pos, Name: getterFunc}, Lparen: pos, Rparen: pos}}}
	_, e := s.compileRun(c, st, block([]ast.Stmt{def}), text)
	return e
}

// literalType returns the type a composite literal, or the address of
// one, writes (`[]T{…}`, `&T{…}`), or nil.
func literalType(e ast.Expr) ast.Expr {
	switch x := unparen(e).(type) {
	case *ast.CompositeLit:
		if a, ok := x.Type.(*ast.ArrayType); ok {
			if _, ok := a.Len.(*ast.Ellipsis); ok {
				// [...]T{…}: the length is the number of elements
				// when none has an index.
				for _, el := range x.Elts {
					if _, keyed := el.(*ast.KeyValueExpr); keyed {
						return nil
					}
				}
				return &ast.ArrayType{Lbrack: a.Lbrack, Len: &ast.BasicLit{ValuePos: a.Lbrack, Kind: token.INT,
					Value: strconv.Itoa(len(x.Elts))}, Elt: a.Elt}
			}
		}
		return x.Type
	case *ast.UnaryExpr:
		if lit, ok := unparen(x.X).(*ast.CompositeLit); ok && x.Op == token.AND && lit.Type != nil {
			return &ast.StarExpr{Star: x.Pos(), X: lit.Type}
		}
	}
	return nil
}

// sourceGenericFunc reports whether the package path, interpreted from
// source, has a generic function name (`p.NewPair("a", 1)` at the top
// level failed with "nil reflect type" when its result is an instance of
// the package's generic type), as the session's type checker reads the
// package's sources.
func sourceGenericFunc(st *state, path, name string) bool {
	if st.types == nil {
		return false
	}
	pkg, err := st.types.importer().Import(path)
	if err != nil || pkg == nil {
		return false
	}
	fn, ok := pkg.Scope().Lookup(name).(*types.Func)
	if !ok {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	return ok && sig.TypeParams().Len() > 0
}

// operatorBasic returns the type of rhs, placed at it, when rhs is a unary
// or binary operator expression whose type the oracle gives as a
// predeclared basic type; nil otherwise (the oracle is asked only for an
// operator expression).
func operatorBasic(oracle func() *typeOracle, rhs ast.Expr) ast.Expr {
	switch unparen(rhs).(type) {
	case *ast.UnaryExpr, *ast.BinaryExpr:
	default:
		return nil
	}
	o := oracle()
	if o == nil {
		return nil
	}
	b, ok := o.typeOf(rhs).(*types.Basic)
	if !ok || b.Info()&types.IsUntyped != 0 || b.Kind() == types.UnsafePointer {
		return nil
	}
	return &ast.Ident{NamePos: rhs.Pos(), Name: b.Name()}
}
