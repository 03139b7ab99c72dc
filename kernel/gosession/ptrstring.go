package gosession

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/types"
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
// struct type with such methods on its pointer only is converted to the
// struct type it is declared with (`struct{ n int }(v)`), which fmt
// prints as Go prints v.
//
// A value of a session type, or a pointer to one, whose method set has an
// `Error` method, given to fmt directly (`fmt.Println(&e)`,
// `fmt.Printf("%v", pe)` for `pe := &MyErr{…}`, `fmt.Println(v)` for a
// value receiver), was printed as `&{3}` or `{x}`, and one with `String`
// too had `String` called; Go calls `Error` (before `String`) for %v %s
// %q %x %X and the Print functions. Such an argument is replaced by
// `_activisiface.Text(…)` of a call of a function literal returning its
// `Error()` text (for a pointer "<nil>" when the call panics, as fmt
// prints a nil receiver whose method panics): Text gives fmt an operand
// that prints the text with the verb's flags and width, and that is not a
// string, so `fmt.Print(&e, &e)` keeps the space between the two (a bare
// string lost it: `E3E3`). Operands converted to an interface inline
// (`error(&e)`) reach here without the conversion (fmtconv.go). Written
// for this package.

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
			c.Args[i] = r.errorArg(r.ptrStringerArg(c.Args[i]))
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
		if v.verb == 'T' || v.verb == 'p' || strings.ContainsAny(v.flags(format), "+#") {
			continue
		}
		c.Args[argi] = r.ptrStringerArg(c.Args[argi])
		if strings.ContainsRune("vsqxX", v.verb) {
			c.Args[argi] = r.errorArg(c.Args[argi])
		}
	}
}

// ptrStringerArg returns e converted to its declared struct type when it
// is of a session struct type whose String or Error method has a pointer
// receiver (see above), or e.
func (r *rewriter) ptrStringerArg(e ast.Expr) ast.Expr {
	named, ok := r.oracle.typeOf(e).(*types.Named)
	if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Name() != "main" || named.TypeArgs().Len() > 0 {
		return e
	}
	if _, ok := named.Underlying().(*types.Struct); !ok {
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
	if _, ok := unparen(nt.under).(*ast.StructType); !ok {
		return e
	}
	pos := e.Pos()
	return &ast.CallExpr{Fun: &ast.ParenExpr{Lparen: pos, X: cloneTypeAt(nt.under, pos), Rparen: pos},
		Lparen: pos, Args: []ast.Expr{e}, Rparen: e.End()}
}

// errorArg returns e replaced by its Error text when it is a value of a
// session type or of a third-party package's type interpreted from source
// (isSourceNamed), or a pointer to one, whose method set has fmt's Error
// method and no Format method (see above), or e. For the third-party type
// the literal names no type (it may be unexported): yaegi gave compiled
// fmt such a value bare, so `fmt.Println(e)` for a `*multierror.Error`
// printed `&{[bad row] <nil>}`, Go its Error text.
func (r *rewriter) errorArg(e ast.Expr) ast.Expr {
	t := r.oracle.typeOf(e)
	named, ptr := namedOrPointee(t)
	if named == nil || named.Obj().Pkg() == nil || named.TypeArgs().Len() > 0 || types.IsInterface(named) {
		return e
	}
	source := isSourceNamed(named) // nestedstringer.go
	if named.Obj().Pkg().Name() != "main" && !source {
		return e
	}
	ms := types.NewMethodSet(t)
	if !fmtErrorMethod(ms.Lookup(named.Obj().Pkg(), "Error")) || ms.Lookup(named.Obj().Pkg(), "Format") != nil {
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
		return runtimeTextInline(rt, e, "Error", ptr)
	}
	typ := named.Obj().Name()
	if ptr {
		typ = "*" + typ
	}
	return runtimeText(rt, methodTextSrc(typ, "Error", ptr), e)
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
// type typ and returning its method's text; for a pointer, "<nil>" when
// the call panics, as fmt prints a nil receiver whose method panics.
func methodTextSrc(typ, method string, ptr bool) string {
	if ptr {
		return "func(x " + typ + ") (s string) { defer func() { if recover() != nil { s = \"<nil>\" } }(); return x." + method + "() }"
	}
	return "func(x " + typ + ") string { return x." + method + "() }"
}

// runtimeText returns `rt.Text(lit(e))` for the function literal of
// source src taking e's value and returning its text (errorArg, and
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
// name: `rt.Text(func() (s string) { x := e; …; return x.method() }())`,
// with methodTextSrc's "<nil>" for a pointer whose method panics.
func runtimeTextInline(rt string, e ast.Expr, method string, ptr bool) ast.Expr {
	body := "x := _activisTextArg; return x." + method + "()"
	if ptr {
		body = "x := _activisTextArg; defer func() { if recover() != nil { s = \"<nil>\" } }(); return x." + method + "()"
	}
	lit, err := parser.ParseExpr("func() (s string) { " + body + " }")
	if err != nil {
		return e
	}
	pos := e.Pos()
	setPositions(lit, pos)
	ast.Inspect(lit, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok {
			if id, ok := as.Rhs[0].(*ast.Ident); ok && id.Name == "_activisTextArg" {
				as.Rhs[0] = e
			}
		}
		return true
	})
	call := &ast.CallExpr{Fun: lit, Lparen: pos, Rparen: e.End()}
	return &ast.CallExpr{Fun: &ast.SelectorExpr{X: &ast.Ident{NamePos: pos, Name: rt}, Sel: &ast.Ident{NamePos: pos, Name: "Text"}},
		Lparen: pos, Args: []ast.Expr{call}, Rparen: e.End()}
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
// with the verb, flags, width and precision of its directive (errorArg):
// unlike the string itself it is not a string operand, so fmt.Print
// still puts spaces around it as around the value it stands for.
type textOperand struct{ text string }

// Format prints the text as fmt prints a string for the same directive.
func (t textOperand) Format(f fmt.State, verb rune) {
	_, _ = fmt.Fprintf(f, fmt.FormatString(f, verb), t.text)
}

// ifaceText returns an operand fmt prints as text with its directive
// (errorArg).
func ifaceText(text string) fmt.Formatter { return textOperand{text} }
