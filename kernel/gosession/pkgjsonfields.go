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
// a package file gets the tags of jsonfields.go's unexportedFieldTag
// (replacing the keys of unexportedTagKeys it had), on its line:
//
//	note string         → note string "json:\"-\" xml:\"-\" yaml:\"-\" toml:\"-\" mapstructure:\"-\""
//	id   int `db:"id"`  → id   int "db:\"id\" json:\"-\" xml:\"-\" yaml:\"-\" toml:\"-\" mapstructure:\"-\""

// unexportedTags tags the unexported fields of st as above, and its first
// field with the key pkglookalike.go gives st, if any.
func (w *pkgGoWriter) unexportedTags(st *ast.StructType) {
	if st.Fields == nil {
		return
	}
	for i, f := range st.Fields.List {
		tag, ok := unexportedTag(f) // jsonfields.go
		if mark := w.marked[st]; i == 0 && mark != "" {
			if !ok {
				tag, ok = "", true
				if f.Tag != nil {
					s, err := strconv.Unquote(f.Tag.Value)
					if err != nil {
						continue
					}
					tag = s
				}
			}
			tag = strings.TrimSpace(tag + " " + mark)
		}
		if !ok {
			continue
		}
		tag = strconv.Quote(tag)
		if f.Tag != nil {
			w.replace(w.off(f.Tag.Pos()), w.off(f.Tag.End()), func() string { return tag })
			continue
		}
		end := w.off(f.Type.End())
		w.after[end] = " " + tag + w.after[end]
	}
}
