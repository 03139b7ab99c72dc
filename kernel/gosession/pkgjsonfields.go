package gosession

import (
	"go/ast"
	"strconv"
	"strings"
)

// Unexported struct fields in package files, as encoders see them.
//
// yaegi v0.16.1 builds a struct type of a package interpreted from source
// with reflect.StructOf, which cannot make unexported fields: a field
// `note` becomes an exported `Xnote` (jsonfields.go), so compiled
// encoding/json wrote `"Xnote":"n"` and encoding/xml `<Xsecret>s</Xsecret>`
// for a package's values, where Go leaves unexported fields out, without
// an error. As in cells, every unexported named field of a struct type in
// a package file gets the tags `json:"-" xml:"-"` (replacing the json and
// xml keys it had), on its line:
//
//	note string         → note string "json:\"-\" xml:\"-\""
//	id   int `db:"id"`  → id   int "db:\"id\" json:\"-\" xml:\"-\""

// unexportedTags tags the unexported fields of st as above.
func (w *pkgGoWriter) unexportedTags(st *ast.StructType) {
	if st.Fields == nil {
		return
	}
	for _, f := range st.Fields.List {
		if len(f.Names) == 0 {
			continue
		}
		exported := false
		for _, n := range f.Names {
			exported = exported || ast.IsExported(n.Name)
		}
		if exported { // `a, B int`: a tag would hide B too
			continue
		}
		tag := ""
		if f.Tag != nil {
			s, err := strconv.Unquote(f.Tag.Value)
			if err != nil {
				continue
			}
			tag = s
		}
		tag = strconv.Quote(strings.TrimSpace(withoutTagKey(withoutTagKey(tag, "json"), "xml") + ` json:"-" xml:"-"`))
		if f.Tag != nil {
			w.replace(w.off(f.Tag.Pos()), w.off(f.Tag.End()), func() string { return tag })
			continue
		}
		end := w.off(f.Type.End())
		w.after[end] = " " + tag + w.after[end]
	}
}
