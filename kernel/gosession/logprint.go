package gosession

import (
	"go/ast"
	"go/types"
	"strings"
)

// log's print functions format with fmt's.
//
// log.Print, Println, Printf, Fatal*, Panic* (and the methods of a
// *log.Logger) format their operands with fmt inside compiled code, so
// none of the session's fmt rewrites reached them: `log.Println(&S{2})`
// for a pointer-receiver String printed `&{2}` (fmt.Println: `S!`),
// `log.Println(&e)` with a pointer-receiver Error `&{3}`, and so on for
// every fmt difference the other files fix. Such a call becomes the
// plain print of the text fmt makes, in the cell:
//
//	log.Println(a, b)          → log.Print(fmt.Sprintln(a, b))
//	log.Fatalf("%v", x)        → log.Fatal(fmt.Sprintf("%v", x))
//	logger.Panic(a)            → logger.Panic(fmt.Sprint(a))
//
// which prints, exits and panics with the same text (log.Print of one
// string is that string; a missing newline is added as before), and the
// fmt call is rewritten like any other. Only where the type oracle knows
// the receiver (the package log, or a *log.Logger) and the session has
// fmt imported. Written for this package.

// logPrint rewrites c as described above.
func (r *rewriter) logPrint(c *ast.CallExpr) {
	if r.oracle == nil || c.Ellipsis.IsValid() {
		return
	}
	sel, ok := unparen(c.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	if id, ok := unparen(sel.X).(*ast.Ident); !ok || r.importPath(id) != "log" {
		if !isLogLogger(r.oracle.typeOf(sel.X)) {
			return
		}
	}
	var base, format string
	switch fn := sel.Sel.Name; fn {
	case "Print", "Fatal", "Panic":
		base, format = fn, "Sprint"
	case "Println", "Fatalln", "Panicln":
		base, format = strings.TrimSuffix(fn, "ln"), "Sprintln"
	case "Printf", "Fatalf", "Panicf":
		base, format = strings.TrimSuffix(fn, "f"), "Sprintf"
	default:
		return
	}
	fmtName := r.oracle.names["fmt"]
	if fmtName == "" {
		return
	}
	if base == sel.Sel.Name && len(c.Args) == 1 {
		if inner, ok := c.Args[0].(*ast.CallExpr); ok {
			if s, ok := inner.Fun.(*ast.SelectorExpr); ok && s.Sel.Name == format {
				return // already rewritten
			}
		}
	}
	pos := sel.Sel.Pos()
	sel.Sel = &ast.Ident{NamePos: pos, Name: base}
	c.Args = []ast.Expr{&ast.CallExpr{
		Fun:    &ast.SelectorExpr{X: &ast.Ident{NamePos: pos, Name: fmtName}, Sel: &ast.Ident{NamePos: pos, Name: format}},
		Lparen: c.Lparen, Args: c.Args, Rparen: c.Rparen}}
}

// isLogLogger reports whether t is *log.Logger or log.Logger.
func isLogLogger(t types.Type) bool {
	if t == nil {
		return false
	}
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "log" && n.Obj().Name() == "Logger"
}
