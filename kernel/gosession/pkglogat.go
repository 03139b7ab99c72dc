package gosession

import (
	"fmt"
	"go/ast"
	"go/types"
	"io"
	"log"
	"path"
	"reflect"
	"strconv"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// The file and line of log's output in package files.
//
// With log.Lshortfile or log.Llongfile in a logger's flags, compiled log
// takes the file and line from its caller's frame, which for a package
// interpreted from source is the interpreter's: after
// `log.SetFlags(log.Lshortfile)` in a cell, a package's `log.Println("a")`
// printed `value.go:586: a` (Go `file.go:12: a`), without an error. As
// logprint.go does for cells, a print call of the package log or of a
// *log.Logger in a package file (Print, Printf, Println, Panic, Panicf,
// Panicln) is written, on its line, as a call of the session runtime that
// formats the operands as the call would and prints as before when the
// flags ask for no file, and otherwise with the package file's name and
// line in the file's place (the module path and file name for
// Llongfile):
//
//	log.Printf("n=%d", n)  → _activisrt.LogAtFilef(log.Print, log.Writer(), log.Prefix(), log.Flags(), "f.go:12", "example.com/m/f.go:12", false, "n=%d", n)
//	l.Println(a)           → _activisrt.LoggerAtFile(l, "f.go:12", "example.com/m/f.go:12", false, "ln", a)
//
// Only with the package's types, which tell a *log.Logger; a log.Logger
// value and the Fatal functions (which the session runs as Panic,
// logfatal.go) are left as they are.

// logKinds maps a print function of log to the one that prints its text
// without formatting ("Print" or "Panic") and how its operands are
// formatted ("" Sprint, "ln" Sprintln, "f" Sprintf: the runtime's
// function then has an f and a format parameter instead of the kind).
var logKinds = map[string][2]string{
	"Print": {"Print", ""}, "Println": {"Print", "ln"}, "Printf": {"Print", "f"},
	"Panic": {"Panic", ""}, "Panicln": {"Panic", "ln"}, "Panicf": {"Panic", "f"},
}

// pkgLogAtLine rewrites the call c as above.
func (w *pkgGoWriter) pkgLogAtLine(c *ast.CallExpr) {
	if head := w.logAtHead(c, w.node); head != nil && w.replace(w.off(c.Pos()), w.off(c.Lparen)+1, head) {
		w.runtime = true
	}
}

// logAtHead returns the text that replaces c's function and left
// parenthesis as above (text writes the logger), or nil where c is not
// such a call.
func (w *pkgGoWriter) logAtHead(c *ast.CallExpr, text func(ast.Node) string) func() string {
	if w.types == nil {
		return nil
	}
	sel, ok := unparen(c.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	kind, ok := logKinds[sel.Sel.Name]
	if !ok {
		return nil
	}
	if _, logPkg := w.printCallee(sel); logPkg != "log" {
		return nil
	}
	at := w.where(c.Pos())
	short, long := strconv.Quote(path.Base(at)), strconv.Quote(at)
	panics := strconv.FormatBool(kind[0] == "Panic")
	fn, how := "", strconv.Quote(kind[1])+", "
	if kind[1] == "f" {
		if len(c.Args) == 0 || c.Ellipsis.IsValid() && len(c.Args) == 1 {
			return nil
		}
		if b, ok := w.types.typeOf(c.Args[0]).(*types.Basic); !ok || b.Info()&types.IsString == 0 {
			return nil // a format of a string type of its own: the runtime's parameter is a string
		}
		fn, how = "f", ""
	}
	if id, ok := unparen(sel.X).(*ast.Ident); ok {
		if _, isPkg := w.types.info.Uses[id].(*types.PkgName); isPkg {
			l := id.Name
			return func() string {
				return pkgRuntimeName + ".LogAtFile" + fn + "(" + l + "." + kind[0] + ", " + l + ".Writer(), " + l + ".Prefix(), " + l + ".Flags(), " +
					short + ", " + long + ", " + panics + ", " + how
			}
		}
	}
	if _, ptr := w.types.typeOf(sel.X).(*types.Pointer); !ptr {
		return nil // a log.Logger value
	}
	return func() string {
		return pkgRuntimeName + ".LoggerAtFile" + fn + "(" + text(sel.X) + ", " + short + ", " + long + ", " + panics + ", " + how
	}
}

// logText formats args as log's Print (kind "") or Println ("ln") does.
func logText(kind string, args []any) string {
	if kind == "ln" {
		return fmt.Sprintln(args...)
	}
	return fmt.Sprint(args...)
}

// logAtFile is the run-time half of pkgLogAtLine for the package log:
// logAt (logprint.go) with short or long in the file's place.
func logAtFile(print func(...any), w io.Writer, prefix string, flags int, short, long string, panics bool, kind string, args ...any) {
	logAt(print, w, prefix, flags, fileOrPath(flags, short, long), panics, logText(kind, args))
}

// logAtFilef is logAtFile for Printf and Panicf.
func logAtFilef(print func(...any), w io.Writer, prefix string, flags int, short, long string, panics bool, format string, args ...any) {
	logAt(print, w, prefix, flags, fileOrPath(flags, short, long), panics, fmt.Sprintf(format, args...))
}

// loggerAtFile is logAtFile for a *log.Logger.
func loggerAtFile(l *log.Logger, short, long string, panics bool, kind string, args ...any) {
	loggerAt(l, fileOrPath(l.Flags(), short, long), panics, logText(kind, args))
}

// loggerAtFilef is logAtFilef for a *log.Logger.
func loggerAtFilef(l *log.Logger, short, long string, panics bool, format string, args ...any) {
	loggerAt(l, fileOrPath(l.Flags(), short, long), panics, fmt.Sprintf(format, args...))
}

// fileOrPath returns short where flags ask for log.Lshortfile (which
// wins over Llongfile, as in log), else long.
func fileOrPath(flags int, short, long string) string {
	if flags&log.Lshortfile != 0 {
		return short
	}
	return long
}

// logAtMapTypes tells the interpreter to hand the print operands of
// logAtFile and its siblings over as fmt's are (yaegi's stdlib.MapTypes):
// in a wrapper with their String (or Format) method. Without it
// log.Print(n) of a *Node with a String method printed &{2} once the call
// went through the runtime (Go node2).
func logAtMapTypes() interp.Exports {
	mt := stdlib.MapTypes[reflect.ValueOf(fmt.Println)]
	return interp.Exports{".": {"MapTypes": reflect.ValueOf(map[reflect.Value][]reflect.Type{
		reflect.ValueOf(logAtFile): mt, reflect.ValueOf(logAtFilef): mt,
		reflect.ValueOf(loggerAtFile): mt, reflect.ValueOf(loggerAtFilef): mt,
	})}}
}
