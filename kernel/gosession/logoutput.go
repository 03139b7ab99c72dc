package gosession

import (
	"fmt"
	"go/ast"
	"go/types"
	"io"
	"log"
	"path"
	"strconv"
)

// log's Output with a call depth, in cells and package files.
//
// `logger.Output(calldepth, s)` (and log.Output) with log.Lshortfile or
// log.Llongfile in the flags names the file and line calldepth frames up
// from Output. Compiled log counted the interpreter's frames: the
// standard library's ExampleLogger_Output, whose `infof` calls
// `logger.Output(2, info)`, printed `INFO: value.go:369: Hello world` (Go
// `INFO: example_test.go:36: Hello world`), without an error. As for the
// print functions (logprint.go, pkglogat.go), such a call is written as a
// call of the session's runtime with the call's own place:
//
//	logger.Output(2, s)  →  _activisrt.LoggerOutputAt(logger, "f.go:12", "example.com/m/f.go:12", 2, s)
//	log.Output(1, s)     →  _activisrt.LogOutputAt(log.Output, log.Writer(), log.Prefix(), log.Flags(), "In[3]:7", "In[3]:7", 1, s)
//
// which calls Output as before when the flags ask for no file, or for
// call depth 0 (log's own frame, which compiled log names as Go does);
// writes the call's place for call depth 1; and for a larger call depth,
// which names a caller's frame the interpreter does not show compiled
// code, panics with an error that names the call (ErrUnsupported), having
// written nothing (an error result would be dropped as callers drop it). Only where the type checker shows the package log or a
// *log.Logger. Written for this package.

// logOutputCall returns, for a call of Output of the package log (isPkg,
// the package's name in the file is logger) or of a *log.Logger written
// as logger, the runtime function's name and its leading arguments as
// text, short and long naming the call's place.
func logOutputCall(isPkg bool, logger, short, long string) (fn, lead string) {
	if isPkg {
		return "LogOutputAt", logger + ".Output, " + logger + ".Writer(), " + logger + ".Prefix(), " + logger + ".Flags(), " +
			strconv.Quote(short) + ", " + strconv.Quote(long) + ", "
	}
	return "LoggerOutputAt", logger + ", " + strconv.Quote(short) + ", " + strconv.Quote(long) + ", "
}

// logOutputCallee reports whether c calls Output of the package log
// (isPkg) or of a *log.Logger, as typeOf shows, and returns its
// selector; pkgName tells whether an identifier names the package log.
func logOutputCallee(c *ast.CallExpr, typeOf func(ast.Expr) types.Type, pkgName func(*ast.Ident) bool) (sel *ast.SelectorExpr, isPkg, ok bool) {
	sel, isSel := unparen(c.Fun).(*ast.SelectorExpr)
	if !isSel || sel.Sel.Name != "Output" || len(c.Args) != 2 || c.Ellipsis.IsValid() {
		return nil, false, false
	}
	if id, isID := unparen(sel.X).(*ast.Ident); isID && pkgName(id) {
		return sel, true, true
	}
	p, isPtr := typeOf(sel.X).(*types.Pointer)
	if !isPtr || !isLogLogger(p) {
		return nil, false, false
	}
	return sel, false, true
}

// logOutput rewrites c, in a cell, as above.
func (r *rewriter) logOutput(c *ast.CallExpr) {
	if r.oracle == nil {
		return
	}
	sel, isPkg, ok := logOutputCallee(c, r.oracle.typeOf, func(id *ast.Ident) bool { return r.importPath(id) == "log" })
	if !ok || !simpleOperand(sel.X) {
		return
	}
	rt, id, method, where := r.logCallHead(c, sel) // logprint.go
	if rt == "" {
		return
	}
	if isPkg {
		c.Args = append([]ast.Expr{&ast.SelectorExpr{X: cloneExpr(sel.X), Sel: id("Output")}, method("Writer"), method("Prefix"), method("Flags"),
			where, where}, c.Args...)
		c.Fun = &ast.SelectorExpr{X: id(rt), Sel: id("LogOutputAt")}
		return
	}
	c.Args = append([]ast.Expr{cloneExpr(sel.X), where, where}, c.Args...)
	c.Fun = &ast.SelectorExpr{X: id(rt), Sel: id("LoggerOutputAt")}
}

// logOutput rewrites c, in a package file, as above.
func (w *pkgGoWriter) logOutput(c *ast.CallExpr) {
	if w.types == nil {
		return
	}
	sel, isPkg, ok := logOutputCallee(c, w.types.typeOf, func(id *ast.Ident) bool {
		pn, isPkg := w.types.info.Uses[id].(*types.PkgName)
		return isPkg && pn.Imported().Path() == "log"
	})
	if !ok {
		return
	}
	at := w.where(c.Pos())
	if w.replace(w.off(c.Pos()), w.off(c.Lparen)+1, func() string {
		fn, lead := logOutputCall(isPkg, w.node(sel.X), path.Base(at), at)
		return pkgRuntimeName + "." + fn + "(" + lead
	}) {
		w.runtime = true
	}
}

// logOutputAt is the run-time half of logOutput for the package log
// (output is log.Output).
func logOutputAt(output func(int, string) error, w io.Writer, prefix string, flags int, short, long string, depth int, s string) error {
	const file = log.Lshortfile | log.Llongfile
	if flags&file == 0 || depth == 0 {
		return output(depth, s)
	}
	where := fileOrPath(flags, short, long)
	if depth != 1 {
		panic(fmt.Errorf("%s: log Output with call depth %d and log.Lshortfile or log.Llongfile names the file and line of a caller of the function that calls Output, which the interpreter does not show compiled log; use call depth 1, or write the place into the message: %w",
			long, depth, ErrUnsupported))
	}
	msg := where + ": " + s
	if flags&log.Lmsgprefix != 0 {
		msg, prefix = where+": "+prefix+s, ""
	}
	return log.New(w, prefix, flags&^(file|log.Lmsgprefix)).Output(0, msg)
}

// loggerOutputAt is logOutputAt for a *log.Logger.
func loggerOutputAt(l *log.Logger, short, long string, depth int, s string) error {
	return logOutputAt(l.Output, l.Writer(), l.Prefix(), l.Flags(), short, long, depth, s)
}
