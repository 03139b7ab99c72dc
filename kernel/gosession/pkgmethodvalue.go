package gosession

import (
	"go/ast"
	"go/types"
)

// Method values in package files.
//
// Go evaluates the receiver of a method value when the value is made;
// yaegi v0.16.1 read the variable when the value was called: in a
// package, `g := c.Get; c.n = 5; g()` gave 5 (go run: 1), without an
// error. As the cells do (methodvalue.go), with the package's types a
// method value whose receiver is a variable is written, on its line, with
// a copy of the receiver made where the value is:
//
//	g := c.Get  → g := func() func() int { _activisR := c; return _activisR.Get }()
//
// (`_activisR := *p` for a value method through a pointer; a pointer
// method of a value variable binds &c, which reads the variable later in
// Go too, and is left alone). A method promoted through embedded fields
// binds the embedded field's value, or its address for a pointer method:
// with `type S struct{ *T }` and `type T struct{ X }`, `f := s.M1` copies
// s.T.X, and `g := s.M2` takes &s.T.X (yaegi read them at the call, after
// `s.T = &T{X: 3}`: 3, Go 1 and 2).

// methodValue rewrites the method value sel as above; called lists the
// functions of the calls met so far (a method called at once is no value).
func (w *pkgGoWriter) methodValue(sel *ast.SelectorExpr, called map[ast.Expr]bool) {
	if w.types == nil || called[sel] {
		return
	}
	s, ok := w.types.info.Selections[sel]
	if !ok || s.Kind() != types.MethodVal {
		return
	}
	id, ok := sel.X.(*ast.Ident)
	if !ok {
		return
	}
	if v, ok := w.types.info.Uses[id].(*types.Var); !ok || v.IsField() {
		return
	}
	fn, ok := s.Obj().(*types.Func)
	if !ok {
		return
	}
	_, ptrRecv := fn.Type().(*types.Signature).Recv().Type().(*types.Pointer)
	_, ptrVar := s.Recv().(*types.Pointer)
	copyText := id.Name
	switch {
	case len(s.Index()) > 1:
		if copyText = promotedReceiver(id.Name, s, ptrRecv); copyText == "" {
			return
		}
	case ptrRecv && !ptrVar:
		return // binds &c
	case !ptrRecv && ptrVar:
		copyText = "*" + id.Name
	}
	ft := w.typeText(w.types.typeOf(sel))
	if ft == "" {
		return
	}
	end := w.off(sel.End())
	w.replace(w.off(sel.Pos()), end, func() string {
		// The text holds the insertions at its end (plain), as those of
		// an enclosing rewrite (pkgrecfunc.go's box).
		return "func() " + ft + " { _activisR := " + copyText + "; return _activisR." + sel.Sel.Name + " }()" + w.after[end]
	})
}

// promotedReceiver returns the receiver a method value of the variable
// name binds for the promoted method s: the embedded field on s's path
// (dereferenced for a value method held through a pointer), or its
// address for a pointer method of a field held by value; "" where the
// path cannot be written.
func promotedReceiver(name string, s *types.Selection, ptrRecv bool) string {
	expr, cur := name, s.Recv()
	for _, i := range s.Index()[:len(s.Index())-1] {
		if p, ok := cur.Underlying().(*types.Pointer); ok {
			cur = p.Elem()
		}
		st, ok := cur.Underlying().(*types.Struct)
		if !ok || i >= st.NumFields() {
			return ""
		}
		expr += "." + st.Field(i).Name()
		cur = st.Field(i).Type()
	}
	_, ptrField := cur.Underlying().(*types.Pointer)
	switch {
	case ptrRecv && !ptrField:
		return "&" + expr
	case !ptrRecv && ptrField:
		return "*" + expr
	}
	return expr
}
