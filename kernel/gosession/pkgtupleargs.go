package gosession

import (
	"go/ast"
	"go/types"
	"strconv"
	"strings"
)

// A multi-value call as the operands of a print function, in package
// files: the cells' tupleargs.go. In a package, `fmt.Println(two())` for
// `func two() (Code, bool)` with an Error method printed `3 true` (Go
// `code 3 true`), and `fmt.Println(temp())` for a Celsius with a String
// method `21.5 <nil>` (Go `21.5°C <nil>`), without an error; log's
// `log.Println(two())` failed to import once pkglogat.go had added its
// arguments. The call becomes a literal taking the results as parameters,
// which print as Go, a result with an Error method given to fmt as an
// error as pkgprint.go gives a variable, and log's call written as
// pkglogat.go writes it:
//
//	fmt.Println(two())  →  func(_activisR0 Code, _activisR1 bool) (int, error) { return fmt.Println(_activisrt.AsError(_activisR0), _activisR1) }(two())
//	log.Println(two())  →  func(_activisR0 Code, _activisR1 bool) () { _activisrt.LogAtFile(log.Print, …, _activisrt.AsError(_activisR0), _activisR1) }(two())
//
// The function and the left parenthesis are replaced, so the arguments
// keep their own rewrites. Only the print functions of fmt, log and
// *log.Logger without a format are rewritten, and not where a result
// holds values with String or Error methods inside it (which pkgprint.go
// refuses for a variable).

// tupleArgs rewrites c as described above.
func (w *pkgGoWriter) tupleArgs(c *ast.CallExpr) {
	if w.types == nil || len(c.Args) != 1 || c.Ellipsis.IsValid() {
		return
	}
	inner, ok := unparen(c.Args[0]).(*ast.CallExpr)
	if !ok {
		return
	}
	tuple, ok := w.types.info.Types[inner].Type.(*types.Tuple)
	if !ok || tuple.Len() < 2 {
		return
	}
	sel, ok := unparen(c.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	var head func() string // the call up to its arguments
	call, path := w.printCallee(sel)
	switch {
	case path == "fmt":
		if fn, ok := printFuncs["fmt"][sel.Sel.Name]; !ok || fn.printf || fn.first != 0 {
			return
		}
		head = func() string { return call + "(" }
	case path == "log":
		if fn, ok := printFuncs["log"][sel.Sel.Name]; !ok || fn.printf {
			return
		}
		if head = w.logAtHead(c, w.raw); head == nil { // see pkglogat.go
			return
		}
	default:
		return
	}
	sig, ok := w.types.typeOf(c.Fun).(*types.Signature)
	if !ok {
		return
	}
	own := func(n *types.Named) bool { return n.Obj().Pkg() == w.types.pkg && !types.IsInterface(n) }
	lost := false
	var params, args, results []string
	for i := range tuple.Len() {
		t := tuple.At(i).Type()
		if name, _ := nestedStringerOf(t, own); name != "" {
			return
		}
		text := w.typeText(t)
		if text == "" {
			return
		}
		name := "_activisR" + strconv.Itoa(i)
		params = append(params, name+" "+text)
		arg := name
		if n := w.ownNamed(t); n != nil && n.NumMethods() > 0 {
			lost = true
			if w.textMethodOperand(t, "Error") {
				if b, ok := t.Underlying().(*types.Basic); ok && b.Info()&types.IsString != 0 {
					arg = name + ".Error()"
				} else {
					arg = pkgRuntimeName + ".AsError(" + name + ")"
				}
			}
		}
		args = append(args, arg)
	}
	if !lost {
		return
	}
	for i := range sig.Results().Len() {
		text := w.typeText(sig.Results().At(i).Type())
		if text == "" {
			return
		}
		results = append(results, text)
	}
	ret := ""
	if len(results) > 0 {
		ret = "return "
	}
	text := func() string {
		return "func(" + strings.Join(params, ", ") + ") (" + strings.Join(results, ", ") + ") { " + ret + head() + strings.Join(args, ", ") + ") }("
	}
	if w.replace(w.off(c.Pos()), w.off(c.Lparen)+1, text) && (path == "log" || strings.Contains(strings.Join(args, ""), pkgRuntimeName)) {
		w.runtime = true // the runtime's LogAtFile or AsError
	}
}
