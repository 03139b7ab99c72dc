package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// Range over a function iterator (Go 1.23) in package files.
//
// yaegi v0.16.1 does not know range over a function: a package with `for
// line := range strings.Lines(s)` or `for i, v := range slices.All(xs)`
// failed to import with "interpreter panic: nil type" (16 of the standard
// library's examples as packages, and any module that ranges over its own
// iterators). The cells rewrite such a loop into a call of the iterator
// with the body as yield (rangefunc.go); in a package file, with the
// package's types, the loop instead pulls the values one at a time through
// the session's iter.Pull or Pull2 (interpreted, a goroutine per loop, as
// Go's implementation before coroutines), so that the body stays a loop
// body and its break, continue, labels and return keep their meaning:
//
//	for i, v := range seq { … }
//	→ { _activisN1, _activisS2 := _activisiter.Pull2[int, string](seq); for { i, v, _activisOK3 := _activisN1(); if !_activisOK3 { break }; { … } }; _activisS2() }
//
// on the loop's lines. Stopping the iterator (stop) ends it as Go's loop
// does when the body leaves it: after the loop, before a return in the
// body (as a deferred call, so that the results are evaluated first), and
// before a break, continue or goto that leaves it for an enclosing
// statement. A panic in the body leaves the iterator's goroutine waiting.
// A loop over an iterator without values (func(yield func() bool)), and one
// whose value types the file cannot name, are left as they are.

// rangeFunc rewrites range loop x over a function iterator as above and
// reports whether it did.
func (w *pkgGoWriter) rangeFunc(x *ast.RangeStmt, label *ast.LabeledStmt) bool {
	t := w.types.typeOf(x.X)
	if t == nil {
		return false
	}
	sig, ok := t.Underlying().(*types.Signature)
	if !ok || sig.Params().Len() != 1 || sig.Results().Len() != 0 {
		return false
	}
	yield, ok := sig.Params().At(0).Type().Underlying().(*types.Signature)
	if !ok || yield.Params().Len() < 1 || yield.Params().Len() > 2 {
		return false
	}
	var typeArgs []string
	for i := range yield.Params().Len() {
		s := w.typeText(yield.Params().At(i).Type())
		if s == "" {
			return false
		}
		typeArgs = append(typeArgs, s)
	}
	pull := "Pull"
	if len(typeArgs) == 2 {
		pull = "Pull2"
	}
	next, stop, ok2 := w.temp("N"), w.temp("S"), w.temp("OK")
	w.stopExits(x, label, stop)
	w.iterPull = true
	start := x.Pos()
	if label != nil {
		start = label.Pos()
	}
	header := func() string {
		var b strings.Builder
		b.WriteString("{ " + next + ", " + stop + " := _activisiter." + pull + "[" + strings.Join(typeArgs, ", ") + "](" + w.node(x.X) + "); ")
		w.labelText(&b, label)
		b.WriteString("for { ")
		vars := []string{"_", "_"}[:len(typeArgs)]
		if x.Key != nil {
			vars[0] = w.node(x.Key)
		}
		if x.Value != nil && len(vars) > 1 {
			vars[1] = w.node(x.Value)
		}
		if x.Tok == token.ASSIGN {
			tmps := make([]string, len(vars))
			for i := range tmps {
				tmps[i] = w.temp("V")
			}
			b.WriteString(strings.Join(tmps, ", ") + ", " + ok2 + " := " + next + "(); if !" + ok2 + " { break }; " +
				strings.Join(vars, ", ") + " = " + strings.Join(tmps, ", ") + "; {")
			return b.String()
		}
		b.WriteString(strings.Join(vars, ", ") + ", " + ok2 + " := " + next + "(); if !" + ok2 + " { break }; ")
		for _, v := range vars {
			if v != "_" {
				b.WriteString("_ = " + v + "; ") // used, as a range variable need not be
			}
		}
		b.WriteString("{")
		return b.String()
	}
	if !w.replace(w.off(start), w.off(x.Body.Lbrace)+1, header) {
		return false
	}
	end := w.off(x.End())
	w.after[end] = " }; " + stop + "() }" + w.after[end]
	return true
}

// stopExits makes each statement of the body of loop x that leaves it for
// somewhere outside call stop first: a return of the same function (as a
// deferred call, after its results are evaluated), and a labelled break or
// continue, or a goto, whose label is outside the loop. (An unlabelled
// break or continue targets this loop or one inside it.)
func (w *pkgGoWriter) stopExits(x *ast.RangeStmt, label *ast.LabeledStmt, stop string) {
	own := ""
	if label != nil {
		own = label.Label.Name
	}
	ast.Inspect(x.Body, func(m ast.Node) bool {
		switch s := m.(type) {
		case *ast.FuncLit:
			return false // its returns and branches are its own
		case *ast.ReturnStmt:
			w.enclose(s, "{ defer "+stop+"(); ", " }")
		case *ast.BranchStmt:
			if s.Label != nil && s.Tok != token.FALLTHROUGH && s.Label.Name != own && !labelIn(x.Body, s.Label.Name) {
				w.enclose(s, "{ "+stop+"(); ", " }")
			}
		}
		return true
	})
}

// labelIn reports whether a statement inside n has the label name.
func labelIn(n ast.Node, name string) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		if l, ok := m.(*ast.LabeledStmt); ok && l.Label.Name == name {
			found = true
		}
		return !found
	})
	return found
}
