package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strconv"
	"strings"
)

// Struct fields as encoding/json and encoding/xml see them.
//
// yaegi v0.16.1 builds a struct type declared in the session with
// reflect.StructOf, which cannot make unexported fields: a field `note`
// becomes an exported `Xnote`, and an embedded struct field becomes a
// field named after its type that is not embedded. Compiled encoding/json
// then wrote `"Xnote":"n"` (Go leaves unexported fields out) and
// `"Meta":{"source":"csv"}` for an embedded `Meta` (Go promotes its
// fields: `"source":"csv"`), and json.Unmarshal left the embedded fields
// empty, without an error.
//
// The session gives every unexported named field of a struct type written
// in a cell the tag `json:"-"` (replacing a json key the field had), so
// encoding/json leaves it out as Go does (and the keys of the other
// encoders of unexportedTagKeys). The embedded struct fields json would
// promote are promoted by the session runtime (jsonembed.go), except
// those of compiled struct types, which are refused, naming the field and
// the workaround (a named field with a json tag). Written for this
// package. encoding/xml had both faults too (`<Xnote>secret</Xnote>`,
// `<Addr><City>c</City></Addr>` for Go's `<City>c</City>`): unexported
// fields get `xml:"-"` as well, and its Marshal, MarshalIndent,
// Unmarshal, Encode, EncodeElement, Decode and DecodeElement with a value
// holding a struct with an embedded struct field that has no xml name are
// refused.

// jsonUnexportedAll tags the unexported fields of the struct types in n
// (jsonUnexported). It runs before the rewrites and their notes, so that
// the keys ifaceeq.go gives unnamed struct types spell the tags the
// session's recorded types have.
func jsonUnexportedAll(n ast.Node) {
	ast.Inspect(n, func(m ast.Node) bool {
		if st, ok := m.(*ast.StructType); ok {
			jsonUnexported(st)
		}
		return true
	})
}

// jsonUnexported tags the unexported fields of st with `json:"-"
// xml:"-"`, and its embedded fields with embedTagKey (jsonembed.go).
func jsonUnexported(st *ast.StructType) {
	if st.Fields == nil {
		return
	}
	for _, f := range st.Fields.List {
		tag, ok := unexportedTag(f)
		if len(f.Names) == 0 {
			tag, ok = embedTag(f) // jsonembed.go
		}
		if ok {
			setFieldTag(f, tag)
		}
	}
}

// fieldTag returns the text of the tag of the struct field f, "" for
// none; false when it cannot be read.
func fieldTag(f *ast.Field) (string, bool) {
	if f.Tag == nil {
		return "", true
	}
	s, err := strconv.Unquote(f.Tag.Value)
	return s, err == nil
}

// setFieldTag gives the struct field f the tag text tag, where its tag
// was or after its type.
func setFieldTag(f *ast.Field, tag string) {
	pos := f.Type.End()
	if f.Tag != nil {
		pos = f.Tag.ValuePos
	}
	f.Tag = &ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(tag)}
}

// unexportedTagKeys are the keys of the encoders unexportedTag hides an
// unexported field from: encoding/json and encoding/xml, and the keys of
// the encoders people interpret from source (gopkg.in/yaml.v3,
// github.com/BurntSushi/toml, mapstructure), which read fields by reflection as the
// compiled ones do: the toml encoder wrote a cell's `m map[string]int` as
// a table `[Xm]` (Go leaves it out) before the field had `toml:"-"`.
var unexportedTagKeys = []string{"json", "xml", "yaml", "toml", "mapstructure"}

// unexportedFieldTag is the tag an unexported field gets when it had none.
var unexportedFieldTag = func() string {
	var b strings.Builder
	for i, k := range unexportedTagKeys {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString(k + `:"-"`)
	}
	return b.String()
}()

// unexportedTag returns the tag of the struct field f with
// unexportedFieldTag in place of its keys of unexportedTagKeys, when all
// of f's names are unexported (`a, B int` is left alone: a tag would hide
// B too).
func unexportedTag(f *ast.Field) (string, bool) {
	if len(f.Names) == 0 {
		return "", false
	}
	for _, n := range f.Names {
		if ast.IsExported(n.Name) {
			return "", false
		}
	}
	tag, ok := fieldTag(f)
	if !ok {
		return "", false
	}
	for _, k := range unexportedTagKeys {
		tag = withoutTagKey(tag, k)
	}
	return strings.TrimSpace(tag + " " + unexportedFieldTag), true
}

// withoutTagKey returns tag without the key:"value" pair of key, reading
// pairs the way reflect.StructTag does; a tag it cannot read is returned
// as it is.
func withoutTagKey(tag, key string) string {
	var keep []string
	rest := tag
	for {
		rest = strings.TrimLeft(rest, " ")
		if rest == "" {
			break
		}
		i := 0
		for i < len(rest) && rest[i] > ' ' && rest[i] != ':' && rest[i] != '"' && rest[i] != 0x7f {
			i++
		}
		if i == 0 || i+1 >= len(rest) || rest[i] != ':' || rest[i+1] != '"' {
			return tag
		}
		name := rest[:i]
		j := i + 2
		for j < len(rest) && rest[j] != '"' {
			if rest[j] == '\\' {
				j++
			}
			j++
		}
		if j >= len(rest) {
			return tag
		}
		if name != key {
			keep = append(keep, rest[:j+1])
		}
		rest = rest[j+1:]
	}
	return strings.Join(keep, " ")
}

// jsonEmbedded notes for jsonPromote a json call of c whose value
// involves a session struct with an embedded struct field json would
// promote, refusing it where that field is a compiled type's, and refuses
// such an xml call (see above).
func (r *rewriter) jsonEmbedded(c *ast.CallExpr) {
	path, arg := r.encoderCall(c) // see marshalers.go
	key := map[string]string{"encoding/json": "json", "encoding/xml": "xml"}[path]
	if key == "" {
		return
	}
	if key == "json" {
		// Promoted by the runtime where the embedded types are the
		// session's (jsonembed.go).
		t := r.oracle.typeOf(arg)
		n, foreign, owner := embeddedStructs(t)
		decode := decodingCall(c)                                                // marshalers.go
		dynamic := !decode && t != nil && holdsInterface(t) && r.embedsStructs() // encodeoperand.go
		switch {
		case n == 0 && !dynamic:
		case foreign == "":
			if r.promoted == nil {
				r.promoted = map[*ast.CallExpr]promotedCall{}
			}
			if i := promotedArg(c, arg); i >= 0 {
				r.promoted[c] = promotedCall{i, types.TypeString(t, sessionQualifier), decode, dynamic}
			}
		default:
			r.fail(arg.Pos(), "%s with a value of type %s, declared in the session, whose embedded field %s is a struct type of a compiled package: "+
				"json would promote its fields, and its methods (time.Time's MarshalJSON makes Go write only the time), which the interpreter "+
				"cannot give %s; give the field a name and a json tag", path, owner, foreign, owner)
		}
		return
	}
	if st, field := embeddedForJSON(r.oracle.typeOf(arg), key); field != "" {
		r.fail(arg.Pos(), "%s with a value of type %s, declared in the session, whose embedded field %s %s would promote: "+
			"the interpreter makes embedded fields plain fields, so %s would write (or read) them as an element named %s instead of promoting their fields; "+
			"give the field a name and %s tag, or copy its fields into %s", path, st, field, key, key, field, map[string]string{"json": "a json", "xml": "an xml"}[key], st)
	}
}

// embeddedForJSON returns the session struct type reached from t (through
// pointers, slices, arrays, map elements and fields) that has an embedded
// struct field without a json name, and that field's name; "" when there
// is none. Only exported and embedded fields of a named struct are looked
// into (json sees no others); every field of a struct written out is, as
// before the walk was shared.
func embeddedForJSON(t types.Type, key string) (typ, field string) {
	return embeddedIn(t, key, func(n *types.Named) bool { return sessionNamed(n) != nil })
}

// embeddedIn is embeddedForJSON for the named types own tells are
// interpreted (a package file's own: pkgencoders.go).
func embeddedIn(t types.Type, key string, own func(*types.Named) bool) (typ, field string) {
	walkType(t, typePolicy{
		field: func(owner *types.Named, st *types.Struct, i int) walkStep {
			if owner == nil {
				return walkDescend
			}
			f := st.Field(i)
			if f.Embedded() {
				ft := f.Type()
				if p, ok := ft.(*types.Pointer); ok {
					ft = p.Elem()
				}
				name, _, _ := strings.Cut(reflect.StructTag(st.Tag(i)).Get(key), ",")
				if _, isStruct := ft.Underlying().(*types.Struct); isStruct && name == "" {
					typ, field = owner.Obj().Name(), f.Name()
					return walkFound
				}
			}
			if !f.Exported() && !f.Embedded() {
				return walkSkip
			}
			return walkDescend
		},
		visit: func(t types.Type, _ int) walkStep {
			if x, ok := t.(*types.Named); ok && !own(x) {
				return walkSkip
			}
			return walkDescend
		},
	})
	return typ, field
}
