package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Print calls that spread a slice of interfaces: fmt.Println(args...).
//
// yaegi v0.16.1 keeps a session value with methods stored in an `any`
// element as its own valueInterface, and a spread slice reaches compiled
// fmt as it is: `fmt.Println(args...)` in a variadic helper (`func logln(
// args ...any) { fmt.Println(args...) }`) printed yaegi's pointers,
// `{0xc000… {0x… 0x… 130}}`, for `logln(Status(1))`, Go `done` (also
// fmt.Printf(format, args...), log's functions and *log.Logger's
// methods). Where the session
// declares types with methods, the spread slice of a call of fmt's or
// log's print functions is rebuilt before the call by a function literal
// that makes each element printable as Go prints it:
//
//	fmt.Println(func(_activisXs []any) []any {
//		_activisOut := make([]any, 0, len(_activisXs))
//		for _, _activisE := range _activisXs {
//			_activisOut = append(_activisOut, <methodText of _activisE>)
//		}
//		return _activisOut
//	}(args)...)
//
// methodText (fmttype.go) calls the String or Error method of the session
// value an element holds, or unwraps it. For Print, Sprint, Fprint and
// Append the literal also puts the separator between each pair itself
// (PrintSep, printspace.go: a String text is a string, the value may not
// have been). For Printf-like calls the verb of each element is read
// from the format at run time (SpreadVerbs, any format): %v, %s, %q, %x
// and %X without `#` get methodText, the other verbs the basic value
// with the session type's name for a bad verb (PlainNamed, badverb.go);
// %T, %p, %w, `#` and `*` arguments are left as they are. The format is
// read twice, so it must be a variable or a literal. Written for this
// package.

// spreadPrint rewrites the spread argument of c described above.
func (r *rewriter) spreadPrint(c *ast.CallExpr) {
	if r.oracle == nil || !c.Ellipsis.IsValid() || r.err != nil || len(c.Args) == 0 {
		return
	}
	sel, ok := unparen(c.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	path := ""
	if pkg, ok := unparen(sel.X).(*ast.Ident); ok && pkg.Obj == nil && r.sc.isPackage(pkg.Name) {
		path = r.importPath(pkg)
	} else if t := r.oracle.typeOf(sel.X); isLogLogger(t) || t != nil && types.TypeString(t, nil) == "*github.com/traefik/yaegi/stdlib.logLogger" {
		path = "log" // a *log.Logger's methods print as log's functions
	} else if id, ok := unparen(sel.X).(*ast.Ident); ok && id.Obj == nil && t == nil {
		if g := r.sc.globalType(id.Name); g != nil && (types.ExprString(g) == "*log.Logger" || types.ExprString(g) == "*stdlib.logLogger") {
			path = "log" // a variable of an earlier cell (yaegi's name of the type)
		}
	}
	fn, ok := printFuncs[path][sel.Sel.Name] // nestedstringer.go
	if !ok {
		return
	}
	last := len(c.Args) - 1
	if fn.printf && last != fn.first+1 || !fn.printf && last != fn.first {
		return
	}
	if t := r.oracle.typeOf(c.Args[last]); t == nil || !isAnySlice(t) {
		return
	}
	rt := ""
	if r.printMethods(c.Pos()) { // instanceprint.go
		rt = r.ifaceRuntimeName()
	}
	if rt == "" {
		return
	}
	pos := c.Args[last].Pos()
	id := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
	xs, out, i, e := r.fresh("Xs"), r.fresh("Out"), r.fresh("I"), r.fresh("E")
	anySlice := func() ast.Expr { return &ast.ArrayType{Lbrack: pos, Elt: id("any")} }
	appendTo := func(v ast.Expr) ast.Stmt {
		return &ast.AssignStmt{Lhs: []ast.Expr{id(out)}, TokPos: pos, Tok: token.ASSIGN,
			Rhs: []ast.Expr{&ast.CallExpr{Fun: id("append"), Lparen: pos, Args: []ast.Expr{id(out), v}, Rparen: pos}}}
	}
	text := r.methodText(id(e), false)
	if text == nil {
		return
	}
	params := []*ast.Field{{Names: []*ast.Ident{id(xs)}, Type: anySlice()}}
	args := []ast.Expr{c.Args[last]}
	var loop, pre []ast.Stmt
	name := sel.Sel.Name
	switch {
	case fn.printf:
		format := c.Args[fn.first]
		if lit, ok := unparen(format).(*ast.BasicLit); !ok || lit.Kind != token.STRING {
			if !simpleOperand(format) {
				return
			}
		}
		f, verbs := r.fresh("F"), r.fresh("Verbs")
		params = append([]*ast.Field{{Names: []*ast.Ident{id(f)}, Type: id("string")}}, params...)
		args = append([]ast.Expr{cloneExpr(format)}, args...)
		plain := &ast.CallExpr{Fun: &ast.SelectorExpr{X: id(rt), Sel: id("PlainNamed")}, Lparen: pos, Args: []ast.Expr{id(e)}, Rparen: pos}
		str := func(s string) ast.Expr {
			return &ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(s)}
		}
		loop = []ast.Stmt{&ast.SwitchStmt{Switch: pos,
			Tag: &ast.IndexExpr{X: id(verbs), Lbrack: pos, Index: id(i), Rbrack: pos},
			Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{
				&ast.CaseClause{Case: pos, Colon: pos, List: []ast.Expr{str("m")}, Body: []ast.Stmt{appendTo(text)}},
				&ast.CaseClause{Case: pos, Colon: pos, List: []ast.Expr{str("n")}, Body: []ast.Stmt{appendTo(plain)}},
				&ast.CaseClause{Case: pos, Colon: pos, List: []ast.Expr{str("t")}, Body: []ast.Stmt{appendTo(r.spreadTypeName(id(e), rt))}},
				&ast.CaseClause{Case: pos, Colon: pos, List: []ast.Expr{str("g")}, Body: []ast.Stmt{appendTo(r.goSyntaxCall(id(e), nil, "GoSyntax", "", nil))}},
				&ast.CaseClause{Case: pos, Colon: pos, Body: []ast.Stmt{appendTo(id(e))}},
			}}}}
		verbsOf := &ast.AssignStmt{Lhs: []ast.Expr{id(verbs)}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{&ast.CallExpr{
			Fun: &ast.SelectorExpr{X: id(rt), Sel: id("SpreadVerbs")}, Lparen: pos, Args: []ast.Expr{id(f),
				&ast.CallExpr{Fun: id("len"), Lparen: pos, Args: []ast.Expr{id(xs)}, Rparen: pos}}, Rparen: pos}}}
		pre = append(pre, verbsOf)
		if lit, ok := unparen(format).(*ast.BasicLit); ok && !simpleOperand(c.Args[last]) {
			if f, err := strconv.Unquote(lit.Value); err == nil && strings.Contains(f, "%") {
				if marks := spreadVerbsTG(f, 64); slices.Contains(marks, "t") || slices.Contains(marks, "g") {
					r.fail(c.Args[last].Pos(), "%%T or %%#v of an element of a slice expression spread into %s would print the "+
						"interpreter's own types; spread a variable: args := %s; %s(…, args...)",
						types.ExprString(c.Fun), types.ExprString(c.Args[last]), types.ExprString(c.Fun))
					return
				}
			}
		}
		if simpleOperand(c.Args[last]) {
			// %T and %#v become %s, for the name and the Go syntax the
			// literal passes: the slice is read twice.
			verbsOf.Rhs[0].(*ast.CallExpr).Fun.(*ast.SelectorExpr).Sel.Name = "SpreadVerbsTG"
			// A format with explicit argument indexes loses them in both:
			// the slice gets each operand where its verb uses it.
			pre = append(pre, &ast.AssignStmt{Lhs: []ast.Expr{id(xs)}, TokPos: pos, Tok: token.ASSIGN, Rhs: []ast.Expr{&ast.CallExpr{
				Fun: &ast.SelectorExpr{X: id(rt), Sel: id("SpreadArgs")}, Lparen: pos, Args: []ast.Expr{id(f), id(xs)}, Rparen: pos}}})
			c.Args[fn.first] = &ast.CallExpr{Fun: &ast.SelectorExpr{X: id(rt), Sel: id("SpreadFormat")}, Lparen: pos,
				Args: []ast.Expr{format, &ast.CallExpr{Fun: id("len"), Lparen: pos, Args: []ast.Expr{cloneExpr(c.Args[last])}, Rparen: pos}}, Rparen: pos}
		}
	case strings.HasSuffix(name, "ln"):
		loop = []ast.Stmt{appendTo(text)}
	default: // Print, Sprint, Fprint, Append; log's Print, Fatal, Panic
		sep := &ast.CallExpr{Fun: &ast.SelectorExpr{X: id(rt), Sel: id("PrintSep")}, Lparen: pos, Args: []ast.Expr{
			&ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: `"dd"`},
			&ast.IndexExpr{X: id(xs), Lbrack: pos, Index: &ast.BinaryExpr{X: id(i), OpPos: pos, Op: token.SUB,
				Y: &ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: "1"}}, Rbrack: pos},
			id(e)}, Rparen: pos}
		loop = []ast.Stmt{&ast.IfStmt{If: pos, Cond: &ast.BinaryExpr{X: id(i), OpPos: pos, Op: token.GTR,
			Y: &ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: "0"}},
			Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{appendTo(sep)}}}, appendTo(text)}
	}
	body := append(pre,
		&ast.AssignStmt{Lhs: []ast.Expr{id(out)}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{&ast.CallExpr{
			Fun: id("make"), Lparen: pos, Args: []ast.Expr{anySlice(), &ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: "0"},
				&ast.BinaryExpr{X: &ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: "2"}, OpPos: pos, Op: token.MUL,
					Y: &ast.CallExpr{Fun: id("len"), Lparen: pos, Args: []ast.Expr{id(xs)}, Rparen: pos}}}, Rparen: pos}}},
		&ast.RangeStmt{For: pos, Key: id(i), Value: id(e), TokPos: pos, Tok: token.DEFINE, X: id(xs),
			Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: loop}},
		&ast.ReturnStmt{Return: pos, Results: []ast.Expr{id(out)}})
	c.Args[last] = &ast.CallExpr{Fun: &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{Opening: pos, Closing: pos, List: params},
			Results: &ast.FieldList{Opening: pos, Closing: pos, List: []*ast.Field{{Type: anySlice()}}}},
		Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: body},
	}, Lparen: pos, Args: args, Rparen: pos}
}

// isAnySlice reports whether t is a slice of the empty interface.
func isAnySlice(t types.Type) bool {
	s, ok := t.Underlying().(*types.Slice)
	if !ok {
		return false
	}
	i, ok := s.Elem().Underlying().(*types.Interface)
	return ok && i.Empty()
}

// cloneExpr copies a literal or a variable, field or address expression
// (what spreadPrint reads twice).
func cloneExpr(e ast.Expr) ast.Expr {
	switch x := e.(type) {
	case *ast.ParenExpr:
		return cloneExpr(x.X)
	case *ast.BasicLit:
		c := *x
		return &c
	case *ast.Ident:
		c := *x
		return &c
	case *ast.SelectorExpr:
		return &ast.SelectorExpr{X: cloneExpr(x.X), Sel: &ast.Ident{NamePos: x.Sel.NamePos, Name: x.Sel.Name}}
	case *ast.UnaryExpr:
		return &ast.UnaryExpr{OpPos: x.OpPos, Op: x.Op, X: cloneExpr(x.X)}
	}
	return e
}

// spreadVerbs returns, for each of n arguments of a Printf-like call with
// format, how the rewritten cell passes it on (see above): "m" for a %v,
// %s, %q, %x or %X verb without '#', "n" for another verb but %T, %p and
// %w, "t" for %T, "g" for %#v without other flags, "" otherwise (also for
// an argument two verbs use differently, and for a `*` width or
// precision). It parses the format as fmt does.
func spreadVerbs(format string, n int) []string {
	marks, _ := spreadParse(format, n)
	for i, m := range marks {
		if m == "t" || m == "g" {
			marks[i] = "" // the format keeps its %T and %#v
		}
	}
	return marks
}

// spreadVerbsTG is spreadVerbs for a format that spreadFormat rewrites,
// and for the operands spreadArgs gives.
func spreadVerbsTG(format string, n int) []string {
	format, n = unindexSpread(format, n)
	marks, _ := spreadParse(format, n)
	return marks
}

// spreadFormat returns format with the %T and %#v verbs whose argument
// spreadVerbs marks "t" or "g" turned into %s (with the same flags and
// width for %T): the rewritten cell passes the type's name or the Go
// syntax text for them. A format with explicit argument indexes loses
// them (unindexFormat, fmtindex.go): the cell passes the operands
// spreadArgs gives.
func spreadFormat(format string, n int) string {
	format, n = unindexSpread(format, n)
	_, f := spreadParse(format, n)
	return f
}

// spreadArgs returns the operands xs of a Printf-like call with format
// as the format spreadFormat gives takes them: each where its verb uses
// it (an index used twice gives its operand twice), or xs for a format
// without explicit argument indexes. Without it an operand that two verbs
// use differently (`%[1]v %[1]d`) reached fmt as yaegi's wrapper.
func spreadArgs(format string, xs []any) []any {
	_, uses, ok := unindexFormat(format, len(xs))
	if !ok {
		return xs
	}
	out := make([]any, len(uses))
	for i, u := range uses {
		out[i] = xs[u]
	}
	return out
}

// unindexSpread returns format without its explicit argument indexes and
// the number of operands it then takes, or format and n.
func unindexSpread(format string, n int) (string, int) {
	if plain, uses, ok := unindexFormat(format, n); ok {
		return plain, len(uses)
	}
	return format, n
}

// spreadParse is spreadVerbs and spreadFormat.
func spreadParse(format string, n int) ([]string, string) {
	marks, f, _ := formatArgs(format, n)
	return marks, f
}

// formatArgs is spreadParse, also giving the verbs each argument is used
// with ('*' for a width or precision, '#' before a verb with that flag).
func formatArgs(format string, n int) ([]string, string, [][]rune) {
	out := make([]string, n)
	seen := make([]bool, n)
	verbsOf := make([][]rune, n)
	var markVerb rune // the verb mark records
	mark := func(i int, how string) {
		if i < 0 || i >= n {
			return
		}
		verbsOf[i] = append(verbsOf[i], markVerb)
		if seen[i] && out[i] != how {
			how = ""
		}
		out[i], seen[i] = how, true
	}
	type use struct{ start, end, arg int } // a %T or %#v verb: format[start:end] is the directive
	var uses []use
	arg := 0
	index := func(i int) int { // an explicit [n] argument index
		if i < len(format) && format[i] == '[' {
			if end := strings.IndexByte(format[i:], ']'); end > 0 {
				if k, err := strconv.Atoi(format[i+1 : i+end]); err == nil && k >= 1 {
					arg = k - 1
				}
				return i + end + 1
			}
		}
		return i
	}
	for i := 0; i < len(format); {
		if format[i] != '%' {
			i++
			continue
		}
		start := i
		i++
		sharp, other := false, false
		for i < len(format) && strings.IndexByte("#0+- ", format[i]) >= 0 {
			sharp = sharp || format[i] == '#'
			other = other || format[i] != '#'
			i++
		}
		i = index(i)
		if i < len(format) && format[i] == '*' {
			markVerb = '*'
			mark(arg, "")
			arg++
			i++
			other = true
		}
		for i < len(format) && format[i] >= '0' && format[i] <= '9' {
			i++
			other = true
		}
		if i < len(format) && format[i] == '.' {
			i++
			other = true
			i = index(i)
			if i < len(format) && format[i] == '*' {
				markVerb = '*'
				mark(arg, "")
				arg++
				i++
			}
			for i < len(format) && format[i] >= '0' && format[i] <= '9' {
				i++
			}
		}
		i = index(i)
		if i >= len(format) {
			break
		}
		verb, size := utf8.DecodeRuneInString(format[i:])
		i += size
		markVerb = verb
		if sharp && verb != '%' {
			verbsOf = appendSharp(verbsOf, arg)
		}
		switch {
		case verb == '%':
			continue
		case verb == 'T':
			mark(arg, "t")
			uses = append(uses, use{start, i, arg})
		case verb == 'v' && sharp && !other:
			mark(arg, "g")
			uses = append(uses, use{start, i, arg})
		case strings.ContainsRune("vsqxX", verb) && !sharp:
			mark(arg, "m")
		case strings.ContainsRune("pw", verb) || sharp:
			mark(arg, "")
		default:
			mark(arg, "n")
		}
		arg++
	}
	var b strings.Builder
	last := 0
	for _, u := range uses {
		if u.arg >= n || out[u.arg] != "t" && out[u.arg] != "g" {
			continue
		}
		directive := format[u.start:u.end]
		b.WriteString(format[last:u.start])
		if strings.HasSuffix(directive, "T") {
			b.WriteString(directive[:len(directive)-1] + "s")
		} else {
			b.WriteString(strings.Replace(directive[:len(directive)-1], "#", "", 1) + "s")
		}
		last = u.end
	}
	b.WriteString(format[last:])
	return out, b.String(), verbsOf
}

// appendSharp records the '#' flag of the next verb of argument i.
func appendSharp(verbs [][]rune, i int) [][]rune {
	if i >= 0 && i < len(verbs) {
		verbs[i] = append(verbs[i], '#')
	}
	return verbs
}

// spreadTypeName returns what %T prints for the element e: as for an
// interface operand (dynamicTypeName, fmttype.go), else the session
// type's name from yaegi's valueInterface (ifaceTypeString), fmt's %T
// otherwise.
func (r *rewriter) spreadTypeName(e ast.Expr, rt string) ast.Expr {
	if d := r.dynamicTypeName(e); d != nil {
		return d // with the assertions of session structs (fmttype.go)
	}
	pos := e.Pos()
	args := []ast.Expr{e}
	args = append(args, r.renamedTypeArgs(pos)...)
	return &ast.CallExpr{Fun: &ast.SelectorExpr{X: &ast.Ident{NamePos: pos, Name: rt}, Sel: &ast.Ident{NamePos: pos, Name: "TypeString"}},
		Lparen: pos, Args: args, Rparen: pos}
}
