package gosession

import (
	"encoding"
	"encoding/json"
	"fmt"
	"go/types"
	"io"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Compiled twins of interfaces written in cells and packages.
//
// yaegi v0.16.1 cannot hold a value of a compiled type as an interface
// type written in interpreted code: `err.(interface{ Unwrap() []error })`
// of errors.Join's error, the idiom errors' own documentation shows,
// was refused in cells (ifaceimpl.go: the workaround it named, asserting
// to the value's type, is impossible for an unexported *errors.joinError)
// and panicked in packages with "interface conversion: nil is not
// interface { Unwrap() []error }" (the standard library's ExampleJoin).
// It can hold one as a compiled interface type, and a variable of the
// written type can then hold that. So the session has compiled interfaces
// with the method sets such literals and small interfaces usually have
// (ifaceTwinTypes: Unwrap, Is, As, Timeout, Temporary and io's, fmt's and
// encoding's one- and two-method interfaces); where the asserted
// interface has exactly the methods of one of them (names and
// signatures), a compiled value is asserted to the twin and the result
// converted to the written type instead of being refused. Interpreted
// values take the existing paths (they are asserted as written). Method
// sets outside the table are refused as before. Written for this package.

// The twins that the standard library does not declare.
type (
	twinUnwrapErrors interface{ Unwrap() []error }
	twinUnwrapError  interface{ Unwrap() error }
	twinIs           interface{ Is(error) bool }
	twinAs           interface{ As(any) bool }
	twinTimeout      interface{ Timeout() bool }
	twinTemporary    interface{ Temporary() bool }
	twinLen          interface{ Len() int }
	twinFlush        interface{ Flush() error }
	twinSync         interface{ Sync() error }
	twinName         interface{ Name() string }
	twinErrorUnwrap  interface {
		error
		Unwrap() error
	}
	twinErrorUnwrapErrors interface {
		error
		Unwrap() []error
	}
	twinErrorTimeout interface {
		error
		Timeout() bool
	}
	twinErrorIs interface {
		error
		Is(error) bool
	}
)

// ifaceTwinTypes are the twins, by index: the session exports twin i as
// Twin<i> (ifaceTwinExports).
var ifaceTwinTypes = []reflect.Type{
	reflect.TypeFor[twinUnwrapErrors](),
	reflect.TypeFor[twinUnwrapError](),
	reflect.TypeFor[twinIs](),
	reflect.TypeFor[twinAs](),
	reflect.TypeFor[twinTimeout](),
	reflect.TypeFor[twinTemporary](),
	reflect.TypeFor[twinLen](),
	reflect.TypeFor[twinFlush](),
	reflect.TypeFor[twinSync](),
	reflect.TypeFor[twinName](),
	reflect.TypeFor[twinErrorUnwrap](),
	reflect.TypeFor[twinErrorUnwrapErrors](),
	reflect.TypeFor[twinErrorTimeout](),
	reflect.TypeFor[twinErrorIs](),
	reflect.TypeFor[error](),
	reflect.TypeFor[fmt.Stringer](),
	reflect.TypeFor[fmt.GoStringer](),
	reflect.TypeFor[io.Reader](),
	reflect.TypeFor[io.Writer](),
	reflect.TypeFor[io.Closer](),
	reflect.TypeFor[io.ReadCloser](),
	reflect.TypeFor[io.WriteCloser](),
	reflect.TypeFor[io.ReadWriter](),
	reflect.TypeFor[io.ReadWriteCloser](),
	reflect.TypeFor[io.StringWriter](),
	reflect.TypeFor[io.ByteReader](),
	reflect.TypeFor[io.RuneReader](),
	reflect.TypeFor[io.Seeker](),
	reflect.TypeFor[io.ReaderAt](),
	reflect.TypeFor[io.WriterTo](),
	reflect.TypeFor[io.ReaderFrom](),
	reflect.TypeFor[json.Marshaler](),
	reflect.TypeFor[encoding.TextMarshaler](),
	reflect.TypeFor[sort.Interface](),
}

// ifaceTwinKey is a method set as the key of ifaceTwin: "name sig" pairs,
// sorted, one per line.
func ifaceTwinKey(pairs []string) string {
	lines := make([]string, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		lines = append(lines, pairs[i]+" "+pairs[i+1])
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// ifaceTwinKeys maps the twins' method sets to their export names.
var ifaceTwinKeys = func() map[string]string {
	m := map[string]string{}
	for i, t := range ifaceTwinTypes {
		var pairs []string
		for j := range t.NumMethod() {
			pairs = append(pairs, t.Method(j).Name, t.Method(j).Type.String())
		}
		m[ifaceTwinKey(pairs)] = "Twin" + strconv.Itoa(i)
	}
	return m
}()

// ifaceTwin returns the export name of the twin with the methods sigs
// (pairs of name and signature as reflect prints it), or "" when no twin
// has exactly those, or a signature is unknown ("").
func ifaceTwin(sigs []string) string {
	for i := 1; i < len(sigs); i += 2 {
		if sigs[i] == "" {
			return ""
		}
	}
	return ifaceTwinKeys[ifaceTwinKey(sigs)]
}

// ifaceTwinExports are the twins as interp.Exports members: Twin<i> for
// ifaceTwinTypes[i].
func ifaceTwinExports(m map[string]reflect.Value) {
	for i, t := range ifaceTwinTypes {
		m["Twin"+strconv.Itoa(i)] = reflect.Zero(reflect.PointerTo(t))
	}
}

// ifaceTwinOf returns the export name of the twin of the interface i (a
// type of a package file, pkgifaceassert.go), or "", and the pairs of
// name and signature Implements takes.
func ifaceTwinOf(i *types.Interface) (name string, sigs []string) {
	for j := range i.NumMethods() {
		m := i.Method(j)
		sig := reflectTypeText(m.Type())
		if sig == "" || !m.Exported() {
			return "", nil
		}
		sigs = append(sigs, m.Name(), sig)
	}
	return ifaceTwin(sigs), sigs
}

// reflectTypeText writes t as reflect.Type.String writes the run-time
// type (parameter names dropped, byte as uint8, any as interface {},
// types named with their package's name), or "" for what the twins' method
// sets never hold (type parameters, non-empty interface literals,
// structs, generic types).
func reflectTypeText(t types.Type) string {
	switch t := types.Unalias(t).(type) {
	case *types.Basic:
		switch t.Kind() {
		case types.Byte:
			return "uint8"
		case types.Rune:
			return "int32"
		case types.UntypedBool, types.UntypedInt, types.UntypedRune, types.UntypedFloat, types.UntypedString, types.UntypedNil:
			return ""
		}
		return t.Name()
	case *types.Named:
		if t.TypeArgs() != nil {
			return ""
		}
		if t.Obj().Pkg() == nil {
			return t.Obj().Name() // error
		}
		return t.Obj().Pkg().Name() + "." + t.Obj().Name()
	case *types.Interface:
		if t.NumMethods() == 0 && t.NumEmbeddeds() == 0 {
			return "interface {}"
		}
	case *types.Pointer:
		if e := reflectTypeText(t.Elem()); e != "" {
			return "*" + e
		}
	case *types.Slice:
		if e := reflectTypeText(t.Elem()); e != "" {
			return "[]" + e
		}
	case *types.Array:
		if e := reflectTypeText(t.Elem()); e != "" {
			return "[" + strconv.FormatInt(t.Len(), 10) + "]" + e
		}
	case *types.Map:
		if k, v := reflectTypeText(t.Key()), reflectTypeText(t.Elem()); k != "" && v != "" {
			return "map[" + k + "]" + v
		}
	case *types.Signature:
		if t.TypeParams() != nil {
			return ""
		}
		var in, out []string
		for k := range t.Params().Len() {
			s := reflectTypeText(t.Params().At(k).Type())
			if t.Variadic() && k == t.Params().Len()-1 {
				s = reflectTypeText(t.Params().At(k).Type().(*types.Slice).Elem())
				if s != "" {
					s = "..." + s
				}
			}
			if s == "" {
				return ""
			}
			in = append(in, s)
		}
		for k := range t.Results().Len() {
			s := reflectTypeText(t.Results().At(k).Type())
			if s == "" {
				return ""
			}
			out = append(out, s)
		}
		return joinSig(in, out)
	}
	return ""
}
