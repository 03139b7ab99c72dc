package gosession

import (
	"go/ast"
	"maps"
	"regexp"
	"slices"
	"strings"
)

// Compile errors that name an earlier version of a session type.
//
// A type a later cell declares again gets a fresh interpreter name
// (names.go's renameTypes: `Acc_v1`), and the values made before, with the
// variables that hold them, keep the version they were made with
// (retiredtypes.go). Assigning a new value to such a variable, or passing
// an old value to a function the session re-evaluated for the new type,
// failed with the interpreter's names: "cannot use type *main.Acc as type
// *main.Acc_v1", or with the struct as reflect writes it, structmark.go's
// tag and all (`*struct { Xvals []float64 "activistype:\"Acc_v1\" json:\"-\"
// …" }`), and a field the new declaration added read "undefined selector:
// name" on an old value, without a word on why. versionNames writes every
// version by the user's name, marks the earlier ones, and says what
// happened and what to do. Written for this package.

// versionedStruct matches the run-time struct type of a session type as
// reflect writes it, keeping the version suffix (recovered.go's
// taggedStruct drops it).
var versionedStruct = regexp.MustCompile(`struct \{[^{}]*?` + typeTagKey + `:\\"(\w+)\\"[^{}]*\}`)

// mainTypeName matches a type of package main in an interpreter message.
var mainTypeName = regexp.MustCompile(`\bmain\.(\w+)`)

// undefinedField matches the interpreter's error for a selector a value's
// type lacks.
var undefinedField = regexp.MustCompile(`undefined selector:? (\w+)\b`)

// versionNames rewrites msg's interpreter names of the versions of
// session types as the user's names, marks earlier versions, and adds a
// hint when msg names one, or when a selector it reports missing is one
// that only the current version of a redeclared type has.
func (s *Session) versionNames(msg string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	if st == nil || len(st.retired) == 0 && !anyVersioned(st.typeNames) {
		return msg
	}
	msg = versionedStruct.ReplaceAllString(msg, "main.$1")
	var earlier []string
	words := strings.Split(msg, " ")
	for i, w := range words {
		old := ""
		w = mainTypeName.ReplaceAllStringFunc(w, func(m string) string {
			u, current, ok := st.userTypeName(strings.TrimPrefix(m, "main."))
			if !ok {
				return m
			}
			if !current {
				old = u
			}
			return "main." + u
		})
		if old != "" {
			core := strings.TrimRight(w, "),:;")
			w = core + " (an earlier declaration of " + old + ")" + w[len(core):]
			if !slices.Contains(earlier, old) {
				earlier = append(earlier, old)
			}
		}
		words[i] = w
	}
	msg = strings.Join(words, " ")
	for _, u := range earlier {
		msg += "\n(hint: a later cell declared " + u + " again; the values made before keep the earlier " + u +
			", and so do the variables that hold them: make the value again with the new " + u +
			" (run the cell that made it again), or define the variable again with :=)"
	}
	if len(earlier) > 0 {
		return msg
	}
	if m := undefinedField.FindStringSubmatch(msg); m != nil {
		if u := st.addedMember(m[1]); u != "" {
			msg += "\n(hint: if the value is " + article(u) + " made before a later cell declared " + u + " again, it keeps the earlier " + u +
				", which has no " + m[1] + ": make it again (run the cell that made it again))"
		} else if u := st.lostMethod(m[1]); u != "" {
			msg += "\n(hint: if the value is " + article(u) + ": a later cell declared " + u + " again, and a type declared again has only " +
				"the methods declared with it or after it; declare " + m[1] + " again for the new " + u + ")"
		}
	}
	return msg
}

// anyVersioned tells whether a user type has an interpreter name other
// than its own (a redeclared type, or one named like a predeclared type).
func anyVersioned(names map[string]string) bool {
	for u, i := range names {
		if u != i {
			return true
		}
	}
	return false
}

// userTypeName returns the user's name of the session type the
// interpreter calls internal, and whether internal is its current
// version. It holds s.mu.
func (st *state) userTypeName(internal string) (user string, current, ok bool) {
	if cur, ok := st.typeNames[internal]; ok && cur == internal {
		return internal, true, true
	}
	for u, cur := range st.typeNames {
		if cur == internal {
			return u, true, true
		}
		if predeclaredType(u) {
			continue
		}
		if internal == u {
			return u, false, true
		}
		if rest, ok := strings.CutPrefix(internal, u+"_v"); ok && rest != "" && strings.Trim(rest, "0123456789") == "" {
			return u, false, true
		}
	}
	return "", false, false
}

// addedMember returns the user's name of a redeclared session type whose
// current version has the field or method name while a version kept in
// st.retired has not, or "". It holds s.mu.
func (st *state) addedMember(name string) string {
	for _, internal := range slices.Sorted(maps.Keys(st.retired)) {
		rt := st.retired[internal]
		u := rt.decl.Name
		d := st.decls[u]
		if d == nil || st.typeNames[u] == internal {
			continue
		}
		has := func(t ast.Expr, tn string) bool { return st.methods[tn][name] != nil || hasField(t, name) }
		if has(d.Type, st.typeNames[u]) && !has(rt.decl.Type, internal) {
			return u
		}
	}
	return ""
}

// lostMethod returns the user's name of a redeclared session type a
// version of which, kept in st.retired, has the method name while the
// current version has no field or method of that name, or "". It holds
// s.mu.
func (st *state) lostMethod(name string) string {
	for _, internal := range slices.Sorted(maps.Keys(st.retired)) {
		u := st.retired[internal].decl.Name
		cur := st.typeNames[u]
		d := st.decls[u]
		if d == nil || cur == internal || st.methods[internal][name] == nil || st.methods[cur][name] != nil || hasField(d.Type, name) {
			continue
		}
		return u
	}
	return ""
}

// hasField tells whether t is a struct type with a field name, named or
// embedded.
func hasField(t ast.Expr, name string) bool {
	s, ok := t.(*ast.StructType)
	if !ok {
		return false
	}
	for _, f := range s.Fields.List {
		for _, n := range f.Names {
			if n.Name == name {
				return true
			}
		}
		if len(f.Names) == 0 && typeName(f.Type) == name {
			return true
		}
	}
	return false
}

// article writes name with the indefinite article English gives it.
func article(name string) string {
	if name != "" && strings.ContainsRune("AEIOUaeiou", rune(name[0])) {
		return "an " + name
	}
	return "a " + name
}
