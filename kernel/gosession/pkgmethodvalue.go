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
// Go too, and is left alone).

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
	case ptrRecv && !ptrVar:
		return // binds &c
	case !ptrRecv && ptrVar:
		copyText = "*" + id.Name
	}
	ft := w.typeText(w.types.typeOf(sel))
	if ft == "" {
		return
	}
	w.replace(w.off(sel.Pos()), w.off(sel.End()), func() string {
		return "func() " + ft + " { _activisR := " + copyText + "; return _activisR." + sel.Sel.Name + " }()"
	})
}
