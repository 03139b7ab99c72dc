package gosession

import (
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// Embedded struct fields of the session's types, promoted for
// encoding/json.
//
// yaegi v0.16.1 makes an embedded field of a struct type of two or more
// fields a plain field named after its type (reflect.StructOf with
// Anonymous only for a struct of one field), so encoding/json wrote
// `{"Meta":{"source":"s3"},"id":7}` for a `Record` embedding `Meta`, where
// Go promotes Meta's fields, `{"source":"s3","id":7}`, and json.Unmarshal
// left them empty (jsonfields.go refused such calls until stop 44).
//
// Every embedded field of a struct type written in a cell gets the tag
// `activisembed:"<name>"` (jsonUnexported), which yaegi keeps in the
// run-time type. The value of a call of json.Marshal, json.MarshalIndent,
// json.Unmarshal, or of a json Encoder's Encode or a Decoder's Decode (and
// display.JSON), whose static type holds a session struct with such a
// field that json would promote, is given to the session runtime's
// Promote (with the value's type as the cell writes it, for messages, and
// whether the call decodes):
//
//	json.Marshal(rec)        →  json.Marshal(_activisiface.Promote(rec, "Record", false))
//	json.Unmarshal(b, &rec)  →  json.Unmarshal(b, _activisiface.Promote(&rec, "*Record", true))
//
// Promote builds the run-time type of the value again with those fields
// embedded (reflect.StructOf with Anonymous, through pointers, slices,
// arrays, maps and struct fields; the layout is the same) and gives json
// the value as that type: the same memory for a decoding call, so that
// Unmarshal fills the cell's variable; a copy for encoding, made element
// by element where a map holds such a struct (a map's elements cannot be
// read as another type). An embedded unexported type that is not a struct
// is hidden from json (`json:"-"` in the twin), as Go leaves it out. An
// encoding call whose value holds interfaces, while a session struct type
// has an embedded field, goes through PromoteAny, which copies the values
// holding interfaces and promotes what they hold. Still refused: a struct
// embedding a compiled struct type (time.Time, whose promoted MarshalJSON
// makes Go write only the time; jsonfields.go), decoding into a map whose
// elements hold such a struct, and a type that refers to itself (reflect
// cannot build it; Promote panics naming the value's type). Written for
// this package.

// embedTagKey is the tag key that marks an embedded field (see above).
const embedTagKey = "activisembed"

// embedTag returns the tag of the embedded field f with embedTagKey added.
func embedTag(f *ast.Field) (string, bool) {
	tag, ok := fieldTag(f) // jsonfields.go
	if !ok || reflect.StructTag(tag).Get(embedTagKey) != "" {
		return "", false
	}
	return strings.TrimSpace(tag + " " + embedTagKey + ":" + strconv.Quote(embeddedName(f.Type))), true
}

// embeddedName returns the name of the embedded field of type t: its
// type's name, without a package or type arguments.
func embeddedName(t ast.Expr) string {
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
		case *ast.ParenExpr:
			t = x.X
		case *ast.SelectorExpr:
			t = x.Sel
		case *ast.IndexExpr:
			t = x.X
		case *ast.IndexListExpr:
			t = x.X
		case *ast.Ident:
			return x.Name
		default:
			return "y"
		}
	}
}

// jsonPromote wraps the value of the json call c in Promote (see above),
// if jsonEmbedded found it promotable.
func (r *rewriter) jsonPromote(c *ast.CallExpr) {
	pr, ok := r.promoted[c]
	i := pr.arg
	if !ok || r.err != nil {
		return
	}
	rt := r.ifaceRuntimeName()
	if rt == "" {
		return
	}
	arg := c.Args[i]
	fun := "Promote"
	if pr.dynamic {
		fun = "PromoteAny"
	}
	c.Args[i] = &ast.CallExpr{Fun: &ast.SelectorExpr{X: &ast.Ident{NamePos: arg.Pos(), Name: rt}, Sel: ast.NewIdent(fun)},
		Lparen: arg.Pos(), Args: []ast.Expr{arg, &ast.BasicLit{ValuePos: arg.Pos(), Kind: token.STRING, Value: strconv.Quote(pr.typ)},
			&ast.Ident{NamePos: arg.Pos(), Name: strconv.FormatBool(pr.decode)}}, Rparen: arg.End()}
}

// embeddedStructs returns the number of embedded struct fields without a
// json name that json would promote in t, in the session's struct types
// and unnamed ones, and the first such field of a session type whose type
// is not a type of the session, with that type ("" for none).
func embeddedStructs(t types.Type) (n int, foreign, owner string) {
	walkType(t, typePolicy{
		field: func(o *types.Named, st *types.Struct, i int) walkStep {
			f := st.Field(i)
			if f.Embedded() {
				ft := f.Type()
				if p, ok := ft.(*types.Pointer); ok {
					ft = p.Elem()
				}
				name, _, _ := strings.Cut(reflect.StructTag(st.Tag(i)).Get("json"), ",")
				_, isStruct := ft.Underlying().(*types.Struct)
				switch {
				case !isStruct && !f.Exported() && sessionNamed(ft) != nil:
					n++ // json leaves it out; the interpreter names it Xname
				case !isStruct || name != "":
				case sessionNamed(ft) != nil:
					n++
				case o != nil && foreign == "":
					// (An unnamed struct may be a compiled package's: left
					// as it was.)
					n++
					foreign, owner = f.Name(), o.Obj().Name()
				}
			}
			if !f.Exported() && !f.Embedded() {
				return walkSkip
			}
			return walkDescend
		},
		visit: func(t types.Type, _ int) walkStep {
			if x, ok := t.(*types.Named); ok && sessionNamed(x) == nil {
				return walkSkip
			}
			return walkDescend
		},
	})
	return n, foreign, owner
}

// maxPromoteDepth bounds the nesting convert copies, as json's own cycle
// check does, so that a value that refers to itself through pointers or
// interfaces panics instead of overflowing the stack.
const maxPromoteDepth = 1000

// errPromoteCycle is convert's panic for a value nested deeper than
// maxPromoteDepth.
var errPromoteCycle = errors.New("encountered a cycle")

// jsonCycle is what Promote gives json for a value that refers to itself:
// json.Marshal returns an error, as it does for Go's value.
type jsonCycle string

// MarshalJSON fails, naming the value's type.
func (c jsonCycle) MarshalJSON() ([]byte, error) {
	return nil, fmt.Errorf("json: unsupported value: encountered a cycle in a value of type %s", string(c))
}

// jsonPromoter builds the types Promote gives json, once per type.
type jsonPromoter struct {
	// dynamic: the values interfaces hold are promoted too, by copying
	// the values that hold interfaces (PromoteAny).
	dynamic bool
	mu      sync.Mutex
	types   map[reflect.Type]reflect.Type // a type and its promoted twin (itself when it has none)
	// copied holds the twins that hold a map of a type with a twin: a
	// value of them is converted by copying (convert).
	copied map[reflect.Type]bool
}

// promote returns v as a value of its promoted type (see above): a copy
// of a value, a pointer to the same memory for a pointer; typ is v's type
// as the cell writes it, for messages; decode tells a decoding call.
func (p *jsonPromoter) promote(v any, typ string, decode bool) (out any) {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return v
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	defer func() {
		// reflect's panics building a twin, and convert's.
		switch r := recover(); {
		case r == errPromoteCycle:
			out = jsonCycle(typ) // json's error, as for Go's cycle
		case r != nil:
			panic(fmt.Sprintf("encoding/json with a value of type %s: %v: %s", typ, r, ErrUnsupported))
		}
	}()
	nt, err := p.twin(rv.Type(), map[reflect.Type]bool{})
	if err == nil && decode && p.copied[nt] {
		err = errors.New("decoding into a map whose elements hold a struct embedding a struct is not supported (json promotes its fields); decode into a slice of key and value pairs")
	}
	if err != nil {
		panic(err)
	}
	switch {
	case nt == rv.Type() && !p.copied[nt]:
		return v
	case decode && rv.Kind() == reflect.Pointer && !rv.IsNil():
		return reflect.NewAt(nt.Elem(), rv.UnsafePointer()).Interface()
	}
	return p.convert(rv, nt, 0).Interface()
}

// convert returns v as a value of its twin nt: the same bytes, or, for a
// type holding a map, a copy made element by element (a map's elements
// cannot be read as another type).
func (p *jsonPromoter) convert(v reflect.Value, nt reflect.Type, depth int) reflect.Value {
	if depth > maxPromoteDepth {
		panic(errPromoteCycle)
	}
	if !p.copied[nt] {
		if v.Type() == nt {
			return v
		}
		c := reflect.New(v.Type())
		c.Elem().Set(v)
		return reflect.NewAt(nt, c.UnsafePointer()).Elem()
	}
	out := reflect.New(nt).Elem()
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			return out
		}
		e := v.Elem()
		et, err := p.twin(e.Type(), map[reflect.Type]bool{})
		if err != nil {
			panic(err) // promote's recover names the value
		}
		out.Set(p.convert(e, et, depth+1))
	case reflect.Map:
		if v.IsNil() {
			return out
		}
		out.Set(reflect.MakeMapWithSize(nt, v.Len()))
		for it := v.MapRange(); it.Next(); {
			out.SetMapIndex(p.convert(it.Key(), nt.Key(), depth+1), p.convert(it.Value(), nt.Elem(), depth+1))
		}
	case reflect.Pointer:
		if !v.IsNil() {
			e := reflect.New(nt.Elem())
			e.Elem().Set(p.convert(v.Elem(), nt.Elem(), depth+1))
			out.Set(e)
		}
	case reflect.Slice:
		if v.IsNil() {
			return out
		}
		out.Set(reflect.MakeSlice(nt, v.Len(), v.Len()))
		fallthrough
	case reflect.Array:
		for i := range v.Len() {
			out.Index(i).Set(p.convert(v.Index(i), nt.Elem(), depth+1))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			out.Field(i).Set(p.convert(v.Field(i), nt.Field(i).Type, depth+1))
		}
	}
	return out
}

// twin returns t with the marked embedded struct fields it holds
// embedded, or t itself when it holds none; busy holds the types being
// built, to tell a type that refers to itself.
func (p *jsonPromoter) twin(t reflect.Type, busy map[reflect.Type]bool) (reflect.Type, error) {
	if nt, ok := p.types[t]; ok {
		return nt, nil
	}
	if busy[t] {
		return nil, errors.New("a type that refers to itself and embeds a struct json would promote is not supported (reflect cannot build it); give the field a name and a json tag")
	}
	busy[t] = true
	defer delete(busy, t)
	nt, copied := t, false
	switch t.Kind() {
	case reflect.Interface:
		copied = p.dynamic
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
		e, err := p.twin(t.Elem(), busy)
		if err != nil {
			return nil, err
		}
		copied = p.copied[e]
		switch {
		case e == t.Elem():
		case t.Kind() == reflect.Pointer:
			nt = reflect.PointerTo(e)
		case t.Kind() == reflect.Slice:
			nt = reflect.SliceOf(e)
		case t.Kind() == reflect.Array:
			nt = reflect.ArrayOf(t.Len(), e)
		default:
			k, err := p.twin(t.Key(), busy)
			if err != nil {
				return nil, err
			}
			nt, copied = reflect.MapOf(k, e), true
		}
	case reflect.Struct:
		fields := make([]reflect.StructField, t.NumField())
		changed := false
		for i := range fields {
			f := t.Field(i)
			if f.PkgPath != "" {
				return t, nil // a compiled struct: nothing of the session in it
			}
			ft, err := p.twin(f.Type, busy)
			if err != nil {
				return nil, err
			}
			copied = copied || p.copied[ft]
			f.Type = ft
			if name := f.Tag.Get(embedTagKey); name != "" && !f.Anonymous {
				et := ft
				if et.Kind() == reflect.Pointer {
					et = et.Elem()
				}
				switch {
				case et.Kind() == reflect.Struct && ft.NumMethod() == 0:
					f.Anonymous = true
				case !ast.IsExported(name):
					f.Tag = reflect.StructTag(strings.TrimSpace(withoutTagKey(string(f.Tag), "json") + ` json:"-"`)) // jsonfields.go
				}
			}
			changed = changed || f.Anonymous != t.Field(i).Anonymous || ft != t.Field(i).Type || f.Tag != t.Field(i).Tag
			f.Index, f.Offset = nil, 0
			fields[i] = f
		}
		if changed {
			nt = reflect.StructOf(fields)
		}
	}
	if p.types == nil {
		p.types, p.copied = map[reflect.Type]reflect.Type{}, map[reflect.Type]bool{}
	}
	p.types[t] = nt
	if copied {
		p.copied[nt] = true // (nt is t for a type holding only interfaces)
	}
	return nt, nil
}

// promotedCall is a json call jsonPromote wraps the value of.
type promotedCall struct {
	arg    int    // the index of the value in the call's arguments
	typ    string // the value's type, as the cell writes it
	decode bool   // a decoding call (json.Unmarshal, a Decoder's Decode)
	// dynamic: the value holds interfaces, whose values are promoted too
	// (an encoding call, while the session declares a struct type with an
	// embedded field).
	dynamic bool
}

// promotedArg returns the index of the value of the json call c in its
// arguments, -1 for none.
func promotedArg(c *ast.CallExpr, arg ast.Expr) int {
	for i, a := range c.Args {
		if a == arg {
			return i
		}
	}
	return -1
}

// embedsStructs tells whether a struct type of the session or the cell
// has an embedded field: an interface may hold a value json would
// promote the fields of.
func (r *rewriter) embedsStructs() bool {
	for _, t := range r.sessionTypes() {
		if st, ok := t.under.(*ast.StructType); ok && st.Fields != nil {
			for _, f := range st.Fields.List {
				if len(f.Names) == 0 {
					return true
				}
			}
		}
	}
	return false
}
