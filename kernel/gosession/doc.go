// Package gosession is the interpreted Go session of the Go (ActiVis)
// Jupyter kernel: it implements session.Session on top of the yaegi
// interpreter (github.com/traefik/yaegi v0.16.1, used as a dependency, not
// forked).
//
// # Cells
//
// A cell is Go as typed at a REPL: it may mix imports, type, func, var and
// const declarations, statements and a trailing expression whose value is
// shown (execute_result):
//
//	import "math"
//	type Point struct{ X, Y float64 }
//	func (p Point) Norm() float64 { return math.Hypot(p.X, p.Y) }
//	p := Point{3, 4}
//	p.Norm()            // shown: 5
//
// The session splits the cell into its top-level items (Split), evaluates
// them in order and keeps every declaration for later cells. Re-running a
// cell that redefines a func, var, type or method replaces it for later
// cells: yaegi keeps the first definition of a type and its methods, so a
// changed type (or a type with a changed method) gets a fresh internal name
// such as Point_v2, and later cells' references to Point are rewritten to it;
// values made before keep the old type. Re-running an identical type
// declaration is a no-op. Packages referred to but not imported (fmt.Println with no import
// of fmt) are imported automatically when the name is unambiguous.
//
// # Go 1.26 on a Go 1.22 interpreter
//
// yaegi v0.16.1 stops at Go 1.22. Before evaluation the session rewrites the
// syntax tree (rewrite.go): range over an integer becomes a three-clause
// loop, range over a function iterator becomes a call with a yield closure.
// Go statements start their goroutine through compiled code (gostart.go):
// the function, receiver and arguments are evaluated at the go statement by
// an interpreted call that returns the goroutine's func(), and the
// session's goStart runs it under a recover that reports a panic as the
// cell's error. yaegi's own go statement read the function back from a
// frame slot that a returning goroutine of an earlier loop iteration could
// reset, and then started another iteration's closure or a nil function,
// whose panic ended the kernel process. The callbacks of time.AfterFunc and
// context.AfterFunc, which compiled code runs in goroutines of its own, run
// under the same recover; so do function literals handed to the other
// functions that do so (testing.Benchmark, packages compiled in with
// `activis-kernel build --with`), and every function literal handed to
// compiled code is made by a call of its own, so that a callback registered
// in a loop keeps its iteration's variables (guard.go). The go statements
// of third-party packages interpreted from source are rewritten the same
// way, by the source file system yaegi reads them through (pkgsource.go).
// min, max and clear are supplied as prelude functions and the generic
// slices/maps functions yaegi lacks (slices.Max, slices.Sort, slices.Sorted,
// maps.Keys, ...) as interpreted source written for this package (gosrc/).
// What cannot be bridged fails with an error naming the construct and what
// to write instead.
//
// # Go's semantics where yaegi differs
//
// Further rewrites, each in a file of its own, restore what yaegi v0.16.1
// gets silently wrong: per-iteration loop variables with Go 1.22's
// copy-back (loopvar.go), defer arguments evaluated at the defer statement
// (deferargs.go), a labelled break out of a select (selectbreak.go),
// `return <-ch` (recvreturn.go), a top-level type switch, and type
// switches naming session or interface types, which run as comma-ok type
// assertions (typeswitch.go), standalone assertions to interface types,
// which run the same test (assertiface.go), compiled values asserted to
// interfaces declared in the session, matched by their method sets
// (ifaceimpl.go), an interface compared with a value of a
// session type and two interface values holding session types (compare.go;
// operands whose types the syntax does not show: ifaceeq.go),
// %T of session types, also through interfaces (fmttype.go, ifacert.go),
// %#v of values involving session types (gosyntax.go),
// type arguments yaegi would infer by position (typeargs.go), type
// parameter names that cannot collide with user types (typeparams.go),
// struct values stored as interfaces (structcopy.go), method values
// (methodvalue.go), shadowing in nested blocks at the top level
// (shadow.go), top-level multi-value definitions (multidef.go), a cell's
// main run once and forward references between a program's functions and
// vars (program.go). Redefining a function or variable recompiles the session
// functions that use it (redefine.go). What cannot be fixed from outside
// yaegi is refused with an error that names the construct and the
// workaround (errorwrap.go, deferring a closure made earlier, a type
// switch case naming a type parameter, generic types the interpreter's type
// checker would recurse on until the stack overflows: recursivegeneric.go;
// type assertions, type switch cases and interface comparisons on session
// types the interpreter cannot tell apart in an interface, which it gives the
// run-time type of their underlying type: ifaceguard.go, and where the
// syntax shows the interface holds a value of the underlying type:
// ifaceorigin.go; a nil session pointer converted to a compiled interface
// such as error, which the interpreter made a nil interface: niliface.go).
// These checks ask a type oracle for an operand's static type before their
// syntax rules: each group is type-checked with go/types together with the
// session's declarations, against the packages the interpreter can call
// (typecheck.go, typeimport.go), so promoted fields, fields and results of
// compiled types and results of functions whose returns the syntax does
// not type count too. The
// fidelity corpus (testdata/fidelity, TestFidelity) holds these cases and
// typical data-work cells with Go's exact output.
//
// The top level of a cell runs in yaegi's global scope, where v0.16.1 fails
// on code every notebook has (toplevel.go): `v, err := f()` inside a loop
// or if body defines nothing, a top-level `v, ok := m[k]` does not compile,
// and a top-level definition that indexes a value of a compiled type
// (`w := s[0]` with s from strings.Fields) cannot be typed. The session runs
// such a loop inside a function literal called at once, splits comma-ok
// definitions into a typed definition and an assignment, and converts
// such index expressions to their element type, which it knows from the
// symbol tables (importing the element's package under a hidden name).
//
// Everywhere, a failed comma-ok map lookup or type assertion gets the zero
// value Go specifies (yaegi leaves the variable unchanged).
//
// yaegi reports a panicking frame at its function's first statement, so
// panic(v) calls are rewritten to record their line first: the traceback
// shows the line of the panic call.
//
// # Progress
//
// The session binds activis.LoadONNX and activis.NewExplorer to wrappers
// that set the result's Progress to the session's, which shows one
// display.ProgressBar per task in the running cell's output (progress.go).
//
// # Output, input, interrupts
//
// fmt.Print*, os.Stdout/os.Stderr writes and the log package go to the
// cell's Output as they happen, also from goroutines; with Options.Stdio
// (CaptureStdio, stdio.go) so does what compiled code writes to the
// process's file descriptors 1 and 2; os.Stdin reads go to
// Output.Input. A cancelled Execute context stops the cell within
// interpreter steps (even `for {}`); os.Exit ends the cell, not the process;
// panics in the cell, its goroutines or the interpreter become an ExecError
// with the panic value and the cell line.
//
// Interpreted code is for glue: a tight interpreted loop is one to two
// orders of magnitude slower than compiled Go, so heavy work belongs in
// compiled packages (activis, gonum) called from the cell.
package gosession
