package gosession

import (
	"fmt"
	"go/ast"
	"go/types"
	"sort"
	"strconv"
	"strings"
)

// Values of a package's types printed by fmt's walk: field names, type
// names and values inside other values.
//
// A struct type declared in a package interpreted from source has, at run
// time, the fields of its underlying type with the unexported ones renamed
// (yaegi v0.16.1 cannot make unexported fields with reflect: `x` becomes
// `Xx`), and no name. So in such a package `fmt.Printf("%+v", p)` printed
// `{Xx:1 Xy:2 Name:a}` (Go `{x:1 y:2 Name:a}`), `%#v` printed `struct { Xx
// int "json:\"-\" xml:\"-\""; … }{Xx:1, …}` (Go `p.point{x:1, y:2,
// Name:"a"}`), and a value with methods held in an interface inside
// another value (a `map[string]any` printed whole) printed yaegi's wrapper
// (`c:{0xc000… {0x… 0x… 130}}`, Go `c:L2` from its String method), all
// without an error.
//
// The cells have a compiled walk for these (gosyntax.go, nestedprint.go):
// it prints a value along its static type, named by the syntax, with a
// table of the session's types (names, run-time types, underlying types,
// which have String, Error or GoString methods) and a callback that calls
// those methods. The package rewrite gives the same walk the package's
// types: each file declares, on its last line, the table of the package's
// named types (pkgWalkText) and the callback, and an operand of a print
// call (printFuncs) is written as
//
//	_activisrt.FmtWalk(arg, "file.go:12", "p", "map[string]any", "", "v", false, func(_activisN string, _activisV any) (string, bool) { return _activisSCsfx(_activisN, _activisV) }, _activisGTsfx)
//
// (the callback is given as a literal calling it: the function itself,
// given as a value inside a function literal, found no method: its
// assertions failed, and `func() { fmt.Println(cs) }()` for a []Celsius
// printed `[5]`, Go `[5.0°C]`, without an error)
// a compiled value fmt prints as the walk's text whatever the verb (its
// flags are applied inside, as fmt applies them to each number and
// string), for:
//   - %+v of a value whose type is made of the package's types, unless fmt
//     calls its String or Error method at the top, or held in an interface;
//   - %#v of such a value (with flags other than '#' refused: the text
//     would be padded whole);
//   - %v %s %q %x %X and Print's operands whose type holds interfaces below
//     the top while the package declares types with methods, or holds
//     values of the package's types with String or Error methods below the
//     top (which fmt calls there and compiled fmt cannot).
//
// A type declared inside a function is not in the table; an operand of
// %+v or %#v made of one is refused, naming it. Types of other packages
// interpreted from source are printed by fmt as before.

// pkgFmtWalk is the compiled side of FmtWalk: mode "#" prints v as %#v,
// "+" as %+v with flags, "" as the verb that ends flags (plainV); pkg is
// the package's name, table and call the file's (pkgWalkText).
func pkgFmtWalk(v any, at, pkg, static, mode, flags string, generics bool, call func(string, any) (string, bool), table []any) fmt.Formatter {
	return verbatim{goSyntaxMode(pkg, v, at, static, flags, generics, mode != "#", mode == "", table, nil, call)}
}

// walkOperand writes the print operand arg of type t as the FmtWalk call
// for mode and flags (see above).
func (w *pkgGoWriter) walkOperand(arg ast.Expr, t types.Type, mode, flags string) {
	static := ""
	if !types.IsInterface(t) {
		static = types.TypeString(t, w.walkQualifier)
	}
	if w.walkTable == "" {
		w.walkTable = w.fileSuffix()
	}
	w.runtime = true
	at := w.where(arg.Pos())
	w.enclose(arg, pkgRuntimeName+".FmtWalk(", fmt.Sprintf(", %q, %q, %q, %q, %q, %v, func(_activisN string, _activisV any) (string, bool) { return _activisSC%s(_activisN, _activisV) }, _activisGT%s)",
		at, w.types.pkg.Name(), static, mode, flags, w.genericTypes(), w.walkTable, w.walkTable))
}

// walkReadable returns own, telling the package's types, extended to the
// instances of its generic types that the walk's table holds
// (printInstances): a `[]Row` whose `Val Opt[float64]` field has a String
// method was refused before stop 53.
func (w *pkgGoWriter) walkReadable(own func(*types.Named) bool) func(*types.Named) bool {
	return func(n *types.Named) bool {
		if n.TypeArgs().Len() == 0 {
			return own(n)
		}
		for _, in := range w.printInstances() {
			if types.Identical(in, n) {
				return true
			}
		}
		return false
	}
}

// walkQualifier writes the package's own types by their names, others'
// by their packages' names (the walk parses the text; it is not compiled).
func (w *pkgGoWriter) walkQualifier(p *types.Package) string {
	if p == w.types.pkg {
		return ""
	}
	return p.Name()
}

// genericTypes reports whether the package declares a generic type, whose
// instances the walk cannot name.
func (w *pkgGoWriter) genericTypes() bool {
	scope := w.types.pkg.Scope()
	for _, name := range scope.Names() {
		if tn, ok := scope.Lookup(name).(*types.TypeName); ok && !tn.IsAlias() {
			if n, ok := tn.Type().(*types.Named); ok && n.TypeParams().Len() > 0 {
				return true
			}
		}
	}
	return false
}

// localTypeIn returns the name of a type declared inside a function of
// the package that t is made of, or "".
func (w *pkgGoWriter) localTypeIn(t types.Type) string {
	found := ""
	walkType(t, typePolicy{
		mapKeys: true,
		field:   func(*types.Named, *types.Struct, int) walkStep { return walkDescend },
		visit: func(t types.Type, depth int) walkStep {
			n, ok := t.(*types.Named)
			if !ok {
				return walkDescend
			}
			if n.Obj().Pkg() != w.types.pkg {
				return walkSkip
			}
			if n.Obj().Parent() != w.types.pkg.Scope() {
				found = n.Obj().Name()
				return walkFound
			}
			return walkSkip
		},
	})
	return found
}

// unexportedFieldIn reports whether values of t hold a struct of the
// package with an unexported field, which yaegi renames.
func (w *pkgGoWriter) unexportedFieldIn(t types.Type) bool {
	return walkType(t, typePolicy{
		mapKeys: true,
		field: func(owner *types.Named, s *types.Struct, i int) walkStep {
			if !s.Field(i).Exported() && (owner == nil || owner.Obj().Pkg() == w.types.pkg) {
				return walkFound
			}
			return walkDescend
		},
		visit: func(t types.Type, depth int) walkStep {
			if n, ok := t.(*types.Named); ok && n.Obj().Pkg() != w.types.pkg {
				return walkSkip
			}
			return walkDescend
		},
	})
}

// mayHoldIfaces reports whether a value of t, an interface other than a
// type parameter, may hold a value of one of the package's types with
// an interface below its top (a field, an element), or, for an interface
// with methods, with a String or Error method: `fmt.Println(s)` of a
// Shape holding a `Pair{A, B Shape}` printed yaegi's wrappers for A and B
// (`{{0xc000… {…}} …}`), and of a Shape holding a Circle with a String
// method `{1}` (Go `circle`), without an error (an `any` has
// printAnyOperand for the latter). An implementer with a method only
// from an embedded interface counts too.
func (w *pkgGoWriter) mayHoldIfaces(t types.Type, own func(*types.Named) bool) bool {
	it, ok := t.Underlying().(*types.Interface)
	if _, param := t.(*types.TypeParam); !ok || param {
		return false
	}
	for _, n := range w.concreteTypes() {
		if n.TypeParams().Len() > 0 {
			continue
		}
		text := !it.Empty() && (stringMethod(n) != "" || stringMethod(types.NewPointer(n)) != "") // nestedstringer.go
		if !text && !ifaceInsideOf(n, own) {
			continue
		}
		if it.Empty() || types.Implements(n, it) || types.Implements(types.NewPointer(n), it) {
			return true
		}
	}
	return false
}

// hasMethodTypes reports whether the package declares a concrete type with
// methods, whose values yaegi wraps when an interface holds them.
func (w *pkgGoWriter) hasMethodTypes() bool {
	for _, n := range w.concreteTypes() {
		if types.NewMethodSet(types.NewPointer(n)).Len() > 0 {
			return true
		}
	}
	return false
}

// topTextMethod reports whether fmt calls a String or Error method of a
// value of type t at the top (t or, for a pointer, *T has one).
func (w *pkgGoWriter) topTextMethod(t types.Type) bool {
	ms := types.NewMethodSet(t)
	return fmtErrorMethod(ms.Lookup(w.types.pkg, "Error")) || fmtErrorMethod(ms.Lookup(w.types.pkg, "String"))
}

// walkFlags returns the walk table's flags of the named type n
// (newGSPrinter, gosyntax.go): "v" for a GoString method on T, "p" on *T
// only; "m" for methods; "s" for a String or Error method on T, "S" on *T
// only. The package rewrite's table and sourcewalk.go's share it.
func walkFlags(n *types.Named) string {
	ms, pms := types.NewMethodSet(n), types.NewMethodSet(types.NewPointer(n))
	flags := ""
	switch {
	case fmtErrorMethod(ms.Lookup(nil, "GoString")):
		flags = "v"
	case fmtErrorMethod(pms.Lookup(nil, "GoString")):
		flags = "p"
	}
	if pms.Len() > 0 {
		flags += "m"
	}
	switch {
	case stringMethod(n) != "":
		flags += "s"
	case stringMethod(types.NewPointer(n)) != "":
		flags += "S"
	}
	return flags
}

// pkgWalkText declares the file's table of the package's types and its
// callback for the walk (see above), for the file's last line.
func (w *pkgGoWriter) pkgWalkText() string {
	if w.walkTable == "" {
		return ""
	}
	sfx := w.walkTable
	var table, cases []string
	scope := w.types.pkg.Scope()
	var ifaces []string
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if ok && !tn.IsAlias() && types.IsInterface(tn.Type()) {
			if n, ok := tn.Type().(*types.Named); ok && n.TypeParams().Len() == 0 {
				ifaces = append(ifaces, name)
			}
		}
	}
	sort.Strings(ifaces)
	for _, n := range w.concreteTypes() {
		name := n.Obj().Name()
		flags := walkFlags(n)
		if m := stringMethod(n); m != "" { // nestedstringer.go
			cases = append(cases, fmt.Sprintf("case %q: if x, ok := _activisV.(%s); ok { return x.%s(), true }", name, name, m))
			cases = append(cases, fmt.Sprintf("case %q: if x, ok := _activisV.(*%s); ok { return x.%s(), true }", "*"+name, name, m))
		} else if m := stringMethod(types.NewPointer(n)); m != "" {
			cases = append(cases, fmt.Sprintf("case %q: if x, ok := _activisV.(*%s); ok { return x.%s(), true }", "*"+name, name, m))
		}
		table = append(table, strconv.Quote(name), strconv.Quote(name), "(*"+name+")(nil)",
			strconv.Quote(types.TypeString(n.Underlying(), w.walkQualifier)), strconv.Quote(flags))
	}
	for _, n := range w.printInstances() { // pkgprintany.go
		// an instance the walk names by what yaegi's wrapper records
		// (`Box[int]`), with no run-time type of its own
		name := w.typeText(n)
		if m := stringMethod(n); m != "" {
			cases = append(cases, fmt.Sprintf("case %q: if x, ok := _activisV.(%s); ok { return x.%s(), true }", name, name, m))
		}
		table = append(table, strconv.Quote(name), strconv.Quote(n.Obj().Name()), "nil",
			strconv.Quote(types.TypeString(n.Underlying(), w.walkQualifier)), strconv.Quote("g"+walkFlags(n)))
	}
	for _, name := range ifaces {
		table = append(table, strconv.Quote(name), strconv.Quote(name), "nil", `"interface{}"`, `"i"`)
	}
	var b strings.Builder
	b.WriteString("\nvar _activisGT" + sfx + " = []any{" + strings.Join(table, ", ") + "}; ")
	b.WriteString("func _activisSC" + sfx + "(_activisN string, _activisV any) (string, bool) { ")
	if len(cases) > 0 {
		b.WriteString("switch _activisN { " + strings.Join(cases, "; ") + " }; ")
	}
	b.WriteString(`return "", false }`)
	return b.String()
}

// walkPrintOperand writes operand i of a print call (call names it; verbs
// and format are a Printf-like call's, nil when its format is not a
// literal) as a FmtWalk call where fmt would print it wrong (see above):
// done when it did, refused when it refused the operand instead.
func (w *pkgGoWriter) walkPrintOperand(arg ast.Expr, t types.Type, call string, printf bool, verbs []fmtVerb, i int, format string) (done, refused bool) {
	verb, flags := 'v', ""
	if printf {
		if i >= len(verbs) {
			return false, false
		}
		verb, flags = verbs[i].verb, verbs[i].flags(format)
	}
	iface := types.IsInterface(t)
	emptyIface := false
	if it, ok := t.Underlying().(*types.Interface); ok && iface {
		_, isParam := t.(*types.TypeParam)
		emptyIface = it.Empty() && !isParam
	}
	own := func(n *types.Named) bool { return n.Obj().Pkg() == w.types.pkg && !types.IsInterface(n) }
	mayHold := iface && w.mayHoldIfaces(t, own)
	involved := w.ownTypeIn(t) != "" || (emptyIface || ifaceInsideOf(t, own)) && (len(w.concreteTypes()) > 0 || len(w.printInstances()) > 0) || mayHold
	refuse := func(what string) (bool, bool) {
		w.refusePrint(arg, what)
		return false, true
	}
	typ := types.TypeString(t, w.pkgQualifier)
	switch {
	case verb == 'v' && strings.Contains(flags, "#"):
		if !involved || w.textMethodOperand(t, "GoString") {
			return false, false
		}
		if local := w.localTypeIn(t); local != "" {
			return refuse("%#v in " + call + " of a value of type " + typ + " would print the interpreter's struct for " + local +
				", a type declared inside a function; declare it at the package level")
		}
		if strings.Trim(flags, "#") != "" {
			return refuse("%" + flags + "v in " + call + " of a value of type " + typ + " would pad the interpreter's text whole; " +
				"use %#v and pad its result")
		}
		w.walkOperand(arg, t, "#", "")
		return true, false
	case verb == 'v' && strings.Contains(flags, "+"):
		if !involved || iface && !emptyIface && !mayHold || !iface && w.topTextMethod(t) {
			return false, false
		}
		if local := w.localTypeIn(t); local != "" {
			if !w.unexportedFieldIn(t) {
				return false, false // fmt prints the field names as declared
			}
			return refuse("%+v in " + call + " of a value of type " + typ + " would print the interpreter's field names for " + local +
				", a type declared inside a function; declare it at the package level")
		}
		w.walkOperand(arg, t, "+", strings.ReplaceAll(flags, "+", ""))
		if emptyIface {
			w.printAnyOperand(arg, t, false) // a String or Error method held is called first (pkgprintany.go)
		}
		return true, false
	case strings.ContainsRune("vsqxX", verb) && !strings.ContainsAny(flags, "+#"):
		if mayHold {
			w.walkOperand(arg, t, "", flags+string(verb))
			if emptyIface {
				w.printAnyOperand(arg, t, false) // a String or Error method held is called first (pkgprintany.go)
			}
			return true, false
		}
		if iface || !plainVReadableIn(t, w.walkReadable(own), true) || w.localTypeIn(t) != "" {
			return false, false
		}
		if name, _ := nestedStringerOf(t, own); name == "" && !(ifaceInsideOf(t, own) && (w.hasMethodTypes() || len(w.printInstances()) > 0)) {
			return false, false
		}
		w.walkOperand(arg, t, "", flags+string(verb))
		return true, false
	}
	return false, false
}
