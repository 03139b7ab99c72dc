package gosession

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync"
)

// Callbacks that compiled code runs in goroutines of its own.
//
// A function literal a cell hands to compiled code may be called on a
// goroutine the session did not start: `testing.Benchmark` and
// `(*testing.B).RunParallel` run theirs in goroutines of their own, the
// runtime runs `runtime.SetFinalizer`'s finalizers in its finalizer
// goroutine, and a package compiled into the kernel (`activis-kernel build
// --with`, an errgroup-like `g.Go(f)`) may run callbacks in worker
// goroutines. A panic there has no recover above it and ended the kernel
// process. So a function literal passed to such a function or method (see
// guardedCall; sync.WaitGroup.Go among them) gets a first statement
//
//	defer _activisGuard(line)
//
// When the syntax does not show the receiver's type (`h.pool.Go(f)`,
// `pools[k].Go(f)`, an interface variable) and the receiver can be
// evaluated again without effect, the literal starts with `if _activisG {
// defer _activisGuard(line) }` instead, _activisG telling whether the
// receiver held a type guardedCall selects when the literal was made
// (guardedIfAsync). Where the syntax does not show the receiver's type,
// the type oracle tells the method (guardrecv.go: a receiver that cannot
// be evaluated twice is evaluated once, into a temporary), and a session
// function passed by name to such a method is called by a guarded literal
// when the receiver's value says so.
//
// The recover (in the prelude) hands the panic to guardPanic. On a
// goroutine where the panic is caught anyway (the cell's own, a goroutine
// the session started, the kernel's message loop, which runs widget
// callbacks, net/http's connection goroutines, fmt calling a String
// method: see caughtFrames) guardPanic panics again
// with the same value, so the cell, a recover in the cell or that code's
// own recover sees it as in Go. Elsewhere it reports the panic as one of a
// goroutine (the running cell ends with it; after the cell, on stderr) and
// ends that goroutine with runtime.Goexit, which runs its deferred calls;
// the runtime's finalizer goroutine, which must go on, returns from the
// finalizer instead. Telling the goroutines apart reads the goroutine's
// stack, only on the panic path.
//
// runtime.SetFinalizer's finalizer is wrapped by compiled code instead
// (setFinalizer), and time.AfterFunc and context.AfterFunc keep their own
// wrapper (gostart.go); packages interpreted from source need none (their go
// statements are rewritten, see pkgsource.go). Methods of session types
// that compiled code calls through an interface (an io.Writer given to
// exec.Cmd.Stdout) are guarded by the interface wrappers the session gives
// yaegi (guardwrap.go), with the same classification of goroutines.

// caughtFrames are functions whose presence on a goroutine's stack shows
// that a panic there is recovered: yaegi's run of a cell (`ExecuteWithContext`,
// `EvalWithContext`, `Eval`), the session's goroutine start and AfterFunc
// wrapper, the kernel's message dispatch, a widget's callback runner,
// net/http's connection goroutine, an iter.Pull coroutine (whose panic
// goes to the caller of next), fmt's call of a String, Error, Format or
// GoString method (printed as `%!v(PANIC=…)`) and text/template's call of a
// method or function.
var caughtFrames = [][]byte{
	[]byte("github.com/traefik/yaegi/interp.(*Interpreter).ExecuteWithContext"),
	[]byte("github.com/traefik/yaegi/interp.(*Interpreter).EvalWithContext"),
	[]byte("github.com/traefik/yaegi/interp.(*Interpreter).Eval("),
	[]byte("github.com/activis-go/activis/kernel/gosession.goReported.func"),
	[]byte("github.com/activis-go/activis/kernel/gosession.(*Session).guard.func"),
	[]byte("github.com/activis-go/activis/kernel.(*Kernel).dispatch"),
	[]byte("github.com/activis-go/activis/widgets/widget.(*Model).call"),
	[]byte("net/http.(*conn).serve"),
	[]byte("iter.Pull"),
	[]byte("fmt.(*pp).handleMethods"),
	[]byte("text/template.safeCall"),
}

// finalizerFrame marks the runtime's finalizer goroutine.
var finalizerFrame = []byte("runtime.runfinq")

// goroutineKind tells how a panic on the calling goroutine would end.
type goroutineKind int

const (
	caughtGoroutine    goroutineKind = iota // a recover above handles it
	finalizerGoroutine                      // the runtime's finalizer goroutine
	bareGoroutine                           // nothing recovers: the process ends
)

// currentGoroutine classifies the calling goroutine by its stack.
func currentGoroutine() goroutineKind {
	return classifyGoroutine(goroutineStack())
}

// classifyGoroutine classifies a goroutine by its stack, read whole (see
// goroutineStack).
func classifyGoroutine(stack []byte) goroutineKind {
	for _, f := range caughtFrames {
		if bytes.Contains(stack, f) {
			return caughtGoroutine
		}
	}
	if bytes.Contains(stack, finalizerFrame) {
		return finalizerGoroutine
	}
	return bareGoroutine
}

// guardPanic is called by the prelude's _activisGuard with the panic v
// recovered in a function literal of cell line line that was passed to a
// compiled function (see the comment at the top of this file).
func (s *Session) guardPanic(line int, v any) {
	kind := currentGoroutine()
	if kind == caughtGoroutine {
		panic(v)
	}
	s.goPanicAt(fmt.Sprintf("a function (%s) that compiled code ran in a goroutine of its own", s.where(line)), v)
	if kind == bareGoroutine {
		runtime.Goexit()
	}
}

// asyncStd lists the functions and methods of the standard library that
// run a function argument in a goroutine of their own without a recover
// (package path, receiver type or "", name); time.AfterFunc and
// context.AfterFunc have their own wrapper (asyncCallbacks), and net/http
// recovers its handlers' panics itself.
var asyncStd = map[[3]string]bool{
	{"runtime", "", "SetFinalizer"}:              true,
	{"testing", "", "Benchmark"}:                 true,
	{"testing", "B", "RunParallel"}:              true,
	{"testing", "B", "Run"}:                      true,
	{"testing", "T", "Run"}:                      true,
	{"net/http", "Server", "RegisterOnShutdown"}: true,
	{"sync", "WaitGroup", "Go"}:                  true,
}

// kernelPackages are the compiled packages of the kernel itself, whose
// functions call function arguments on the caller's goroutine (or, for
// widget callbacks, under a recover of their own).
var kernelPackages = []string{"github.com/activis-go/activis/", "gonum.org/v1/gonum/"}

// guardedCall reports whether the function arguments of a call of name (a
// function of package path when recv is "", else a method of its type
// recv) are guarded: the standard library's listed in asyncStd, and every
// function and method of a package compiled into the kernel with
// `activis-kernel build --with`, which the session knows nothing of. The
// guard costs an interpreted defer per call of the callback, which doubles
// the cost of a comparison function (BenchmarkGuardSortSlice), so the
// callbacks that the standard library (sort.Slice, strings.Map), gonum and
// ActiVis call on the caller's goroutine are not guarded.
func guardedCall(path, recv, name string) bool {
	if !strings.Contains(strings.Split(path, "/")[0], ".") {
		return asyncStd[[3]string{path, recv, name}]
	}
	for _, k := range kernelPackages {
		if strings.HasPrefix(path+"/", k) {
			return false
		}
	}
	return true
}

// callbackArgs rewrites the function literals among the arguments of c
// when c calls compiled code: each is made by a call of its own (see
// madeByCall), and those of a call that guardedCall selects start with
// `defer _activisGuard(line)`.
func (r *rewriter) callbackArgs(c *ast.CallExpr) {
	var idx, named []int
	for i, a := range c.Args {
		switch x := a.(type) {
		case *ast.FuncLit:
			if x.Body != nil {
				idx = append(idx, i)
			}
		case *ast.Ident:
			named = append(named, i)
		}
	}
	if len(idx)+len(named) == 0 {
		return
	}
	sel, isSel := c.Fun.(*ast.SelectorExpr)
	if isSel && isRecvTemp(sel.X) {
		return // made by recvOnce, its arguments done
	}
	// The type oracle knows the method where the syntax does not show
	// the receiver's type (guardrecv.go).
	m, typed := r.oracleMethod(c)
	var path, recv, name string
	var known bool
	switch {
	case typed && m.compiled:
		path, recv, name, known = m.path, m.recv, sel.Sel.Name, true
	case typed && !m.iface:
		return // a method of a session type
	case typed:
		// an interface's method: the value decides
	default:
		if !r.mayCallCompiled(c) {
			return
		}
		path, recv, name, known = r.compiledCallee(c)
	}
	if known && path == "runtime" && recv == "" && name == "SetFinalizer" {
		r.setFinalizer(c)
		return
	}
	guard := known && guardedCall(path, recv, name)
	if guard && !c.Ellipsis.IsValid() {
		// A function or func variable of the session is called by a
		// literal of its type, which gets the guard.
		for _, i := range named {
			if lit := r.callerOf(c.Args[i].(*ast.Ident)); lit != nil {
				c.Args[i] = lit
				idx = append(idx, i)
			}
		}
	}
	// A method of a receiver whose type neither the syntax nor the oracle
	// shows, or of an interface, is looked up when the literal is made:
	// guardedIfAsync for a receiver that can be evaluated again, recvOnce
	// for any other whose method the oracle knows.
	var dynRecv ast.Expr
	if isSel && !known {
		if r.pureValue(sel.X) {
			dynRecv = sel.X
			for _, i := range named {
				if c.Ellipsis.IsValid() {
					break
				}
				if g := r.selectGuarded(c.Args[i].(*ast.Ident), guardedCheck(clonePure(sel.X), sel.Sel.Name, c.Args[i].Pos())); g != nil {
					c.Args[i] = g
				}
			}
		} else if typed && r.recvOnce(c, m, idx, named) {
			return
		}
	}
	for _, i := range idx {
		lit := c.Args[i].(*ast.FuncLit)
		if dynRecv != nil && !(len(lit.Body.List) > 0 && (isGuard(lit.Body.List[0]) || isDynGuard(lit.Body.List[0]))) {
			c.Args[i] = r.guardedIfAsync(lit, dynRecv, sel.Sel.Name)
			continue
		}
		if guard && !(len(lit.Body.List) > 0 && isGuard(lit.Body.List[0])) {
			at := lit.Body.Lbrace
			line := r.fset.Position(at).Line
			g := &ast.DeferStmt{Defer: at, Call: &ast.CallExpr{
				Fun: &ast.Ident{NamePos: at, Name: "_activisGuard"}, Lparen: at, Args: []ast.Expr{intLit(line)}, Rparen: at}}
			lit.Body.List = append([]ast.Stmt{g}, lit.Body.List...)
		}
		c.Args[i] = madeByCall(lit)
	}
}

// callerOf returns `func(p0 T0, …) R { return f(p0, …) }` for f, a
// function or func variable whose non-generic type the session shows; nil
// otherwise.
func (r *rewriter) callerOf(f *ast.Ident) *ast.FuncLit {
	if f.Obj == nil {
		sc, ok := r.sc.(sessionScope)
		if !ok {
			return nil
		}
		sc.s.mu.Lock()
		d := sc.st.decls[f.Name]
		sc.s.mu.Unlock()
		if d == nil || (d.Kind != "func" && d.Kind != "var") {
			return nil
		}
	} else if f.Obj.Kind != ast.Var && f.Obj.Kind != ast.Fun {
		return nil
	}
	ft, ok := r.typeOf(f).(*ast.FuncType)
	if !ok || (ft.TypeParams != nil && len(ft.TypeParams.List) > 0) {
		return nil
	}
	at := f.Pos()
	t := cloneTypeAt(ft, at).(*ast.FuncType)
	call := &ast.CallExpr{Fun: &ast.Ident{NamePos: at, Name: f.Name}, Lparen: at, Rparen: at}
	n := 0
	for _, fld := range t.Params.List {
		if len(fld.Names) == 0 {
			fld.Names = []*ast.Ident{{}}
		}
		for k := range fld.Names {
			fld.Names[k] = &ast.Ident{NamePos: at, Name: "_activisP" + strconv.Itoa(n)}
			n++
			call.Args = append(call.Args, &ast.Ident{NamePos: at, Name: fld.Names[k].Name})
			if _, ok := fld.Type.(*ast.Ellipsis); ok {
				call.Ellipsis = at
			}
		}
	}
	var body ast.Stmt = &ast.ExprStmt{X: call}
	if t.Results != nil && len(t.Results.List) > 0 {
		var res []*ast.Field // unnamed: the call gives the values
		for _, fld := range t.Results.List {
			for range max(1, len(fld.Names)) {
				res = append(res, &ast.Field{Type: cloneTypeAt(fld.Type, at)})
			}
		}
		t.Results.List = res
		body = &ast.ReturnStmt{Return: at, Results: []ast.Expr{call}}
	}
	return &ast.FuncLit{Type: t, Body: &ast.BlockStmt{Lbrace: at, List: []ast.Stmt{body}, Rbrace: at}}
}

// madeByCall returns `func() T { return lit }()` for a function literal
// lit of type T.
//
// yaegi v0.16.1 turns a function literal that is an argument of a call of
// compiled code into a compiled func over the frame that evaluates it, not
// over a copy as it does for a closure value: a variable made per
// iteration of a loop (a Go 1.22 loop variable, `v := v`, any variable
// declared in the body) is read when the callback runs, by then the last
// iteration's. `for i := range 3 { fs = append(fs, sync.OnceFunc(func() {
// fmt.Print(i) })) }` printed 222, callbacks registered in a loop
// (`b.OnClick(func() { … i … })`) all saw the last i, and goroutines a
// compiled function started for them saw whichever value the loop had
// reached. Made by a call of its own, the literal is a closure value
// before compiled code gets it, as `f := func() {…}; g(f)` is.
func madeByCall(lit *ast.FuncLit) *ast.CallExpr {
	at := lit.Pos()
	return &ast.CallExpr{Fun: &ast.FuncLit{
		Type: &ast.FuncType{Func: at, Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{
			Type: cloneTypeAt(lit.Type, at)}}}},
		Body: &ast.BlockStmt{Lbrace: at, List: []ast.Stmt{&ast.ReturnStmt{Return: at, Results: []ast.Expr{lit}}}, Rbrace: at}},
		Lparen: at, Rparen: at}
}

// mayCallCompiled reports whether c may call compiled code: a function of
// a compiled package (but not the ones with their own wrapper,
// asyncCallbacks, nor the session's interpreted slices and maps
// functions), or a method of a value whose type the syntax does not show
// to be declared in the session. A call of a session function, a builtin
// or a function value is not (interpreted closures are copied when made).
func (r *rewriter) mayCallCompiled(c *ast.CallExpr) bool {
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	sc, ok := r.sc.(sessionScope)
	if !ok {
		return false
	}
	if pkg, fn, ok := r.packageCall(c); ok {
		sc.s.mu.Lock()
		path := sc.st.imports[pkg]
		sc.s.mu.Unlock()
		if path == "slices" || path == "maps" {
			return false
		}
		if _, own := asyncCallbacks[[2]string{path, fn}]; own {
			return false
		}
		_, compiled := packages().syms[path]
		return compiled
	}
	t := r.typeOf(sel.X)
	if st, ok := t.(*ast.StarExpr); ok {
		t = st.X
	}
	if id, ok := t.(*ast.Ident); ok {
		sc.s.mu.Lock()
		d := sc.st.decls[id.Name]
		sc.s.mu.Unlock()
		if d != nil && d.Kind == "type" {
			return false // a type declared in the session
		}
	}
	return true
}

// compiledCallee returns what c calls when the syntax and the session show
// it is a function of a compiled package (`pkg.F(…)`: path, "", F) or a
// method of a compiled type called on a variable or field whose type they
// show (`g.Go(…)` with `var g errgroup.Group`: path, Group, Go).
func (r *rewriter) compiledCallee(c *ast.CallExpr) (path, recv, name string, ok bool) {
	sel, isSel := c.Fun.(*ast.SelectorExpr)
	if !isSel {
		return "", "", "", false
	}
	sc, isSession := r.sc.(sessionScope)
	if !isSession {
		return "", "", "", false
	}
	importPath := func(pkg string) string {
		sc.s.mu.Lock()
		defer sc.s.mu.Unlock()
		return sc.st.imports[pkg]
	}
	if pkg, fn, isPkg := r.packageCall(c); isPkg {
		path = importPath(pkg)
		_, compiled := packages().syms[path]
		return path, "", fn, compiled
	}
	t := r.typeOf(sel.X)
	if st, isPtr := t.(*ast.StarExpr); isPtr {
		t = st.X
	}
	if ts, isTSel := t.(*ast.SelectorExpr); isTSel {
		if pkg, isID := ts.X.(*ast.Ident); isID {
			path = importPath(pkg.Name)
			_, compiled := packages().syms[path]
			return path, ts.Sel.Name, sel.Sel.Name, compiled && path != ""
		}
	}
	if id, isID := sel.X.(*ast.Ident); isID && id.Obj == nil {
		sc.s.mu.Lock()
		d := sc.st.decls[id.Name]
		sc.s.mu.Unlock()
		if d != nil && d.Bin != nil {
			bt := d.Bin
			if bt.Kind() == reflect.Pointer {
				bt = bt.Elem()
			}
			if bt.PkgPath() != "" && bt.Name() != "" {
				return bt.PkgPath(), bt.Name(), sel.Sel.Name, true
			}
		}
	}
	return "", "", "", false
}

// pureValue reports whether e is a variable, a field of one, or an
// element of one at a constant or variable index (h.pool, pools["a"],
// ps[i], (*p).q): a value that can be evaluated a second time, with the
// same result and no effect.
func (r *rewriter) pureValue(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.Ident:
		if x.Obj != nil {
			return x.Obj.Kind == ast.Var
		}
		sc, ok := r.sc.(sessionScope)
		if !ok || r.sc.isPackage(x.Name) {
			return false
		}
		sc.s.mu.Lock()
		d := sc.st.decls[x.Name]
		sc.s.mu.Unlock()
		return d != nil && d.Kind == "var"
	case *ast.SelectorExpr:
		return r.pureValue(x.X)
	case *ast.ParenExpr:
		return r.pureValue(x.X)
	case *ast.StarExpr:
		return r.pureValue(x.X)
	case *ast.IndexExpr:
		switch ix := x.Index.(type) {
		case *ast.BasicLit:
		case *ast.Ident:
			if ix.Obj == nil || (ix.Obj.Kind != ast.Var && ix.Obj.Kind != ast.Con) {
				return false
			}
		default:
			return false
		}
		return r.pureValue(x.X)
	}
	return false
}

// clonePure copies a pureValue expression, keeping each identifier's
// object.
func clonePure(e ast.Expr) ast.Expr {
	switch x := e.(type) {
	case *ast.Ident:
		return &ast.Ident{NamePos: x.NamePos, Name: x.Name, Obj: x.Obj}
	case *ast.SelectorExpr:
		return &ast.SelectorExpr{X: clonePure(x.X), Sel: &ast.Ident{NamePos: x.Sel.NamePos, Name: x.Sel.Name}}
	case *ast.ParenExpr:
		return &ast.ParenExpr{Lparen: x.Lparen, X: clonePure(x.X), Rparen: x.Rparen}
	case *ast.StarExpr:
		return &ast.StarExpr{Star: x.Star, X: clonePure(x.X)}
	case *ast.IndexExpr:
		return &ast.IndexExpr{X: clonePure(x.X), Lbrack: x.Lbrack, Index: clonePure(x.Index), Rbrack: x.Rbrack}
	case *ast.BasicLit:
		return &ast.BasicLit{ValuePos: x.ValuePos, Kind: x.Kind, Value: x.Value}
	}
	return e
}

// guardedIfAsync returns, for the function literal lit passed to method
// of the receiver recv (a pureValue whose type the syntax does not show),
//
//	func() T { _activisG := _activis.GuardedMethod(recv, "method"); return func(…) … { if _activisG { defer _activisGuard(line) }; … } }()
//
// guarded when the value recv holds when the literal is made is one whose
// method guardedCall selects (a type compiled in with `activis-kernel
// build --with`, a WaitGroup): the receiver is evaluated a second time,
// which pureValue allows. A callback of any other method pays an
// interpreted if per call.
func (r *rewriter) guardedIfAsync(lit *ast.FuncLit, recv ast.Expr, method string) *ast.CallExpr {
	at := lit.Body.Lbrace
	r.dynGuardLit(lit)
	call := madeByCall(lit)
	maker := call.Fun.(*ast.FuncLit)
	def := &ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{NamePos: at, Name: recvGuard}}, TokPos: at, Tok: token.DEFINE,
		Rhs: []ast.Expr{guardedCheck(clonePure(recv), method, at)}}
	maker.Body.List = append([]ast.Stmt{def}, maker.Body.List...)
	return call
}

// isDynGuard reports whether s is guardedIfAsync's `if _activisG {…}`.
func isDynGuard(s ast.Stmt) bool {
	i, ok := s.(*ast.IfStmt)
	if !ok {
		return false
	}
	id, ok := i.Cond.(*ast.Ident)
	return ok && id.Name == "_activisG"
}

// guardedMethod reports whether method of recv, a value of a compiled
// type, runs its function arguments in goroutines of their own as far as
// guardedCall knows (see guardedIfAsync).
func guardedMethod(recv any, method string) bool {
	recv, _ = ifaceUnwrap(recv) // a value of a session interface type
	t := reflect.TypeOf(recv)
	if t == nil {
		return false
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if k, ok := typeSymbols()[t]; ok {
		return guardedCall(k[0], k[1], method)
	}
	if t.PkgPath() == "" || t.Name() == "" {
		return false
	}
	return guardedCall(t.PkgPath(), t.Name(), method)
}

// typeSymbols maps each type of the compiled packages the session can
// import to its import path and name there (a table may give a type a path
// and name of its own), read once from the symbol tables: a type is a nil
// pointer to it (yaegi's convention), where a variable is addressable.
var typeSymbols = sync.OnceValue(func() map[reflect.Type][2]string {
	m := map[reflect.Type][2]string{}
	for path, syms := range packages().syms {
		for name, v := range syms {
			if v.Kind() == reflect.Pointer && v.IsNil() && !v.CanAddr() && !strings.HasPrefix(name, "_") {
				m[v.Type().Elem()] = [2]string{path, name}
			}
		}
	}
	return m
})

// isGuard reports whether s is `defer _activisGuard(…)`.
func isGuard(s ast.Stmt) bool {
	d, ok := s.(*ast.DeferStmt)
	if !ok {
		return false
	}
	id, ok := d.Call.Fun.(*ast.Ident)
	return ok && id.Name == "_activisGuard"
}

// setFinalizer rewrites `runtime.SetFinalizer(obj, f)` as
// `_activis.SetFinalizer(line, obj, f)` (Session.setFinalizer). The
// finalizer cannot be wrapped in an interpreted literal: yaegi's closure
// copies the frame that makes it, which holds obj, and an object its own
// finalizer reaches is never finalized (GOROOT's test/mallocfin.go then
// ran none of its 250 finalizers).
func (r *rewriter) setFinalizer(c *ast.CallExpr) {
	if len(c.Args) != 2 || c.Ellipsis.IsValid() {
		return
	}
	at := c.Pos()
	c.Fun = &ast.SelectorExpr{X: &ast.Ident{NamePos: at, Name: "_activis"}, Sel: &ast.Ident{NamePos: at, Name: "SetFinalizer"}}
	c.Args = append([]ast.Expr{intLit(r.fset.Position(at).Line)}, c.Args...)
}

// setFinalizer is runtime.SetFinalizer(obj, finalizer) with the finalizer
// run under a recover: a panic in it is reported as one of a goroutine
// (the running cell ends with it; after the cell, on stderr) instead of
// ending the process, and the finalizer goroutine goes on. A nil
// finalizer, or one that is not a function, goes to the runtime as it is
// (which panics on the latter with its own message).
func (s *Session) setFinalizer(line int, obj, finalizer any) {
	fv := reflect.ValueOf(finalizer)
	if finalizer == nil || fv.Kind() != reflect.Func || fv.IsNil() {
		runtime.SetFinalizer(obj, finalizer)
		return
	}
	ft := fv.Type()
	w := reflect.MakeFunc(ft, func(args []reflect.Value) (out []reflect.Value) {
		defer func() {
			if v := recover(); v != nil {
				s.goPanicAt(fmt.Sprintf("a finalizer set at %s", s.where(line)), v)
				out = make([]reflect.Value, ft.NumOut())
				for i := range out {
					out[i] = reflect.Zero(ft.Out(i))
				}
			}
		}()
		return fv.Call(args)
	})
	runtime.SetFinalizer(obj, w.Interface())
}
