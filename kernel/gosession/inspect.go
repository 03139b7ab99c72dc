package gosession

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/activis-go/activis/kernel/gosession/docs"
	"github.com/activis-go/activis/kernel/session"
)

// Inspect returns the signature and doc comment of the name at cursor: a
// package member (fmt.Println, mat.NewDense, mat.Dense.At), a method of a
// session variable (ex.AddSubset) or a session declaration. Detail 1 adds
// a session declaration's source.
func (s *Session) Inspect(code string, cursor, detail int) session.Inspection {
	name := exprAt(code, byteOffset(code, cursor))
	if name == "" {
		// The cursor may sit just after "(": inspect the call's function.
		b := byteOffset(code, cursor)
		if t := strings.TrimRight(code[:b], "( "); len(t) < b {
			name = exprAt(t, len(t))
		}
	}
	text, ok := s.doc(name, detail)
	if !ok {
		return session.Inspection{Found: false, Data: map[string]any{}, Metadata: map[string]any{}}
	}
	return session.Inspection{Found: true, Data: map[string]any{"text/plain": text}, Metadata: map[string]any{}}
}

// doc returns the documentation text of a dotted name.
func (s *Session) doc(name string, detail int) (string, bool) {
	if name == "" {
		return "", false
	}
	st := s.state()
	parts := strings.Split(name, ".")
	s.mu.Lock()
	d := st.decls[parts[0]]
	p := st.imports[parts[0]]
	s.mu.Unlock()

	// A session declaration, or a method of a session variable.
	if d != nil && p == "" {
		if len(parts) == 1 {
			return declText(d, detail), true
		}
		if t, ok := s.memberDoc(st, d, parts[0], parts[1]); ok {
			return t, true
		}
	}
	if len(parts) == 1 {
		if v, ok := globals(st)[name]; ok && v.IsValid() {
			return fmt.Sprintf("var %s %s\n\nvalue: %s", name, v.Type(), shortValue(v)), true
		}
		if path := p + packages().byName[name]; path != "" {
			if p == "" {
				path = packages().byName[name]
			}
			if pk, ok := docs.Pkg(path); ok {
				return fmt.Sprintf("package %s // import %q\n\n%s", pk.Name, path, pk.Doc), true
			}
			return fmt.Sprintf("package %s // import %q", name, path), true
		}
		return builtinDoc(name)
	}
	// A package member: pkg.Name or pkg.Type.Method.
	if p == "" {
		if _, isVar := globals(st)[parts[0]]; !isVar {
			p = packages().byName[parts[0]]
		}
	}
	if p != "" {
		member := strings.Join(parts[1:], ".")
		if p == DisplayPath {
			if e, ok := docs.Lookup(p, "Host."+member); ok && len(parts) == 2 {
				if e2, ok2 := docs.Lookup(p, member); !ok2 || e2.Sig == "" {
					return entryText(p, e), true
				}
			}
		}
		if e, ok := docs.Lookup(p, member); ok {
			return entryText(p, e), true
		}
		if v, ok := packages().syms[p][parts[1]]; ok && len(parts) == 2 {
			return fmt.Sprintf("%s.%s %s", parts[0], parts[1], typeString(v)), true
		}
		return "", false
	}
	// A method or field of a session variable of a compiled type.
	if v, ok := globals(st)[parts[0]]; ok && v.IsValid() && len(parts) == 2 {
		return reflectMemberDoc(v.Type(), parts[1])
	}
	return "", false
}

// memberDoc documents field or method m of session declaration d.
func (s *Session) memberDoc(st *state, d *decl, x, m string) (string, bool) {
	s.mu.Lock()
	md := st.methods[typeName(d.Type)][m]
	s.mu.Unlock()
	if md != nil {
		return declText(md, 0), true
	}
	if v, ok := globals(st)[x]; ok && v.IsValid() {
		return reflectMemberDoc(v.Type(), m)
	}
	return "", false
}

// reflectMemberDoc documents a method or field of a compiled type from the
// docs index (falling back to its reflected signature).
func reflectMemberDoc(t reflect.Type, m string) (string, bool) {
	et := t
	for et.Kind() == reflect.Pointer {
		et = et.Elem()
	}
	if et.PkgPath() != "" {
		if e, ok := docs.Lookup(et.PkgPath(), et.Name()+"."+m); ok {
			return entryText(et.PkgPath(), e), true
		}
	}
	pt := t
	if t.Kind() != reflect.Pointer {
		pt = reflect.PointerTo(t)
	}
	if meth, ok := pt.MethodByName(m); ok {
		return fmt.Sprintf("func (%s) %s%s", pt, m, strings.TrimPrefix(meth.Type.String(), "func")), true
	}
	if et.Kind() == reflect.Struct {
		if f, ok := et.FieldByName(m); ok {
			return fmt.Sprintf("field %s %s of %s", m, f.Type, et), true
		}
	}
	return "", false
}

func entryText(path string, e docs.Entry) string {
	text := e.Sig
	if e.Doc != "" {
		text += "\n\n" + e.Doc
	}
	return text + fmt.Sprintf("\n\n(package %s)", path)
}

func declText(d *decl, detail int) string {
	text := d.Sig
	if d.Doc != "" {
		text += "\n\n" + strings.TrimSpace(d.Doc)
	}
	if detail > 0 && d.Src != "" && d.Src != d.Sig {
		text += "\n\nSource:\n" + d.Src
	}
	return text + "\n\n(declared in this session)"
}

func typeString(v reflect.Value) string {
	if !v.IsValid() {
		return ""
	}
	if v.Kind() == reflect.Pointer && v.IsNil() {
		return "type " + v.Type().Elem().String()
	}
	return v.Type().String()
}

func shortValue(v reflect.Value) string {
	if !v.CanInterface() {
		return "?"
	}
	s := fmt.Sprintf("%+v", v.Interface())
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}

var builtinDocs = map[string]string{
	"len":     "func len(v Type) int\n\nThe length of v: elements of a slice, array, map or channel, bytes of a string.",
	"cap":     "func cap(v Type) int\n\nThe capacity of v.",
	"append":  "func append(slice []Type, elems ...Type) []Type\n\nAppends elements to the end of a slice.",
	"make":    "func make(t Type, size ...IntegerType) Type\n\nAllocates and initializes a slice, map or channel.",
	"min":     "func min[T cmp.Ordered](x T, y ...T) T\n\nThe smallest of its arguments.",
	"max":     "func max[T cmp.Ordered](x T, y ...T) T\n\nThe largest of its arguments.",
	"clear":   "func clear[T ~[]Type | ~map[Type]Type1](t T)\n\nDeletes all map entries or zeroes all slice elements.",
	"copy":    "func copy(dst, src []Type) int\n\nCopies elements from src to dst; returns the number copied.",
	"delete":  "func delete(m map[Type]Type1, key Type)\n\nDeletes the element with the given key from the map.",
	"new":     "func new(Type) *Type\n\nAllocates a zero value and returns a pointer to it.",
	"panic":   "func panic(v any)\n\nStops normal execution of the current goroutine.",
	"recover": "func recover() any\n\nRegains control of a panicking goroutine (in a deferred function).",
	"print":   "func print(args ...Type)\n\nWrites to standard error (prefer fmt.Print).",
	"println": "func println(args ...Type)\n\nWrites to standard error (prefer fmt.Println).",
}

func builtinDoc(name string) (string, bool) {
	d, ok := builtinDocs[name]
	if ok {
		d += "\n\n(builtin)"
	}
	return d, ok
}
