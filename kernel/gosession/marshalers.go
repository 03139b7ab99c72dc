package gosession

import (
	"go/ast"
	"go/types"
)

// Encoding methods of session types.
//
// Compiled encoders find a type's own encoding through its methods
// (`json.Marshaler`, `encoding.TextMarshaler`, `gob.GobEncoder`, …).
// yaegi v0.16.1 gives a type declared in the session the run-time type of
// its underlying type and shows compiled code its methods only through a
// wrapper made where the value itself is converted to an interface, so
// the encoders missed them without an error: `json.Marshal` of a
// `[]Status`, of a struct with a `Status` field or of a `map[K]int` wrote
// the underlying numbers, not what MarshalJSON or MarshalText return; a
// `*P` with a pointer-receiver MarshalJSON and a struct passed through an
// `any` gave `null`; `json.Unmarshal` never called UnmarshalJSON or
// UnmarshalText (an error about the underlying type, or a value left
// zero).
//
// No rewrite gives compiled code these methods, so the session refuses
// the encoding call (json, xml and gob: the package functions Marshal,
// MarshalIndent and Unmarshal, and the Encode, EncodeElement, Decode and
// DecodeElement methods of their encoders and decoders, and display.JSON,
// which marshals with encoding/json) when the value's
// type, as the type oracle of typecheck.go tells, involves a session type
// with one of that package's encoding methods (through pointers, slices,
// arrays, map keys and elements and exported struct fields), or is an
// interface or unknown while the session declares such a type. The error
// names the type, the method and the workaround: encode a value without
// the method (call it yourself: `s.MarshalJSON()`, or convert to a string
// field or a map[string]any) and parse after decoding. Methods of that
// name with another signature are not the encoders' and do not count, as
// in Go. A session without such methods is not checked. Written for this
// package.

// encodingMethods lists, by encoding package, the methods its encoders
// and decoders call, with the number of parameters and results that make
// a method one of them.
var encodingMethods = map[string]map[string][2]int{
	"encoding/json": {
		"MarshalJSON": {0, 2}, "UnmarshalJSON": {1, 1},
		"MarshalText": {0, 2}, "UnmarshalText": {1, 1}, "AppendText": {1, 2},
	},
	"encoding/xml": {
		"MarshalXML": {2, 1}, "UnmarshalXML": {2, 1}, "MarshalXMLAttr": {1, 2}, "UnmarshalXMLAttr": {1, 1},
		"MarshalText": {0, 2}, "UnmarshalText": {1, 1}, "AppendText": {1, 2},
	},
	"encoding/gob": {
		"GobEncode": {0, 2}, "GobDecode": {1, 1},
		"MarshalBinary": {0, 2}, "UnmarshalBinary": {1, 1}, "AppendBinary": {1, 2},
	},
}

// encoderCall returns the encoding package of a call of c (see above) and
// the argument holding the value encoded or decoded into; "" when c is
// none. It needs the type oracle.
func (r *rewriter) encoderCall(c *ast.CallExpr) (string, ast.Expr) {
	sel, ok := unparen(c.Fun).(*ast.SelectorExpr)
	if r.oracle == nil || !ok || len(c.Args) == 0 {
		return "", nil
	}
	if id, ok := unparen(sel.X).(*ast.Ident); ok {
		if path := r.importPath(id); path != "" {
			if path == DisplayPath && sel.Sel.Name == "JSON" {
				return "encoding/json", c.Args[0] // display.JSON marshals its value with encoding/json
			}
			return encodingFuncArg(path, sel.Sel.Name, c.Args)
		}
	}
	return encodingMethodArg(sel.Sel.Name, r.oracle.typeOf(sel.X), c.Args)
}

// encodingFuncArg returns the encoding package path and the argument
// holding the value of a call of its function name (Marshal,
// MarshalIndent, Unmarshal) with args; "" for another function.
func encodingFuncArg(path, name string, args []ast.Expr) (string, ast.Expr) {
	switch {
	case encodingMethods[path] == nil:
	case name == "Marshal" || name == "MarshalIndent":
		return path, args[0]
	case name == "Unmarshal" && len(args) == 2:
		return path, args[1]
	}
	return "", nil
}

// encodingMethodArg returns the encoding package and the argument holding
// the value of a call of the method name of a value of type recv with
// args, when recv is (a pointer to) that package's Encoder or Decoder
// and name one of their encoding methods; "" otherwise.
func encodingMethodArg(name string, recv types.Type, args []ast.Expr) (string, ast.Expr) {
	switch name {
	case "Encode", "Decode", "EncodeElement", "DecodeElement":
	default:
		return "", nil
	}
	if p, ok := recv.(*types.Pointer); ok {
		recv = p.Elem()
	}
	n, ok := recv.(*types.Named)
	if !ok || n.Obj().Pkg() == nil || encodingMethods[n.Obj().Pkg().Path()] == nil {
		return "", nil
	}
	switch n.Obj().Name() {
	case "Encoder", "Decoder":
		return n.Obj().Pkg().Path(), args[0]
	}
	return "", nil
}

// importPath returns the path of the package id names, or "": as the
// oracle resolved id, or, for a node made by an earlier rewrite, by the
// name the session imports the package under.
func (r *rewriter) importPath(id *ast.Ident) string {
	if pn, ok := r.oracle.info.Uses[id].(*types.PkgName); ok {
		return pn.Imported().Path()
	}
	if id.Obj != nil || !r.sc.isPackage(id.Name) {
		return ""
	}
	for path, name := range r.oracle.names {
		if name == id.Name {
			return path
		}
	}
	return ""
}

// refuseEncoderCall fails the rewrite for an encoding call of c whose
// value may involve a session type with one of the encoder's methods (see
// above).
func (r *rewriter) refuseEncoderCall(c *ast.CallExpr) {
	if r.err != nil {
		return
	}
	path, arg := r.encoderCall(c)
	if path == "" {
		return
	}
	methods := encodingMethods[path]
	declared := ""
	for _, t := range r.sessionTypes() {
		for m := range methods {
			if t.methods[m] || t.ptrMethods[m] {
				declared = t.user + "." + m
			}
		}
	}
	if declared == "" {
		return
	}
	const fix = "the interpreter cannot make compiled code call a method of a type declared in the session inside " +
		"other values, behind pointers or in interfaces (it would silently encode the underlying value, or not decode); " +
		"encode a value without the method (call it yourself, or convert to a string field or a map[string]any) and parse after decoding"
	t := r.oracle.typeOf(arg)
	if t == nil {
		r.fail(arg.Pos(), "%s with a value whose type the session cannot tell, while %s is declared: %s", path, declared, fix)
		return
	}
	if elem := decodedMapElem(c, t); elem != nil {
		// A decoder makes a map's elements afresh: what its interfaces
		// get are the decoder's own values (numbers, strings, maps, slices).
		if typ, _ := encodingMethodIn(elem, methods); typ == "" {
			return
		}
	}
	if typ, m := encodingMethodIn(t, methods); m != "" {
		where := m
		if typ != "" {
			where = typ + "." + m
		}
		r.fail(arg.Pos(), "%s with a value of type %s, which involves %s: %s", path, types.TypeString(t, sessionQualifier), where, fix)
	}
}

// decodedMapElem returns the element type of the map a decoding call c
// (Unmarshal, Decode, DecodeElement) decodes into, t being *map[K]V; nil
// for another call or type.
func decodedMapElem(c *ast.CallExpr, t types.Type) types.Type {
	if !decodingCall(c) {
		return nil
	}
	p, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return nil
	}
	m, ok := types.Unalias(p.Elem()).(*types.Map)
	if !ok {
		return nil
	}
	return m.Elem()
}

// decodingCall reports whether the encoding call c decodes: Unmarshal, or
// a decoder's Decode or DecodeElement (encoderCall tells it is one).
func decodingCall(c *ast.CallExpr) bool {
	sel, ok := unparen(c.Fun).(*ast.SelectorExpr)
	return ok && (sel.Sel.Name == "Unmarshal" || sel.Sel.Name == "Decode" || sel.Sel.Name == "DecodeElement")
}

// sessionQualifier prints the session's types bare and others by package
// name.
func sessionQualifier(p *types.Package) string {
	if p.Name() == "main" {
		return ""
	}
	return p.Name()
}

// encodingMethodIn returns a session type reached from t (through
// pointers, slices, arrays, map keys and elements and exported struct
// fields) that has one of methods, and the method; for an interface (which
// may hold such a value) it returns "" and the interface's text.
func encodingMethodIn(t types.Type, methods map[string][2]int) (typ, what string) {
	return encodingMethodOwn(t, methods, func(n *types.Named) bool { return sessionNamed(n) != nil })
}

// encodingMethodOwn is encodingMethodIn for the named types own tells are
// interpreted (a package file's own: pkgencoders.go).
func encodingMethodOwn(t types.Type, methods map[string][2]int, own func(*types.Named) bool) (typ, what string) {
	walkType(t, typePolicy{
		mapKeys: true,
		field: func(_ *types.Named, s *types.Struct, i int) walkStep {
			if f := s.Field(i); f.Exported() || f.Embedded() {
				return walkDescend
			}
			return walkSkip
		},
		visit: func(t types.Type, _ int) walkStep {
			switch x := t.(type) {
			case *types.Interface:
				what = "an interface that may hold such a value"
				return walkFound
			case *types.Named:
				if !own(x) {
					return walkSkip // a compiled type: its methods work
				}
				ms := types.NewMethodSet(types.NewPointer(x))
				for i := range ms.Len() {
					f := ms.At(i).Obj()
					want, ok := methods[f.Name()]
					sig, isSig := f.Type().(*types.Signature)
					if ok && isSig && sig.Params().Len() == want[0] && sig.Results().Len() == want[1] {
						typ, what = x.Obj().Name(), f.Name()
						return walkFound
					}
				}
				if _, isIface := x.Underlying().(*types.Interface); isIface {
					what = "the interface " + x.Obj().Name() + ", which may hold such a value"
					return walkFound
				}
			}
			return walkDescend
		},
	})
	return typ, what
}
