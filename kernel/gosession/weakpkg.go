package gosession

import (
	"reflect"
	"unsafe"
	"weak"

	"github.com/traefik/yaegi/interp"
)

// Packages weak and structs.
//
// yaegi v0.16.1's symbol tables (Go 1.22) have neither package, and a
// symbol table cannot hold weak.Pointer[T], a generic type. The session
// interprets both from source (gosrc/weak.go.txt, gosrc/structs.go.txt),
// as it does iter and unique: weak.Pointer[T] holds a compiled weak
// reference (weakRef) made by weak.Make of Go itself, so the pointed-to
// value is reclaimed by the collector as in Go and Value then returns
// nil. Written for this package.

// weakRef is a weak reference to the object a pointer of any type points
// to, and the pointer's type.
type weakRef struct {
	p weak.Pointer[byte]
	t reflect.Type
}

// weakMake returns a weak reference (a weakRef) to what ptr, a pointer,
// points to; nil for a nil pointer.
func weakMake(ptr any) any {
	v := reflect.ValueOf(ptr)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return nil
	}
	return weakRef{p: weak.Make((*byte)(v.UnsafePointer())), t: v.Type()}
}

// weakLoad sets *out (out is a pointer to a pointer variable) to the
// pointer the weakRef ref refers to, or to nil once the object is
// reclaimed (or for a nil ref).
func weakLoad(ref any, out any) {
	o := reflect.ValueOf(out)
	if o.Kind() != reflect.Pointer || o.IsNil() {
		return
	}
	w, _ := ref.(weakRef)
	b := w.p.Value()
	if b == nil || w.t == nil || w.t != o.Elem().Type() {
		o.Elem().SetZero()
		return
	}
	o.Elem().Set(reflect.NewAt(w.t.Elem(), unsafe.Pointer(b)))
}

// weakExports are the compiled parts of package weak.
func weakExports() interp.Exports {
	return interp.Exports{runtimePath + "/runtime": {
		"WeakMake": reflect.ValueOf(weakMake),
		"WeakLoad": reflect.ValueOf(weakLoad),
	}}
}
