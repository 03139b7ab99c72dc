package gosession

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/types"
	"io"
	"strings"
)

// String methods with pointer receivers on values given to fmt.
//
// Go's fmt calls a `String` (or `Error`) method declared on *T only for
// a pointer: `fmt.Println(v)` for a value v of a struct type T prints its
// fields, `{1}`, and `fmt.Println(&v)` calls the method. yaegi handed fmt
// a wrapper of the value that has the method, and `fmt.Println(v)`
// printed `T(1)`. An argument of Print, Println, Sprint, Sprintln, Fprint,
// Fprintln, or of a verb of a Printf-like call with a literal format
// (but %T, %p and verbs with the `+` or `#` flag, which gosyntax.go
// handles), whose type the type oracle (typecheck.go) says is a session
// type with such methods on its pointer only is converted to the
// struct type it is declared with (`struct{ n int }(v)`), or for another
// kind its underlying type (`float64(t)` for `type Temp float64`, which
// printed `21.5°` for Go's `21.5`, and `Temp(4)`, not addressable,
// `%!v(PANIC=String method: …)`), which fmt prints as Go prints v.
//
// A value of a session type, or a pointer to one, whose method set has an
// `Error` method, given to fmt directly (`fmt.Println(&e)`,
// `fmt.Printf("%v", pe)` for `pe := &MyErr{…}`, `fmt.Println(v)` for a
// value receiver), was printed as `&{3}` or `{x}`, and one with `String`
// too had `String` called; Go calls `Error` (before `String`) for %v %s
// %q %x %X and the Print functions. Such an argument is replaced by
// `_activisiface.Text(…)` of a call of a function literal returning its
// `Error()` text (when the call panics, what fmt prints then: `<nil>` for
// a nil pointer receiver, unpadded, `%!v(PANIC=Error method: …)` for
// another): Text gives fmt an operand that prints the text with the
// verb's flags and width, and that is not a string, so `fmt.Print(&e,
// &e)` keeps the space between the two (a bare string lost it: `E3E3`).
// So is a pointer to a value with a `String` method: yaegi gave fmt a nil
// one as a nil interface, `<nil>` or `%!s(<nil>)`, where Go calls the
// method, which may be written for a nil receiver (`end` for a nil
// `*List`). Operands converted to an interface inline (`error(&e)`) reach
// here without the conversion (fmtconv.go). Written for this package.

// ptrStringers converts the arguments of the fmt call c described above.
func (r *rewriter) ptrStringers(c *ast.CallExpr) {
	if r.oracle == nil || c.Ellipsis.IsValid() {
		return
	}
	pkg, fn, ok := r.packageCall(c)
	if !ok || pkg != "fmt" {
		return
	}
	switch fn {
	case "Print", "Println", "Sprint", "Sprintln", "Fprint", "Fprintln":
		first := 0
		if strings.HasPrefix(fn, "F") {
			first = 1
		}
		for i := first; i < len(c.Args); i++ {
			c.Args[i] = r.textArg(r.ptrStringerArg(c.Args[i]))
		}
		return
	}
	first, format, verbs, ok := r.printfCall(c)
	if !ok {
		return
	}
	for i, v := range verbs {
		argi := first + 1 + i
		if argi >= len(c.Args) {
			return
		}
		flags := v.flags(format)
		if v.verb == 'T' || v.verb == 'p' || strings.Contains(flags, "#") {
			continue
		}
		if !strings.Contains(flags, "+") {
			c.Args[argi] = r.ptrStringerArg(c.Args[argi])
		}
		if strings.ContainsRune("vsqxX", v.verb) {
			c.Args[argi] = r.textArg(c.Args[argi]) // fmt calls Error or String for %+v too
		}
	}
}

// ptrStringerArg returns e converted to its declared struct type (or the
// underlying type of another kind) when it is of a session type whose
// String or Error method has a pointer receiver (see above), or e.
func (r *rewriter) ptrStringerArg(e ast.Expr) ast.Expr {
	named, ok := r.oracle.typeOf(e).(*types.Named)
	if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Name() != "main" || named.TypeArgs().Len() > 0 {
		return e
	}
	if types.IsInterface(named) {
		return e
	}
	has := func(t types.Type, names ...string) bool {
		ms := types.NewMethodSet(t)
		for _, n := range names {
			if ms.Lookup(named.Obj().Pkg(), n) != nil {
				return true
			}
		}
		return false
	}
	if has(named, "String", "Error", "Format") || !has(types.NewPointer(named), "String", "Error") ||
		has(types.NewPointer(named), "Format") {
		return e
	}
	nt := r.sessionTypes()[named.Obj().Name()]
	if nt == nil {
		return e
	}
	under := nt.under
	if _, ok := unparen(under).(*ast.StructType); !ok {
		// A type on a basic, slice, map, array, channel or function type
		// (`type Temp float64`, `type Names []string`): its underlying
		// type as the type oracle writes it, unless a session type has
		// taken a predeclared name it uses.
		under = r.oracle.expr(named.Underlying())
		if under == nil {
			return e
		}
		if b, ok := named.Underlying().(*types.Basic); ok && r.sessionTypes()[b.Name()] != nil {
			return e
		}
	}
	return conversion(cloneTypeAt(under, e.Pos()), e) // toplevel.go
}

// textArg returns e replaced by its method's text (a call that evaluates
// e once) when e is a value of a session type or of a third-party
// package's type interpreted from source (isSourceNamed), or a pointer to
// one, whose method set has fmt's Error method, or a pointer whose method
// set has fmt's String method, and no Format method (see above), or e.
// So is a value with a Format method that is not fmt.Formatter's
// (promoted from an embedded time.Time, Format(string) string) and a
// String method: yaegi, matching fmt's interfaces by method name, gave
// fmt a Formatter wrapper, and printing panicked, "method not found:
// Format" (Go calls String). For the third-party type the literal names no type (it may be
// unexported): yaegi gave compiled fmt such a value bare, so
// `fmt.Println(e)` for a `*multierror.Error` printed `&{[bad row] <nil>}`,
// Go its Error text. For String the value itself is left to yaegi's
// wrapper, which calls the method; a pointer is not: yaegi gave fmt a nil
// pointer as a nil interface, so a nil `*List` whose String answers
// "empty" (a method written for the nil receiver) printed `<nil>`.
func (r *rewriter) textArg(e ast.Expr) ast.Expr {
	t := r.oracle.typeOf(e)
	named, ptr := namedOrPointee(t)
	if named == nil || named.Obj().Pkg() == nil || named.TypeArgs().Len() > 0 || types.IsInterface(named) {
		return e
	}
	source := isSourceNamed(named) // nestedstringer.go
	if named.Obj().Pkg().Name() != "main" && !source {
		return e
	}
	method := stringMethod(t) // nestedstringer.go: Error first, as fmt
	format := types.NewMethodSet(t).Lookup(named.Obj().Pkg(), "Format") != nil
	if method == "" || hasFormat(t) || method == "String" && !ptr && !format { // nestedformatter.go
		return e
	}
	if !source && r.sessionTypes()[named.Obj().Name()] == nil {
		return e
	}
	rt := r.ifaceRuntimeName()
	if rt == "" {
		return e
	}
	if source {
		return runtimeTextInline(rt, e, method, ptr)
	}
	typ := named.Obj().Name()
	if ptr {
		typ = "*" + typ
	}
	return runtimeText(rt, methodTextSrc(rt, typ, method, ptr), e)
}

// namedOrPointee returns the named type of t, or of the type t points to
// (ptr true), or nil.
func namedOrPointee(t types.Type) (named *types.Named, ptr bool) {
	if p, isPtr := t.(*types.Pointer); isPtr {
		named, _ = p.Elem().(*types.Named)
		return named, true
	}
	named, _ = t.(*types.Named)
	return named, false
}

// methodTextSrc is the source of a function literal taking a value of
// type typ and returning its method's text, or when the call panics the
// text of rt.MethodPanic (ifaceMethodPanic), which fmt prints as it
// prints a method that panics: <nil> for a nil pointer receiver,
// %!v(PANIC=String method: …) for another.
func methodTextSrc(rt, typ, method string, ptr bool) string {
	return "func(x " + typ + ") (s string) { " + methodPanicSrc(rt, method, ptr) + "; return x." + method + "() }"
}

// methodPanicSrc is the statement deferring the recovery of methodTextSrc.
func methodPanicSrc(rt, method string, ptr bool) string {
	isNil := "false"
	if ptr {
		isNil = "x == nil"
	}
	return "defer func() { if p := recover(); p != nil { s = " + rt + ".MethodPanic(" + isNil + ", \"" + method + "\", p) } }()"
}

// methodTextCall returns the source of `rt.Text(func() (s string) { x :=
// X; …; return x.method() }())` around the place of X (pre, post): the
// method's text with methodTextSrc's recovery, for a value whose type
// the code may not name (runtimeTextInline) and in package files
// (pkgprint.go, pkgprintany.go).
func methodTextCall(rt, method string, ptr bool) (pre, post string) {
	return rt + ".Text(func() (s string) { x := ", "; " + methodPanicSrc(rt, method, ptr) + "; return x." + method + "() }())"
}

// runtimeText returns `rt.Text(lit(e))` for the function literal of
// source src taking e's value and returning its text (textArg, and
// genericstringer.go), or e where src does not parse.
func runtimeText(rt, src string, e ast.Expr) ast.Expr {
	lit, err := parser.ParseExpr(src)
	if err != nil {
		return e
	}
	pos := e.Pos()
	call := &ast.CallExpr{Fun: setPositions(lit, pos), Lparen: pos, Args: []ast.Expr{e}, Rparen: e.End()}
	return &ast.CallExpr{Fun: &ast.SelectorExpr{X: &ast.Ident{NamePos: pos, Name: rt}, Sel: &ast.Ident{NamePos: pos, Name: "Text"}},
		Lparen: pos, Args: []ast.Expr{call}, Rparen: e.End()}
}

// runtimeTextInline is runtimeText for a value whose type the cell may not
// name: methodTextCall's call with x := e.
func runtimeTextInline(rt string, e ast.Expr, method string, ptr bool) ast.Expr {
	pre, post := methodTextCall(rt, method, ptr)
	call, err := parser.ParseExpr(pre + "_activisTextArg" + post)
	if err != nil {
		return e
	}
	setPositions(call, e.Pos())
	ast.Inspect(call, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok {
			if id, ok := as.Rhs[0].(*ast.Ident); ok && id.Name == "_activisTextArg" {
				as.Rhs[0] = e
			}
		}
		return true
	})
	return call
}

// fmtErrorMethod reports whether sel selects a method `Error() string`.
func fmtErrorMethod(sel *types.Selection) bool {
	if sel == nil {
		return false
	}
	sig, ok := sel.Obj().Type().(*types.Signature)
	if !ok || sig.Params().Len() != 0 || sig.Results().Len() != 1 {
		return false
	}
	b, ok := sig.Results().At(0).Type().(*types.Basic)
	return ok && b.Kind() == types.String
}

// textOperand is an operand fmt prints as the string it holds, formatted
// with the verb, flags, width and precision of its directive (textArg):
// unlike the string itself it is not a string operand, so fmt.Print
// still puts spaces around it as around the value it stands for. A text
// of ifaceMethodPanic is printed as fmt prints a method that panicked,
// whatever the flags.
type textOperand struct{ text string }

// Format prints the text as fmt prints a string for the same directive.
func (t textOperand) Format(f fmt.State, verb rune) {
	if p, ok := strings.CutPrefix(t.text, methodPanicMark); ok {
		if p != "<nil>" {
			p = "%!" + string(verb) + "(" + p + ")"
		}
		_, _ = io.WriteString(f, p)
		return
	}
	_, _ = fmt.Fprintf(f, fmt.FormatString(f, verb), t.text)
}

// ifaceText returns an operand fmt prints as text with its directive
// (textArg).
func ifaceText(text string) fmt.Formatter { return textOperand{text} }

// methodPanicMark starts a text of ifaceMethodPanic: no method's text
// starts with a NUL byte that the session prints.
const methodPanicMark = "\x00activis-method-panic\x00"

// ifaceMethodPanic returns the text textOperand prints for method's panic
// p: fmt prints <nil> for a nil pointer receiver (isNil), else
// %!v(PANIC=String method: p) with the verb.
func ifaceMethodPanic(isNil bool, method string, p any) string {
	if isNil {
		return methodPanicMark + "<nil>"
	}
	return methodPanicMark + "PANIC=" + method + " method: " + fmt.Sprint(p)
}
