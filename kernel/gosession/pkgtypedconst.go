package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// Constants of the package's named types, in package files: the cells'
// typedconst.go. yaegi v0.16.1 got `const ( Word Kind = iota + 1;
// Number; Punct )` of a package's `type Kind int` wrong (`k == Punct`
// false for k := Kind(3)), and `const N Name = "a" + "b"` of `type Name
// string`, without an error. With the package's types, each const spec
// declaring constants of one of the package's named types gets its
// values written as literals, and the type where the spec has none, on
// its line:
//
//	Word Kind = iota + 1  →  Word Kind = 1
//	Number                →  Number Kind = 2

// typedConsts rewrites the const declaration d as described above.
func (w *pkgGoWriter) typedConsts(d *ast.GenDecl) {
	if w.types == nil || d.Tok != token.CONST {
		return
	}
	for _, s := range d.Specs {
		vs, ok := s.(*ast.ValueSpec)
		if !ok {
			continue
		}
		exprs, typ := constLiterals(w.types.info, w.types.pkg, vs) // typedconst.go
		if exprs == nil {
			continue
		}
		var lits []string
		for _, e := range exprs {
			lits = append(lits, types.ExprString(e))
		}
		tt := w.typeText(typ)
		if tt == "" {
			continue
		}
		// What follows the spec's names (type, values) becomes the type
		// and the literals, on the same line (a replacement from the
		// value's start would leave the parentheses other rewrites put
		// around it unbalanced).
		text := " " + tt + " = " + strings.Join(lits, ", ")
		from, end := w.off(vs.Names[len(vs.Names)-1].End()), w.off(vs.End())
		if end == from {
			w.enclose(vs.Names[len(vs.Names)-1], "", text)
		} else if strings.Contains(string(w.src[from:end]), "\n") || !w.replace(from, end, func() string { return text }) {
			continue
		}
		if w.literalSpecs == nil {
			w.literalSpecs = map[*ast.ValueSpec]bool{}
		}
		w.literalSpecs[vs] = true
	}
}
