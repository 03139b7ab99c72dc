package gosession

import (
	"go/ast"
	"go/types"
	"strings"
)

// Numeric verbs of values of session types with methods.
//
// A value of a type declared in the session whose underlying type is a
// basic one (`type Level int`) and that has methods reaches compiled fmt
// as a wrapper of yaegi's, a struct holding the value and one function per
// method, so that fmt can call `String`. For the verbs fmt calls `String`
// or `Error` with (%v %s %q %x %X) that prints as in Go; for any other
// verb fmt prints the wrapper's fields: `%d` of `Level(2)` gave
// `{2 5485248}`, `%.2f` of a `Celsius` with a `String` method
// `{20.00 %!f(func() string=0x53b2c0)}`. Go prints the number there (fmt
// calls neither method for %d, %f, %b, %c, %e, %g, %o, %t, %U, ...). In a
// Printf-like call with a literal format (printfCall), an argument of such
// a type, as the type oracle (typecheck.go) tells, for such a verb is
// converted to its underlying basic type: `fmt.Printf("%03d", lv)` runs as
// `fmt.Printf("%03d", int(lv))`, which prints what Go prints. A type with
// a `Format` method is left alone (fmt calls it for every verb). Written
// for this package.

// numVerbs converts the arguments of c described above (and those
// ptrStringers converts).
func (r *rewriter) numVerbs(c *ast.CallExpr) {
	if r.oracle == nil {
		return
	}
	r.ptrStringers(c) // see ptrstring.go
	first, _, verbs, ok := r.printfCall(c)
	if !ok {
		return
	}
	for i, v := range verbs {
		argi := first + 1 + i
		if argi >= len(c.Args) {
			return
		}
		if strings.ContainsRune("vsqxXTp", v.verb) {
			continue
		}
		basic := methodfulBasic(r.oracle.typeOf(c.Args[argi]))
		if basic == "" {
			continue
		}
		pos := c.Args[argi].Pos()
		c.Args[argi] = &ast.CallExpr{Fun: &ast.Ident{NamePos: pos, Name: basic}, Lparen: pos,
			Args: []ast.Expr{c.Args[argi]}, Rparen: c.Args[argi].End()}
	}
}

// methodfulBasic returns the name of the underlying basic type of t when t
// is a named type of package main with a basic underlying type and with
// methods (on T or *T) but no `Format` method; "" otherwise.
func methodfulBasic(t types.Type) string {
	named, ok := t.(*types.Named)
	if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Name() != "main" || named.NumMethods() == 0 {
		return ""
	}
	b, ok := named.Underlying().(*types.Basic)
	if !ok || b.Info()&types.IsUntyped != 0 || b.Kind() == types.UnsafePointer {
		return ""
	}
	for i := range named.NumMethods() {
		if named.Method(i).Name() == "Format" {
			return ""
		}
	}
	return b.Name()
}
