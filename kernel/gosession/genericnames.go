package gosession

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unsafe"

	"github.com/traefik/yaegi/interp"
)

// Instances of generic functions told apart by package.
//
// yaegi v0.16.1 keeps the instances it makes of generic functions in one
// map for the whole interpreter, keyed by the function's name and its type
// arguments (genAST: "Max[int]"), not by its package or declaration. A
// cell's `func Max[T cmp.Ordered](xs []T) T` met the instance the
// session's slices.Max had made for int: `Max([]int{1, 5})` returned
// slices.Max's 5 where the cell's function returns 1, without an error;
// the other way round the cell's instance was handed to slices.Max's
// callers, and a cell's Max calling slices.Max made the instance call
// itself half-built (a CFG panic). The same held for any two packages
// interpreted from source (a cell's Keys beside maps.Keys, two modules'
// Map).
//
// The methods of generic types share the map the same way, keyed by the
// method's name and the type arguments ("Len[int]"): in a package with
// Stack[T] and Queue[T] that both have a Name method, a Queue[int]'s
// Name ran the Stack[int]'s (Go "stackqueue", yaegi "stackstack"), and
// so across packages and cells.
//
// After each compile the session gives every generic function
// declaration and every method of a generic type of every interpreted
// package (the cells' and the source packages') a name of its own in
// yaegi's syntax tree, the declared name followed by "·" and a number
// (qualifyGenerics): the instance key is then "Max·12[int]", which no
// other declaration shares. The names code refers to (the symbol in the
// package's scope, a method's name in its type's method set) are not
// touched. Instances made under a plain name before that (by the compile
// that declared the function) are dropped from the map, so that the next
// compile makes its own under the new key; code already compiled keeps
// the instance it holds. A package interpreted from source is named
// apart between yaegi's declaration pass over its files and its
// compilation of their bodies, where its own code instantiates its
// generics: the session's file system (buildfs.go) lists one more file
// last in the package's directory, and reading it runs the renaming.
// Generic types are named apart the same way (markGenericType): yaegi
// kept the syntax trees of their instances by the bare name and the type
// arguments ("Box[int]"), so a cell's Box[int] and a package's
// p.Box[int] were one type, with one declaration's fields and methods
// (`p.Box[int]{7}.Kind()` ran the cell's Kind, without an error). The
// instances made before the renaming are moved to the new keys, so that
// a type's instance stays one type across cells. Written for this package; it reads and writes yaegi's
// unexported fields, which the test TestGenericInstanceKeys checks
// against the pinned yaegi version.

// genericMark separates a generic function's declared name from its
// number in yaegi's syntax tree.
const genericMark = "·"

// qualifyGenerics names the generic function declarations and the
// methods of generic types of the interpreter's packages and, with
// dropStale, drops the instances keyed by a plain name (see above). It
// numbers declarations from *seq, walks the scopes w says may have
// changed (nil: all), and reports a description of what it could not
// read (yaegi's layout changed), or "".
func qualifyGenerics(in *interp.Interpreter, seq *int, dropStale bool, w *genericWalk) (problem string) {
	defer func() {
		if r := recover(); r != nil {
			problem = fmt.Sprint(r)
		}
	}()
	iv := reflect.ValueOf(in).Elem()
	scopes := exposed(iv.FieldByName("scopes"))
	generic := exposed(iv.FieldByName("generic"))
	if scopes.Kind() != reflect.Map || generic.Kind() != reflect.Map {
		return "interp.Interpreter has no scopes or generic map"
	}
	var renamed []genericTypeName
	w.eachSymbol(scopes, func(_ string, sym reflect.Value) {
		n := exposed(sym.Elem().FieldByName("node"))
		if name := genericFuncName(n); name != "" {
			markName(n, name, seq)
		}
		typ := exposed(sym.Elem().FieldByName("typ"))
		if typ.Kind() != reflect.Pointer || typ.IsNil() {
			return
		}
		if r, ok := markGenericType(typ, seq); ok {
			renamed = append(renamed, r)
		}
		methods := exposed(typ.Elem().FieldByName("method"))
		for i := 0; methods.Kind() == reflect.Slice && i < methods.Len(); i++ {
			if m := methods.Index(i); genericMethod(m) {
				markName(m, exposed(child(m, 1).Elem().FieldByName("ident")).String(), seq)
				markReceiver(m, typ)
			}
		}
		if methods.Kind() == reflect.Slice {
			orderMethodNodes(methods) // methodorder.go
		}
	})
	rekeyInstances(scopes, generic, renamed)
	if !dropStale || w != nil && generic.Len() == w.cacheLen {
		return "" // no instance made since the last pass
	}
	var stale []reflect.Value
	for it := generic.MapRange(); it.Next(); {
		key := it.Key().String()
		name, _, _ := strings.Cut(key, "[")
		if !strings.Contains(name, genericMark) && nodeKind(it.Value()) == "funcDecl" {
			stale = append(stale, it.Key())
		}
	}
	for _, k := range stale {
		generic.SetMapIndex(k, reflect.Value{})
	}
	if w != nil {
		w.cacheLen = generic.Len()
	}
	return ""
}

// genericWalk remembers what a pass of genericnames.go saw, so that the
// next walks only what may have changed: the session's scope ("main",
// whose declarations a cell may replace) and the package scopes whose
// number of symbols changed (a package's scope only grows, by the
// instances of its generic types), and yaegi's instance map when its
// size changed. Both passes over everything took 0.34 ms per compile on a
// session with the prelude, against 0.80–0.97 ms for compiling and
// running `x++`; over what changed, 0.06 ms against 0.44 ms
// (BenchmarkQualifyGenerics, 2 cores, quiet machine).
type genericWalk struct {
	seen     map[uintptr]int // scope -> number of symbols at the last pass
	cacheLen int             // entries of yaegi's instance map after the last pass
}

// eachSymbol is the package function eachSymbol over the scopes w says
// may have changed (all for a nil w), noting what it saw.
func (w *genericWalk) eachSymbol(scopes reflect.Value, f func(name string, sym reflect.Value)) {
	if w == nil {
		eachSymbol(scopes, f)
		return
	}
	if w.seen == nil {
		w.seen = map[uintptr]int{}
	}
	changed := func(path string, sc reflect.Value, n int) bool {
		if path != "main" && w.seen[sc.Pointer()] == n {
			return false
		}
		w.seen[sc.Pointer()] = n
		return true
	}
	eachSymbolIn(scopes, changed, func(_, key, sym reflect.Value) { f(key.String(), sym) })
}

// eachSymbol calls f with the name and value (a *symbol) of each symbol
// of the interpreter's package scopes (a map of *scope).
func eachSymbol(scopes reflect.Value, f func(name string, sym reflect.Value)) {
	eachSymbolIn(scopes, nil, func(_, key, sym reflect.Value) { f(key.String(), sym) })
}

// eachSymbolIn is eachSymbol with the scope's symbol map and the key, over
// the scopes keep keeps (given the import path, the *scope and its number
// of symbols; nil keeps all).
func eachSymbolIn(scopes reflect.Value, keep func(path string, sc reflect.Value, n int) bool, f func(syms, key, sym reflect.Value)) {
	for it := scopes.MapRange(); it.Next(); {
		sc := it.Value()
		if sc.IsNil() {
			continue
		}
		syms := exposed(sc.Elem().FieldByName("sym"))
		if keep != nil && !keep(it.Key().String(), sc, syms.Len()) {
			continue
		}
		for st := syms.MapRange(); st.Next(); {
			if sym := st.Value(); !sym.IsNil() {
				f(syms, st.Key(), sym)
			}
		}
	}
}

// exposed returns v, an unexported field, as a value that can be read and
// set.
func exposed(v reflect.Value) reflect.Value {
	if !v.IsValid() || !v.CanAddr() {
		return v
	}
	return reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
}

// child returns child i of the yaegi node n (a *node value), or an
// invalid value.
func child(n reflect.Value, i int) reflect.Value {
	if !n.IsValid() || n.Kind() != reflect.Pointer || n.IsNil() {
		return reflect.Value{}
	}
	c := exposed(n.Elem().FieldByName("child"))
	if c.Kind() != reflect.Slice || i >= c.Len() || c.Index(i).IsNil() {
		return reflect.Value{}
	}
	return c.Index(i)
}

// nodeKind returns the kind of the yaegi node n ("funcDecl"), or "".
func nodeKind(n reflect.Value) string {
	if !n.IsValid() || n.Kind() != reflect.Pointer || n.IsNil() {
		return ""
	}
	k := exposed(n.Elem().FieldByName("kind"))
	if s, ok := k.Interface().(fmt.Stringer); ok {
		return s.String()
	}
	return ""
}

// genericFuncName returns the name of the function node n declares when
// it is a generic function (type parameters, no receiver), or "".
func genericFuncName(n reflect.Value) string {
	if nodeKind(n) != "funcDecl" || childCount(child(n, 0)) > 0 || childCount(child(child(n, 2), 0)) == 0 {
		return ""
	}
	return exposed(child(n, 1).Elem().FieldByName("ident")).String()
}

// markName gives the declaration n, named name, its number, unless it
// has one.
func markName(n reflect.Value, name string, seq *int) {
	if strings.Contains(name, genericMark) {
		return
	}
	*seq++
	exposed(child(n, 1).Elem().FieldByName("ident")).SetString(name + genericMark + strconv.Itoa(*seq))
}

// genericMethod reports whether n declares a method of a generic type:
// its receiver's type is an instance (T[K, V], *T[K]).
func genericMethod(n reflect.Value) bool {
	if nodeKind(n) != "funcDecl" || childCount(child(n, 0)) == 0 {
		return false
	}
	field := child(child(n, 0), 0)
	rt := child(field, childCount(field)-1)
	if nodeKind(rt) == "starExpr" {
		rt = child(rt, 0)
	}
	switch nodeKind(rt) {
	case "indexExpr", "indexListExpr":
		return true
	}
	return false
}

// childCount returns the number of children of the yaegi node n.
func childCount(n reflect.Value) int {
	if !n.IsValid() || n.Kind() != reflect.Pointer || n.IsNil() {
		return 0
	}
	return exposed(n.Elem().FieldByName("child")).Len()
}

// genericMethodMixups finds the methods yaegi shared between instances of
// two generic types made in one compile (under the plain key, before the
// renaming: a cell that declares Stack[T] and Queue[T] with a Len method
// each and makes a Stack[int] and a Queue[int]), names them, and removes
// those instances from the interpreter (their symbols and their generic
// types' instance lists), so that a later cell makes them again, with
// their own methods. It returns "" when no method was shared; problem
// describes what it could not read (yaegi's layout changed).
func genericMethodMixups(in *interp.Interpreter, w *genericWalk) (mixups, problem string) {
	defer func() {
		if r := recover(); r != nil {
			problem = fmt.Sprint(r)
		}
	}()
	iv := reflect.ValueOf(in).Elem()
	scopes := exposed(iv.FieldByName("scopes"))
	if scopes.Kind() != reflect.Map {
		return "", "interp.Interpreter has no scopes map"
	}
	type owner struct {
		generic string
		typ     uintptr // the generic type (it has two names: markGenericType)
		inst    reflect.Value
	}
	owners := map[uintptr]owner{}      // method node -> the instance that has it
	bad := map[uintptr]reflect.Value{} // instance itypes to remove
	generics := map[uintptr]reflect.Value{}
	var found []string
	w.eachSymbol(scopes, func(name string, sym reflect.Value) {
		typ := exposed(sym.Elem().FieldByName("typ"))
		if typ.Kind() != reflect.Pointer || typ.IsNil() {
			return
		}
		insts := exposed(typ.Elem().FieldByName("instance"))
		if insts.Kind() != reflect.Slice || insts.Len() == 0 {
			return
		}
		generics[typ.Pointer()] = typ
		for i := range insts.Len() {
			inst := insts.Index(i)
			if inst.IsNil() {
				continue
			}
			ms := exposed(inst.Elem().FieldByName("method"))
			for j := 0; ms.Kind() == reflect.Slice && j < ms.Len(); j++ {
				m := ms.Index(j).Pointer()
				o, seen := owners[m]
				switch {
				case !seen:
					owners[m] = owner{strings.Split(name, genericMark)[0], typ.Pointer(), inst}
				case o.typ != typ.Pointer():
					found = append(found, fmt.Sprintf("%s and %s (method %s)", o.generic, strings.Split(name, genericMark)[0],
						strings.Split(exposed(ms.Index(j).Elem().FieldByName("ident")).String(), genericMark)[0]))
					bad[o.inst.Pointer()], bad[inst.Pointer()] = o.inst, inst
				}
			}
		}
	})
	if len(found) == 0 {
		return "", ""
	}
	for _, g := range generics {
		insts := exposed(g.Elem().FieldByName("instance"))
		kept := reflect.MakeSlice(insts.Type(), 0, insts.Len())
		for i := range insts.Len() {
			if _, drop := bad[insts.Index(i).Pointer()]; !drop {
				kept = reflect.Append(kept, insts.Index(i))
			}
		}
		insts.Set(kept)
	}
	type symKey struct{ syms, key reflect.Value }
	var drop []symKey
	eachSymbolIn(scopes, nil, func(syms, key, sym reflect.Value) {
		if typ := exposed(sym.Elem().FieldByName("typ")); typ.Kind() == reflect.Pointer && !typ.IsNil() {
			if _, b := bad[typ.Pointer()]; b {
				drop = append(drop, symKey{syms, key})
			}
		}
	})
	for _, d := range drop {
		d.syms.SetMapIndex(d.key, reflect.Value{})
	}
	sort.Strings(found)
	return strings.Join(slices.Compact(found), ", "), ""
}

// genericTypeName is a generic type genericnames.go named apart: its
// itype and declaration (the typeSpec node), its name before and after,
// and its package path.
type genericTypeName struct {
	typ, spec      reflect.Value
	old, new, path string
}

// markGenericType gives the generic type typ (an *itype of category
// genericT) a name of its own, the declared name followed by genericMark
// and a number, unless it has one: in its itype (yaegi keys the symbols
// of its instances by the qualified name, "main.Box·7[int]"), in its
// declaration (the syntax trees of its instances are keyed by the
// declared name in interp.generic, "Box·7[int]"), in the declaration's
// references to itself (`*Tree[T]` in Tree's fields, told by that name)
// and in its methods' receivers (an instance's method finds the instance
// by the receiver's name). It reports the renaming.
func markGenericType(typ reflect.Value, seq *int) (genericTypeName, bool) {
	cat, ok := exposed(typ.Elem().FieldByName("cat")).Interface().(fmt.Stringer)
	if !ok || cat.String() != "genericT" {
		return genericTypeName{}, false
	}
	name := exposed(typ.Elem().FieldByName("node")) // the declared name
	if nodeKind(name) != "identExpr" {
		return genericTypeName{}, false
	}
	id := exposed(name.Elem().FieldByName("ident"))
	spec := exposed(name.Elem().FieldByName("anc"))
	tname, path, str := exposed(typ.Elem().FieldByName("name")), exposed(typ.Elem().FieldByName("path")), exposed(typ.Elem().FieldByName("str"))
	if strings.Contains(id.String(), genericMark) || nodeKind(spec) != "typeSpec" || child(spec, 0).Pointer() != name.Pointer() ||
		tname.String() != id.String() {
		return genericTypeName{}, false
	}
	*seq++
	r := genericTypeName{typ: typ, spec: spec, old: id.String(), new: id.String() + genericMark + strconv.Itoa(*seq), path: path.String()}
	id.SetString(r.new)
	tname.SetString(r.new)
	if str.String() == r.old {
		str.SetString(r.new) // not qualified yet (yaegi qualifies it when it types a use)
	} else {
		str.SetString(r.qualified(r.new))
	}
	for i := 1; i < childCount(spec); i++ {
		renameSelfRefs(child(spec, i), r.old, r.new)
	}
	return r, true
}

// qualified returns the name as yaegi qualifies the type's: by its
// package path.
func (r genericTypeName) qualified(name string) string {
	if r.path == "" {
		return name
	}
	return r.path + "." + name
}

// renameSelfRefs renames the instances of the generic type old that the
// syntax tree n writes (`*Tree[T]` in Tree's fields) to new.
func renameSelfRefs(n reflect.Value, old, new string) {
	if !n.IsValid() || n.IsNil() {
		return
	}
	switch nodeKind(n) {
	case "indexExpr", "indexListExpr":
		if base := child(n, 0); nodeKind(base) == "identExpr" {
			if id := exposed(base.Elem().FieldByName("ident")); id.String() == old {
				id.SetString(new)
			}
		}
	}
	for i := range childCount(n) {
		renameSelfRefs(child(n, i), old, new)
	}
}

// markReceiver renames the receiver type of m, a method of the generic
// type typ (`func (s *Stack[T]) Push(v T)`), to the name markGenericType
// gave the type.
func markReceiver(m, typ reflect.Value) {
	name := exposed(typ.Elem().FieldByName("name")).String()
	if !strings.Contains(name, genericMark) {
		return
	}
	field := child(child(m, 0), 0)
	rt := child(field, childCount(field)-1)
	if nodeKind(rt) == "starExpr" {
		rt = child(rt, 0)
	}
	base := child(rt, 0)
	if nodeKind(base) != "identExpr" {
		return
	}
	if id := exposed(base.Elem().FieldByName("ident")); strings.Split(name, genericMark)[0] == id.String() {
		id.SetString(name)
	}
}

// rekeyInstances moves the instances yaegi made of the generic types in
// renamed under their plain names (by the compile that declared them) to
// the new ones: their symbols in the package scopes and their syntax
// trees in interp.generic (told by the declaration they were copied
// from), so that later code finds the same instance (the same type)
// rather than making another, and another type of the old name does not
// find them.
func rekeyInstances(scopes, generic reflect.Value, renamed []genericTypeName) {
	if len(renamed) == 0 {
		return
	}
	type move struct{ m, from, to reflect.Value }
	var moves []move
	for _, r := range renamed {
		insts := exposed(r.typ.Elem().FieldByName("instance"))
		mine := map[uintptr]bool{}
		for i := 0; insts.Kind() == reflect.Slice && i < insts.Len(); i++ {
			mine[insts.Index(i).Pointer()] = true
		}
		eachSymbolIn(scopes, nil, func(syms, key, sym reflect.Value) {
			k := key.String()
			// Keyed by the name as yaegi had qualified it then, or not.
			for _, q := range []func(string) string{r.qualified, func(n string) string { return n }} {
				if !strings.HasPrefix(k, q(r.old)+"[") {
					continue
				}
				if t := exposed(sym.Elem().FieldByName("typ")); t.Kind() == reflect.Pointer && mine[t.Pointer()] {
					moves = append(moves, move{syms, key, reflect.ValueOf(q(r.new) + k[len(q(r.old)):]).Convert(syms.Type().Key())})
				}
				break
			}
		})
		decl := exposed(r.spec.Elem().FieldByName("anc"))
		for it := generic.MapRange(); it.Next(); {
			k := it.Key().String()
			if !strings.HasPrefix(k, r.old+"[") || nodeKind(it.Value()) != "typeSpec" {
				continue
			}
			if exposed(it.Value().Elem().FieldByName("anc")).Pointer() == decl.Pointer() {
				moves = append(moves, move{generic, it.Key(), reflect.ValueOf(r.new + k[len(r.old):]).Convert(generic.Type().Key())})
			}
		}
	}
	for _, mv := range moves {
		v := mv.m.MapIndex(mv.from)
		mv.m.SetMapIndex(mv.to, v)
		mv.m.SetMapIndex(mv.from, reflect.Value{})
	}
	// The new name is the type's too in its scope: the methods' receivers
	// are written with it, and yaegi types the generic declarations of the
	// methods of a package after the renaming (buildfs.go).
	for _, r := range renamed {
		sc := exposed(r.typ.Elem().FieldByName("scope"))
		if sc.Kind() != reflect.Pointer || sc.IsNil() {
			continue
		}
		syms := exposed(sc.Elem().FieldByName("sym"))
		old := reflect.ValueOf(r.old).Convert(syms.Type().Key())
		if sym := syms.MapIndex(old); sym.IsValid() {
			syms.SetMapIndex(reflect.ValueOf(r.new).Convert(syms.Type().Key()), sym)
		}
	}
}
