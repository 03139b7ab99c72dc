package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"slices"
)

// Formats known only at run time.
//
// The print rewrites read the verbs of a literal format (numverb.go,
// fmttype.go, badverb.go). With a format held in a variable
// (`row := "%-8v %3d\n"; fmt.Printf(row, lv, lv)`), an operand of a
// session type with methods reached compiled fmt as yaegi's wrapper:
// `%d` of a `Level` printed `{3 5485280}`, `%v` of an `*E` with an Error
// method `&{5}`, `%T` `gosession.guarded_fmt_Stringer`, all without an
// error. Such a call passes its operands as a spread slice, whose verbs
// spreadPrint (spreadprint.go) reads from the format at run time:
//
//	fmt.Printf(row, lv, e)   =>   func(f string, a []any) (int, error) {
//	                                      return fmt.Printf(f, a...)
//	                                  }(row, []any{lv, e})
//
// The format and the operands are evaluated once, in Go's order. The call
// is rewritten only when an operand may print through a session type's
// method: its type is a session type with methods (or a pointer to one),
// an interface, or unknown to the type oracle. (A writer of Fprintf and
// the buffer of Appendf are evaluated after the operands.)
//
// fmt.Errorf with %w of a session value in such a format cannot wrap it
// (compiled fmt sees no Error method; the literal format's rewrite,
// errorchain.go, can): the function literal first checks the operands of
// %w at run time (checkWrap) and panics with the workaround, where the
// message read "%!w(…)" and errors.Is was false. Written for this package.

// runtimeFormatResults are the results of fmt's Printf-like functions, and
// the index of their format argument.
var runtimeFormatResults = map[string]struct {
	first   int
	results []string
}{
	"Printf":  {0, []string{"int", "error"}},
	"Sprintf": {0, []string{"string"}},
	"Errorf":  {0, []string{"error"}},
	"Fprintf": {1, []string{"int", "error"}},
	"Appendf": {1, []string{"[]byte"}},
}

// runtimeFormat rewrites c as described above.
func (r *rewriter) runtimeFormat(c *ast.CallExpr) {
	if r.oracle == nil || r.err != nil || c.Ellipsis.IsValid() {
		return
	}
	pkg, fn, ok := r.packageCall(c)
	if !ok || r.importPath(c.Fun.(*ast.SelectorExpr).X.(*ast.Ident)) != "fmt" {
		return
	}
	spec, ok := runtimeFormatResults[fn]
	if !ok || len(c.Args) <= spec.first+1 {
		return
	}
	if lit, ok := unparen(c.Args[spec.first]).(*ast.BasicLit); ok && lit.Kind == token.STRING {
		return // the literal rewrites read it
	}
	operands := c.Args[spec.first+1:]
	methodful := false
	for _, a := range operands {
		methodful = methodful || r.printsThroughMethod(r.oracle.typeOf(a))
	}
	if !methodful {
		return
	}
	tv, ok := r.oracle.info.Types[c.Args[spec.first]]
	if !ok || !tv.IsValue() {
		return
	}
	pos := c.Args[spec.first].Pos()
	id := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
	f, a := r.fresh("F"), r.fresh("A")
	anySlice := func() ast.Expr { return &ast.ArrayType{Lbrack: pos, Elt: id("any")} }
	spread := id(a)
	// spreadPrint asks the oracle whether the spread operand is a []any:
	// the format's entry (a value) with that type tells it.
	tv.Type, tv.Value = types.NewSlice(types.Universe.Lookup("any").Type()), nil
	r.oracle.info.Types[spread] = tv
	inner := &ast.CallExpr{Fun: &ast.SelectorExpr{X: id(pkg), Sel: id(fn)}, Lparen: pos,
		Args: append(append([]ast.Expr{}, c.Args[:spec.first]...), id(f), spread), Ellipsis: pos, Rparen: pos}
	var results []*ast.Field
	for _, t := range spec.results {
		results = append(results, &ast.Field{Type: resultTypeExpr(t, pos)})
	}
	body := []ast.Stmt{&ast.ReturnStmt{Return: pos, Results: []ast.Expr{inner}}}
	if fn == "Errorf" {
		rt := r.ifaceRuntimeName()
		if rt == "" {
			return
		}
		check := &ast.CallExpr{Fun: &ast.SelectorExpr{X: id(rt), Sel: id("CheckWrap")}, Lparen: pos,
			Args: []ast.Expr{id(f), id(a)}, Rparen: pos}
		body = append([]ast.Stmt{&ast.ExprStmt{X: check}}, body...)
	}
	lit := &ast.FuncLit{Type: &ast.FuncType{Func: pos,
		Params: &ast.FieldList{Opening: pos, Closing: pos, List: []*ast.Field{
			{Names: []*ast.Ident{id(f)}, Type: id("string")},
			{Names: []*ast.Ident{id(a)}, Type: anySlice()}}},
		Results: &ast.FieldList{Opening: pos, Closing: pos, List: results}},
		Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: body}}
	c.Fun = lit
	c.Args = []ast.Expr{c.Args[spec.first], &ast.CompositeLit{Type: anySlice(), Lbrace: pos, Elts: operands, Rbrace: c.Rparen}}
}

// printsThroughMethod reports whether a value of static type t (nil when
// unknown) may reach fmt through a method of a session type: t is an
// interface, a named type of the session with methods or a pointer to one.
func (r *rewriter) printsThroughMethod(t types.Type) bool {
	if t == nil {
		return true
	}
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if _, ok := t.Underlying().(*types.Interface); ok {
		return true
	}
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Name() != "main" {
		return false
	}
	return n.NumMethods() > 0
}

// resultTypeExpr returns the type expression of one of
// runtimeFormatResults' result types.
func resultTypeExpr(t string, pos token.Pos) ast.Expr {
	if t == "[]byte" {
		return &ast.ArrayType{Lbrack: pos, Elt: &ast.Ident{NamePos: pos, Name: "byte"}}
	}
	return &ast.Ident{NamePos: pos, Name: t}
}

// checkWrap panics when an operand of a %w verb of format is a value of a
// session type, which fmt.Errorf cannot wrap (see above).
func checkWrap(format string, args []any) {
	_, _, verbs := formatArgs(format, len(args)) // spreadprint.go
	for i, v := range verbs {
		if !slices.Contains(v, 'w') || args[i] == nil {
			continue
		}
		inner, _ := ifaceUnwrap(args[i]) // ifacert.go
		t := reflect.TypeOf(inner)
		if t == reflect.TypeOf(args[i]) && !isYaegiWrapper(t) && !(t.Kind() == reflect.Pointer && t.Elem().Name() == "") {
			continue // a compiled error: fmt wraps it
		}
		panic("fmt.Errorf with %w of a value of a type declared in the session, with a format held in a variable: " +
			"the interpreter cannot wrap it (the message would read %!w(…) and errors.Is/As would not find it); " +
			"write the format as a literal (fmt.Errorf(\"load %s: %w\", name, err)), which the session wraps")
	}
}
