package gosession

import (
	"fmt"
	"go/ast"
	"go/token"
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
//     it, rather than print a wrong name, and so does a value in yaegi's
//     wrapper of a compiled interface, which names nothing. A value of a
//     type without methods and a basic underlying type still prints that
//     type (yaegi keeps nothing else), as README lists. A value of the
//     package's types held in a compiled interface (error), or in such a
//     wrapper in an any, is named by asserting it to them first
//     (compiledIfaceTypeName).

// typeVerbOperand writes the %T operand arg, of type t, as above and
// reports whether its verb must become %s.
func (w *pkgGoWriter) typeVerbOperand(arg ast.Expr, t types.Type) bool {
	if types.IsInterface(t) {
		if _, isParam := t.(*types.TypeParam); isParam || len(w.concreteTypes()) == 0 && len(w.structInstances(arg.Pos())) == 0 {
			return false
		}
		w.runtime = true
		at := strconv.Quote(w.where(arg.Pos()))
		if pre := w.compiledIfaceTypeName(t, arg.Pos()); pre != "" {
			w.enclose(arg, pre, ", "+at+")")
			return true
		}
		w.enclose(arg, pkgRuntimeName+".TypeName(", ", "+at+")")
		return true
	}
	if w.ownTypeIn(t) == "" && w.localTypeIn(t) == "" {
		return false
	}
	name := types.TypeString(t, func(p *types.Package) string { return p.Name() })
	w.enclose(arg, "func(any) string { return "+strconv.Quote(name)+" }(", ")")
	return true
}

// compiledIfaceTypeName returns the text before the operand of a call
// naming the type of a value of t, an interface, or "" (TypeName names
// it). Where t is a compiled interface with methods, the package's
// concrete types implementing t are asserted in turn (an assertion from
// such an interface looks into yaegi's wrapper of it, whose run-time
// type, interp._error, %T printed for an error holding a *PE before), and
// the runtime's TypeNameIn names the one that matched, panics where two
// types of one run-time type did, or falls back to TypeName:
//
//	func(x error, at string) string { var m []string; if _, ok := x.(*PE); ok { m = append(m, "*p.PE") }; …; return _activisrt.TypeNameIn(x, m, at) }(err, "f.go:12")
//
// Where t is an empty interface, what it holds in such a wrapper (an
// error given to an any; HeldIn, pkgheldin.go) is asserted to the types
// with methods, and a value held bare to the struct types and pointers to
// them: yaegi holds a struct value in an any as its run-time type, which
// %T printed (`struct { Code int; Msg string }` for a p.Plain). An
// unnamed struct value of the same fields as one of them takes its name.
func (w *pkgGoWriter) compiledIfaceTypeName(t types.Type, pos token.Pos) string {
	ii, ok := t.Underlying().(*types.Interface)
	tt := w.typeText(t)
	if !ok || tt == "" {
		return ""
	}
	v := "x" // the value the types with methods are asserted on
	if ii.NumMethods() == 0 {
		v = "h"
	}
	var held, bare strings.Builder
	var promoted []string
	for _, c := range w.implementerTypes(ii) { // pkgifaceassert.go
		text := w.typeText(c)
		name := strconv.Quote(types.TypeString(c, func(p *types.Package) string { return p.Name() }))
		if ii.NumMethods() > 0 && ifacePromoted(c, ii) { // pkgdeepeq.go: yaegi refuses the assertion
			promoted = append(promoted, name)
			continue
		}
		if types.NewMethodSet(c).Len() > 0 {
			held.WriteString("if _, ok := " + v + ".(" + text + "); ok { m = append(m, " + name + ") }; ")
		}
		if _, isStruct := w.ownNamed(c).Underlying().(*types.Struct); isStruct {
			bare.WriteString("if _, ok := x.(" + text + "); ok { m = append(m, " + name + ") }; ")
		}
	}
	for _, n := range w.structInstances(pos) { // pkgprintany.go
		// an instance of the package's generic struct types (`p.Box[int]`),
		// which %T printed as its struct type or yaegi's wrapper
		if !types.Implements(n, ii) {
			continue
		}
		text := w.typeText(n)
		name := strconv.Quote(types.TypeString(n, func(p *types.Package) string { return p.Name() }))
		test := "if _, ok := x.(" + text + "); ok { m = append(m, " + name + ") }; " // x, also where it holds a wrapper
		held.WriteString(test)
		bare.WriteString(test)
	}
	body := held.String()
	if ii.NumMethods() == 0 {
		body = "if h := " + pkgRuntimeName + ".HeldIn(x); h != nil { " + held.String() + "} else { " + bare.String() + "}; "
	}
	if held.Len() == 0 && bare.Len() == 0 {
		return ""
	}
	return "func(x " + tt + ", at string) string { var m []string; " + body + "return " + pkgRuntimeName + ".TypeNameIn(x, m, at" + strings.Join(append([]string{""}, promoted...), ", ") + ") }("
}

// typeNameIn is the runtime's TypeNameIn: the one name in m, the names
// of the package's types a value x of an interface asserted to, a panic
// naming them where there are several (types the interpreter gives one
// run-time type), or heldTypeName's name for x; a panic naming promoted,
// the types of the interface that could not be asserted to, where that
// name is the interpreter's struct.
func typeNameIn(x any, m []string, at string, promoted ...string) string {
	switch len(m) {
	case 0:
		name := heldTypeName(x, at)
		if len(promoted) > 0 && (strings.HasPrefix(name, "struct {") || strings.HasPrefix(name, "*struct {")) {
			panic(fmt.Errorf("%s: %%T of a value that may be of %s, whose methods come from an embedded interface, which the interpreter (yaegi v0.16.1) cannot assert to; compile the package into the kernel instead: activis-kernel build --with MODULE: %w",
				at, strings.Join(promoted, " or "), ErrUnsupported))
		}
		return name
	case 1:
		return m[0]
	}
	panic(fmt.Errorf("%s: %%T of a value that the interpreter (yaegi v0.16.1) cannot tell apart between %s, which it gives one run-time type; compile the package into the kernel instead: activis-kernel build --with MODULE: %w",
		at, strings.Join(m, " and "), ErrUnsupported))
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
	if genericNumber.MatchString(typ) {
		// an instance of a generic type of the package that no
		// assertion named (another type has its struct type): yaegi's
		// name, `Box·86[int]`, has no package
		panic(fmt.Errorf("%s: %%T of a value of %s, an instance of a generic type of a package interpreted from source that another of its types looks like (yaegi v0.16.1 gives them one run-time type), is not supported; compile the package into the kernel instead: activis-kernel build --with MODULE: %w",
			at, untypedArgs.Replace(genericNumber.ReplaceAllString(typ, "")), ErrUnsupported))
	}
	if typ != "" {
		return typ
	}
	if inner == nil {
		return "<nil>"
	}
	rt := reflect.TypeOf(inner)
	if isYaegiWrapper(rt) { // ifacert.go
		panic(fmt.Errorf("%s: %%T of a value held in the interpreter's wrapper %s of a compiled interface, which does not name its type (yaegi v0.16.1); compile the package into the kernel instead: activis-kernel build --with MODULE: %w",
			at, rt, ErrUnsupported))
	}
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
