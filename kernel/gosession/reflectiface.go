package gosession

import (
	"fmt"
	"go/ast"
	"go/types"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Interfaces of interpreted code as reflect types.
//
// yaegi v0.16.1 has no run-time type for an interface with methods that
// interpreted code declares: `reflect.TypeOf((*Marshaler)(nil)).Elem()`,
// the idiom encoders use to ask whether a type has their methods, gave
// the struct type interp.valueInterface (Kind struct, NumMethod 0), so
// `t.Implements(marshalerType)` panicked with "reflect: non-interface
// type passed to Type.Implements": BurntSushi/toml's encoder and
// sanity-io/litter's Dump failed on every value. (In a cell, Kind
// printed struct without an error.)
//
// In a package file, such an expression (and reflect.TypeFor of such an
// interface) is given to the session runtime's IfaceType, which returns a
// stand-in of its own for the interface (a struct type tagged with the
// interface's name, as reflect can make no interface type) and records
// the interface's methods (names and signatures), and which of the
// package's own types implement it, as the type check tells:
//
//	reflect.TypeOf((*Marshaler)(nil)).Elem()
//	  → _activisrt.IfaceType(reflect.TypeOf((*Marshaler)(nil)).Elem(), "toml.Marshaler", nil, nil, "MarshalTOML", "func() ([]uint8, error)")
//
// and the file's calls of the Type methods Implements, AssignableTo and
// ConvertibleTo go to the runtime's TypeImplements, TypeAssignableTo and
// TypeConvertibleTo, which answer as Go does for a stand-in: a compiled
// type implements it when it has the methods with those signatures; a
// type of the package is looked up among the run-time types of its
// implementers. As yaegi gives an interpreted type the run-time type of
// its underlying type (`type Level int` is `int`; two structs with the
// same fields one type), a type that is both an implementer's and another
// type's (or a basic type, which compiled code has too) panics, naming
// the types, rather than answering for one of them; so does a type that
// may be one of the session's own (a cell's) when a cell has declared a
// type with the interface's method names. The file's calls of Kind,
// String, Name and NumMethod go to the runtime's TypeKind, TypeString,
// TypeNameOf and TypeNumMethod, which describe the interface for a stand-in
// (go.mongodb.org/mongo-driver's bson registers its encoders of
// interfaces only for a type of kind Interface: its import panicked);
// the Type's other methods, and these where compiled code calls them (fmt
// printing the type), describe the struct. The cells refuse the
// expression (reflecttype.go). Written for this package.

// reflectIface is what the session knows of an interface that a stand-in
// type represents.
type reflectIface struct {
	name string
	// sigs are the methods' names and signatures, in pairs, as
	// ifaceImplements takes them ("" where reflect could not print the
	// signature: the name decides).
	sigs []string
	// yes and no are the run-time types of the declaring package's types
	// (and pointers to them) that implement the interface and that do
	// not.
	yes, no []reflect.Type
}

// reflectIfaces are a session's stand-ins (see above).
type reflectIfaces struct {
	mu     sync.Mutex
	byType map[reflect.Type]*reflectIface
	sigs   map[reflect.Type][]string // typeSigs of compiled interfaces asked about
}

// sigsOf returns typeSigs(u) for the compiled interface u, made once: an
// encoder asks about the same interface for every value it writes.
func (ri *reflectIfaces) sigsOf(u reflect.Type) []string {
	ri.mu.Lock()
	defer ri.mu.Unlock()
	if sigs, ok := ri.sigs[u]; ok {
		return sigs
	}
	if ri.sigs == nil {
		ri.sigs = map[reflect.Type][]string{}
	}
	sigs := typeSigs(u)
	ri.sigs[u] = sigs
	return sigs
}

// get returns what t stands in for, or nil when t is no stand-in.
func (ri *reflectIfaces) get(t reflect.Type) *reflectIface {
	if t == nil || t.Kind() != reflect.Struct || t.NumField() != 1 || t.Field(0).Name != standInField {
		return nil
	}
	ri.mu.Lock()
	defer ri.mu.Unlock()
	return ri.byType[t]
}

// standInField is the name of a stand-in's only field, whose tag names the
// interface.
const standInField = "ActivisInterface"

// ifaceType returns the stand-in of the interface name (see above): its
// methods are sigs, yes and no the run-time types of its package's types
// that implement it and do not. The first argument is the interpreter's
// own type for it, unused.
func (s *Session) ifaceType(_ reflect.Type, name string, yes, no []reflect.Type, sigs ...string) reflect.Type {
	t := reflect.StructOf([]reflect.StructField{{
		Name: standInField,
		Type: reflect.TypeFor[struct{}](),
		Tag:  reflect.StructTag("interface:" + strconv.Quote(name)),
	}})
	ri := &s.ifaces
	ri.mu.Lock()
	defer ri.mu.Unlock()
	if ri.byType == nil {
		ri.byType = map[reflect.Type]*reflectIface{}
	}
	ri.byType[t] = &reflectIface{name: name, sigs: sigs, yes: yes, no: no}
	return t
}

// typeImplements is t.Implements(u) with stand-ins answered as above.
func (s *Session) typeImplements(t, u reflect.Type) bool {
	refuseWrapperType(t)
	ti, ui := s.ifaces.get(t), s.ifaces.get(u)
	switch {
	case ui == nil && ti == nil:
		if ok := t.Implements(u); ok || t.Kind() == reflect.Interface || compiledNamed(t) || u.NumMethod() == 0 {
			return ok
		}
		s.refuseOwners(t, u.String(), s.ifaces.sigsOf(u))
		return false
	case ui == nil:
		if u == nil || u.Kind() != reflect.Interface {
			return t.Implements(u) // reflect's own panic
		}
		return sigsCover(ti.sigs, typeSigs(u))
	case ti != nil:
		return sigsCover(ti.sigs, ui.sigs)
	case t.Kind() == reflect.Interface || compiledNamed(t):
		return sigsCover(typeSigs(t), ui.sigs)
	}
	yes, no := slices.Contains(ui.yes, t), slices.Contains(ui.no, t)
	if yes && !no && !basicKind(t) {
		return true
	}
	if yes {
		panic(fmt.Errorf("reflect: cannot tell whether the type %v implements %s: it is the run-time type of a type that does and of one that does not, "+
			"as the interpreter (yaegi v0.16.1) gives a type declared in interpreted code the run-time type of its underlying type; "+
			"compile the package into the kernel (activis-kernel build --with MODULE)", t, ui.name))
	}
	s.refuseOwners(t, ui.name, ui.sigs)
	return sigsCover(typeSigs(t), ui.sigs)
}

// refuseOwners panics when a session type has the methods sigs of the
// interface named iface and may have the run-time type t (methodOwners):
// whether t implements it cannot be told.
func (s *Session) refuseOwners(t reflect.Type, iface string, sigs []string) {
	owners := s.methodOwners(t, sigs)
	if len(owners) == 0 {
		return
	}
	panic(fmt.Errorf("reflect: cannot tell whether the type %v implements %s: the session's %s has its methods, and the interpreter (yaegi v0.16.1) "+
		"gives a type declared in a cell the run-time type of its underlying type, so a value of it cannot be told from another "+
		"(a package interpreted from source asked, by reflection); give the package values of types without such methods "+
		"(convert them first, e.g. to what the method returns)", t, iface, strings.Join(owners, ", ")))
}

// typeAssignableTo is t.AssignableTo(u) with stand-ins answered as above.
func (s *Session) typeAssignableTo(t, u reflect.Type) bool {
	if s.ifaces.get(t) == nil && s.ifaces.get(u) == nil {
		return t.AssignableTo(u)
	}
	return s.toIface(t, u)
}

// typeConvertibleTo is t.ConvertibleTo(u) with stand-ins answered as
// above.
func (s *Session) typeConvertibleTo(t, u reflect.Type) bool {
	if s.ifaces.get(t) == nil && s.ifaces.get(u) == nil {
		return t.ConvertibleTo(u)
	}
	return s.toIface(t, u)
}

// toIface reports whether a value of type t may become one of type u
// where one of them is a stand-in: u is an interface t implements (an
// interface value converts to no concrete type).
func (s *Session) toIface(t, u reflect.Type) bool {
	if s.ifaces.get(u) == nil && u.Kind() != reflect.Interface {
		return false
	}
	return s.typeImplements(t, u)
}

// refuseWrapperType panics when t is the interpreter's interface wrapper
// (or a pointer to it): a value of an interpreted type with methods held
// in an interface reaches reflect as interp.valueInterface, whose fields
// are the interpreter's, so a package walking it would encode or print
// nothing of the value (the toml package's Marshal of a cell's struct with
// a method gave "" without an error).
func refuseWrapperType(t reflect.Type) {
	e := t
	if e != nil && e.Kind() == reflect.Pointer {
		e = e.Elem()
	}
	if e == nil || !isValueInterface(e) {
		return
	}
	panic(fmt.Errorf("reflect: a value of a type with methods declared in interpreted code reached a package interpreted from source "+
		"through an interface, where the interpreter (yaegi v0.16.1) gives reflect its wrapper %v instead of the value's type, "+
		"so the package would see none of the value; give it a value of a type without methods (copy the fields into one)", t))
}

// methodOwners returns the names of the session's types that have
// methods of every name of sigs (pairs of name and signature) and whose
// run-time type may be t (or the type t points to): of t's kind, or of a
// kind the declaration does not show.
func (s *Session) methodOwners(t reflect.Type, sigs []string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for typ, ms := range s.st.methods {
		all := true
		for i := 0; i < len(sigs); i += 2 {
			_, has := ms[sigs[i]]
			all = all && has
		}
		k := s.st.declKind(typ, 8)
		if all && (k == reflect.Invalid || k == t.Kind() || t.Kind() == reflect.Pointer && k == t.Elem().Kind()) {
			out = append(out, typ)
		}
	}
	sort.Strings(out)
	return out
}

// declKind returns the kind of the session type name as its declaration
// shows it (following depth declarations of other session types), or
// reflect.Invalid when it does not.
func (st *state) declKind(name string, depth int) reflect.Kind {
	d := st.decls[name]
	if d == nil || d.Kind != "type" || depth == 0 {
		return reflect.Invalid
	}
	switch x := unparen(d.Type).(type) {
	case *ast.StructType:
		return reflect.Struct
	case *ast.ArrayType:
		if x.Len == nil {
			return reflect.Slice
		}
		return reflect.Array
	case *ast.MapType:
		return reflect.Map
	case *ast.FuncType:
		return reflect.Func
	case *ast.ChanType:
		return reflect.Chan
	case *ast.StarExpr:
		return reflect.Pointer
	case *ast.Ident:
		if k, ok := basicKinds[x.Name]; ok && st.decls[x.Name] == nil { // badverb.go
			return k
		}
		return st.declKind(x.Name, depth-1)
	}
	return reflect.Invalid
}

// typeSigs returns the exported methods of t as pairs of name and
// signature (as ifaceImplements takes them).
func typeSigs(t reflect.Type) []string {
	var out []string
	for i := range t.NumMethod() {
		m := t.Method(i)
		ft := m.Type
		if t.Kind() != reflect.Interface {
			out = append(out, m.Name, methodSig(ft)) // ifaceimpl.go
			continue
		}
		// An interface's method types have no receiver.
		in := make([]reflect.Type, 0, ft.NumIn()+1)
		in = append(in, t)
		for j := range ft.NumIn() {
			in = append(in, ft.In(j))
		}
		res := make([]reflect.Type, ft.NumOut())
		for j := range res {
			res[j] = ft.Out(j)
		}
		out = append(out, m.Name, methodSig(reflect.FuncOf(in, res, ft.IsVariadic())))
	}
	return out
}

// sigsCover reports whether have (pairs of name and signature) holds every
// method of want; a signature "" on either side matches any.
func sigsCover(have, want []string) bool {
	for i := 0; i+1 < len(want); i += 2 {
		found := false
		for j := 0; j+1 < len(have); j += 2 {
			if have[j] == want[i] && (have[j+1] == want[i+1] || have[j+1] == "" || want[i+1] == "") {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// basicKind reports whether t is a type compiled code has too whatever
// the interpreter declares: a predeclared type, or a pointer to one.
func basicKind(t reflect.Type) bool {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Name() != "" && t.PkgPath() == ""
}

// typeKind is t.Kind(), Interface for a stand-in.
func (s *Session) typeKind(t reflect.Type) reflect.Kind {
	if s.ifaces.get(t) != nil {
		return reflect.Interface
	}
	return t.Kind()
}

// typeString is t.String(), the interface's name for a stand-in.
func (s *Session) typeString(t reflect.Type) string {
	if ri := s.ifaces.get(t); ri != nil {
		return ri.name
	}
	return t.String()
}

// typeName is t.Name(), the interface's name without its package for a
// stand-in of a named interface, "" for an interface literal's.
func (s *Session) typeName(t reflect.Type) string {
	ri := s.ifaces.get(t)
	if ri == nil {
		return t.Name()
	}
	if strings.ContainsAny(ri.name, "{ ") {
		return ""
	}
	return ri.name[strings.LastIndex(ri.name, ".")+1:]
}

// typeNumMethod is t.NumMethod(), the interface's number of methods for
// a stand-in.
func (s *Session) typeNumMethod(t reflect.Type) int {
	if ri := s.ifaces.get(t); ri != nil {
		return len(ri.sigs) / 2
	}
	return t.NumMethod()
}

// reflectIfaceMethods are the reflect.Type methods whose calls in a
// package file go to the session runtime (see above), by their number of
// arguments.
var reflectIfaceMethods = map[string]struct {
	to    string
	nargs int
}{
	"Implements":    {"TypeImplements", 1},
	"AssignableTo":  {"TypeAssignableTo", 1},
	"ConvertibleTo": {"TypeConvertibleTo", 1},
	"Kind":          {"TypeKind", 0},
	"String":        {"TypeString", 0},
	"Name":          {"TypeNameOf", 0},
	"NumMethod":     {"TypeNumMethod", 0},
}

// reflectTypeMethod writes c, a call of one of reflectIfaceMethods on a
// reflect.Type in a package file, as the runtime's function (see above):
// t.Implements(u) → _activisrt.TypeImplements(t, u), t.Kind() →
// _activisrt.TypeKind(t).
func (w *pkgGoWriter) reflectTypeMethod(c *ast.CallExpr) {
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if w.types == nil || !ok || c.Ellipsis.IsValid() {
		return
	}
	m, ok := reflectIfaceMethods[sel.Sel.Name]
	if !ok || len(c.Args) != m.nargs || !isReflectNamed(w.types.typeOf(sel.X), "Type") {
		return
	}
	sep := ", "
	if m.nargs == 0 {
		sep = ""
	}
	if w.replace(w.off(sel.X.End()), w.off(c.Lparen)+1, func() string { return sep }) {
		w.runtime = true
		w.before[w.off(c.Pos())] += pkgRuntimeName + "." + m.to + "("
	}
}

// isReflectNamed reports whether t is the type name of package reflect
// (reflect.Type, reflect.Value).
func isReflectNamed(t types.Type, name string) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "reflect" && n.Obj().Name() == name
}

// reflectIfaceCall writes c, `reflect.TypeOf((*I)(nil)).Elem()` (or of
// `new(I)`) for an interface I of interpreted code with methods, as the
// runtime's IfaceType (see above).
func (w *pkgGoWriter) reflectIfaceCall(c *ast.CallExpr) {
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if w.types == nil || !ok || sel.Sel.Name != "Elem" || len(c.Args) != 0 {
		return
	}
	inner, ok := unparen(sel.X).(*ast.CallExpr)
	if !ok || len(inner.Args) != 1 || !w.isPkgFunc(inner.Fun, "reflect", "TypeOf") { // see pkgerrchain.go
		return
	}
	p, ok := types.Unalias(w.types.typeOf(inner.Args[0])).(*types.Pointer)
	if !ok {
		return
	}
	if pre, post := w.reflectIfaceParts(p.Elem(), unparen(inner.Fun).(*ast.SelectorExpr)); pre != "" {
		w.enclose(c, pre, post)
	}
}

// reflectIfaceParts returns the text around the interpreter's type of
// the interface t that makes it a stand-in, or "" when t is no interface
// of interpreted code with methods. member is a selector of package
// reflect (reflect.TypeOf), which gives the file's name of the package.
func (w *pkgGoWriter) reflectIfaceParts(t types.Type, member *ast.SelectorExpr) (pre, post string) {
	it, ok := underIface(t) // ifacesig.go
	if !ok || it.NumMethods() == 0 {
		return "", ""
	}
	// The name as typeText writes it (w.node may not be called before
	// the walk ends: it fixes the insertions).
	id, ok := unparen(member.X).(*ast.Ident)
	if !ok {
		return "", ""
	}
	pn, ok := w.types.info.Uses[id].(*types.PkgName)
	if !ok {
		return "", ""
	}
	reflectName, ok := strings.CutSuffix(w.typeText(pn.Imported().Scope().Lookup("Type").Type()), ".Type")
	if !ok {
		return "", ""
	}
	name := types.TypeString(t, func(p *types.Package) string { return p.Name() }) // as reflect writes it
	if n, ok := types.Unalias(t).(*types.Named); ok {
		if n.Obj().Pkg() == nil || compiledPackage(n.Obj().Pkg(), w.types.pkg) || n.TypeArgs() != nil {
			return "", ""
		}
	}
	var sigs []string
	for i := range it.NumMethods() {
		m := it.Method(i)
		sigs = append(sigs, strconv.Quote(m.Name()), strconv.Quote(reflectTypeText(m.Type()))) // ifacetwin.go
	}
	var yes, no []string
	for _, n := range w.concreteTypes() {
		for _, ptr := range []bool{false, true} {
			var typ types.Type = n
			if ptr {
				typ = types.NewPointer(n)
			}
			text := w.typeText(typ)
			if text == "" {
				continue
			}
			rt := reflectName + ".TypeOf((*" + text + ")(nil)).Elem()"
			if types.Implements(typ, it) {
				yes = append(yes, rt)
			} else {
				no = append(no, rt)
			}
		}
	}
	list := func(ts []string) string {
		if len(ts) == 0 {
			return "nil"
		}
		return "[]" + reflectName + ".Type{" + strings.Join(ts, ", ") + "}"
	}
	if len(yes) == 0 {
		no = nil // no type of the package can be taken for an implementer
	}
	w.runtime = true
	return pkgRuntimeName + ".IfaceType(", ", " + strconv.Quote(name) + ", " + list(yes) + ", " + list(no) + ", " + strings.Join(sigs, ", ") + ")"
}
