// Package reflectiface asks by reflection whether types have its own
// interfaces' methods, as encoders do (BurntSushi/toml's Marshaler,
// sanity-io/litter's Dumper), for the session's tests (reflectiface.go).
package reflectiface

import (
	"encoding"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strings"
	"time"
)

// Marshaler is a type that encodes itself.
type Marshaler interface{ MarshalEnc() string }

// Dumper is a type that writes itself.
type Dumper interface{ Dump(w io.Writer) }

// Namer has the method of fmt.Stringer.
type Namer interface{ String() string }

var (
	marshalerType = reflect.TypeOf((*Marshaler)(nil)).Elem()
	dumperType    = reflect.TypeFor[Dumper]()
	namerType     = reflect.TypeOf(new(Namer)).Elem()
	textType      = reflect.TypeOf((*encoding.TextMarshaler)(nil)).Elem()
)

// Own encodes itself.
type Own struct{ N int }

// MarshalEnc encodes o.
func (o Own) MarshalEnc() string { return fmt.Sprintf("own%d", o.N) }

// Box writes itself.
type Box struct{ S string }

// Dump writes b.
func (b *Box) Dump(w io.Writer) { fmt.Fprintf(w, "box:%s", b.S) }

// Encode writes v: by its MarshalEnc, MarshalText or Dump method if it
// has one, a struct field by field, anything else with %v.
func Encode(v any) string {
	rv := reflect.ValueOf(v)
	t := rv.Type()
	switch {
	case t.Implements(marshalerType):
		return rv.Interface().(Marshaler).MarshalEnc()
	case t.Implements(textType):
		b, _ := rv.Interface().(encoding.TextMarshaler).MarshalText()
		return "text:" + string(b)
	case t.Implements(dumperType):
		var sb strings.Builder
		rv.Interface().(Dumper).Dump(&sb)
		return sb.String()
	case t.Kind() == reflect.Struct:
		var parts []string
		for i := range t.NumField() {
			parts = append(parts, Encode(rv.Field(i).Interface()))
		}
		return "{" + strings.Join(parts, " ") + "}"
	}
	return fmt.Sprint(v)
}

// Checks answers Implements, AssignableTo and ConvertibleTo for types of
// the package, compiled types and the interfaces themselves.
func Checks() string {
	return fmt.Sprint(
		reflect.TypeOf(Own{}).Implements(marshalerType),
		reflect.TypeOf(&Own{}).Implements(marshalerType),
		reflect.TypeOf(Box{}).Implements(dumperType),
		reflect.TypeOf(&Box{}).Implements(dumperType),
		reflect.TypeOf(3).Implements(marshalerType),
		reflect.TypeOf(time.Second).Implements(namerType),
		reflect.TypeOf(time.Time{}).Implements(marshalerType),
		reflect.TypeOf((*fmt.Stringer)(nil)).Elem().Implements(namerType),
		namerType.Implements(reflect.TypeOf((*fmt.Stringer)(nil)).Elem()),
		marshalerType.Implements(namerType),
		reflect.TypeOf(Own{}).AssignableTo(marshalerType),
		reflect.TypeOf(Box{}).ConvertibleTo(dumperType),
		reflect.TypeOf(3).ConvertibleTo(reflect.TypeOf(2.5)),
		marshalerType == reflect.TypeOf((*Marshaler)(nil)).Elem(),
		marshalerType == dumperType,
	)
}

// Walk writes v by reflection as encoders walk values: interfaces and
// pointers through Elem, maps in key order, slices, structs field by
// field (exported ones).
func Walk(v any) string { return walk(reflect.ValueOf(v)) }

func walk(rv reflect.Value) string {
	switch rv.Kind() {
	case reflect.Invalid:
		return "nil"
	case reflect.Interface, reflect.Pointer:
		if rv.IsNil() {
			return "nil"
		}
		return walk(rv.Elem())
	case reflect.Map:
		keys := rv.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
		var parts []string
		for _, k := range keys {
			parts = append(parts, k.String()+":"+walk(rv.MapIndex(k)))
		}
		return "map[" + strings.Join(parts, " ") + "]"
	case reflect.Slice:
		var parts []string
		for i := range rv.Len() {
			parts = append(parts, walk(rv.Index(i)))
		}
		return "[" + strings.Join(parts, " ") + "]"
	case reflect.Struct:
		var parts []string
		for i := range rv.NumField() {
			if rv.Type().Field(i).IsExported() {
				parts = append(parts, walk(rv.Field(i)))
			}
		}
		return "{" + strings.Join(parts, " ") + "}"
	}
	return fmt.Sprint(rv.Interface())
}

// Describe gives the kind, string, name and number of methods of its
// interfaces' types and of others, and registers an encoder for an
// interface only if its type is of kind Interface, as
// go.mongodb.org/mongo-driver's bson does.
func Describe() string {
	var regs []string
	register := func(t reflect.Type) {
		if t.Kind() != reflect.Interface {
			panic("register expects an interface, got " + t.String())
		}
		regs = append(regs, t.Name())
	}
	register(marshalerType)
	register(dumperType)
	register(textType)
	anon := reflect.TypeOf((*interface{ Dump(w io.Writer) })(nil)).Elem()
	return fmt.Sprint(marshalerType.Kind(), " ", marshalerType.String(), " ", marshalerType.NumMethod(), " ",
		dumperType.Name(), " ", namerType.String(), " ", anon.Kind(), " ", anon.Name() == "", " ",
		reflect.TypeOf(Own{}).Kind(), " ", textType.NumMethod(), " ", regs)
}

// ElemPair takes Elem of two reflect.Values in one assignment, as
// github.com/google/go-cmp does.
func ElemPair() string {
	x, y := reflect.ValueOf(&Own{1}), reflect.ValueOf(&Own{2})
	x, y = x.Elem(), y.Elem()
	return fmt.Sprint(x.Field(0).Int(), y.Field(0).Int())
}
