package gosession

import (
	"errors"
	"go/ast"
	"go/token"
	"reflect"
)

// Goroutines of cells are started by compiled code, never by yaegi's go
// statement.
//
// yaegi v0.16.1 keeps the value of a function literal in a slot of the
// frame that evaluates it, and the function made from the literal puts the
// slot's previous value back when it returns (interp/run.go, getFunc). Its
// go statement evaluates the literal into the slot, then reads the slot to
// start the goroutine (interp/run.go, call: `go callf(in)`). In a loop, a
// goroutine of an earlier iteration that returns between the two steps
// leaves its own earlier value in the slot: the new goroutine runs the
// closure of another iteration (with other captured variables: a silent
// wrong result) or, when the slot held the zero func of the first
// iteration, calls a nil function. That panic happens in the goroutine yaegi
// started, outside any recover, and ended the kernel process ("reflect.Value.Call:
// call of nil function"; 8 of 18,000 sessions running a 100-goroutine loop
// here, see TestGoroutineStartStress).
//
// So the session rewrites every go statement of a cell as a call of the
// compiled goStart (the prelude's `_activis.Go`) with a func() that a call
// made at the go statement returns:
//
//	go func(i int) { body }(i)
//	  → _activis.Go(line, func(i int) func() { return func() { defer _activisRecover(line); body } }(i))
//	go f(x, y)
//	  → _activis.Go(line, func() func() { _A1, _A2 := x, y; return func() { defer _activisRecover(line); f(_A1, _A2) } }())
//
// The outer literal is called before the go statement ends, so the function,
// its receiver and its arguments are evaluated there as Go specifies; the
// goroutine's literal is evaluated in the frame of that call, which is new
// for every go statement, so no other goroutine can put another value in
// its slot. goStart receives an ordinary Go func() and starts it with the
// go statement of compiled Go.
//
// A panic in the goroutine is recovered by the `_activisRecover(line)`
// deferred in it (the cell then fails with the panic and the line of the
// go statement, see Session.goPanic); goStart recovers whatever escapes
// that (and a nil function) and reports it the same way, so no panic of a
// goroutine started by a cell ends the process.

// errNilGo is the panic value of a go statement whose function is nil
// (compiled Go ends the program with "go of nil func value").
var errNilGo = errors.New("go of nil func value")

// goStart starts f in a goroutine that reports its panic as one of a
// goroutine started at the cell line line (see Session.goPanic). The
// rewritten go statements of cells call it (as `_activis.Go`).
func (s *Session) goStart(line int, f func()) {
	goReported(f, func(v any) { s.goPanic(line, v) })
}

// goStartAt starts f as goStart does for a go statement at at, a file
// and line of an interpreted package: the rewritten go statements of
// package sources call it (as `_activisrt.GoAt`, see pkgsource.go).
func (s *Session) goStartAt(at string, f func()) {
	goReported(f, func(v any) { s.goPanicAt("a goroutine started at "+at, v) })
}

// goReported starts f in a goroutine that hands a panic to report
// instead of ending the process; a nil f is reported as errNilGo.
func goReported(f func(), report func(any)) {
	if f == nil {
		go report(errNilGo)
		return
	}
	go func() {
		defer func() {
			if v := recover(); v != nil {
				report(v)
			}
		}()
		f()
	}()
}

// goStmt rewrites a go statement as a call of goStart (see the comment at
// the top of this file). A goroutine literal with results is called inside
// a func() that discards them.
func (r *rewriter) goStmt(g *ast.GoStmt) ast.Stmt {
	line := r.fset.Position(g.Go).Line
	deferRecover := &ast.DeferStmt{Defer: g.Go, Call: &ast.CallExpr{
		Fun: &ast.Ident{NamePos: g.Go, Name: "_activisRecover"}, Args: []ast.Expr{intLit(line)}}}
	goroutine := func(list ...ast.Stmt) *ast.FuncLit { // func() { defer _activisRecover(line); list }
		return &ast.FuncLit{Type: &ast.FuncType{Func: g.Go, Params: &ast.FieldList{}},
			Body: &ast.BlockStmt{Lbrace: g.Go, List: append([]ast.Stmt{deferRecover}, list...)}}
	}
	maker := func(params *ast.FieldList, list ...ast.Stmt) *ast.FuncLit { // func(params) func() { list }
		return &ast.FuncLit{
			Type: &ast.FuncType{Func: g.Go, Params: params, Results: &ast.FieldList{List: []*ast.Field{{
				Type: &ast.FuncType{Func: g.Go, Params: &ast.FieldList{}}}}}},
			Body: &ast.BlockStmt{Lbrace: g.Go, List: list}}
	}
	var start *ast.CallExpr // called at the go statement; returns the goroutine's func()
	if lit, ok := g.Call.Fun.(*ast.FuncLit); ok {
		var run *ast.FuncLit
		if lit.Type.Results == nil || len(lit.Type.Results.List) == 0 {
			run = goroutine(lit.Body.List...)
		} else {
			res := &ast.FuncLit{Type: &ast.FuncType{Func: lit.Type.Func, Params: &ast.FieldList{}, Results: lit.Type.Results}, Body: lit.Body}
			run = goroutine(&ast.ExprStmt{X: &ast.CallExpr{Fun: res}})
		}
		start = &ast.CallExpr{Fun: maker(lit.Type.Params, &ast.ReturnStmt{Return: g.Go, Results: []ast.Expr{run}}),
			Lparen: g.Call.Lparen, Args: g.Call.Args, Ellipsis: g.Call.Ellipsis, Rparen: g.Call.Rparen}
	} else {
		var lhs, rhs []ast.Expr
		fun := g.Call.Fun
		switch f := fun.(type) {
		case *ast.Ident:
			// A variable is evaluated at the go statement; a function
			// declaration, a builtin or a generic function is named as it
			// is (they cannot change, and the last two cannot be values).
			if r.isVariable(f) {
				fv := ast.NewIdent(r.fresh("F"))
				lhs, rhs = append(lhs, fv), append(rhs, f)
				fun = ast.NewIdent(fv.Name)
			}
		case *ast.SelectorExpr:
			if id, ok := f.X.(*ast.Ident); ok && r.sc.isPackage(id.Name) {
				break
			}
			// The receiver is evaluated at the go statement: a copy, or
			// its address for a method with a pointer receiver called on
			// a variable (`go c.add(1)` with `var c counter`).
			recv := ast.NewIdent(r.fresh("R"))
			var x ast.Expr = f.X
			if id, ok := f.X.(*ast.Ident); ok && r.isVariable(id) && r.pointerMethod(id, f.Sel.Name) {
				x = &ast.UnaryExpr{OpPos: id.Pos(), Op: token.AND, X: id}
			}
			lhs, rhs = append(lhs, recv), append(rhs, x)
			fun = &ast.SelectorExpr{X: ast.NewIdent(recv.Name), Sel: f.Sel}
		default:
			fv := ast.NewIdent(r.fresh("F"))
			lhs, rhs = append(lhs, fv), append(rhs, fun)
			fun = ast.NewIdent(fv.Name)
		}
		args := make([]ast.Expr, len(g.Call.Args))
		for i, a := range g.Call.Args {
			if _, lit := unparen(a).(*ast.FuncLit); isConstLit(a) || lit {
				// A function literal is made where it is called, from the
				// same variables: it stays in the call, so the guards see
				// a callback passed to a method (`go p.Go(func() {…})`).
				args[i] = a
				continue
			}
			v := ast.NewIdent(r.fresh("A"))
			lhs, rhs = append(lhs, v), append(rhs, a)
			args[i] = ast.NewIdent(v.Name)
		}
		call := &ast.CallExpr{Fun: fun, Lparen: g.Call.Lparen, Args: args, Ellipsis: g.Call.Ellipsis, Rparen: g.Call.Rparen}
		var list []ast.Stmt
		if len(lhs) > 0 {
			list = append(list, &ast.AssignStmt{Lhs: lhs, TokPos: g.Go, Tok: token.DEFINE, Rhs: rhs})
		}
		list = append(list, &ast.ReturnStmt{Return: g.Go, Results: []ast.Expr{goroutine(&ast.ExprStmt{X: call})}})
		start = &ast.CallExpr{Fun: maker(&ast.FieldList{}, list...), Lparen: g.Call.Lparen, Rparen: g.Call.Rparen}
	}
	return &ast.ExprStmt{X: &ast.CallExpr{
		Fun:    &ast.SelectorExpr{X: &ast.Ident{NamePos: g.Go, Name: "_activis"}, Sel: ast.NewIdent("Go")},
		Lparen: g.Go, Args: []ast.Expr{intLit(line), start}, Rparen: g.Call.Rparen}}
}

// isVariable reports whether id names a variable: one declared in the cell,
// or a session variable of an earlier cell.
func (r *rewriter) isVariable(id *ast.Ident) bool {
	if id.Obj != nil {
		return id.Obj.Kind == ast.Var
	}
	sc, ok := r.sc.(sessionScope)
	if !ok {
		return false
	}
	sc.s.mu.Lock()
	defer sc.s.mu.Unlock()
	d := sc.st.decls[id.Name]
	return d != nil && d.Kind == "var"
}

// asyncCallbacks lists the compiled functions that run a func() argument
// in a goroutine of their own: package path, function, argument index.
var asyncCallbacks = map[[2]string]int{
	{"time", "AfterFunc"}:    1,
	{"context", "AfterFunc"}: 1,
}

// guard returns f run under a recover that reports a panic as one of a
// goroutine started at the cell line line (see Session.goPanic): for
// functions that compiled code runs in a goroutine of its own
// (asyncCallbacks), where a panic would end the process.
func (s *Session) guard(line int, f func()) func() {
	return func() {
		defer func() {
			if v := recover(); v != nil {
				s.goPanic(line, v)
			}
		}()
		if f == nil {
			panic(errNilGo)
		}
		f()
	}
}

// asyncCallback wraps the function argument of a call of asyncCallbacks
// (`time.AfterFunc(d, f)`) in `_activis.Guard(line, f)`; a function literal
// is made by a call of its own, as in goStmt, so that no earlier callback
// returning meanwhile can reset the literal's slot.
func (r *rewriter) asyncCallback(c *ast.CallExpr) {
	r.callbackArgs(c) // guard.go
	pkg, fn, ok := r.packageCall(c)
	if !ok {
		return
	}
	sc, ok := r.sc.(sessionScope)
	if !ok {
		return
	}
	sc.s.mu.Lock()
	path := sc.st.imports[pkg]
	sc.s.mu.Unlock()
	i, ok := asyncCallbacks[[2]string{path, fn}]
	if !ok || len(c.Args) <= i || c.Ellipsis.IsValid() {
		return
	}
	if g, ok := c.Args[i].(*ast.CallExpr); ok {
		if s, ok := g.Fun.(*ast.SelectorExpr); ok && s.Sel.Name == "Guard" {
			if x, ok := s.X.(*ast.Ident); ok && x.Name == "_activis" {
				return // done already
			}
		}
	}
	at := c.Args[i].Pos()
	line := r.fset.Position(at).Line
	f := c.Args[i]
	if lit, ok := f.(*ast.FuncLit); ok {
		// func() func() { return lit }(): the functions take a func().
		f = &ast.CallExpr{Fun: &ast.FuncLit{
			Type: &ast.FuncType{Func: at, Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{
				Type: &ast.FuncType{Func: at, Params: &ast.FieldList{}}}}}},
			Body: &ast.BlockStmt{Lbrace: at, List: []ast.Stmt{&ast.ReturnStmt{Return: at, Results: []ast.Expr{lit}}}}}}
	}
	c.Args[i] = &ast.CallExpr{
		Fun:    &ast.SelectorExpr{X: &ast.Ident{NamePos: at, Name: "_activis"}, Sel: ast.NewIdent("Guard")},
		Lparen: at, Args: []ast.Expr{intLit(line), f}}
}

// pointerMethod reports whether method m of the (non-pointer) type of
// variable v, when the session can see it, has a pointer receiver: a
// method of a type declared in the session, or of a compiled type
// (sync.WaitGroup).
func (r *rewriter) pointerMethod(v *ast.Ident, m string) bool {
	sc, ok := r.sc.(sessionScope)
	if !ok {
		return false
	}
	switch t := r.typeOf(v).(type) {
	case *ast.Ident:
		if _, ptr, ok := sc.methodOf(t.Name, m); ok {
			return ptr
		}
		// A method declared in the cell itself, not recorded yet: `go
		// c.Inc(k)` copied c (and its sync.Mutex) for each goroutine, so
		// the map it guards was written concurrently and the kernel died
		// ("fatal error: concurrent map writes").
		return r.someSessionType(t.Name, func(nt *namedType) bool { return nt.ptrMethods[m] && !nt.methods[m] }) // deferargs.go
	case *ast.SelectorExpr:
		pkg, ok := t.X.(*ast.Ident)
		if !ok {
			return false
		}
		sc.s.mu.Lock()
		path := sc.st.imports[pkg.Name]
		sc.s.mu.Unlock()
		sym, ok := packages().syms[path][t.Sel.Name]
		if !ok || !sym.IsValid() || sym.Kind() != reflect.Pointer || !sym.IsNil() {
			return false // not a type (types are exported as (*T)(nil))
		}
		pt := sym.Type()
		_, byValue := pt.Elem().MethodByName(m)
		_, byPointer := pt.MethodByName(m)
		return byPointer && !byValue
	}
	return false
}
