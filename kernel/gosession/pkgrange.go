package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// Range loops of package files that need types.
//
// With the package's type check (pkgtypes.go), two of yaegi's faults in
// range loops are fixed in package files as the cells' are, on the same
// lines:
//
//   - a range over a string with its index used gave the index of the
//     rune after an invalid UTF-8 byte wrong (`for i, r := range
//     "a\xffb"`: 0 1 4, Go 0 1 2; rangestring.go); it ranges over the
//     runes with the byte positions computed by compiled code:
//
//     for i, r := range s {  → { _activisS1 := (s); _activisP2 := _activisrt.RuneStarts(_activisS1);
//     for _activisJ3, _activisR4 := range []rune(_activisS1) { i, r := _activisP2[_activisJ3], _activisR4; _, _ = i, r; {
//
//     and ` } }` after the loop (before go 1.22 the variables are
//     declared once before the loop, `var i int; var r rune`, and
//     assigned);
//   - before go 1.22, a closure that captures the key of a range over a
//     slice or an array saw it one past the last index after the loop
//     (yaegi advances the shared key itself: `3c`, Go `2c`); the shared
//     key is a variable declared before the loop, assigned from the
//     loop's own:
//
//     for i, s := range xs {  → { var i int; for _activisK1, s := range xs { i = _activisK1; {
//
// A label moves to the inner loop.

// rangeString rewrites range loop x over a string as above, and reports
// whether it did.
func (w *pkgGoWriter) rangeString(x *ast.RangeStmt, label *ast.LabeledStmt) bool {
	if x.Key == nil || isBlank(x.Key) || x.Tok == token.ILLEGAL {
		return false
	}
	t := w.types.typeOf(x.X)
	if t == nil {
		return false
	}
	if b, ok := t.Underlying().(*types.Basic); !ok || b.Info()&types.IsString == 0 {
		return false
	}
	lhs := []ast.Expr{x.Key}
	if x.Value != nil && !isBlank(x.Value) {
		lhs = append(lhs, x.Value)
	}
	s, p, j, r := w.temp("S"), w.temp("P"), w.temp("J"), w.temp("R")
	vals := []string{p + "[" + j + "]", r}[:len(lhs)]
	rVar := r
	if len(lhs) == 1 {
		rVar = "_"
	}
	w.runtime = true
	return w.wrapLoop(x, label, func() string {
		var b strings.Builder
		b.WriteString("{ " + s + " := (" + w.node(x.X) + "); " + p + " := " + pkgRuntimeName + ".RuneStarts(" + s + "); ")
		names := w.nodes(lhs)
		shared := x.Tok == token.DEFINE && !w.perIter
		if shared {
			b.WriteString("var " + names[0] + " int; ")
			if len(names) > 1 {
				b.WriteString("var " + names[1] + " rune; ")
			}
		}
		w.labelText(&b, label)
		b.WriteString("for " + j + ", " + rVar + " := range []rune(" + s + ") { ")
		tok := " = "
		if x.Tok == token.DEFINE && !shared {
			tok = " := "
		}
		b.WriteString(strings.Join(names, ", ") + tok + strings.Join(vals, ", ") + "; ")
		if x.Tok == token.DEFINE {
			b.WriteString(strings.Repeat("_, ", len(names)-1) + "_ = " + strings.Join(names, ", ") + "; ")
		}
		b.WriteString("{")
		return b.String()
	})
}

// rangeKey gives range loop x over a slice or an array, in a module
// before go 1.22, a shared key declared before the loop when its body
// captures the key (see the file comment); it reports whether it did.
func (w *pkgGoWriter) rangeKey(x *ast.RangeStmt, label *ast.LabeledStmt) bool {
	if w.perIter || x.Tok != token.DEFINE || x.Key == nil {
		return false
	}
	key, ok := x.Key.(*ast.Ident)
	if !ok || key.Name == "_" || !captures(x.Body, []*ast.Ident{key}) || mentions(x.X, map[string]bool{key.Name: true}) {
		return false
	}
	t := w.types.typeOf(x.X)
	if t == nil {
		return false
	}
	u := t.Underlying()
	if p, ok := u.(*types.Pointer); ok {
		u = p.Elem().Underlying()
	}
	switch u.(type) {
	case *types.Slice, *types.Array:
	default:
		return false
	}
	k := w.temp("K")
	return w.wrapLoop(x, label, func() string {
		value := ""
		if x.Value != nil {
			value = ", " + w.node(x.Value)
		}
		var b strings.Builder
		b.WriteString("{ var " + key.Name + " int; ")
		w.labelText(&b, label)
		b.WriteString("for " + k + value + " := range " + w.node(x.X) + " { " + key.Name + " = " + k + "; {")
		return b.String()
	})
}

// wrapLoop replaces the header of range loop x, from its label, by what
// header returns, which opens two blocks after the loop's own; they are
// closed after the loop. It reports false when another replacement
// starts there.
func (w *pkgGoWriter) wrapLoop(x *ast.RangeStmt, label *ast.LabeledStmt, header func() string) bool {
	start := x.Pos()
	if label != nil {
		start = label.Pos()
	}
	if !w.replace(w.off(start), w.off(x.Body.Lbrace)+1, header) {
		return false
	}
	end := w.off(x.End())
	w.after[end] = " } }" + w.after[end]
	return true
}

// labelText writes label, when not nil, before a loop.
func (w *pkgGoWriter) labelText(b *strings.Builder, label *ast.LabeledStmt) {
	if label != nil {
		b.WriteString(label.Label.Name + ": ")
	}
}

// nodes returns the rewritten texts of es.
func (w *pkgGoWriter) nodes(es []ast.Expr) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = w.node(e)
	}
	return out
}
