package gosession

import (
	"go/ast"
	"go/types"
	"strconv"
	"strings"
)

// Print calls in package files that yaegi gets wrong.
//
// A type declared in a package interpreted from source has, as a type of
// the session has, the run-time type of its underlying type (ifaceguard.go,
// nestedstringer.go): compiled fmt calls the String or Error method of an
// operand of such a type, but not of one inside another value, and %T
// names the underlying type or yaegi's wrapper. In a package with `type
// Money int` and a String method, `fmt.Sprint([]Money{1, 250})` gave
// `[1 250]` (Go `[$0.01 $2.50]`), a struct with a Money field its number,
// and `fmt.Sprintf("%T", Money(1))` `gosession.guarded_fmt_Stringer` (Go
// `probe.Money`), without an error. With the package's types
// (pkgtypes.go), a print call of fmt or log (printFuncs) whose operand
// holds a value of a type of the package with a String or Error method
// inside it (nestedStringerOf, as the cells refuse it), or whose %T
// operand is of a type made of the package's types, panics there: the
// operand is written, on its line, as a call that panics naming the
// file, line, call and type, and the compiled route. An operand of an
// interface type is not refused (its value is not known).
//
// A value of a type of the package with methods and a basic underlying
// type reaches compiled fmt as yaegi's wrapper, whose fields a numeric
// verb printed (`%d` of `m/100` in Money's own String method gave
// `{2 5485280}`, Go `2`): as in cells (numverb.go), such an operand of a
// verb other than %v %s %q %x %X %p %w is converted to its underlying type.
// One with an Error method is given to fmt as an error for %v %s %q %x
// %X and Print (textMethodOperand).

// printRefusals rewrites the print call c as above when one of its
// operands is refused.
func (w *pkgGoWriter) printRefusals(c *ast.CallExpr) {
	if w.types == nil {
		return
	}
	sel, ok := unparen(c.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	call, path := w.printCallee(sel)
	fn, ok := printFuncs[path][sel.Sel.Name]
	if !ok || len(c.Args) <= fn.first {
		return
	}
	if c.Ellipsis.IsValid() {
		w.printAnyOperand(c.Args[len(c.Args)-1], w.types.typeOf(c.Args[len(c.Args)-1]), true) // see pkgprintany.go
		return
	}
	first := fn.first
	var verbs []fmtVerb
	var format string
	if fn.printf {
		first++
		format, verbs, _ = literalFormat(c.Args[fn.first])
	}
	var asString []int // %T verbs printed with %s (pkgtypeverb.go)
	defer func() {
		if len(asString) > 0 {
			w.typeVerbFormat(c.Args[fn.first], format, verbs, asString)
		}
	}()
	for i, arg := range c.Args[first:] {
		t := w.types.typeOf(arg)
		if t == nil {
			continue
		}
		if verbs != nil && i < len(verbs) && verbs[i].verb == 'T' {
			if w.typeVerbOperand(arg, t) { // see pkgtypeverb.go
				asString = append(asString, i)
			}
			continue
		}
		if !w.printOperand(arg, t, call, fn.printf, verbs, i, format) {
			return
		}
	}
}

// printOperand writes operand i of the print call named call (printf,
// verbs and format as walkPrintOperand takes them), arg of type t, as
// printRefusals does, and reports false when it refused it (the call's
// later operands are left).
func (w *pkgGoWriter) printOperand(arg ast.Expr, t types.Type, call string, printf bool, verbs []fmtVerb, i int, format string) bool {
	own := func(n *types.Named) bool { return n.Obj().Pkg() == w.types.pkg && !types.IsInterface(n) }
	if verbs != nil && i < len(verbs) && !strings.ContainsRune("vsqxXpw", verbs[i].verb) {
		if basic := methodfulBasicIn(t, func(p *types.Package) bool { return p == w.types.pkg }); basic != "" {
			w.enclose(arg, basic+"(", ")")
		} else if w.methodfulComposite(t) || types.IsInterface(t) && t.Underlying().(*types.Interface).Empty() && verbs[i].verb != 'T' {
			// an any holding such a value, or a struct, slice, array or
			// map with methods: yaegi's wrapper (`{3 5485280}` for %d of
			// an any holding a lvl(3)); numverb.go's ifacePlain
			w.runtime = true
			w.enclose(arg, pkgRuntimeName+".Plain(", ")")
		}
		return true
	}
	if done, refused := w.walkPrintOperand(arg, t, call, printf, verbs, i, format); refused {
		return false
	} else if done {
		return true
	}
	if name, method := nestedStringerOf(t, own); name != "" {
		w.refusePrint(arg, call+" of a value of type "+types.TypeString(t, w.pkgQualifier)+", which holds "+name+
			" values (with their "+method+" method) inside it, would print their underlying values")
		return false
	}
	if printf && i < len(verbs) && verbs[i].verb == 'v' && strings.Contains(verbs[i].flags(format), "#") && w.textMethodOperand(t, "GoString") {
		w.runtime = true
		w.enclose(arg, pkgRuntimeName+".Verbatim((", ").GoString())")
		return true
	}
	if printf && (i >= len(verbs) || !strings.ContainsRune("vsqxX", verbs[i].verb) || strings.Contains(verbs[i].flags(format), "#")) {
		return true
	}
	if w.nilReceiverOperand(arg, t) {
		return true
	}
	if w.stringerCallResult(arg, t) {
		return true
	}
	w.printAnyOperand(arg, t, false) // see pkgprintany.go
	if !w.textMethodOperand(t, "Error") {
		return true
	}
	if b, ok := t.Underlying().(*types.Basic); ok && b.Info()&types.IsString != 0 {
		w.enclose(arg, "(", ").Error()")
		return true
	}
	w.runtime = true
	w.enclose(arg, pkgRuntimeName+".AsError(", ")")
	return true
}

// methodfulComposite reports whether t is a type of the package with
// methods (and no Format method) and a struct, slice, array or map
// underlying type, or a pointer to one: yaegi hands fmt its wrapper,
// whose fields %d and %f printed (`{7889928015600 5532896}` for %d of a
// *Pt, Go &{3 4}); Plain gives fmt the value it holds.
func (w *pkgGoWriter) methodfulComposite(t types.Type) bool {
	n := w.ownNamed(t)
	return n != nil && methodfulCompositeNamed(n) // numverb.go
}

// nilReceiverOperand writes the print operand arg of type t, a pointer to
// a type of the package with fmt's Error or String method (and no Format
// method), as the method's text, and reports whether it did: yaegi handed
// fmt a nil one as a nil interface, so `fmt.Sprint(l)` for a nil *List
// whose String answers "nil" for a nil receiver (a list's, a tree's
// usual end) printed <nil>. The text is the session runtime's Text of a
// call that recovers as fmt does (methodPanicSrc):
//
//	fmt.Sprint(l)  →  fmt.Sprint(_activisrt.Text(func() (s string) { x := l; defer …; return x.String() }()))
//
// So is a value of such a type (not a pointer) with a Format method that
// is not fmt.Formatter's, promoted from an embedded time.Time: yaegi,
// matching fmt's interfaces by method name, gave fmt a Formatter wrapper,
// and printing panicked, "method not found: Format" (Go calls String).
func (w *pkgGoWriter) nilReceiverOperand(arg ast.Expr, t types.Type) bool {
	_, ptr := t.(*types.Pointer)
	format := types.NewMethodSet(t).Lookup(w.types.pkg, "Format") != nil
	if w.ownNamed(t) == nil || hasFormat(t) || !ptr && !format { // nestedformatter.go
		return false
	}
	method := stringMethod(t) // nestedstringer.go
	if method == "" {
		return false
	}
	w.runtime = true
	pre, post := methodTextCall(pkgRuntimeName, method, ptr) // ptrstring.go
	w.enclose(arg, pre, post)
	return true
}

// printCallee returns how a message names the function sel selects and
// the import path whose printFuncs it is among: a function of an
// imported package ("fmt.Println", "fmt"), or a method of a *log.Logger
// ("(*log.Logger).Printf", "log"); "" for any other.
func (w *pkgGoWriter) printCallee(sel *ast.SelectorExpr) (call, path string) {
	if path := w.selectedPkg(sel); path != "" {
		return types.ExprString(sel), path
	}
	s, ok := w.types.info.Selections[sel]
	if !ok || s.Kind() != types.MethodVal {
		return "", ""
	}
	recv := s.Recv()
	if p, ok := recv.(*types.Pointer); ok {
		recv = p.Elem()
	}
	if n, ok := recv.(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "log" && n.Obj().Name() == "Logger" {
		return "(*log.Logger)." + sel.Sel.Name, "log"
	}
	return "", ""
}

// ownTypeIn returns the name of a type of the package that t is made of,
// or "".
func (w *pkgGoWriter) ownTypeIn(t types.Type) string {
	found := ""
	walkType(t, typePolicy{
		mapKeys: true,
		field:   func(*types.Named, *types.Struct, int) walkStep { return walkSkip },
		visit: func(t types.Type, depth int) walkStep {
			if n, ok := t.(*types.Named); ok {
				if n.Obj().Pkg() == w.types.pkg && !types.IsInterface(n) {
					found = n.Obj().Name()
					return walkFound
				}
				return walkSkip
			}
			return walkDescend
		},
	})
	return found
}

// pkgQualifier names packages in messages by their name.
func (w *pkgGoWriter) pkgQualifier(p *types.Package) string { return p.Name() }

// refusePrint writes the print operand arg as a call that panics with
// what, the file and line and the compiled route.
func (w *pkgGoWriter) refusePrint(arg ast.Expr, what string) {
	msg := w.where(arg.Pos()) + ": " + strings.TrimSpace(what) +
		" (the interpreter, yaegi v0.16.1, gives the package's types the run-time type of their underlying type); " +
		"compile the package into the kernel instead: activis-kernel build --with MODULE"
	if s := w.synth[arg]; s != nil {
		s.repl = "(func() any { panic(" + strconv.Quote(msg) + ") }())"
		return
	}
	w.replaceToEnd(w.off(arg.Pos()), w.off(arg.End()), func() string {
		return "(func() any { panic(" + strconv.Quote(msg) + ") }())"
	})
}

// textMethodOperand reports whether a print operand of type t is of a
// concrete type of the package, or a pointer to one, with the method
// name (`Error() string`, `GoString() string`) and no Format method.
// yaegi hands compiled fmt such a value without the method:
//   - with Error, fmt printed its underlying value (`7` for a `codeErr(7)`
//     whose Error gives "code 7", `{1}` for a struct, an address for a
//     pointer), without an error. Given to the session runtime's AsError,
//     whose parameter of type error gets yaegi's error wrapper, it prints
//     through Error, as fmt does for %v %s %q %x %X and Print (a conversion
//     error(x) did not keep the wrapper; a String method reached fmt). A
//     value of a string type becomes the text of its Error method, so that
//     Print still puts no space beside it, as for a string.
//   - with GoString, %#v wrote the Go syntax of yaegi's struct (`struct {
//     Name string; … }{Name:"Warren", …}`, Go `Person{Name: "Warren", …}`
//     from GoString). The operand becomes its GoString text, which the
//     session runtime's Verbatim gives fmt to print as it is, as fmt does.
func (w *pkgGoWriter) textMethodOperand(t types.Type, name string) bool {
	if w.ownNamed(t) == nil {
		return false
	}
	ms := types.NewMethodSet(t)
	return fmtErrorMethod(ms.Lookup(w.types.pkg, name)) && ms.Lookup(w.types.pkg, "Format") == nil
}

// stringerCallResult writes the print operand arg of type t, when it is a
// call (not a conversion or a builtin) with a result of the package's
// type with a String method and no Error or Format method, or a pointer
// to one, as a conversion to that type, and reports whether it did. yaegi
// handed compiled fmt such a call's result without the method, as in
// cells (callresult.go): `fmt.Println(hot())` for `func hot() Celsius`
// printed 30 (Go 30.0°C), `mk()` for `func mk() *node` `&{2}` (Go node2),
// and so did a generic function's result, `slices.Max(temps)`, without an
// error; the converted value reaches fmt with its method.
func (w *pkgGoWriter) stringerCallResult(arg ast.Expr, t types.Type) bool {
	call, ok := unparen(arg).(*ast.CallExpr)
	if !ok || !funcCall(w.types.info, call) { // ifacecallarg.go
		return false
	}
	if !w.textMethodOperand(t, "String") || w.textMethodOperand(t, "Error") {
		return false
	}
	text := w.typeText(t)
	if text == "" {
		return false
	}
	w.enclose(arg, "("+text+")(", ")")
	return true
}

// printSpacing keeps the spacing of fmt's and log's Print-like functions
// (Print, Sprint, Fprint, Append, log.Print, Fatal, Panic), which put a
// space between two operands when neither is a string, by its dynamic
// kind. yaegi hands fmt a value of the package's type with methods and a
// string underlying type (`type Name string` with a String method) in a
// wrapper, a struct, so `fmt.Print(Name("a"), Name("b"))` printed `N:a
// N:b` and `fmt.Sprint(1, Name("b"), 2)` `1 N:b 2` (Go `N:aN:b`, `1N:b2`),
// without an error; cells have printspace.go. Where the static types of
// two neighbouring operands show that one is of a string kind and one
// such a type, an empty string operand is written between them, which
// fmt puts no space beside. Operands of interface types are left as
// they are.
func (w *pkgGoWriter) printSpacing(c *ast.CallExpr) {
	if w.types == nil || c.Ellipsis.IsValid() {
		return
	}
	sel, ok := unparen(c.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	_, path := w.printCallee(sel)
	fn, ok := printFuncs[path][sel.Sel.Name]
	if !ok || fn.printf || strings.HasSuffix(sel.Sel.Name, "ln") || len(c.Args) <= fn.first {
		return
	}
	kind := func(e ast.Expr) (str, wrapped, known bool) {
		t := w.types.typeOf(e)
		if t == nil || types.IsInterface(t) {
			return false, false, false
		}
		b, ok := t.Underlying().(*types.Basic)
		str = ok && b.Info()&types.IsString != 0
		n, named := t.(*types.Named)
		wrapped = str && named && n.Obj().Pkg() == w.types.pkg && types.NewMethodSet(n).Len() > 0
		return str, wrapped, true
	}
	args := c.Args[fn.first:]
	for i := 0; i+1 < len(args); i++ {
		s1, w1, k1 := kind(args[i])
		s2, w2, k2 := kind(args[i+1])
		if k1 && k2 && (s1 || s2) && (w1 || w2) {
			w.after[w.off(args[i].End())] += `, ""`
		}
	}
}
