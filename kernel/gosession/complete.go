package gosession

import (
	"go/ast"
	"reflect"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/activis-go/activis/kernel/gosession/docs"
	"github.com/activis-go/activis/kernel/session"
)

var keywords = []string{
	"break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough",
	"for", "func", "go", "goto", "if", "import", "interface", "map", "package", "range",
	"return", "select", "struct", "switch", "type", "var",
}

var builtins = []string{
	"append", "cap", "clear", "close", "complex", "copy", "delete", "imag", "len", "make",
	"max", "min", "new", "panic", "print", "println", "real", "recover",
	"bool", "byte", "complex128", "complex64", "error", "float32", "float64", "int", "int16",
	"int32", "int64", "int8", "rune", "string", "uint", "uint16", "uint32", "uint64", "uint8",
	"uintptr", "any", "comparable", "true", "false", "nil", "iota",
}

func isIdentRune(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// byteOffset converts a rune offset of s to a byte offset (clamped).
func byteOffset(s string, runes int) int {
	if runes <= 0 {
		return 0
	}
	i := 0
	for n := 0; n < runes && i < len(s); n++ {
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
	}
	return i
}

// identStart returns the byte offset where the identifier ending at end
// starts.
func identStart(s string, end int) int {
	i := end
	for i > 0 {
		r, w := utf8.DecodeLastRuneInString(s[:i])
		if !isIdentRune(r) {
			break
		}
		i -= w
	}
	return i
}

// Complete returns the identifiers that can replace the one being typed at
// cursor (a rune offset): session names, keywords and builtins, package
// names, members of a package (`fmt.Pr`), fields and methods of a
// variable's type (`ex.Ad`). Matches are full identifiers replacing
// [CursorStart, CursorEnd).
func (s *Session) Complete(code string, cursor int) session.Completion {
	end := byteOffset(code, cursor)
	start := identStart(code, end)
	prefix := code[start:end]
	var cands []string
	kind := map[string]string{}
	if start > 0 && code[start-1] == '.' {
		xs := identStart(code, start-1)
		x := code[xs : start-1]
		if x != "" {
			cands = s.members(code, x, kind)
		}
	} else {
		cands = s.names(kind)
	}
	seen := map[string]bool{}
	var matches []string
	for _, c := range cands {
		if strings.HasPrefix(c, prefix) && !seen[c] && !strings.HasPrefix(c, "_") {
			seen[c] = true
			matches = append(matches, c)
		}
	}
	sort.Strings(matches)
	rs := utf8.RuneCountInString(code[:start])
	types := make([]map[string]any, 0, len(matches))
	for _, m := range matches {
		types = append(types, map[string]any{"start": rs, "end": cursor, "text": m, "type": kind[m]})
	}
	if matches == nil {
		matches = []string{}
	}
	return session.Completion{Matches: matches, CursorStart: rs, CursorEnd: cursor,
		Metadata: map[string]any{"_jupyter_types_experimental": types}}
}

// names lists what a bare identifier can complete to.
func (s *Session) names(kind map[string]string) []string {
	st := s.state()
	var out []string
	addAll := func(k string, names ...string) {
		for _, n := range names {
			if _, ok := kind[n]; !ok {
				kind[n] = k
			}
			out = append(out, n)
		}
	}
	addAll("keyword", keywords...)
	addAll("builtin", builtins...)
	for n := range globals(st) {
		addAll("instance", n)
	}
	s.mu.Lock()
	for n, d := range st.decls {
		k := d.Kind
		switch k {
		case "func":
			k = "function"
		case "type":
			k = "class"
		default:
			k = "instance"
		}
		addAll(k, n)
	}
	for n := range st.imports {
		if !strings.HasPrefix(n, "_activis") { // hidden imports (see binTyper)
			addAll("module", n)
		}
	}
	s.mu.Unlock()
	for n := range packages().byName {
		addAll("module", n)
	}
	return out
}

// members lists the members of x: a package, or a variable's fields and
// methods.
func (s *Session) members(code, x string, kind map[string]string) []string {
	st := s.state()
	s.mu.Lock()
	p := st.imports[x]
	d := st.decls[x]
	s.mu.Unlock()
	if p == "" && d == nil {
		if _, isVar := globals(st)[x]; !isVar {
			p = packages().byName[x]
		}
	}
	if p != "" {
		var out []string
		for n := range packages().syms[p] {
			if ast.IsExported(n) {
				out = append(out, n)
				kind[n] = "function"
			}
		}
		for _, n := range docs.Members(p) {
			if _, ok := kind[n]; !ok {
				kind[n] = "function"
			}
			out = append(out, n)
		}
		if p == DisplayPath {
			out = append(out, "Display", "Update", "Clear", "Progress")
		}
		return out
	}
	return s.fieldsAndMethods(st, code, x, kind)
}

// fieldsAndMethods lists the fields and methods of the type of variable x:
// a session variable, or one declared in code with := from a call.
func (s *Session) fieldsAndMethods(st *state, code, x string, kind map[string]string) []string {
	var out []string
	add := func(k, n string) {
		if ast.IsExported(n) || k == "field" {
			kind[n] = k
			out = append(out, n)
		}
	}
	if v, ok := globals(st)[x]; ok && v.IsValid() {
		reflectMembers(v.Type(), add)
	}
	s.mu.Lock()
	d := st.decls[x]
	if d != nil {
		tn := typeName(d.Type)
		for m := range st.methods[tn] {
			add("method", m)
		}
		if td := st.decls[tn]; td != nil {
			if stt, ok := td.Type.(*ast.StructType); ok {
				for _, f := range stt.Fields.List {
					for _, n := range f.Names {
						add("field", n.Name)
					}
				}
			}
		}
	}
	s.mu.Unlock()
	if len(out) == 0 {
		// x := pkg.F(...) earlier in the code being edited.
		if t := s.localType(st, code, x); t != nil {
			reflectMembers(t, add)
		}
	}
	return out
}

// reflectMembers lists exported fields and methods of t (and *t).
func reflectMembers(t reflect.Type, add func(kind, name string)) {
	pt := t
	if t.Kind() != reflect.Pointer {
		pt = reflect.PointerTo(t)
	}
	for i := range pt.NumMethod() {
		add("method", pt.Method(i).Name)
	}
	et := t
	for et.Kind() == reflect.Pointer {
		et = et.Elem()
	}
	if et.Kind() == reflect.Struct {
		for i := range et.NumField() {
			if f := et.Field(i); f.IsExported() {
				add("field", f.Name)
			}
		}
	}
}

// localType finds `x := pkg.F(...)` (or `x, err := ...`) in code and
// returns the compiled result type of pkg.F.
func (s *Session) localType(st *state, code, x string) reflect.Type {
	for _, line := range strings.Split(code, "\n") {
		lhs, rhs, ok := strings.Cut(line, ":=")
		if !ok {
			continue
		}
		names := strings.Split(lhs, ",")
		idx := -1
		for i, n := range names {
			if strings.TrimSpace(n) == x {
				idx = i
			}
		}
		if idx < 0 {
			continue
		}
		call := strings.TrimSpace(rhs)
		open := strings.Index(call, "(")
		if open < 0 {
			continue
		}
		fn := call[:open]
		pkg, member, ok := strings.Cut(fn, ".")
		if !ok {
			continue
		}
		s.mu.Lock()
		p := st.imports[pkg]
		s.mu.Unlock()
		if p == "" {
			p = packages().byName[pkg]
		}
		v, ok := packages().syms[p][member]
		if !ok || v.Kind() != reflect.Func || idx >= v.Type().NumOut() {
			continue
		}
		return v.Type().Out(idx)
	}
	return nil
}

// exprAt returns the dotted identifier chain around byte offset pos.
func exprAt(code string, pos int) string {
	isChain := func(r rune) bool { return isIdentRune(r) || r == '.' }
	start := pos
	for start > 0 {
		r, w := utf8.DecodeLastRuneInString(code[:start])
		if !isChain(r) {
			break
		}
		start -= w
	}
	end := pos
	for end < len(code) {
		r, w := utf8.DecodeRuneInString(code[end:])
		if !isIdentRune(r) {
			break
		}
		end += w
	}
	return strings.Trim(code[start:end], ".")
}
