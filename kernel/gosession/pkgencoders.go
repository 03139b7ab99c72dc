package gosession

import (
	"go/ast"
	"go/types"
)

// Encoders given values of the package's types in package files.
//
// What cells refuse (jsonfields.go, marshalers.go) runs wrong in a
// package interpreted from source too, without an error: json.Marshal of
// a struct embedding another wrote `"Base":{"id":1}` (Go promotes its
// fields: `"id":1`) and json.Unmarshal left the promoted fields zero, and
// the encoding methods of the package's types inside other values were
// not called (`{"c":3}` for a field whose type's MarshalJSON gives
// `"C3"`). With the package's types, a call of json's, xml's or gob's
// Marshal, MarshalIndent or Unmarshal, or of an Encoder's or Decoder's
// Encode, EncodeElement, Decode or DecodeElement, whose value's type (as
// written, not an interface) involves such a struct, or such a method of
// a type of the package inside it, panics where it runs, naming the file, line, type and field or
// method, and the compiled route (activis-kernel build --with).

// refuseEncoder rewrites the encoding call c as above.
func (w *pkgGoWriter) refuseEncoder(c *ast.CallExpr) {
	path, arg := w.encoderCall(c)
	if path == "" {
		return
	}
	t := w.types.typeOf(arg)
	if t == nil {
		return
	}
	if types.IsInterface(t) {
		w.unwrapEncoded(c, arg, t, path)
		return
	}
	own := func(n *types.Named) bool { return n.Obj().Pkg() == w.types.pkg }
	if key := map[string]string{"encoding/json": "json", "encoding/xml": "xml"}[path]; key != "" {
		if st, field := embeddedIn(t, key, own); field != "" {
			w.refuseOperand(arg, path+" with a value of type "+types.TypeString(t, w.pkgQualifier)+", whose embedded field "+st+"."+field+" "+key+" would promote",
				"the interpreter (yaegi v0.16.1) makes embedded fields plain fields, so "+key+" would write or read them as an element named "+field)
			return
		}
	}
	if w.encodesItself(t, encodingMethods[path]) {
		return // the encoder calls the value's own method, which the interpreter shows it
	}
	if typ, m := encodingMethodOwn(t, encodingMethods[path], own); typ != "" {
		w.refuseOperand(arg, path+" with a value of type "+types.TypeString(t, w.pkgQualifier)+", which involves "+typ+"."+m,
			"the interpreter (yaegi v0.16.1) does not show compiled encoders the methods of the package's types inside other values, so they would encode the underlying value")
		return
	}
	w.unwrapEncoded(c, arg, t, path)
}

// unwrapEncoded gives arg, the value of the encode call c of the encoding
// package path, of type t, to the session runtime's UnwrapDeep when t
// holds an interface (encodeoperand.go tells why): `json.Marshal(scene)`
// for a struct with a `Main Shape` field wrote `"main":{}`, and of a
// `[]Shape` `[{}]`, without an error. Not in a package that declares a
// type with one of path's encoding methods, which an interface may hold
// in yaegi's wrapper, whose methods the encoder calls and a copy would
// lose. Decoding calls are left alone.
func (w *pkgGoWriter) unwrapEncoded(c *ast.CallExpr, arg ast.Expr, t types.Type, path string) {
	if arg != c.Args[0] || decodingCall(c) || !holdsInterface(t) || w.declaresEncoding(path) { // marshalers.go, encodeoperand.go
		return
	}
	w.runtime = true
	w.enclose(arg, pkgRuntimeName+".UnwrapDeep(", ")")
}

// declaresEncoding reports whether the package declares a type with one
// of the encoding package path's methods (encodingMethods).
func (w *pkgGoWriter) declaresEncoding(path string) bool {
	scope := w.types.pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok {
			continue
		}
		ms := types.NewMethodSet(types.NewPointer(tn.Type()))
		for i := range ms.Len() {
			if _, ok := encodingMethods[path][ms.At(i).Obj().Name()]; ok {
				return true
			}
		}
	}
	return false
}

// encodesItself reports whether t is, or points to, a type of the package
// with one of methods: given to an encoder as it is, such a value reaches
// it in yaegi's wrapper with its methods (the standard library's gob
// example encodes a Vector with MarshalBinary and decodes into a *Vector
// with UnmarshalBinary), and the encoder looks no further into it.
func (w *pkgGoWriter) encodesItself(t types.Type, methods map[string][2]int) bool {
	n := w.ownNamed(t)
	if n == nil {
		return false
	}
	ms := types.NewMethodSet(types.NewPointer(n))
	for i := range ms.Len() {
		if _, ok := methods[ms.At(i).Obj().Name()]; ok {
			return true
		}
	}
	return false
}

// encoderCall returns the encoding package of the call c (see above) and
// the argument holding the value, or "".
func (w *pkgGoWriter) encoderCall(c *ast.CallExpr) (string, ast.Expr) {
	sel, ok := unparen(c.Fun).(*ast.SelectorExpr)
	if w.types == nil || !ok || len(c.Args) == 0 || c.Ellipsis.IsValid() {
		return "", nil
	}
	if path := w.selectedPkg(sel); path != "" {
		return encodingFuncArg(path, sel.Sel.Name, c.Args) // marshalers.go
	}
	return encodingMethodArg(sel.Sel.Name, w.types.typeOf(sel.X), c.Args)
}
