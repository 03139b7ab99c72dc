package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Deferred function literals in loops of package files.
//
// yaegi makes the closure of a deferred function literal when the
// function returns, so a literal deferred in a loop saw the last values
// of the variables declared in the loop (`for _, v := range xs { defer
// func() { out += v }() }` gave ccc, Go cba; also `defer func() func() {
// v := v; return func() {…} }()()`). As the cells do (loopvar.go), with
// the types of the package's check (pkgtypes.go) the variables the
// literal uses are passed to it as arguments, which the defer copies
// (pkgdefer.go):
//
//	defer func() { out += v }()  → { _activisD1 := (v); defer func(v string) { out += v }(_activisD1) }
//
// The variables are those declared in the loop's body and, in a module
// of go 1.22 or later, by the loop statement itself (before 1.22 they are
// shared by the iterations, as in Go). A variable whose type the file
// cannot name is left as it is.

// pkgDeferVar is a variable passed to a deferred literal.
type pkgDeferVar struct{ name, typ string }

// deferLoopVars records, for each deferred function literal in the body
// of loop s (not inside other literals), the variables of the loop it
// uses (see the file comment).
func (w *pkgGoWriter) deferLoopVars(s ast.Stmt) {
	if w.types == nil {
		return
	}
	var body *ast.BlockStmt
	switch x := s.(type) {
	case *ast.RangeStmt:
		body = x.Body
	case *ast.ForStmt:
		body = x.Body
	}
	lo, hi := body.Pos(), body.End()
	if w.perIter {
		lo = s.Pos()
	}
	shared := map[token.Pos]bool{} // the variables of inner loops, before go 1.22
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.RangeStmt:
			if !w.perIter && x.Tok == token.DEFINE {
				for _, id := range definedIdents([]ast.Expr{x.Key, x.Value}) {
					shared[id.Pos()] = true
				}
			}
		case *ast.ForStmt:
			if as, ok := x.Init.(*ast.AssignStmt); ok && !w.perIter && as.Tok == token.DEFINE {
				for _, id := range definedIdents(as.Lhs) {
					shared[id.Pos()] = true
				}
			}
		case *ast.DeferStmt:
			lit, _ := deferredLit(x.Call)
			if _, done := w.deferVars[x]; done || lit == nil {
				return false // (an outer loop's body holds this one's)
			}
			if w.deferVars == nil {
				w.deferVars = map[*ast.DeferStmt][]pkgDeferVar{}
			}
			w.deferVars[x] = nil
			seen := map[types.Object]bool{}
			ast.Inspect(lit.Body, func(m ast.Node) bool {
				id, ok := m.(*ast.Ident)
				if !ok {
					return true
				}
				obj, ok := w.types.info.Uses[id].(*types.Var)
				if !ok || obj.IsField() || seen[obj] || shared[obj.Pos()] || obj.Pos() < lo || obj.Pos() >= hi ||
					(obj.Pos() >= lit.Pos() && obj.Pos() < lit.End()) {
					return true
				}
				seen[obj] = true
				if t := w.typeText(obj.Type()); t != "" {
					w.deferVars[x] = append(w.deferVars[x], pkgDeferVar{obj.Name(), t})
				}
				return true
			})
			return false
		}
		return true
	})
}

// deferredLit returns the function literal a deferred call runs and the
// call of it: `defer func(…) {…}(…)`, or `defer func(…) … {…}(…)()`.
func deferredLit(call *ast.CallExpr) (*ast.FuncLit, *ast.CallExpr) {
	if lit, ok := call.Fun.(*ast.FuncLit); ok {
		return lit, call
	}
	if c, ok := call.Fun.(*ast.CallExpr); ok {
		if lit, ok := c.Fun.(*ast.FuncLit); ok {
			return lit, c
		}
	}
	return nil, nil
}

// passDeferVars adds the variables recorded for defer statement d as
// parameters of its literal and arguments of its call, the arguments
// being temps (returned with the names they copy).
func (w *pkgGoWriter) passDeferVars(d *ast.DeferStmt) (temps, names []string) {
	vars := w.deferVars[d]
	if len(vars) == 0 || d.Call.Ellipsis.IsValid() {
		return nil, nil
	}
	lit, call := deferredLit(d.Call)
	if call.Ellipsis.IsValid() || lit.Type.Params == nil {
		return nil, nil
	}
	params, args := "", ""
	for i, v := range vars {
		sep := ", "
		if i == 0 && len(lit.Type.Params.List) == 0 {
			sep = ""
		}
		params += sep + v.name + " " + v.typ
		t := w.temp("D")
		if i == 0 && len(call.Args) == 0 {
			args += t
		} else {
			args += ", " + t
		}
		temps, names = append(temps, t), append(names, v.name)
	}
	at := w.off(lit.Type.Params.Closing)
	w.before[at] += params
	// The body in a block of its own: it may declare the names again.
	w.after[w.off(lit.Body.Lbrace)+1] += " {"
	w.before[w.off(lit.Body.Rbrace)] += "} "
	at = w.off(call.Rparen)
	w.before[at] += args
	return temps, names
}

// readsPackageVar reports whether e reads a variable declared at the
// package level (in any file of the package), by the package's types.
func (w *pkgGoWriter) readsPackageVar(e ast.Expr) bool {
	if w.types == nil {
		return false
	}
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.Ident:
			if v, ok := w.types.info.Uses[x].(*types.Var); ok && !v.IsField() && v.Parent() == w.types.pkg.Scope() {
				found = true
			}
		}
		return !found
	})
	return found
}

// deferReceiver returns the receiver expression of the method a deferred
// call names, when Go evaluates it at the defer and a copy made there
// holds what Go uses: a pointer, or a value for a method of value
// receiver (by the package's types; an interface, whose copy yaegi
// cannot call, and a method promoted from an
// embedded field is left as it is, and so is an addressable variable for a
// method of pointer receiver, whose address does not change).
func (w *pkgGoWriter) deferReceiver(call *ast.CallExpr) ast.Expr {
	if w.types == nil {
		return nil
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	s := w.types.info.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal || len(s.Index()) != 1 || !w.readsVariable(sel.X) {
		return nil
	}
	recv := s.Recv()
	if _, ok := recv.Underlying().(*types.Pointer); ok {
		return sel.X
	}
	if types.IsInterface(recv) {
		return nil // yaegi: "reflect.Set: value of type interp.valueInterface is not assignable"
	}
	sig, ok := s.Obj().Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return nil
	}
	if _, ptr := sig.Recv().Type().Underlying().(*types.Pointer); ptr {
		return nil
	}
	return sel.X
}

// readsVariable is readsVariable or readsPackageVar.
func (w *pkgGoWriter) readsVariable(e ast.Expr) bool { return readsVariable(e) || w.readsPackageVar(e) }
