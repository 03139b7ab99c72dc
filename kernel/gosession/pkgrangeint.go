package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// Range over an integer (Go 1.22) in package files.
//
// yaegi v0.16.1 does not know range over an integer in a package
// interpreted from source: a package with `for i := range n` failed to
// import with "interpreter panic: nil type" (the cells rewrite it,
// typeargs.go's rangeInt). With the package's types, the loop counts in
// a variable of its own, of the integer's type, and gives the loop
// variable its value at the start of each iteration, so that the body may
// change it without changing the count, as in Go; n is evaluated once:
//
//	for i := range n { … }
//	→ { _activisN1 := n; for _activisI2 := int(0); _activisI2 < _activisN1; _activisI2++ { i := _activisI2; { … } } }
//
// on the loop's lines.

// rangeInt rewrites range loop x over an integer as above and reports
// whether it did.
func (w *pkgGoWriter) rangeInt(x *ast.RangeStmt, label *ast.LabeledStmt) bool {
	if w.types == nil {
		return false
	}
	tv, ok := w.types.info.Types[x.X]
	if !ok || tv.Type == nil {
		return false
	}
	b, ok := tv.Type.Underlying().(*types.Basic)
	if !ok || b.Info()&types.IsInteger == 0 {
		return false
	}
	typ := "int"
	if b.Info()&types.IsUntyped == 0 {
		if typ = w.typeText(tv.Type); typ == "" {
			return false
		}
	}
	n, i := w.temp("N"), w.temp("I")
	return w.wrapLoop(x, label, func() string {
		var s strings.Builder
		s.WriteString("{ " + n + " := " + typ + "(" + w.node(x.X) + "); ")
		w.labelText(&s, label)
		s.WriteString("for " + i + " := " + typ + "(0); " + i + " < " + n + "; " + i + "++ { ")
		if x.Key != nil && !isBlank(x.Key) {
			tok := " := "
			if x.Tok == token.ASSIGN {
				tok = " = "
			}
			s.WriteString(w.node(x.Key) + tok + i + "; ")
			if x.Tok == token.DEFINE {
				s.WriteString("_ = " + w.node(x.Key) + "; ") // used, as a range variable need not be
			}
		}
		s.WriteString("{")
		return s.String()
	})
}
