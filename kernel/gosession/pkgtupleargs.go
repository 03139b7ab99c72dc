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
	if w.types == nil {
		return
	}
	inner, tuple := wholeTuple(w.types.info, c) // tupleargs.go
	if inner == nil {
		return
	}
	sel, ok := unparen(c.Fun).(*ast.SelectorExpr)
	if !ok {
		w.ownTupleArgs(c, inner, tuple)
		return
	}
	var head func() string // the call up to its arguments
	call, path := w.printCallee(sel)
	switch {
	case path == "" && w.selectedPkg(sel) == "":
		w.ownTupleArgs(c, inner, tuple) // a method, or a function value in a field
		return
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

// ownTupleArgs writes c, a call of a function of the package (or a
// method, or a function value) given the results of inner (of types
// tuple) whole, as a literal giving the results to variables and making
// the call with them, as the cells' tupleargs.go does, where one of the
// results is an interface other than a compiled one (`error` is passed
// right) or is stored into one: yaegi panicked on
// `use(get())` for `func get() (Shape, error)` and `func use(Shape,
// error)` ("reflect.Set: value of type interp.valueInterface is not
// assignable to type error"), and on `use2(pick(3))` for a `func pick(int)
// (int, *Sq)` and `func use2(int, Shape)`:
//
//	use(get())  →  func() { _activisR0, _activisR1 := get(); use(_activisR0, _activisR1) }()
//
// The call of a defer or go statement is left as it is (its arguments
// are evaluated at the statement, the literal's inside it).
func (w *pkgGoWriter) ownTupleArgs(c, inner *ast.CallExpr, tuple *types.Tuple) {
	sig, ok := w.types.typeOf(c.Fun).(*types.Signature)
	if !ok || w.deferredCall(c) {
		return
	}
	if tv, ok := w.types.info.Types[c.Fun]; !ok || tv.IsType() || tv.IsBuiltin() {
		return
	}
	switch unparen(c.Fun).(type) {
	case *ast.Ident, *ast.SelectorExpr: // whose text moves after the inner call's
	default:
		return
	}
	if !tupleParamsFail(sig, tuple, w.types.pkg) { // tupleargs.go
		return
	}
	var results []string
	for v := range sig.Results().Variables() {
		text := w.typeText(v.Type())
		if text == "" {
			return
		}
		results = append(results, text)
	}
	names := make([]string, tuple.Len())
	for j := range names {
		names[j] = "_activisR" + strconv.Itoa(j)
	}
	ret := ""
	if len(results) > 0 {
		ret = "return "
	}
	fun := c.Fun
	if !w.replace(w.off(c.Pos()), w.off(inner.Pos()), func() string {
		return "func() (" + strings.Join(results, ", ") + ") { " + strings.Join(names, ", ") + " := "
	}) {
		return
	}
	w.replaceToEnd(w.off(inner.End()), w.off(c.End()), func() string {
		// the insertions of the nodes enclosing c, which start where fun
		// does, are written before the literal, not in it
		f := strings.TrimPrefix(w.node(fun), w.before[w.off(fun.Pos())])
		return "; " + ret + f + "(" + strings.Join(names, ", ") + ") }()"
	})
}

// deferredCall reports whether c is the call of a defer or go statement
// of the file.
func (w *pkgGoWriter) deferredCall(c *ast.CallExpr) bool {
	if w.deferred == nil {
		w.deferred = deferredCalls(w.file) // tupleargs.go
	}
	return w.deferred[c]
}
