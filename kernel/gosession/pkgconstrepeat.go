package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// Implicit repetition in constant declarations of package files: the
// cells' constrepeat.go. In a parenthesized const declaration holding a
// spec of several names, yaegi v0.16.1 failed to repeat the type and
// values of the spec before for a spec without them (`s, t = iota, iota;
// u, v` failed to import: "undefined: v"; `A, _ = iota, iota + 10; _, _`:
// "cannot use _ as value") and counted iota per name, not per spec. In
// such a declaration the repeated type and values are written out after
// the spec's names, and every iota as its spec's index:
//
//	s, t = iota, iota  →  s, t = 7, 7
//	u, v               →  u, v = 8, 8

// constRepeats rewrites the const declaration d as described above.
func (w *pkgGoWriter) constRepeats(d *ast.GenDecl) {
	if d.Tok != token.CONST || !d.Lparen.IsValid() {
		return
	}
	multi := false
	for _, s := range d.Specs {
		if vs, ok := s.(*ast.ValueSpec); ok && len(vs.Names) > 1 {
			multi = true
		}
	}
	if !multi {
		return // yaegi repeats the specs of one name, with their iota
	}
	var last *ast.ValueSpec
	for i, s := range d.Specs {
		vs, ok := s.(*ast.ValueSpec)
		if !ok {
			continue
		}
		if w.literalSpecs[vs] {
			last = nil // written out (pkgtypedconst.go); what repeats it is too
			continue
		}
		if vs.Type != nil || len(vs.Values) > 0 {
			last = vs
			for _, v := range vs.Values {
				w.iotaIdents(v, func(id *ast.Ident) {
					w.replace(w.off(id.Pos()), w.off(id.End()), func() string { return strconv.Itoa(i) })
				})
			}
			continue
		}
		if last == nil || len(last.Values) != len(vs.Names) {
			continue // Go's compile error, which yaegi reports its way
		}
		text := ""
		if last.Type != nil {
			text = " " + printType(last.Type)
		}
		var vals []string
		for _, v := range last.Values {
			vals = append(vals, iotaText(v, i))
		}
		w.enclose(vs.Names[len(vs.Names)-1], "", text+" = "+strings.Join(vals, ", "))
	}
}

// iotaIdents calls f with each use of the predeclared iota in e.
func (w *pkgGoWriter) iotaIdents(e ast.Expr, f func(*ast.Ident)) {
	ast.Inspect(e, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || id.Name != "iota" {
			return true
		}
		if w.types != nil {
			if w.types.info.Uses[id] == types.Universe.Lookup("iota") {
				f(id)
			}
		} else if id.Obj == nil {
			f(id)
		}
		return true
	})
}

// iotaText returns e printed (without comments, on one line) with iota
// written as i.
func iotaText(e ast.Expr, i int) string {
	return nodeString(token.NewFileSet(), iotaValue(cloneNode(e, token.NoPos).(ast.Expr), i)) // see constrepeat.go
}
