package gosession

import (
	"go/ast"
	"log"
	"reflect"

	"github.com/traefik/yaegi/interp"
)

// log.Logger and its Fatal methods.
//
// yaegi v0.16.1's standard library gives package log a Logger type of its
// own (a wrapper whose Fatal methods panic instead of exiting), returned
// by log.New. So `%T` of a logger printed *stdlib.logLogger (Go:
// *log.Logger) without an error, the wrapper had no SetPrefix, and
// log.Default(), a real *log.Logger, could not be passed where a
// *log.Logger was declared. The
// session gives cells the real type and log.New (logExports), and keeps
// the process alive another way: a Fatal method of a *log.Logger (or
// log.Logger) named in a cell, called or taken as a value, becomes the
// matching Panic method (loggerFatals), which prints the same line and then
// panics, as yaegi's package-level log.Fatal does. Before, the real
// logger of log.Default().Fatal("x") ended the kernel process through
// os.Exit. A logger handed to compiled code that calls its Fatal still
// exits, as it would in Go. Written for this package.

// logExports replaces yaegi's wrapped log.Logger and log.New by the real
// ones (see above), and its package-level functions by the real ones too
// (defaultlog.go): yaegi gives them a logger of the interpreter's own, so
// log.SetFlags(0) in a cell left slog's default logger, which writes
// through log.Default(), printing dates, and after slog.SetDefault the
// cell's log.Print lines bypassed the new handler. Fatal, Fatalf and
// Fatalln are log's Panic functions, which print the same line and panic,
// as yaegi's did.
func logExports() interp.Exports {
	return interp.Exports{"log/log": {
		"Logger":    reflect.ValueOf((*log.Logger)(nil)),
		"New":       reflect.ValueOf(log.New),
		"Fatal":     reflect.ValueOf(log.Panic),
		"Fatalf":    reflect.ValueOf(log.Panicf),
		"Fatalln":   reflect.ValueOf(log.Panicln),
		"Flags":     reflect.ValueOf(log.Flags),
		"Output":    reflect.ValueOf(log.Output),
		"Panic":     reflect.ValueOf(log.Panic),
		"Panicf":    reflect.ValueOf(log.Panicf),
		"Panicln":   reflect.ValueOf(log.Panicln),
		"Prefix":    reflect.ValueOf(log.Prefix),
		"Print":     reflect.ValueOf(log.Print),
		"Printf":    reflect.ValueOf(log.Printf),
		"Println":   reflect.ValueOf(log.Println),
		"SetFlags":  reflect.ValueOf(log.SetFlags),
		"SetOutput": reflect.ValueOf(log.SetOutput),
		"SetPrefix": reflect.ValueOf(log.SetPrefix),
		"Writer":    reflect.ValueOf(log.Writer),
	}}
}

// loggerPanics are the Panic methods that stand for a Logger's Fatal ones.
var loggerPanics = map[string]string{"Fatal": "Panic", "Fatalf": "Panicf", "Fatalln": "Panicln"}

// loggerFatals renames each Fatal method of a *log.Logger (or
// log.Logger) selected under n to its Panic method (see above), before
// other rewrites copy the selectors into nodes the checker has not typed
// (the method value `f := l.Fatalf` becomes a literal calling it).
func (r *rewriter) loggerFatals(n ast.Node) {
	if r.oracle == nil {
		return
	}
	ast.Inspect(n, func(m ast.Node) bool {
		sel, ok := m.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if p := loggerPanics[sel.Sel.Name]; p != "" && isLogLogger(r.oracle.typeOf(sel.X)) { // logprint.go
			sel.Sel = &ast.Ident{NamePos: sel.Sel.Pos(), Name: p}
		}
		return true
	})
}

// loggerFatalNeedsTypes tells whether f selects a method named Fatal,
// Fatalf or Fatalln from anything but package log, which loggerFatals
// needs the types for.
func loggerFatalNeedsTypes(f *ast.File) bool {
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok && loggerPanics[sel.Sel.Name] != "" {
			id, isID := unparen(sel.X).(*ast.Ident)
			found = !isID || id.Name != "log"
		}
		return !found
	})
	return found
}

// loggerFatal renames, in a package file, a Fatal method of a *log.Logger
// (or log.Logger) selected by sel to its Panic method, with the package's
// types (pkgtypes.go): the package gets the real Logger too, whose Fatal
// would end the kernel process.
func (w *pkgGoWriter) loggerFatal(sel *ast.SelectorExpr) {
	p := loggerPanics[sel.Sel.Name]
	if p == "" || w.types == nil || !isLogLogger(w.types.typeOf(sel.X)) {
		return
	}
	w.replace(w.off(sel.Sel.Pos()), w.off(sel.Sel.End()), func() string { return p })
}
