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
	if t == nil || !holdsInterface(t) {
		return
	}
	c.Args[0] = &ast.CallExpr{Fun: &ast.Ident{NamePos: arg.Pos(), Name: "_activisUnwrapDeep"}, Lparen: arg.Pos(), Args: []ast.Expr{arg}, Rparen: arg.End()}
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
// one are copied, others are returned as they are.
func unwrapDeep(v any) any {
	v = unwrapAny(v) // pkgprintany.go
	if v == nil {
		return nil
	}
	out, changed := unwrapValue(reflect.ValueOf(v), 0)
	if !changed {
		return v
	}
	return out.Interface()
}

// unwrapValue is unwrapDeep for rv, depth levels down; it reports whether
// the result is a copy.
func unwrapValue(rv reflect.Value, depth int) (reflect.Value, bool) {
	if depth > 64 || !rv.IsValid() {
		return rv, false
	}
	switch rv.Kind() {
	case reflect.Interface:
		if rv.IsNil() || !rv.CanInterface() {
			return rv, false
		}
		iv, changed := wrappedValue(rv.Elem()) // pkgreflectarg.go
		if nv, ch := unwrapValue(iv, depth+1); ch {
			iv, changed = nv, true
		}
		if !changed {
			return rv, false
		}
		out := reflect.New(rv.Type()).Elem()
		if iv.IsValid() {
			out.Set(iv)
		}
		return out, true
	case reflect.Slice, reflect.Array:
		if rv.Kind() == reflect.Slice && rv.IsNil() {
			return rv, false
		}
		var out reflect.Value
		for i := range rv.Len() {
			e, ch := unwrapValue(rv.Index(i), depth+1)
			if !ch {
				continue
			}
			if !out.IsValid() {
				if rv.Kind() == reflect.Slice {
					out = reflect.MakeSlice(rv.Type(), rv.Len(), rv.Len())
					reflect.Copy(out, rv)
				} else {
					out = reflect.New(rv.Type()).Elem()
					out.Set(rv)
				}
			}
			out.Index(i).Set(e)
		}
		return out, out.IsValid()
	case reflect.Map:
		if rv.IsNil() {
			return rv, false
		}
		var out reflect.Value
		it := rv.MapRange()
		for it.Next() {
			e, ch := unwrapValue(it.Value(), depth+1)
			if !ch {
				continue
			}
			if !out.IsValid() {
				out = reflect.MakeMapWithSize(rv.Type(), rv.Len())
				for _, k := range rv.MapKeys() {
					out.SetMapIndex(k, rv.MapIndex(k))
				}
			}
			out.SetMapIndex(it.Key(), e)
		}
		return out, out.IsValid()
	case reflect.Pointer:
		if rv.IsNil() {
			return rv, false
		}
		e, ch := unwrapValue(rv.Elem(), depth+1)
		if !ch {
			return rv, false
		}
		p := reflect.New(rv.Type().Elem())
		p.Elem().Set(e)
		return p, true
	case reflect.Struct:
		var out reflect.Value
		for i := range rv.NumField() {
			if !rv.Type().Field(i).IsExported() {
				continue
			}
			e, ch := unwrapValue(rv.Field(i), depth+1)
			if !ch {
				continue
			}
			if !out.IsValid() {
				out = reflect.New(rv.Type()).Elem()
				out.Set(rv)
			}
			out.Field(i).Set(e)
		}
		return out, out.IsValid()
	}
	return rv, false
}
