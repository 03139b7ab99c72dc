package gosession

import (
	"go/ast"
	"go/types"
	"strings"
)

// Method expressions in package files.
//
// The cells' methodexpr.go, for packages interpreted from source: yaegi
// v0.16.1 runs a method expression only where it is called, and then not
// one promoted through an embedded field. Passed as a value, a package's
// `MapSlice(samples, Sample.Key)` panicked ("reflect.Set: value of type
// func() string is not assignable to type func(struct {…}) string"), and
// `f := (*counter).Inc` failed ("reflect: Call with too many input
// arguments"); called, `Outer.Get(o)` with Get promoted from an embedded
// field passed the outer value where the inner one belongs. With the
// package's types, such a method expression is written, on its line, as
// the function literal it stands for:
//
//	Sample.Key  →  func(_activisM0 Sample) string { return _activisM0.Key() }
//
// (a variadic method passes its last parameter on with `...`). One whose
// parameter or result types the file cannot name (a type of another
// package it does not import, a type local to a function) is left as it
// is.

// methodExpr rewrites sel as above when it is a method expression that
// is not called, or whose method is promoted.
func (w *pkgGoWriter) methodExpr(sel *ast.SelectorExpr, called map[ast.Expr]bool) {
	if w.types == nil {
		return
	}
	s, ok := w.types.info.Selections[sel]
	if !ok || s.Kind() != types.MethodExpr || called[sel] && len(s.Index()) < 2 {
		return
	}
	sig, ok := w.types.typeOf(sel).(*types.Signature)
	if !ok || sig.Params().Len() == 0 {
		return
	}
	var params, args []string
	for i := range sig.Params().Len() {
		t := paramType(sig, i) // ifacecallarg.go: a variadic one's element type
		text := w.typeText(t)
		if text == "" {
			return
		}
		if sig.Variadic() && i == sig.Params().Len()-1 {
			text = "..." + text
		}
		params = append(params, paramName(i)+" "+text)
		if i > 0 {
			args = append(args, paramName(i))
		}
	}
	var results []string
	for i := range sig.Results().Len() {
		text := w.typeText(sig.Results().At(i).Type())
		if text == "" {
			return
		}
		results = append(results, text)
	}
	call := paramName(0) + "." + sel.Sel.Name + "(" + strings.Join(args, ", ")
	if sig.Variadic() {
		call += "..."
	}
	call += ")"
	lit := "func(" + strings.Join(params, ", ") + ") (" + strings.Join(results, ", ") + ") { "
	if len(results) > 0 {
		lit += "return "
	}
	lit += call + " }"
	w.replaceToEnd(w.off(sel.Pos()), w.off(sel.End()), func() string { return lit })
}
