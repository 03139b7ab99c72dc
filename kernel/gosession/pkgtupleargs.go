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
// arguments; a result holding values of its types with String or Error
// methods inside it (`fmt.Println(levels())` for a `(Celsius,
// []Celsius)` printed `1.0°C [2 3]`), or interfaces holding its values (a
// `[]Shape`, yaegi's wrappers), printed wrong too. The call becomes a
// literal taking the results as parameters, which print as Go: each
// parameter is given to pkgprint.go's printOperand as an operand of its
// type (a synthOperand, pkgrepl.go), which writes it as it writes a
// variable (a result with an Error method given to fmt as an error, one
// holding such values through pkgfmtwalk.go's walk), and log's call is
// written as pkglogat.go writes it:
//
//	fmt.Println(two())  →  func(_activisR0 Code, _activisR1 bool) (int, error) { return fmt.Println(_activisrt.AsError(_activisR0), _activisR1) }(two())
//	log.Println(two())  →  func(_activisR0 Code, _activisR1 bool) () { _activisrt.LogAtFile(log.Print, …, _activisrt.AsError(_activisR0), _activisR1) }(two())
//
// The function and the left parenthesis are replaced, so the arguments
// keep their own rewrites. Only the print functions of fmt, log and
// *log.Logger without a format are rewritten. A result of type `any`
// holding a value of the package's types with a String method still
// prints without it: a call returning `any` hands over the bare value
// (README).

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
	lost := false
	var params, args, results []string
	var ops []*ast.Ident
	for i := range tuple.Len() {
		t := tuple.At(i).Type()
		text := w.typeText(t)
		if text == "" {
			return
		}
		name := "_activisR" + strconv.Itoa(i)
		params = append(params, name+" "+text)
		op := &ast.Ident{NamePos: inner.Pos(), Name: name}
		if w.synth == nil {
			w.synth = map[ast.Node]*synthOperand{}
		}
		w.synth[op] = &synthOperand{name: name}
		ops = append(ops, op)
		if n := w.ownNamed(t); n != nil && n.NumMethods() > 0 {
			lost = true // given to a variable, fmt sees its methods
		}
	}
	for i, op := range ops {
		if !w.printOperand(op, tuple.At(i).Type(), call, false, nil, i, "") { // see pkgprint.go
			break
		}
	}
	for _, op := range ops {
		s := w.synth[op]
		lost = lost || s.rewritten()
		args = append(args, s.text())
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
	if w.replace(w.off(c.Pos()), w.off(c.Lparen)+1, text) && path == "log" {
		w.runtime = true // the runtime's LogAtFile
	}
}
