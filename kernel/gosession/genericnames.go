package gosession

import (
	"fmt"
	"reflect"
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
// After each compile the session gives every generic function
// declaration of every interpreted package (the cells' and the source
// packages') a name of its own in yaegi's syntax tree, the declared name
// followed by "·" and a number (qualifyGenerics): the instance key is then
// "Max·12[int]", which no other declaration shares. The name that code
// refers to, the symbol in the package's scope, is not touched. Instances
// made under a plain name before that (by the compile that declared the
// function) are dropped from the map, so that the next compile makes its
// own under the new key; code already compiled keeps the instance it
// holds. Generic types and the methods of generic types keep their keys
// (a type's instance is its identity across cells). Written for this
// package; it reads and writes yaegi's unexported fields, which the test
// TestGenericInstanceKeys checks against the pinned yaegi version.

// genericMark separates a generic function's declared name from its
// number in yaegi's syntax tree.
const genericMark = "·"

// qualifyGenerics names the generic function declarations of the
// interpreter's packages and drops the instances keyed by a plain name
// (see above). It numbers declarations from *seq and reports a
// description of what it could not read (yaegi's layout changed), or "".
func qualifyGenerics(in *interp.Interpreter, seq *int) (problem string) {
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
	for it := scopes.MapRange(); it.Next(); {
		sc := it.Value()
		if sc.IsNil() {
			continue
		}
		syms := exposed(sc.Elem().FieldByName("sym"))
		for st := syms.MapRange(); st.Next(); {
			sym := st.Value()
			if sym.IsNil() {
				continue
			}
			n := exposed(sym.Elem().FieldByName("node"))
			if name := genericFuncName(n); name != "" && !strings.Contains(name, genericMark) {
				*seq++
				exposed(child(n, 1).Elem().FieldByName("ident")).SetString(name + genericMark + strconv.Itoa(*seq))
			}
		}
	}
	var stale []reflect.Value
	for it := generic.MapRange(); it.Next(); {
		key := it.Key().String()
		name, _, _ := strings.Cut(key, "[")
		if !strings.Contains(name, genericMark) && isPlainFuncInstance(it.Value()) {
			stale = append(stale, it.Key())
		}
	}
	for _, k := range stale {
		generic.SetMapIndex(k, reflect.Value{})
	}
	return ""
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

// isPlainFuncInstance reports whether n is an instance yaegi made of a
// generic function (a function declaration without a receiver whose type
// parameters were replaced).
func isPlainFuncInstance(n reflect.Value) bool {
	return nodeKind(n) == "funcDecl" && childCount(child(n, 0)) == 0
}

// childCount returns the number of children of the yaegi node n.
func childCount(n reflect.Value) int {
	if !n.IsValid() || n.Kind() != reflect.Pointer || n.IsNil() {
		return 0
	}
	return exposed(n.Elem().FieldByName("child")).Len()
}
