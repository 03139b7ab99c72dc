package gosession

import (
	"fmt"
	"reflect"
	"strings"
	"unsafe"

	"github.com/traefik/yaegi/interp"
)

// Run-time help for values of session types held in interfaces.
//
// yaegi v0.16.1 passes a value of a session type with methods that an
// interface holds to compiled code in one of three forms: the bare value
// (its run-time type is the underlying type: `struct { X int }`), its own
// wrapper `interp.valueInterface` (the value and the syntax node whose
// type is the session type), or a wrapper for a compiled interface
// (`stdlib._fmt_Stringer`, `interp._error`) that keeps the methods. fmt
// prints the wrappers' fields: `%T` of an `any` holding `myint(5)` gave
// "interp.valueInterface" and `%v` its pointers. ifaceTypeString names the
// type of the first two forms; the rewriter handles the bare struct
// values with type assertions (fmttype.go).

// ifaceTypeString returns what %T prints for v: the session type's name for a
// yaegi valueInterface (renames holds pairs of interpreter and user type
// names, as "P_v2", "P"), fmt's %T otherwise. For a wrapper of a compiled
// interface, whose type the interpreter no longer knows, it panics with
// the workaround rather than print the wrapper's name.
func ifaceTypeString(v any, renames ...string) string {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return fmt.Sprintf("%T", v)
	}
	t := rv.Type()
	if t.Kind() != reflect.Struct {
		return fmt.Sprintf("%T", v)
	}
	switch {
	case isValueInterface(t):
		if s := valueInterfaceType(rv); s != "" {
			for i := 0; i+1 < len(renames); i += 2 {
				s = replaceTypeName(s, renames[i], renames[i+1])
			}
			return untypedArgs.Replace(genericNumber.ReplaceAllString(s, ""))
		}
	case isYaegiWrapper(t):
		panic(fmt.Errorf("%%T of a value of a session type held in a compiled interface (%s) is not supported by the "+
			"interpreter: it no longer knows the type; print the type from a type switch on the value instead: %w",
			strings.Replace(strings.TrimPrefix(strings.TrimPrefix(t.Name(), "guarded"), "_"), "_", ".", 1), ErrUnsupported))
	}
	return fmt.Sprintf("%T", v)
}

// untypedArgs gives the default types for the untyped constants yaegi
// records as the type arguments of an instance inferred from constants
// (`p.New(3)` is a `*p.Box[untyped int]` in its type string), and
// genericNumber (genericnames.go) drops the numbers of generic types
// named apart: %T printed `*p.Box·83[untyped int]` for Go's `*p.Box[int]`.
var untypedArgs = strings.NewReplacer("untyped int", "int", "untyped float", "float64", "untyped rune", "int32",
	"untyped string", "string", "untyped bool", "bool", "untyped complex", "complex128")

// valueInterfaceType reads the type string yaegi keeps in a valueInterface
// (node.typ.str), or "": for an instance of a generic struct type made in
// a composite literal, which yaegi names by its struct type there, the
// instance's name (node.typ.name). For a pointer to a recursive type
// (`type List struct{ Next *List }`) yaegi made that string while the type
// was incomplete, `*struct {}`: the pointer's is then rebuilt from its
// element's (node.typ.val.str, `main.List`), or "" where that is one too.
func valueInterfaceType(rv reflect.Value) (s string) {
	defer func() {
		if recover() != nil {
			s = ""
		}
	}()
	n := rv.FieldByName("node")
	if !n.IsValid() || n.Kind() != reflect.Pointer || n.IsNil() {
		return ""
	}
	typ := n.Elem().FieldByName("typ")
	if !typ.IsValid() || typ.Kind() != reflect.Pointer || typ.IsNil() {
		return ""
	}
	str := typ.Elem().FieldByName("str")
	if !str.IsValid() || str.Kind() != reflect.String {
		return ""
	}
	if strings.HasPrefix(str.String(), "struct {") {
		// an instance of a generic struct type made in a composite
		// literal: yaegi's string is its struct type's, its name the
		// instance's (`Box[int]`, `Box·86[int]` in a package, which
		// genericNumber reads)
		if name := typ.Elem().FieldByName("name"); name.Kind() == reflect.String && strings.Contains(name.String(), "[") {
			return name.String()
		}
	}
	if !strings.Contains(str.String(), "struct {}") {
		return str.String()
	}
	val := typ.Elem().FieldByName("val")
	if !strings.HasPrefix(str.String(), "*") || !val.IsValid() || val.Kind() != reflect.Pointer || val.IsNil() {
		return ""
	}
	name, elem := val.Elem().FieldByName("name"), val.Elem().FieldByName("str")
	switch {
	case name.Kind() != reflect.String || elem.Kind() != reflect.String:
		return ""
	case name.String() == "":
		return str.String() // an unnamed struct's pointer: *struct {}
	case elem.String() != "" && !strings.Contains(elem.String(), "struct {"):
		return "*" + elem.String()
	}
	return ""
}

// isValueInterface reports whether t is the interpreter's wrapper of an
// interpreted value held in an interface, interp.valueInterface.
func isValueInterface(t reflect.Type) bool {
	return t.PkgPath() == "github.com/traefik/yaegi/interp" && t.Name() == "valueInterface"
}

// isYaegiWrapper reports whether t is a struct that holds a session value
// behind a compiled interface: yaegi's own (interp._error, and those of
// its symbol tables) or the session's guarded ones (guardwrap.go), whose
// field IValue holds the value and whose other fields call its methods.
func isYaegiWrapper(t reflect.Type) bool {
	yaegi := strings.HasPrefix(t.PkgPath(), "github.com/traefik/yaegi") && strings.HasPrefix(t.Name(), "_")
	guarded := t.PkgPath() == guardedWrapperPkg && strings.HasPrefix(t.Name(), "guarded_")
	if !yaegi && !guarded || t.Kind() != reflect.Struct {
		return false
	}
	return t.NumField() > 0 && t.Field(0).Name == "IValue"
}

// guardedWrapperPkg is the package path of the guarded wrappers.
var guardedWrapperPkg = reflect.TypeFor[guarded_fmt_Stringer]().PkgPath()

// replaceTypeName replaces the package-qualified type name main.from in s
// by main.to, where it is a whole name.
func replaceTypeName(s, from, to string) string {
	old := "main." + from
	var b strings.Builder
	for {
		i := strings.Index(s, old)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		end := i + len(old)
		if end < len(s) && isIdentByte(s[end]) {
			b.WriteString(s[:end])
			s = s[end:]
			continue
		}
		b.WriteString(s[:i] + "main." + to)
		s = s[end:]
	}
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// ifaceRuntimePath is the import path of ifaceTypeString for rewritten cells;
// ifaceRuntimeName the name a session imports it under.
const (
	ifaceRuntimePath = "activis.internal/iface"
	ifaceRuntimeName = "_activisiface"
)

// ifaceRuntime makes ifaceTypeString importable in the session's interpreter
// and imports it, once, and returns the name cells call it through, or ""
// when that failed.
func (sc sessionScope) ifaceRuntime() string {
	sc.s.mu.Lock()
	done := sc.st.imports[ifaceRuntimeName] != ""
	sc.s.mu.Unlock()
	if done {
		return ifaceRuntimeName
	}
	eq := &eqCache{anon: &sc.st.anon} // ifaceeq.go, one per interpreter
	members := map[string]reflect.Value{
		"TypeString": reflect.ValueOf(ifaceTypeString),
		"Unwrap":     reflect.ValueOf(ifaceUnwrap),
		// ifaceimpl.go
		"Implements":     reflect.ValueOf(ifaceImplements),
		"UnsafeSlice":    reflect.ValueOf(unsafeSlice), // unsafefuncs.go
		"RefuseCompiled": reflect.ValueOf(ifaceRefuseCompiled),
		"RefuseHeld":     reflect.ValueOf(ifaceRefuseHeld),             // assertheld.go
		"GoSyntax":       reflect.ValueOf(sc.st.anon.goSyntax),         // gosyntax.go
		"SourceType":     reflect.ValueOf(sc.st.anon.sourceTypeString), // sourcetypeverb.go
		"Equal":          reflect.ValueOf(eq.equal),
		"Cached":         reflect.ValueOf(eq.cached),
		"EqualTypes":     reflect.ValueOf(eq.equalTypes),
		"PlusV":          reflect.ValueOf(sc.st.anon.plusV),    // gosyntax.go
		"PlainV":         reflect.ValueOf(sc.st.anon.plainV),   // nestedprint.go
		"WalkHeld":       reflect.ValueOf(sc.st.anon.walkHeld), // heldprint.go
		"Verbatim":       reflect.ValueOf(ifaceVerbatim),
		"Plain":          reflect.ValueOf(ifacePlain), // numverb.go
		"Text":           reflect.ValueOf(ifaceText),  // ptrstring.go
		"MethodPanic":    reflect.ValueOf(ifaceMethodPanic),
		"AssertError":    reflect.ValueOf(assertError), // assertiface.go
		"MissingMethod":  reflect.ValueOf(missingMethod),
		"PrintSep":       reflect.ValueOf(printSep),   // printspace.go
		"Named":          reflect.ValueOf(ifaceNamed), // badverb.go
		"PlainNamed":     reflect.ValueOf(ifacePlainNamed),
		"SpreadVerbs":    reflect.ValueOf(spreadVerbs), // spreadprint.go
		"SpreadFormat":   reflect.ValueOf(spreadFormat),
		"SpreadVerbsTG":  reflect.ValueOf(spreadVerbsTG),
		"SpreadArgs":     reflect.ValueOf(spreadArgs),
		"CheckWrap":      reflect.ValueOf(checkWrap), // runtimeformat.go
		"LogAt":          reflect.ValueOf(logAt),     // logprint.go
		"LoggerAt":       reflect.ValueOf(loggerAt),
		"LogOutputAt":    reflect.ValueOf(logOutputAt), // logoutput.go
		"LoggerOutputAt": reflect.ValueOf(loggerOutputAt),
		"WrapStruct":     reflect.ValueOf(wrapStruct), // sourcestructwrap.go
		"WrapHeld":       reflect.ValueOf(wrapHeld),
		"Promote":        reflect.ValueOf((&jsonPromoter{}).promote), // jsonembed.go
		"PromoteAny":     reflect.ValueOf((&jsonPromoter{dynamic: true}).promote),
	}
	ifaceTwinExports(members) // ifacetwin.go
	sc.st.interpMu.Lock()
	err := sc.st.in.Use(interp.Exports{ifaceRuntimePath + "/iface": members})
	sc.st.interpMu.Unlock()
	if err != nil {
		return ""
	}
	if _, err := sc.st.eval(`import ` + ifaceRuntimeName + ` "` + ifaceRuntimePath + `"`); err != nil {
		return ""
	}
	sc.s.mu.Lock()
	sc.st.imports[ifaceRuntimeName] = ifaceRuntimePath
	sc.s.mu.Unlock()
	return ifaceRuntimeName
}

// ifaceUnwrap returns the value a yaegi valueInterface holds, and the
// type string yaegi keeps for it (main.VErr); v and "" for any other v.
// fmt printed the wrapper's pointers (`{0xc000… {0x… 0x… 130}}` for an
// any holding myint(5)); the rewritten cell prints the value, or the
// result of its Error or String method, which it calls from the type
// (fmttype.go).
func ifaceUnwrap(v any) (inner any, typ string) {
	inner = v
	for range 8 {
		rv := reflect.ValueOf(inner)
		if !rv.IsValid() || rv.Kind() != reflect.Struct {
			return inner, typ
		}
		t := rv.Type()
		if !isValueInterface(t) {
			return inner, typ
		}
		f, ok := t.FieldByName("value")
		if !ok || f.Type != reflect.TypeFor[reflect.Value]() {
			return inner, typ
		}
		if s := valueInterfaceType(rv); s != "" {
			typ = s
		}
		cp := reflect.New(t).Elem()
		cp.Set(rv)
		val := *(*reflect.Value)(unsafe.Pointer(cp.FieldByIndex(f.Index).UnsafeAddr()))
		if !val.IsValid() {
			return nil, typ
		}
		if !val.CanInterface() {
			return inner, typ
		}
		inner = val.Interface()
	}
	return inner, typ
}
