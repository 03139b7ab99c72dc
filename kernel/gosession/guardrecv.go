package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strconv"
)

// Callbacks of methods whose receiver's type the syntax does not show.
//
// callbackArgs (guard.go) tells from the syntax which method a call
// selects when the receiver is a variable of a written type. Where it is
// not (`getPool().Go(f)`, `h.get().Go(f)`, `pools()[0].Go(f)`, a
// session struct embedding a compiled type), the type oracle
// (typecheck.go) knows it: the method the selector resolves to
// (`info.Uses[sel.Sel]`) and so the type that declares it.
//
//   - Declared by a compiled type (a method promoted from an embedded
//     field included): guardedCall decides from the syntax alone, as for a
//     variable (oracleMethod).
//   - Declared by an interface: the value the receiver holds decides. A
//     receiver that can be evaluated again keeps guardedIfAsync; any other
//     is evaluated once, into a temporary, by a function literal that
//     makes the call (recvOnce):
//
//     func() R { _activisR := recv; _activisG := _activis.GuardedMethod(_activisR, "Go"); return _activisR.Go(…) }()
//
// A session function or func variable passed by name to such a method
// (`h.pool.Go(work)`) is passed as it is unless the check says the method
// is guarded, and then as a guarded literal that calls it (selectGuarded):
// no interpreted call is added to a callback that compiled code calls on
// the caller's goroutine.
//
// The oracle is consulted for a cell without type declarations too when it
// has such a call (guardNeedsTypes). Still unguarded: a receiver that the
// oracle cannot type (a value of a package interpreted from source) and
// that cannot be evaluated again, and a method whose results have a type
// that cannot be written in the cell (a type local to a function, an
// unexported type of a package). In `go recv.Go(func() {…})` the go
// statement's rewrite (gostart.go) keeps the literal in the call and
// moves the receiver into a temporary: the oracle tells the method.

// recvTemp and recvGuard name recvOnce's temporary receiver and its check.
const (
	recvTemp  = "_activisR"
	recvGuard = "_activisG"
)

// calleeMethod is what the type oracle knows of the method a call selects.
type calleeMethod struct {
	// iface: the method is declared by an interface (the value decides).
	iface bool
	// compiled: declared by a type of a compiled package, path.recv.
	compiled   bool
	path, recv string
	// sig is the method's signature.
	sig *types.Signature
}

// oracleMethod returns what the type oracle knows of the method c calls
// (ok false: c is not a method call, or the oracle does not know it).
func (r *rewriter) oracleMethod(c *ast.CallExpr) (m calleeMethod, ok bool) {
	sel, isSel := c.Fun.(*ast.SelectorExpr)
	if !isSel || r.oracle == nil {
		return m, false
	}
	fn, isFn := r.oracle.info.Uses[sel.Sel].(*types.Func)
	if !isFn {
		return m, false
	}
	sig, isSig := fn.Type().(*types.Signature)
	if !isSig || sig.Recv() == nil {
		return m, false // a package function: the syntax shows it
	}
	m.sig = sig
	t := types.Unalias(sig.Recv().Type())
	if p, isPtr := t.(*types.Pointer); isPtr {
		t = types.Unalias(p.Elem())
	}
	if types.IsInterface(t) {
		m.iface = true
		return m, true
	}
	named, isNamed := t.(*types.Named)
	if !isNamed {
		return m, false
	}
	obj := named.Origin().Obj()
	if obj.Pkg() == nil || obj.Pkg() == r.oracle.pkg {
		return m, true // a session type's own method
	}
	m.compiled = true
	m.path, m.recv = r.compiledTypeName(named)
	return m, true
}

// compiledTypeName returns the import path and name under which the
// symbol tables give the compiled type named (as guardedMethod finds it at
// run time: a table may give a type a path and name of its own), or its
// package path and name when the importer did not convert it.
func (r *rewriter) compiledTypeName(named *types.Named) (path, name string) {
	obj := named.Origin().Obj()
	path, name = obj.Pkg().Path(), obj.Name()
	sc, ok := r.sc.(sessionScope)
	if !ok || sc.st.types == nil {
		return path, name
	}
	im := sc.st.types.importer()
	var rt reflect.Type
	im.mu.Lock()
	for k, v := range im.conv {
		if v == named.Origin() {
			rt = k
			break
		}
	}
	im.mu.Unlock()
	if rt == nil {
		return path, name
	}
	if k, found := typeSymbols()[rt]; found {
		return k[0], k[1]
	}
	return path, name
}

// guardNeedsTypes reports whether f has a call that oracleMethod must
// type: a method call on a receiver that is not a variable, a field or an
// element (pureValue's shapes, read from the syntax alone) with a function
// literal or a function's name among its arguments.
func (s *Session) guardNeedsTypes(st *state, f *ast.File) bool {
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		if found {
			return false
		}
		goStmt := false
		if g, ok := n.(*ast.GoStmt); ok {
			// goStmt (gostart.go) moves the receiver into a temporary
			// that the syntax does not type: the oracle tells the method.
			n, goStmt = g.Call, true
		}
		c, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := c.Fun.(*ast.SelectorExpr)
		if !ok || pureShape(sel.X) && !goStmt {
			return true
		}
		for _, a := range c.Args {
			switch x := a.(type) {
			case *ast.FuncLit:
				found = true
			case *ast.Ident:
				found = found || s.namesFunc(st, x)
			}
		}
		return !found
	})
	return found
}

// pureShape reports whether e has the shape of a pureValue (identifiers,
// fields, elements at an identifier or literal index), without asking
// what the identifiers are.
func pureShape(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.Ident:
		return true
	case *ast.SelectorExpr:
		return pureShape(x.X)
	case *ast.ParenExpr:
		return pureShape(x.X)
	case *ast.StarExpr:
		return pureShape(x.X)
	case *ast.IndexExpr:
		switch x.Index.(type) {
		case *ast.BasicLit, *ast.Ident:
			return pureShape(x.X)
		}
	}
	return false
}

// namesFunc reports whether id may name a function: a function of the
// cell or the session, or a variable not declared from a basic or
// composite literal (a func variable, or one whose type the syntax does
// not show).
func (s *Session) namesFunc(st *state, id *ast.Ident) bool {
	if id.Obj != nil {
		switch id.Obj.Kind {
		case ast.Fun:
			return true
		case ast.Var:
		default:
			return false
		}
		var values []ast.Expr
		switch d := id.Obj.Decl.(type) {
		case *ast.ValueSpec:
			if d.Type != nil {
				_, ok := d.Type.(*ast.FuncType)
				return ok
			}
			values = d.Values
		case *ast.AssignStmt:
			values = d.Rhs
		}
		for _, v := range values {
			switch v.(type) {
			case *ast.BasicLit, *ast.CompositeLit:
			default:
				return true
			}
		}
		return len(values) == 0
	}
	s.mu.Lock()
	d := st.decls[id.Name]
	s.mu.Unlock()
	if d == nil {
		return false
	}
	switch d.Kind {
	case "func":
		return true
	case "var":
		if d.Type != nil {
			_, ok := d.Type.(*ast.FuncType)
			return ok
		}
		return d.Bin == nil || d.Bin.Kind() == reflect.Func
	}
	return false
}

// dynGuardLit makes `if _activisG { defer _activisGuard(line) }` the first
// statement of lit.
func (r *rewriter) dynGuardLit(lit *ast.FuncLit) {
	at := lit.Body.Lbrace
	line := r.fset.Position(at).Line
	g := &ast.IfStmt{If: at, Cond: &ast.Ident{NamePos: at, Name: recvGuard}, Body: &ast.BlockStmt{Lbrace: at, Rbrace: at, List: []ast.Stmt{
		&ast.DeferStmt{Defer: at, Call: &ast.CallExpr{Fun: &ast.Ident{NamePos: at, Name: "_activisGuard"}, Lparen: at, Args: []ast.Expr{intLit(line)}, Rparen: at}}}}}
	lit.Body.List = append([]ast.Stmt{g}, lit.Body.List...)
}

// guardedCheck returns `_activis.GuardedMethod(interface{}(recv),
// "method")`. The conversion is yaegi's: a variable of a session interface
// type holding a compiled value, passed as it is to a compiled function,
// reached it as nil and could not be called after (`r := runner();
// fmt.Println(r); r.Wait()` printed <nil> and failed with "method not
// found: Wait"); converted, compiled code gets yaegi's wrapper of it,
// which guardedMethod unwraps.
func guardedCheck(recv ast.Expr, method string, at token.Pos) ast.Expr {
	conv := &ast.CallExpr{Fun: &ast.InterfaceType{Interface: at, Methods: &ast.FieldList{Opening: at, Closing: at}}, Lparen: at, Args: []ast.Expr{recv}, Rparen: at}
	return &ast.CallExpr{Fun: &ast.SelectorExpr{X: &ast.Ident{NamePos: at, Name: "_activis"}, Sel: &ast.Ident{NamePos: at, Name: "GuardedMethod"}},
		Lparen: at, Args: []ast.Expr{conv, &ast.BasicLit{ValuePos: at, Kind: token.STRING, Value: strconv.Quote(method)}}, Rparen: at}
}

// selectGuarded returns, for a session function or func variable f passed
// by name and cond telling whether the method is guarded,
//
//	func() T { var _activisF T = f; if cond { return func(p0 T0, …) R { defer _activisGuard(line); return f(p0, …) } }; return _activisF }()
//
// or nil when the session does not show f's type (callerOf).
func (r *rewriter) selectGuarded(f *ast.Ident, cond ast.Expr) ast.Expr {
	lit := r.callerOf(f)
	if lit == nil {
		return nil
	}
	at := f.Pos()
	line := r.fset.Position(at).Line
	g := &ast.DeferStmt{Defer: at, Call: &ast.CallExpr{
		Fun: &ast.Ident{NamePos: at, Name: "_activisGuard"}, Lparen: at, Args: []ast.Expr{intLit(line)}, Rparen: at}}
	lit.Body.List = append([]ast.Stmt{g}, lit.Body.List...)
	pick := &ast.IfStmt{If: at, Cond: cond, Body: &ast.BlockStmt{Lbrace: at, Rbrace: at, List: []ast.Stmt{
		&ast.ReturnStmt{Return: at, Results: []ast.Expr{lit}}}}}
	call := madeByCall(lit)
	maker := call.Fun.(*ast.FuncLit)
	// Through a variable of its type: yaegi failed to return a function
	// declaration by name from a literal ("reflect.Set: value of type
	// *interp.node is not assignable to type func()").
	v := &ast.DeclStmt{Decl: &ast.GenDecl{TokPos: at, Tok: token.VAR, Specs: []ast.Spec{&ast.ValueSpec{
		Names: []*ast.Ident{{NamePos: at, Name: "_activisF"}}, Type: cloneTypeAt(lit.Type, at),
		Values: []ast.Expr{&ast.Ident{NamePos: at, Name: f.Name, Obj: f.Obj}}}}}}
	maker.Body.List = []ast.Stmt{v, pick, &ast.ReturnStmt{Return: at, Results: []ast.Expr{&ast.Ident{NamePos: at, Name: "_activisF"}}}}
	return call
}

// recvOnce rewrites c, a call of method of an interface on a receiver
// that cannot be evaluated twice, whose function literals (idx) and named
// functions (named) are to be guarded when the receiver's value says so,
// as a call of a function literal that evaluates the receiver once (see
// the comment at the top of this file). It returns false, changing
// nothing, when a result type of the method cannot be written.
func (r *rewriter) recvOnce(c *ast.CallExpr, m calleeMethod, idx, named []int) bool {
	sel := c.Fun.(*ast.SelectorExpr)
	at := c.Pos()
	var results []*ast.Field
	for i := 0; i < m.sig.Results().Len(); i++ {
		t := r.oracle.expr(m.sig.Results().At(i).Type())
		if t == nil {
			return false
		}
		results = append(results, &ast.Field{Type: t})
	}
	var lits []*ast.FuncLit
	for _, i := range idx {
		lits = append(lits, c.Args[i].(*ast.FuncLit))
	}
	picks := map[int]ast.Expr{}
	for _, i := range named {
		if c.Ellipsis.IsValid() {
			break
		}
		if g := r.selectGuarded(c.Args[i].(*ast.Ident), &ast.Ident{NamePos: at, Name: recvGuard}); g != nil {
			picks[i] = g
		}
	}
	if len(lits)+len(picks) == 0 {
		return false
	}
	for i, g := range picks {
		c.Args[i] = g
	}
	for k, i := range idx {
		r.dynGuardLit(lits[k])
		c.Args[i] = madeByCall(lits[k])
	}
	recv := sel.X
	sel.X = &ast.Ident{NamePos: recv.Pos(), Name: recvTemp}
	inner := *c
	body := []ast.Stmt{
		&ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{NamePos: at, Name: recvTemp}}, TokPos: at, Tok: token.DEFINE, Rhs: []ast.Expr{recv}},
		&ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{NamePos: at, Name: recvGuard}}, TokPos: at, Tok: token.DEFINE,
			Rhs: []ast.Expr{guardedCheck(&ast.Ident{NamePos: at, Name: recvTemp}, sel.Sel.Name, at)}},
	}
	if len(results) == 0 {
		body = append(body, &ast.ExprStmt{X: &inner})
	} else {
		body = append(body, &ast.ReturnStmt{Return: at, Results: []ast.Expr{&inner}})
	}
	*c = ast.CallExpr{Fun: &ast.FuncLit{
		Type: &ast.FuncType{Func: at, Params: &ast.FieldList{}, Results: &ast.FieldList{List: results}},
		Body: &ast.BlockStmt{Lbrace: at, List: body, Rbrace: c.Rparen}},
		Lparen: c.Rparen, Rparen: c.Rparen}
	return true
}

// isRecvTemp reports whether e is recvOnce's temporary receiver.
func isRecvTemp(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == recvTemp
}
