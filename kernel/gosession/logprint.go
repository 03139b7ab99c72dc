package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
	"io"
	"log"
	"strconv"
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
	r.logAtLine(c, sel, base)
}

// logAtLine makes the print call c (recv.Base(text), above) name the
// cell's line where the logger's flags ask for the file and line:
// compiled log took them from the caller's frame, which is the
// interpreter's (`value.go:586: msg`). The call becomes
//
//	_activisiface.LogAt(log.Print, log.Writer(), log.Prefix(), log.Flags(), "In[3]:12", panics, text)
//	_activisiface.LoggerAt(l, "In[3]:12", panics, text)
//
// for the package log and for a *log.Logger l, which print as before when
// the flags have neither Lshortfile nor Llongfile, and otherwise write
// the line with "In[3]:12" in the file's place (logAt). Only for a
// receiver the call can evaluate again (the package log, a variable).
func (r *rewriter) logAtLine(c *ast.CallExpr, sel *ast.SelectorExpr, base string) {
	if !simpleOperand(sel.X) {
		return
	}
	pkg := false
	if id, ok := unparen(sel.X).(*ast.Ident); ok && r.importPath(id) == "log" {
		pkg = true
	} else if _, ptr := r.oracle.typeOf(sel.X).(*types.Pointer); !ptr {
		return // a log.Logger value: left as it is
	}
	rt, id, method, where := r.logCallHead(c, sel)
	if rt == "" {
		return
	}
	panics := id("false")
	if base != "Print" {
		panics = id("true") // Panic, and Fatal, which the session runs as Panic
	}
	if pkg {
		c.Args = []ast.Expr{&ast.SelectorExpr{X: cloneExpr(sel.X), Sel: id(base)}, method("Writer"), method("Prefix"), method("Flags"),
			where, panics, c.Args[0]}
		c.Fun = &ast.SelectorExpr{X: id(rt), Sel: id("LogAt")}
		return
	}
	c.Args = []ast.Expr{cloneExpr(sel.X), where, panics, c.Args[0]}
	c.Fun = &ast.SelectorExpr{X: id(rt), Sel: id("LoggerAt")}
}

// logCallHead returns what logAtLine and logOutput (logoutput.go) write
// a call c of a method of sel.X as: the session runtime's name ("" when
// the cell cannot have it), a maker of identifiers and of calls of sel.X's
// methods at c, and the cell's place ("In[3]:12") as a string literal.
func (r *rewriter) logCallHead(c *ast.CallExpr, sel *ast.SelectorExpr) (rt string, id func(string) *ast.Ident, method func(string) ast.Expr, where ast.Expr) {
	rt = r.ifaceRuntimeName()
	pos := c.Pos()
	id = func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
	method = func(name string) ast.Expr {
		return &ast.CallExpr{Fun: &ast.SelectorExpr{X: cloneExpr(sel.X), Sel: id(name)}, Lparen: pos, Rparen: pos}
	}
	where = &ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(strings.Replace(r.place(pos), " line ", ":", 1))}
	return rt, id, method, where
}

// logAt is the run-time half of logAtLine for the package log.
func logAt(print func(...any), w io.Writer, prefix string, flags int, where string, panics bool, s string) {
	const file = log.Lshortfile | log.Llongfile
	if flags&file == 0 {
		print(s)
		return
	}
	msg := where + ": " + s
	if flags&log.Lmsgprefix != 0 {
		msg, prefix = where+": "+prefix+s, ""
	}
	log.New(w, prefix, flags&^(file|log.Lmsgprefix)).Output(0, msg)
	if panics {
		panic(s)
	}
}

// loggerAt is logAt for a *log.Logger.
func loggerAt(l *log.Logger, where string, panics bool, s string) {
	print := l.Print
	if panics {
		print = l.Panic
	}
	logAt(print, l.Writer(), l.Prefix(), l.Flags(), where, panics, s)
}

// logLineNeedsTypes reports whether f may call a print function of log
// or a *log.Logger (a call of a method named Print, Printf, Println,
// Panic…, Fatal… or Output of anything but fmt): logAtLine needs the type oracle
// for it even in a session without types of its own, since a logger's
// flags are known only when the call runs.
func logLineNeedsTypes(f *ast.File) bool {
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return !found
		}
		if id, ok := sel.X.(*ast.Ident); ok && id.Name == "fmt" {
			return true
		}
		switch sel.Sel.Name {
		case "Print", "Printf", "Println", "Panic", "Panicf", "Panicln", "Fatal", "Fatalf", "Fatalln", "Output": // Output: logoutput.go
			found = true
		}
		return !found
	})
	return found
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
