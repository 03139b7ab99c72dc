package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
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
// fmt.Printf(format, args...) and log's functions). Where the session
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
	pkg, ok := unparen(sel.X).(*ast.Ident)
	if !ok || pkg.Obj != nil {
		return
	}
	fn, ok := printFuncs[r.importPath(pkg)][sel.Sel.Name] // nestedstringer.go
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
	methods := false
	for _, t := range r.sessionTypes() {
		methods = methods || t.hasMethods()
	}
	rt := ""
	if methods {
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
				&ast.CaseClause{Case: pos, Colon: pos, Body: []ast.Stmt{appendTo(id(e))}},
			}}}}
		verbsOf := &ast.AssignStmt{Lhs: []ast.Expr{id(verbs)}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{&ast.CallExpr{
			Fun: &ast.SelectorExpr{X: id(rt), Sel: id("SpreadVerbs")}, Lparen: pos, Args: []ast.Expr{id(f),
				&ast.CallExpr{Fun: id("len"), Lparen: pos, Args: []ast.Expr{id(xs)}, Rparen: pos}}, Rparen: pos}}}
		pre = append(pre, verbsOf)
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
// %w, "" otherwise (also for an argument two verbs use differently, and
// for a `*` width or precision). It parses the format as fmt does.
func spreadVerbs(format string, n int) []string {
	out := make([]string, n)
	seen := make([]bool, n)
	mark := func(i int, how string) {
		if i < 0 || i >= n {
			return
		}
		if seen[i] && out[i] != how {
			how = ""
		}
		out[i], seen[i] = how, true
	}
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
		i++
		sharp := false
		for i < len(format) && strings.IndexByte("#0+- ", format[i]) >= 0 {
			sharp = sharp || format[i] == '#'
			i++
		}
		i = index(i)
		if i < len(format) && format[i] == '*' {
			mark(arg, "")
			arg++
			i++
		}
		for i < len(format) && format[i] >= '0' && format[i] <= '9' {
			i++
		}
		if i < len(format) && format[i] == '.' {
			i++
			i = index(i)
			if i < len(format) && format[i] == '*' {
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
		switch {
		case verb == '%':
			continue
		case strings.ContainsRune("vsqxX", verb) && !sharp:
			mark(arg, "m")
		case strings.ContainsRune("Tpw", verb) || sharp:
			mark(arg, "")
		default:
			mark(arg, "n")
		}
		arg++
	}
	return out
}
