package gosession

import (
	"go/ast"
	"go/parser"
	"go/types"
	"strconv"
)

// Slices of a type parameter printed by fmt.
//
// In a generic function, fmt gets a `[]T` as a slice of the run-time type
// yaegi v0.16.1 gives T's type argument, its underlying type for a type
// declared in the session, so the elements' String and Error methods were
// not called, without an error (`fmt.Sprint(xs)` for `xs []T` called with
// a `[]Name` gave `[r]`, Go `[Nr]`). A single T prints right: yaegi
// converts it to an interface with its methods. Such an operand of a
// print function of fmt, or of a %v verb without flags of a Printf-like
// call of fmt with a literal format, becomes the slice of its elements
// each printed by fmt.Sprint, which prints a T as Go does, whatever types
// the session declares later; fmt prints that []string as Go prints the
// slice (`[Nr Ns]`):
//
//	fmt.Sprint(xs)   =>   fmt.Sprint(func(s []T) []string { ... fmt.Sprint(s[i]) ... }(xs))
//
// With a verb other than %v, or with flags, width or precision (%s, %q,
// %x, %X, %5v; not + and #, which gosyntax.go's walk prints), fmt prints
// each element with the verb, between brackets; the operand becomes that
// text, printed verbatim (ifaceVerbatim), built the same way with
// fmt.Sprintf and the verb written, which prints a T as Go does:
//
//	fmt.Sprintf("%5v", xs)   =>   fmt.Sprintf("%5v", _activisiface.Verbatim(func(s []T) string { ... "[" ... fmt.Sprintf("%5v", s[i]) ... "]" }(xs)))
//
// except that a slice of bytes (T's type argument byte, or a type whose
// underlying type is byte) given to %s, %q, %x or %X is printed whole, as
// fmt prints a []byte. A map of a type parameter, and a slice of one
// inside another value, are left as they were. Written for this package.

// typeParamSlicePrint rewrites the operands of the fmt print call c that
// are slices of a type parameter printed with %v (see above).
func (r *rewriter) typeParamSlicePrint(c *ast.CallExpr) {
	_, ops, known, ok := r.printOperands(c)
	if !ok || !known {
		return
	}
	fmtID := unparen(unparen(c.Fun).(*ast.SelectorExpr).X).(*ast.Ident) // as printOperands found it
	if r.importPath(fmtID) != "fmt" {
		return // log's: the cell may not import fmt
	}
	pkg := fmtID.Name
	for _, op := range ops {
		sl, ok := types.Unalias(r.oracle.typeOf(op.arg)).(*types.Slice)
		if !ok {
			continue
		}
		tp, ok := sl.Elem().(*types.TypeParam)
		if !ok {
			continue
		}
		pos := op.arg.Pos()
		if op.verb == 'v' && op.flags == "" {
			lit, err := parser.ParseExpr("func(_activisS []" + tp.Obj().Name() + ") []string { _activisR := make([]string, len(_activisS)); " +
				"for _activisI := range _activisS { _activisR[_activisI] = " + pkg + ".Sprint(_activisS[_activisI]) }; return _activisR }")
			if err != nil {
				continue
			}
			c.Args[op.index] = &ast.CallExpr{Fun: setPositions(lit, pos), Lparen: pos, Args: []ast.Expr{op.arg}, Rparen: op.arg.End()}
			continue
		}
		rt := r.ifaceRuntimeName()
		if rt == "" {
			continue
		}
		spec := strconv.Quote("%" + op.flags + string(op.verb))
		bytes := ""
		if op.verb != 'v' {
			bytes = "if _activisB, _activisOK := any(_activisS).([]byte); _activisOK { return " + pkg + ".Sprintf(" + spec + ", _activisB) }; "
		}
		lit, err := parser.ParseExpr("func(_activisS []" + tp.Obj().Name() + ") string { " + bytes + `_activisR := "["; ` +
			`for _activisI := range _activisS { if _activisI > 0 { _activisR += " " }; _activisR += ` + pkg + ".Sprintf(" + spec + ", _activisS[_activisI]) }; " +
			`return _activisR + "]" }`)
		if err != nil {
			continue
		}
		text := &ast.CallExpr{Fun: setPositions(lit, pos), Lparen: pos, Args: []ast.Expr{op.arg}, Rparen: op.arg.End()}
		c.Args[op.index] = &ast.CallExpr{Fun: &ast.SelectorExpr{X: &ast.Ident{NamePos: pos, Name: rt}, Sel: &ast.Ident{NamePos: pos, Name: "Verbatim"}},
			Lparen: pos, Args: []ast.Expr{text}, Rparen: op.arg.End()}
	}
}

// declaresGeneric reports whether the group f declares a generic function
// or a method of a generic type, whose prints typeParamSlicePrint needs
// the type oracle for.
func declaresGeneric(f *ast.File) bool {
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && isGenericDecl(fd) { // methodhoist.go
			return true
		}
	}
	return false
}
