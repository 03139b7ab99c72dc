package gosession

import (
	"fmt"
	"go/ast"
	"go/types"
	"reflect"
	"strconv"
	"strings"
)

// %T of values of a package's types, in package files.
//
// yaegi v0.16.1 gives a type of a package interpreted from source the
// run-time type of its underlying type, so %T named that type: `%T` of a
// Level(3) printed int, of an any holding a *node the pointer's struct with
// its renamed fields, and the print call was refused for a value of a
// static type made of the package's types. With the package's types, a
// %T operand of a Printf-like call with a literal format is printed by %s
// instead (the format's verb changed on its line):
//   - of a static type made of the package's types, as the type checker
//     writes it with package names, as %T does (`[]p.Level`, `*p.node`,
//     `p.Box[int]`), the operand still evaluated;
//   - of an interface type, by the session runtime's TypeName: the type
//     yaegi's wrapper records for a value of a type with methods
//     (`p.Level`), else the run-time type, which is right for compiled
//     types; a struct value whose run-time type is the interpreter's
//     (unexported fields renamed, so a type of a package) panics, naming
//     it, rather than print a wrong name. A value of a type without
//     methods and a basic underlying type still prints that type (yaegi
//     keeps nothing else), as README lists.

// typeVerbOperand writes the %T operand arg, of type t, as above and
// reports whether its verb must become %s.
func (w *pkgGoWriter) typeVerbOperand(arg ast.Expr, t types.Type) bool {
	if types.IsInterface(t) {
		if _, isParam := t.(*types.TypeParam); isParam || len(w.concreteTypes()) == 0 {
			return false
		}
		w.runtime = true
		w.enclose(arg, pkgRuntimeName+".TypeName(", ", "+strconv.Quote(w.where(arg.Pos()))+")")
		return true
	}
	if w.ownTypeIn(t) == "" && w.localTypeIn(t) == "" {
		return false
	}
	name := types.TypeString(t, func(p *types.Package) string { return p.Name() })
	w.enclose(arg, "func(any) string { return "+strconv.Quote(name)+" }(", ")")
	return true
}

// typeVerbFormat rewrites the literal format of the print call c, whose
// verbs are given, with the verbs at the indexes s as %s.
func (w *pkgGoWriter) typeVerbFormat(lit ast.Expr, format string, verbs []fmtVerb, s []int) {
	text := strconv.Quote(verbsAsS(format, verbs, s)) // see fmttype.go
	w.replaceToEnd(w.off(lit.Pos()), w.off(lit.End()), func() string { return text })
}

// heldTypeName is the run-time half of typeVerbOperand for an operand held in
// an interface; at names the print call's file and line.
func heldTypeName(v any, at string) string {
	inner, typ := ifaceUnwrap(v)
	if typ != "" {
		return typ
	}
	if inner == nil {
		return "<nil>"
	}
	rt := reflect.TypeOf(inner)
	for rt.Kind() == reflect.Pointer || rt.Kind() == reflect.Slice || rt.Kind() == reflect.Array || rt.Kind() == reflect.Map {
		rt = rt.Elem()
	}
	if rt.Kind() == reflect.Struct && rt.Name() == "" {
		for i := range rt.NumField() {
			if f := rt.Field(i); strings.Contains(string(f.Tag), unexportedFieldTag) && strings.HasPrefix(f.Name, "X") {
				panic(fmt.Errorf("%s: %%T of a value of the interpreter's struct type %s, a type of a package interpreted from source (yaegi v0.16.1 gives it no name), is not supported; compile the package into the kernel instead: activis-kernel build --with MODULE: %w",
					at, reflect.TypeOf(inner), ErrUnsupported))
			}
		}
	}
	return reflect.TypeOf(inner).String()
}
