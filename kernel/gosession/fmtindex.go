package gosession

import (
	"go/ast"
	"go/token"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Formats with explicit argument indexes.
//
// The print rewrites (ptrstring.go, numverb.go, fmttype.go,
// errorchain.go, …) pair the verbs of a literal format with the operands
// in order; a format with explicit argument indexes (`%[2]v %[1]v`,
// `%[1]v %[1]d`, `%[3]*.[2]*[1]f`) they left alone, and yaegi v0.16.1's
// compiled fmt printed a session value without its methods: `P! P!` for
// `fmt.Printf("%[2]v %[1]v", p, &p)` with a pointer-receiver String (Go
// `P! {1}`), `{1 5533312}` for `%[1]d` of it, `&{x}` for `%[2]s` of a
// pointer with an Error method, `%!w(*struct {…})` for fmt.Errorf's
// `%[1]w`, all without an error. Such a call of fmt's Printf-like
// functions (log's become one, logprint.go) gets a format without
// indexes whose verbs take their operands in order, each operand written
// where its verb uses it, before the other print rewrites run:
//
//	fmt.Printf("%[2]v %[1]v|%[1]d", p, &p)   =>   fmt.Printf("%v %v|%d", &p, p, p)
//
// An operand used twice, out of order or not at all is written again,
// moved or dropped only where that evaluates nothing a second time: a
// variable, a field or element of one, its address or a constant
// (guard.go's pureValue). Otherwise the operands are evaluated once, in
// Go's order, as the parameters of a function literal whose types the
// type oracle writes (typecheck.go), and the call is made in it:
//
//	fmt.Sprintf("%[2]v-%[1]v", f(), g())   =>   func(_activisA1 T1, _activisA2 T2) string {
//	                                                return fmt.Sprintf("%v-%v", _activisA2, _activisA1)
//	                                            }(f(), g())
//
// A format whose indexes fmt itself reports (`%!v(BADINDEX)`), or an
// operand whose type cannot be written in the cell, is left as it was.
// Fewer operands than verbs need keep fmt's `%!v(MISSING)`; unused ones
// are not reported with explicit indexes, by fmt either. Written for this
// package.

// indexedFormat rewrites the fmt call c described above.
func (r *rewriter) indexedFormat(c *ast.CallExpr) {
	if r.oracle == nil || r.err != nil || c.Ellipsis.IsValid() {
		return
	}
	_, fn, ok := r.packageCall(c)
	if !ok || r.importPath(c.Fun.(*ast.SelectorExpr).X.(*ast.Ident)) != "fmt" {
		return
	}
	spec, ok := runtimeFormatResults[fn] // runtimeformat.go: fmt's Printf-like functions
	if !ok || len(c.Args) <= spec.first {
		return
	}
	lit, ok := unparen(c.Args[spec.first]).(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return
	}
	format, err := strconv.Unquote(lit.Value)
	if err != nil {
		return
	}
	operands := c.Args[spec.first+1:]
	plain, uses, ok := unindexFormat(format, len(operands))
	if !ok {
		return
	}
	inOrder := len(uses) == len(operands)
	for i, u := range uses {
		inOrder = inOrder && u == i
	}
	newLit := &ast.BasicLit{ValuePos: lit.ValuePos, Kind: token.STRING, Value: strconv.Quote(plain)}
	if inOrder {
		c.Args[spec.first] = newLit
		return
	}
	pure := true
	for _, a := range c.Args {
		pure = pure && r.reusable(a)
	}
	if pure {
		args := append(append([]ast.Expr{}, c.Args[:spec.first]...), newLit)
		for _, u := range uses {
			args = append(args, r.cloneReusable(operands[u]))
		}
		c.Args = args
		return
	}
	r.indexedFormatLit(c, spec.first, spec.results, newLit, uses)
}

// indexedFormatLit makes the call c of a fmt function whose format is
// argument first and whose results are resultTypes, with format newLit
// (without indexes) and the operands uses, in the body of a function
// literal taking c's arguments that are not reusable as its parameters
// (see above).
func (r *rewriter) indexedFormatLit(c *ast.CallExpr, first int, resultTypes []string, newLit *ast.BasicLit, uses []int) {
	pos := c.Pos()
	var results []*ast.Field
	for _, t := range resultTypes {
		results = append(results, &ast.Field{Type: resultTypeExpr(t, pos)})
	}
	var params []*ast.Field
	var outer []ast.Expr
	inner := make([]ast.Expr, len(c.Args)) // c's arguments as the body names them
	for i, a := range c.Args {
		if r.reusable(a) {
			inner[i] = a
			continue
		}
		tv, ok := r.oracle.info.Types[a]
		if !ok || !tv.IsValue() || r.oracle.typeOf(a) == nil {
			return // untyped nil, or a type the oracle does not know
		}
		te := r.oracle.expr(tv.Type)
		if te == nil {
			return
		}
		name := &ast.Ident{NamePos: a.Pos(), Name: r.fresh("A")}
		params = append(params, &ast.Field{Names: []*ast.Ident{name}, Type: cloneTypeAt(te, a.Pos())})
		outer = append(outer, a)
		use := &ast.Ident{NamePos: a.Pos(), Name: name.Name}
		tv.Value = nil
		r.oracle.info.Types[use] = tv // the later rewrites read its type
		inner[i] = use
	}
	args := append(append([]ast.Expr{}, inner[:first]...), newLit)
	operands := inner[first+1:]
	seen := map[int]bool{}
	for _, u := range uses {
		a := operands[u]
		if seen[u] {
			a = r.cloneReusable(a)
		}
		seen[u] = true
		args = append(args, a)
	}
	call := &ast.CallExpr{Fun: c.Fun, Lparen: c.Lparen, Args: args, Rparen: c.Rparen}
	if tv, ok := r.oracle.info.Types[c]; ok {
		r.oracle.info.Types[call] = tv
	}
	c.Fun = &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{Opening: pos, List: params, Closing: pos},
			Results: &ast.FieldList{Opening: pos, List: results, Closing: pos}},
		Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{&ast.ReturnStmt{Return: pos, Results: []ast.Expr{call}}}, Rbrace: pos},
	}
	c.Args = outer
}

// reusable reports whether evaluating e again, later or not at all
// changes nothing: a constant, a literal of a basic type, a pureValue
// (guard.go) or its address.
func (r *rewriter) reusable(e ast.Expr) bool {
	e = unparen(e)
	if tv, ok := r.oracle.info.Types[e]; ok && tv.Value != nil {
		return true
	}
	switch x := e.(type) {
	case *ast.BasicLit:
		return true
	case *ast.UnaryExpr:
		return x.Op == token.AND && r.pureValue(unparen(x.X))
	}
	return r.pureValue(e)
}

// cloneReusable copies a reusable expression, giving the copy the type
// the oracle knows for e.
func (r *rewriter) cloneReusable(e ast.Expr) ast.Expr {
	var c ast.Expr
	if u, ok := unparen(e).(*ast.UnaryExpr); ok {
		c = &ast.UnaryExpr{OpPos: u.OpPos, Op: u.Op, X: clonePure(unparen(u.X))}
	} else {
		c = clonePure(unparen(e))
	}
	if tv, ok := r.oracle.info.Types[e]; ok {
		r.oracle.info.Types[c] = tv
	}
	return c
}

// unindexFormat returns format without its explicit argument indexes and
// the operand each of its verbs and `*` widths and precisions then takes
// in turn, as fmt's doPrintf reads them; ok is false for a format without
// indexes, or one fmt reports as bad (an index out of range or not a
// number, a width after an index, a verb with no operand left).
func unindexFormat(format string, n int) (plain string, uses []int, ok bool) {
	var b strings.Builder
	arg := 0
	indexed := false
	// index reads an argument index at format[i:], writing nothing.
	index := func(i int) (int, bool, bool) {
		if i >= len(format) || format[i] != '[' {
			return i, false, true
		}
		end := strings.IndexByte(format[i:], ']')
		if end < 0 {
			return i, false, false
		}
		k, err := strconv.Atoi(format[i+1 : i+end])
		if err != nil || k < 1 || k > n {
			return i, false, false
		}
		arg, indexed = k-1, true
		return i + end + 1, true, true
	}
	use := func() bool {
		if arg >= n {
			return false
		}
		uses = append(uses, arg)
		arg++
		return true
	}
	// number reads a width or precision at format[i] (an optional index,
	// then `*`, which takes an operand, or digits) as fmt does; after
	// tells that it ended with an index, which the verb then uses. Digits
	// right after an index are bad in a width (fmt: BADINDEX), not in a
	// precision.
	number := func(i int, width bool) (next int, after, ok bool) {
		if i, after, ok = index(i); !ok {
			return i, false, false
		}
		if i < len(format) && format[i] == '*' {
			if !use() {
				return i, false, false
			}
			b.WriteByte('*')
			return i + 1, false, true
		}
		start := i
		for i < len(format) && format[i] >= '0' && format[i] <= '9' {
			i++
		}
		b.WriteString(format[start:i])
		if width && after && i > start {
			return i, false, false
		}
		return i, after, true
	}
	for i := 0; i < len(format); {
		if format[i] != '%' {
			b.WriteByte(format[i])
			i++
			continue
		}
		b.WriteByte('%')
		i++
		start := i
		for i < len(format) && strings.IndexByte("#0+- ", format[i]) >= 0 {
			i++
		}
		b.WriteString(format[start:i])
		var after, good bool
		if i, after, good = number(i, true); !good {
			return "", nil, false
		}
		if i < len(format) && format[i] == '.' {
			b.WriteByte('.')
			if after {
				return "", nil, false // fmt: "%[3].2d"
			}
			if i, after, good = number(i+1, false); !good {
				return "", nil, false
			}
		}
		if !after {
			if i, _, good = index(i); !good {
				return "", nil, false
			}
		}
		if i >= len(format) {
			return "", nil, false // fmt: NOVERB
		}
		verb, size := utf8.DecodeRuneInString(format[i:])
		b.WriteString(format[i : i+size])
		i += size
		if verb == '%' {
			continue
		}
		if !use() {
			return "", nil, false // fmt: MISSING
		}
	}
	if !indexed {
		return "", nil, false
	}
	return b.String(), uses, true
}
