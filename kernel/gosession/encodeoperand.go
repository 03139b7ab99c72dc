package gosession

import (
	"go/ast"
	"go/types"
	"reflect"
)

// Values of session types with methods inside interfaces, given to a
// compiled encoder.
//
// yaegi v0.16.1 keeps a value of a type with methods declared in a cell,
// once it is in an interface, as its wrapper interp.valueInterface, and
// hands compiled code the value itself only where the interface is the
// argument: `json.Marshal([]any{Cfg{"c", 4}, 5})` for a cell's `Cfg` with
// a `Valid` method wrote `[{},5]` (Go `[{"name":"c","N":4},5]`), as json
// saw the wrapper, whose fields are unexported, without an error; so did
// a `map[string]any` holding one. The value of a cell's encode call
// (json.Marshal, json.MarshalIndent, a json Encoder's Encode, xml's
// likewise, display.JSON) whose static type holds an interface is given
// to the session runtime's UnwrapDeep, which copies the slices, arrays,
// maps, pointers and structs (their exported fields) that hold such
// wrappers with the values put in their place (the cell's values are not
// changed):
//
//	json.Marshal(rows)  →  json.Marshal(_activisUnwrapDeep(rows))
//
// Decoding calls are left alone. Written for this package.

// encodeOperand wraps the value of c, an encode call of a compiled
// encoder, as above.
func (r *rewriter) encodeOperand(c *ast.CallExpr) {
	path, arg := r.encoderCall(c) // marshalers.go
	if path == "" || arg != c.Args[0] {
		return // none, or a decode call (Unmarshal's value is its second argument)
	}
	if decodingCall(c) { // marshalers.go
		return
	}
	t := r.oracle.typeOf(arg)
	if t == nil && isAnyElem(arg) {
		// a call's any result, which callresult.go wrote as
		// []interface{}{f()}[0] without a type: `json.Marshal(asAny(c))`
		// wrote {} at 5535bb1
		t = types.Universe.Lookup("any").Type()
	}
	if t == nil || !holdsInterface(t) {
		return
	}
	c.Args[0] = unwrapDeepCall(arg)
}

// unwrapDeepCall returns arg given to the prelude's _activisUnwrapDeep,
// at arg's place.
func unwrapDeepCall(arg ast.Expr) ast.Expr {
	return &ast.CallExpr{Fun: &ast.Ident{NamePos: arg.Pos(), Name: "_activisUnwrapDeep"}, Lparen: arg.Pos(), Args: []ast.Expr{arg}, Rparen: arg.End()}
}

// templateOperand gives the session runtime's UnwrapDeep the data of a
// cell's Execute or ExecuteTemplate call of text/template or
// html/template whose type holds an interface (see above): `{{.Main}}`
// of a struct with a `Main Shape` field printed yaegi's wrapper
// (`{0xc000… {…}}`, Go `{2}`), and so did `{{range .Shapes}}`.
func (r *rewriter) templateOperand(c *ast.CallExpr) {
	if r.oracle == nil {
		return
	}
	i := templateData(r.oracle.info, c)
	if i < 0 {
		return
	}
	if t := r.oracle.typeOf(c.Args[i]); t == nil || !holdsInterface(t) {
		return
	}
	c.Args[i] = unwrapDeepCall(c.Args[i])
}

// pkgTemplateOperand is templateOperand for a package file.
func (w *pkgGoWriter) pkgTemplateOperand(c *ast.CallExpr) {
	if w.types == nil {
		return
	}
	i := templateData(w.types.info, c)
	if i < 0 {
		return
	}
	if t := w.types.typeOf(c.Args[i]); t == nil || !holdsInterface(t) {
		return
	}
	w.runtime = true
	w.enclose(c.Args[i], pkgRuntimeName+".UnwrapDeep(", ")")
}

// templateData returns the index of the data argument of c, a call of
// the Execute or ExecuteTemplate method of a text/template or
// html/template Template (info is c's check), or -1.
func templateData(info *types.Info, c *ast.CallExpr) int {
	sel, ok := unparen(c.Fun).(*ast.SelectorExpr)
	if !ok || c.Ellipsis.IsValid() {
		return -1
	}
	fn, ok := info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "text/template" && fn.Pkg().Path() != "html/template" {
		return -1
	}
	recv := fn.Type().(*types.Signature).Recv()
	if recv == nil || types.TypeString(recv.Type(), (*types.Package).Name) != "*template.Template" {
		return -1
	}
	i := map[string]int{"Execute": 1, "ExecuteTemplate": 2}[fn.Name()]
	if i == 0 || i >= len(c.Args) {
		return -1
	}
	return i
}

// holdsInterface reports whether a value of type t may hold an interface
// value: t is one, or holds one through elements, fields or pointers.
func holdsInterface(t types.Type) (found bool) {
	walkType(t, typePolicy{mapKeys: true, visit: func(u types.Type, _ int) walkStep {
		if types.IsInterface(u) {
			found = true
			return walkFound
		}
		return walkDescend
	}})
	return found
}

// unwrapDeep returns v with the interpreter's interface wrappers inside it
// replaced by the values they hold (see above): the containers holding
// one are copied, others are returned as they are. A slice, array, map,
// pointer or struct type with an element or field of an interface type
// declared in the session, which yaegi gives the wrapper's type
// (`[]Shape`, a struct's `Main Shape` field; json wrote `[{},{}]`,
// `"main":{}`), is copied into a type of the same shape with `any` in
// its place (plainType), fields keeping their names and tags. v is
// returned as it is where the copy cannot be made.
func unwrapDeep(v any) (out any) {
	v = unwrapAny(v) // pkgprintany.go
	if v == nil {
		return nil
	}
	defer func() {
		if recover() != nil {
			out = v // a type reflect cannot rebuild (plainType)
		}
	}()
	u := unwrapper{plain: map[reflect.Type]reflect.Type{}}
	rv, changed := u.value(reflect.ValueOf(v), 0)
	if !changed {
		return v
	}
	return rv.Interface()
}

// unwrapper copies values for unwrapDeep, with the types it made.
type unwrapper struct {
	plain map[reflect.Type]reflect.Type // plainType's results
}

var anyType = reflect.TypeFor[any]()

// plainType returns t with yaegi's wrapper type replaced by any in its
// elements, pointees, map values and fields (see unwrapDeep), or t when
// it holds none; a type met again inside itself is left as it is.
func (u *unwrapper) plainType(t reflect.Type) reflect.Type {
	if p, ok := u.plain[t]; ok {
		return p
	}
	u.plain[t] = t
	p := t
	switch {
	case isValueInterface(t): // ifacert.go
		p = anyType
	case t.Kind() == reflect.Slice:
		if e := u.plainType(t.Elem()); e != t.Elem() {
			p = reflect.SliceOf(e)
		}
	case t.Kind() == reflect.Array:
		if e := u.plainType(t.Elem()); e != t.Elem() {
			p = reflect.ArrayOf(t.Len(), e)
		}
	case t.Kind() == reflect.Pointer:
		if e := u.plainType(t.Elem()); e != t.Elem() {
			p = reflect.PointerTo(e)
		}
	case t.Kind() == reflect.Map:
		if e := u.plainType(t.Elem()); e != t.Elem() {
			p = reflect.MapOf(t.Key(), e)
		}
	case t.Kind() == reflect.Struct:
		fields := make([]reflect.StructField, t.NumField())
		changed := false
		for i := range fields {
			f := t.Field(i)
			if ft := u.plainType(f.Type); ft != f.Type {
				f.Type, changed = ft, true
			}
			f.Offset, f.Index = 0, nil
			fields[i] = f
		}
		if changed {
			p = reflect.StructOf(fields) // panics on an unexported field: unwrapDeep recovers
		}
	}
	u.plain[t] = p
	return p
}

// value is unwrapDeep for rv, depth levels down; it reports whether the
// result is a copy. Where plainType(rv.Type()) differs from it, the
// result is a copy of that type.
func (u *unwrapper) value(rv reflect.Value, depth int) (reflect.Value, bool) {
	if depth > 64 || !rv.IsValid() {
		return rv, false
	}
	t := rv.Type()
	pt := u.plainType(t)
	if isValueInterface(t) {
		out := reflect.New(anyType).Elem()
		if !rv.CanInterface() {
			return out, true
		}
		if inner, _ := ifaceUnwrap(rv.Interface()); inner != nil { // ifacert.go
			iv := reflect.ValueOf(inner)
			if nv, ch := u.value(iv, depth+1); ch {
				iv = nv
			}
			out.Set(iv)
		}
		return out, true
	}
	switch rv.Kind() {
	case reflect.Interface:
		if rv.IsNil() || !rv.CanInterface() {
			return rv, false
		}
		iv, changed := wrappedValue(rv.Elem()) // pkgreflectarg.go
		if nv, ch := u.value(iv, depth+1); ch {
			iv, changed = nv, true
		}
		if !changed {
			return rv, false
		}
		out := reflect.New(t).Elem()
		if iv.IsValid() {
			out.Set(iv)
		}
		return out, true
	case reflect.Slice, reflect.Array:
		if rv.Kind() == reflect.Slice && rv.IsNil() {
			return reflect.Zero(pt), pt != t
		}
		var out reflect.Value
		if pt != t {
			out = newLike(pt, rv.Len())
		}
		for i := range rv.Len() {
			e, ch := u.value(rv.Index(i), depth+1)
			if !ch && pt == t {
				continue
			}
			if !out.IsValid() {
				out = newLike(t, rv.Len())
				if t.Kind() == reflect.Slice {
					reflect.Copy(out, rv)
				} else {
					out.Set(rv)
				}
			}
			out.Index(i).Set(e)
		}
		return orSame(out, rv)
	case reflect.Map:
		if rv.IsNil() {
			return reflect.Zero(pt), pt != t
		}
		var out reflect.Value
		if pt != t {
			out = reflect.MakeMapWithSize(pt, rv.Len())
		}
		it := rv.MapRange()
		for it.Next() {
			e, ch := u.value(it.Value(), depth+1)
			if !ch && pt == t {
				continue
			}
			if !out.IsValid() {
				out = reflect.MakeMapWithSize(t, rv.Len())
				for _, k := range rv.MapKeys() {
					out.SetMapIndex(k, rv.MapIndex(k))
				}
			}
			out.SetMapIndex(it.Key(), e)
		}
		return orSame(out, rv)
	case reflect.Pointer:
		if rv.IsNil() {
			return reflect.Zero(pt), pt != t
		}
		e, ch := u.value(rv.Elem(), depth+1)
		if !ch && pt == t {
			return rv, false
		}
		p := reflect.New(pt.Elem())
		p.Elem().Set(e)
		return p, true
	case reflect.Struct:
		var out reflect.Value
		if pt != t {
			out = reflect.New(pt).Elem()
		}
		for i := range rv.NumField() {
			if !t.Field(i).IsExported() {
				continue
			}
			e, ch := u.value(rv.Field(i), depth+1)
			if !ch && pt == t {
				continue
			}
			if !out.IsValid() {
				out = reflect.New(t).Elem()
				out.Set(rv)
			}
			out.Field(i).Set(e)
		}
		return orSame(out, rv)
	}
	return rv, false
}

// orSame returns out and true when out was made, else rv and false.
func orSame(out, rv reflect.Value) (reflect.Value, bool) {
	if !out.IsValid() {
		return rv, false
	}
	return out, true
}

// newLike returns a new slice (of length n) or array of type t.
func newLike(t reflect.Type, n int) reflect.Value {
	if t.Kind() == reflect.Slice {
		return reflect.MakeSlice(t, n, n)
	}
	return reflect.New(t).Elem()
}
