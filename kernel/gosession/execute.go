package gosession

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/traefik/yaegi/interp"

	"github.com/activis-go/activis/kernel/session"
	"github.com/activis-go/activis/widgets/display"
)

// Execute runs one cell: magics, then the Go items in order. It returns
// when the cell finishes or ctx is cancelled; the session survives both.
func (s *Session) Execute(ctx context.Context, req session.ExecuteRequest, out session.Output) session.ExecuteResult {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	c := &cell{out: out, ctx: ctx, cancel: cancel, name: fmt.Sprintf("In[%d]", req.Count)}
	s.mu.Lock()
	if len(s.cellNames) == 0 {
		s.cellNames, s.cellBases, s.cellSpans = append(s.cellNames, "prelude"), append(s.cellBases, 0), append(s.cellSpans, 0)
	}
	c.seq = len(s.cellNames)
	last := len(s.cellBases) - 1
	c.base = nextCellBase(s.cellBases[last], s.cellSpans[last])
	s.cellNames, s.cellBases = append(s.cellNames, c.name), append(s.cellBases, c.base)
	s.cellSpans = append(s.cellSpans, strings.Count(req.Code, "\n")+3) // the lines a group's wrapping adds
	s.mu.Unlock()
	c.host = &display.Host{Pub: out, Converters: s.converters(), // see resulttext.go
		OnError: func(err error) { out.Stream("stderr", err.Error()+"\n") }}
	s.stdin.reset()
	s.cur.Store(c)
	s.last.Store(c)
	defer s.cur.Store(nil)
	defer s.opt.Stdio.sync(syncTimeout) // what compiled code wrote to the process's stdout arrives first (stdio.go)
	res := s.runCell(c, req.Code)
	if c.exited.Load() || res.Err != nil && res.Err.Name == "Exit" {
		return res // os.Exit runs no deferred calls
	}
	res.Err = s.runCellDefers(c, res.Err) // celldefer.go
	return res
}

// runCell runs the segments of a cell: magic lines and Go code between them.
func (s *Session) runCell(c *cell, code string) session.ExecuteResult {
	segs := splitMagics(code)
	for i, seg := range segs {
		if seg.magic != "" {
			res, rest := s.magic(c, seg.magic, segs[i+1:])
			if res.Err != nil || res.Payload != nil || rest {
				return res
			}
			continue
		}
		if err := s.runGo(c, seg.code); err != nil {
			return session.ExecuteResult{Err: err}
		}
		if c.exited.Load() {
			break
		}
	}
	return session.ExecuteResult{}
}

// group is a run of cell items evaluated together.
type group struct {
	kind       ItemKind
	start, end int // byte range in the cell source
	line       int
}

// runGo evaluates the Go code of a cell (magic lines already blanked).
func (s *Session) runGo(c *cell, src string) *session.ExecError {
	if e := cellEmbed(c, src); e != nil { // pkgembed.go
		return e
	}
	if e := s.fetchImports(c, src); e != nil { // modules.go
		return e
	}
	items, groups, err := s.cellGroups(s.state(), src)
	if err != nil {
		msg := fmt.Sprintf("%s %v", c.name, err)
		return &session.ExecError{Name: "SyntaxError", Value: msg, Traceback: []string{"SyntaxError: " + msg}}
	}
	if e := s.checkCell(s.state(), items, c.base); e != nil { // cellcheck.go
		return e
	}
	if e := s.usedBeforeDefined(s.state(), items, c.base); e != nil { // useorder.go
		return e
	}
	for _, g := range groups {
		if err := c.ctx.Err(); err != nil {
			return s.stopError(c, err)
		}
		if e := s.runGroup(c, src, g); e != nil {
			return e
		}
		if c.exited.Load() {
			return nil
		}
	}
	if c.declaredMain && isProgram(items) {
		c.declaredMain = false
		return userMain(s.runGo(c, mainName+"()"))
	}
	return nil
}

// cellGroups splits the Go code of a cell into items (adding a program's
// call of main, see program.go) and the groups evaluated together.
func (s *Session) cellGroups(st *state, src string) ([]Item, []group, error) {
	items, err := Split(src)
	if err != nil {
		return nil, nil, err
	}
	items = s.programItems(st, items) // see program.go
	var groups []group
	// An item redefining an earlier cell's name that the group so far uses
	// starts a new group (useorder.go); so do the items after one
	// redefining a variable that a function uses (redefine.go).
	split := false
	for _, it := range items {
		n := len(groups)
		if n > 0 && !split && groups[n-1].kind == it.Kind && it.Kind != ExprItem && adjacent(items, groups[n-1].end, it.Start) &&
			!(it.Kind == StmtItem && s.redefinesEarlier(st, it.Src, src[groups[n-1].start:groups[n-1].end])) {
			groups[n-1].end = it.End
		} else {
			groups = append(groups, group{kind: it.Kind, start: it.Start, end: it.End, line: it.Line})
		}
		split = it.Kind == StmtItem && s.redefinesVar(st, it.Src)
	}
	return items, groups, nil
}

// prepared is a group parsed and rewritten, ready to compile.
type prepared struct {
	text     string // the group's source
	file     *ast.File
	node     ast.Node // file for imports and declarations, else the statements' block
	rw       *rewriter
	generics map[string]*genericInfo // the generic declarations of the group
	// declaredMain is set when the group declares func main (program.go).
	declaredMain bool
	// aliases declares the aliases of instances a statement group names
	// (nestedinst.go), compiled before the statements; nil for none.
	aliases *ast.File
	// unalias writes back the instances nestedinst.go named by aliases,
	// once the group has compiled.
	unalias func()
	// reached lists the names of the group's top-level definitions, in
	// order (unreached.go).
	reached [][]string
	// undo forgets the types the group renamed (see snapshotTypes): for
	// a group that fails to compile.
	undo func()
}

// groupError is a failure of prepareGroup: its cause (a syntax error,
// ErrUnsupported, an import failure) and what the cell reports.
type groupError struct {
	err  error
	exec *session.ExecError
}

func (e *groupError) Error() string { return e.err.Error() }
func (e *groupError) Unwrap() error { return e.err }

// prepareGroup parses group g of the cell source src, its first line
// numbered first for the interpreter, and applies every rewrite of the
// session to it: what the interpreter compiles is p.node. imports imports
// packages the group uses (an entry is a path or `name "path"`); with
// imports nil nothing is imported (FuzzRewrite). The session (runGroup)
// and the fuzz target both call it, so the fuzz target rewrites what the
// session compiles. An import group is parsed only. A failure is a
// *groupError, after undoing what the group changed.
func (s *Session) prepareGroup(st *state, src string, g group, first int, imports func(specs ...string) *session.ExecError) (*prepared, error) {
	p := &prepared{text: src[g.start:g.end], undo: func() {}}
	// All cells share yaegi's file name, which scopes imports (and which
	// yaegi looks up again from node positions, so a //line directive must
	// keep it); the directive numbers lines seq*lineBase+line so that
	// positions tell the cell (see where).
	directive := fmt.Sprintf("\n//line %s:%d:1\n", interp.DefaultSourceName, first)
	var err error
	switch g.kind {
	case ImportItem, DeclItem:
		p.file, err = parser.ParseFile(st.fset, interp.DefaultSourceName, "package main;"+directive+p.text, parser.ParseComments)
		p.node = p.file
	default:
		p.file, err = parser.ParseFile(st.fset, interp.DefaultSourceName, "package main; func main() {"+directive+p.text+"\n}", parser.ParseComments)
		if err == nil {
			p.node = p.file.Decls[0].(*ast.FuncDecl).Body
		}
	}
	if err != nil {
		return nil, &groupError{err, s.syntaxError(err)}
	}
	if g.kind == ImportItem {
		return p, nil
	}
	unsupported := func(err error) error {
		return &groupError{err, &session.ExecError{Name: "unsupported", Value: err.Error(), Traceback: []string{err.Error()}}}
	}
	importing := func(specs ...string) error {
		if imports == nil || len(specs) == 0 {
			return nil
		}
		if e := imports(specs...); e != nil {
			return &groupError{errors.New(e.Value), e}
		}
		return nil
	}
	// Packages used but not imported are imported when unambiguous.
	if imports != nil {
		for _, path := range s.missingImports(st, p.file) {
			if err := importing(path); err != nil {
				return nil, err
			}
		}
	}
	if g.kind == DeclItem {
		if err := recursiveGenerics(st.fset, s.where, p.file, st.genericTypes); err != nil {
			return nil, unsupported(err)
		}
		p.generics, _ = genericDecls(p.file, st.genericTypes)
	}
	p.declaredMain = s.renameMain(st, p.file, g.kind == DeclItem)
	p.undo = s.snapshotTypes(st)
	s.renameTypes(st, p.file, g.kind == DeclItem, p.text)
	if g.kind == DeclItem {
		renameTypeParams(p.file) // see typeparams.go
	}
	if e := s.usesFailed(st, p.file, g.kind); e != nil { // failednames.go
		p.undo()
		return nil, &groupError{errors.New(e.Value), e}
	}
	asTypeCalls(p.node)  // see astype.go; before the type check, which types what it writes
	errorsValues(p.node) // see errorsvalue.go; the same
	// typecheck.go: the group is type-checked for the rewrites.
	p.rw = &rewriter{fset: st.fset, sc: s.scope(st), where: s.where, oracle: s.oracle(st, p.file)}
	split := p.rw.tupleSplits(p.node)    // see tupleiface.go
	if p.rw.tupleArgs(p.node) || split { // see tupleargs.go; checked again for the rewrites, which type what they write
		p.rw.oracle = s.oracle(st, p.file)
	}
	if e := s.checkErrors(p.rw.oracle, g.kind); e != nil { // see constexpr.go
		p.undo()
		return nil, &groupError{fmt.Errorf("%s: %w", e.Value, errChecked), e}
	}
	if g.kind == StmtItem {
		p.reached = markReached(p.node.(*ast.BlockStmt)) // unreached.go
	}
	if err := rewriteSafe(p.rw, p.node); errors.Is(err, errRewrite) {
		p.undo()
		return nil, &groupError{err, &session.ExecError{Name: "RewriteError", Value: err.Error(), Traceback: []string{err.Error()}}}
	} else if err != nil {
		p.undo()
		return nil, unsupported(err)
	}
	if err := importing(p.rw.hiddenSpecs()...); err != nil { // slogargs.go
		p.undo()
		return nil, err
	}
	if g.kind != DeclItem {
		// Faults of yaegi at the top level of a cell (see toplevel.go).
		body := p.node.(*ast.BlockStmt)
		cellDefers(body, st.callsRecover) // see celldefer.go
		body.List = commaOK(body.List)
		bt := &binTyper{s: s, st: st}
		p.rw.bins = bt.binaryIndexes(body.List)
		body.List = splitMultiDefs(body.List, bt, p.rw) // see multidef.go
		if err := importing(bt.importSpecs()...); err != nil {
			p.undo()
			return nil, err
		}
		body.List = p.rw.genericInits(body.List)                                           // see typedvarcall.go
		body.List = funcScope(shadowScope(p.rw.scopeLoops(body.List), s.isGlobalName(st))) // see shadow.go
	}
	if g.kind == ExprItem {
		es := shownStmt(p.node.(*ast.BlockStmt))
		if pkg, _ := p.rw.shownIfaceOf(es.X); pkg == "fmt" && !p.rw.importedAs("fmt") && !s.isGlobalName(st)("fmt") {
			if err := importing("fmt"); err != nil {
				p.undo()
				return nil, err
			}
		}
		es.X = p.rw.shownIface(es.X) // see displayiface.go
	}
	parenMultiComposites(p.node) // see multicomposite.go; last: the rewrites above make assignments
	// nestedinst.go: after every rewrite, which may copy type expressions.
	if g.kind == DeclItem {
		decls := p.file.Decls
		top := topSpecs(p.file)
		aliases, restore := instanceAliases(p.file, top, sessionScope{s, st}.isGenericType)
		p.file.Decls = withAliases(decls, aliases)
		p.unalias = func() { restore(); p.file.Decls = decls }
		if before := p.rw.methodInstanceAliases(p.file.Pos(), top, aliases); before != nil {
			pos := p.file.Pos()
			p.aliases = &ast.File{Package: pos, Name: &ast.Ident{NamePos: pos, Name: "main"}, Decls: withAliases(nil, before)}
		}
	} else {
		aliases, restore := instanceAliases(p.node, nil, sessionScope{s, st}.isGenericType)
		aliases = append(aliases, p.rw.methodInstanceAliases(p.node.Pos(), nil, aliases)...)
		if aliases != nil {
			// At the group's position: yaegi finds a file's imports from
			// node positions, and an alias naming a package's type
			// (`Pair[string, time.Duration]`) failed, "undefined: time".
			pos := p.node.Pos()
			p.aliases = &ast.File{Package: pos, Name: &ast.Ident{NamePos: pos, Name: "main"}, Decls: withAliases(nil, aliases)}
		}
		p.unalias = restore
	}
	return p, nil
}

// runGroup prepares (see prepareGroup), compiles and runs one group.
func (s *Session) runGroup(c *cell, src string, g group) *session.ExecError {
	st := s.state()
	p, err := s.prepareGroup(st, src, g, c.base+g.line, func(specs ...string) *session.ExecError {
		return s.importPaths(c, st, specs...)
	})
	if err != nil {
		var ge *groupError
		if errors.As(err, &ge) {
			return ge.exec
		}
		return &session.ExecError{Name: "error", Value: err.Error(), Traceback: []string{err.Error()}}
	}
	if g.kind == ImportItem {
		return s.runImports(c, st, p.file)
	}
	if p.declaredMain {
		c.declaredMain = true
	}
	if p.aliases != nil {
		if _, e := s.compileRun(c, st, p.aliases, p.text); e != nil {
			p.undo()
			return e
		}
	}
	file, node, text, rw, undo, generics := p.file, p.node, p.text, p.rw, p.undo, p.generics
	show := g.kind == ExprItem && s.showsValue(st, rw, shownStmt(node.(*ast.BlockStmt)).X)
	var v reflect.Value
	var e *session.ExecError
	if g.kind == DeclItem {
		v, e = s.compileRun(c, st, node, text)
	} else {
		if rw != nil {
			c.groupTypes = rw.oracle
		}
		v, e = s.runStmts(c, st, node.(*ast.BlockStmt), text)
		c.groupTypes = nil
	}
	if e != nil {
		undo() // a failed declaration does not count as the type's definition
		if e.Name == "CompileError" {
			s.noteFailed(st, file, g.kind, c.name) // failednames.go
			s.noteUndefined(st, e.Value)
		}
		s.noteUnreached(st, p.reached, e, c.name) // unreached.go
		if strings.Contains(e.Value, "constant definition loop") {
			// yaegi's message for an undefined name on the right of :=.
			if u := s.undefined(st, file); u != "" {
				e.Value = strings.Replace(e.Value, "constant definition loop", "undefined: "+u, 1)
				if i := strings.Index(e.Value, "\n(hint: the interpreter could not work out the type"); i >= 0 {
					e.Value = e.Value[:i] // the hint was for a loop, which this is not
				}
				e.Traceback = []string{"CompileError: " + e.Value}
			}
		}
		return e
	}
	p.unalias() // nestedinst.go: the session records the instances as written
	s.record(st, file, g.kind, text, rw)
	s.clearFailed(st, file, g.kind)
	st.noteGenerics(generics)
	if e := s.redefine(c, st, file, g.kind); e != nil {
		return e
	}
	if show {
		s.showResult(c, v)
	}
	return nil
}

// notReferences returns the identifiers under node that do not refer to a
// declared name: selected names, keys of composite literals, the package
// clause and the names of function declarations.
func notReferences(node ast.Node) map[*ast.Ident]bool {
	skip := map[*ast.Ident]bool{}
	ast.Inspect(node, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.SelectorExpr:
			skip[x.Sel] = true
		case *ast.KeyValueExpr:
			if id, ok := x.Key.(*ast.Ident); ok {
				skip[id] = true
			}
		case *ast.File:
			skip[x.Name] = true
		case *ast.FuncDecl:
			skip[x.Name] = true
		}
		return true
	})
	return skip
}

// undefined returns the first identifier of file that nothing declares.
func (s *Session) undefined(st *state, file *ast.File) string {
	known := s.knownNames(st) // useorder.go
	skip := notReferences(file)
	found := ""
	ast.Inspect(file, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || found != "" || skip[id] || id.Obj != nil || id.Name == "_" || strings.HasPrefix(id.Name, "_activis") || known(id.Name) {
			return true
		}
		found = id.Name
		return true
	})
	return found
}

// compileRun compiles node and runs it under the cell's context; a
// declaration group declaring generic types with methods of one name in
// two steps (genericsplit.go).
func (s *Session) compileRun(c *cell, st *state, node ast.Node, text string) (v reflect.Value, e *session.ExecError) {
	if first, rest := splitGenericMethods(node); first != nil {
		if v, e = s.compileRunOne(c, st, first, text); e != nil {
			return v, e
		}
		node = rest
	}
	return s.compileRunOne(c, st, node, text)
}

// compileRunOne is compileRun for one compile.
func (s *Session) compileRunOne(c *cell, st *state, node ast.Node, text string) (v reflect.Value, e *session.ExecError) {
	prog, mixups, err := st.compile(node)
	if err != nil {
		return v, s.compileError(c.name, err, text)
	}
	if mixups != "" {
		msg := fmt.Sprintf("%s: the generic types %s were made with the same type arguments in this cell, and the interpreter "+
			"mixed up the methods of the same name of their instances (one type's method would run for the other); declare the types in "+
			"one cell and use them in a later one, where each gets its own methods", c.name, mixups)
		if !c.declaredMain {
			msg += ": " + ErrUnsupported.Error()
			return v, &session.ExecError{Name: "unsupported", Value: msg, Traceback: []string{msg}}
		}
		// A program cell runs as plain yaegi runs the program (GOROOT's
		// typeparam/issue48049.go makes such instances and never calls
		// the methods), with the warning; its mixed instances are gone
		// for later cells.
		c.out.Stream("stderr", "warning: "+msg+"\n")
	}
	id := st.runs.beforeRun(200*time.Millisecond, func(msg string) { c.out.Stream("stderr", msg) }) // runid.go
	v, err = st.in.ExecuteWithContext(c.ctx, prog)
	if err == nil {
		c.takeFrames()
		return v, nil
	}
	st.runs.afterRun(id, c.name)
	return v, s.runError(c, err)
}

// compileSafe compiles, turning a panic inside yaegi into an error.
func compileSafe(in *interp.Interpreter, node ast.Node) (p *interp.Program, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", errInterp, r)
		}
	}()
	return in.CompileAST(node)
}

var errInterp = errors.New("the interpreter failed on this code")

// rewriteSafe rewrites n with rw, turning a panic of the rewriting itself
// into an error (errRewrite) that says so: the cell is not run, the
// session goes on (the kernel's dispatch recovered such a panic, but its
// reply named only the runtime error).
func rewriteSafe(rw *rewriter, n ast.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w (a fault of the kernel; please report it with this cell): %v", errRewrite, r)
		}
	}()
	return rw.rewrite(n)
}

var errRewrite = errors.New("rewriting the cell for the interpreter failed")

// runError describes an execution failure.
func (s *Session) runError(c *cell, err error) *session.ExecError {
	var p interp.Panic
	switch {
	case errors.As(err, &p):
		e := s.panicError(c, p.Value, c.takeFrames())
		if e.Name == "Exit" && strings.HasPrefix(e.Value, "os.Exit(0)") {
			c.exited.Store(true)
			return nil
		}
		if e.Name != "Exit" {
			c.startPanic(p.Value) // celldefer.go
		}
		return e
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return s.stopError(c, err)
	}
	msg := s.fixPositions(err.Error())
	return &session.ExecError{Name: "error", Value: msg, Traceback: []string{msg}}
}

// stopError describes a cell stopped by an interrupt or by a panicking
// goroutine.
func (s *Session) stopError(c *cell, err error) *session.ExecError {
	c.mu.Lock()
	ge := c.goErr
	c.mu.Unlock()
	if ge != nil {
		if ge.Name == "Exit" && strings.Contains(ge.Value, "os.Exit(0)") {
			c.exited.Store(true)
			return nil
		}
		return ge
	}
	msg := "the cell was interrupted; the session keeps its earlier state"
	return &session.ExecError{Name: "Interrupted", Value: msg, Traceback: []string{"Interrupted: " + msg}}
}

// showResult sends the value of a trailing expression.
func (s *Session) showResult(c *cell, v reflect.Value) {
	if !v.IsValid() || !v.CanInterface() {
		return
	}
	if (v.Kind() == reflect.Interface || v.Kind() == reflect.Func) && v.IsNil() {
		return
	}
	x := v.Interface()
	if x == nil {
		return
	}
	if b, ok := c.host.Bundle(x); ok {
		c.out.Result(b)
	}
}

// showsValue reports whether the trailing expression e has exactly one
// value (a call of a function without results, or with several, is shown
// as a statement is: not at all).
func (s *Session) showsValue(st *state, rw *rewriter, e ast.Expr) bool {
	call, ok := unparen(e).(*ast.CallExpr)
	if !ok {
		return true
	}
	if sel, ok := unparen(call.Fun).(*ast.SelectorExpr); ok {
		if x, ok := sel.X.(*ast.Ident); ok && x.Obj == nil && st.imports[x.Name] == DisplayPath && sel.Sel.Name == "Display" {
			return false // its display id is for Update, not to be shown
		}
	}
	if id, ok := unparen(call.Fun).(*ast.Ident); ok && id.Obj == nil {
		switch id.Name {
		case "print", "println", "panic", "close", "delete", "clear":
			return st.decls[id.Name] != nil
		}
	}
	// A function of a package (display.Clear) or a method of a session
	// variable of a compiled type.
	if sel, ok := unparen(call.Fun).(*ast.SelectorExpr); ok {
		if x, ok := sel.X.(*ast.Ident); ok && x.Obj == nil {
			if path := st.imports[x.Name]; path != "" {
				syms := packages().syms[path]
				if path == DisplayPath {
					syms = s.displayExports() // bound to the session
				}
				if v, ok := syms[sel.Sel.Name]; ok && v.IsValid() && v.Kind() == reflect.Func {
					return v.Type().NumOut() == 1
				}
			}
			if n, ok := s.methodResults(st, x.Name, sel.Sel.Name); ok {
				return n == 1
			}
		}
	}
	// A method of a package variable (os.Stdout.Write).
	if sel, ok := unparen(call.Fun).(*ast.SelectorExpr); ok {
		if inner, ok := sel.X.(*ast.SelectorExpr); ok {
			if pk, ok := inner.X.(*ast.Ident); ok && pk.Obj == nil && st.imports[pk.Name] != "" {
				if v, ok := packages().syms[st.imports[pk.Name]][inner.Sel.Name]; ok && v.IsValid() {
					if m, ok := v.Type().MethodByName(sel.Sel.Name); ok {
						n := m.Type.NumOut()
						return n == 1
					}
				}
			}
		}
	}
	if n, ok := oracleResults(rw.oracle, call); ok { // see trailingcall.go
		return n == 1
	}
	ft := funcType(rw.typeOf(call.Fun))
	if ft == nil {
		return true // unknown: the value decides (see showResult)
	}
	if ft.Results == nil {
		return false
	}
	n := 0
	for _, f := range ft.Results.List {
		n += max(len(f.Names), 1)
	}
	return n == 1
}

// methodResults returns the number of results of method m of the session
// variable named v, when known.
func (s *Session) methodResults(st *state, v, m string) (int, bool) {
	if st.imports[v] != "" {
		return 0, false
	}
	if d := st.decls[v]; d != nil && d.Kind == "var" {
		if tn := typeName(d.Type); tn != "" {
			if md := st.methods[tn][m]; md != nil {
				if ft, ok := md.Type.(*ast.FuncType); ok {
					return countResults(ft), true
				}
			}
		}
	}
	g, ok := globals(st)[v]
	if !ok || !g.IsValid() {
		return 0, false
	}
	t := g.Type()
	if meth, ok := t.MethodByName(m); ok {
		return meth.Type.NumOut(), true
	}
	if t.Kind() != reflect.Pointer {
		if meth, ok := reflect.PointerTo(t).MethodByName(m); ok {
			return meth.Type.NumOut(), true
		}
	}
	return 0, false
}

func countResults(ft *ast.FuncType) int {
	if ft.Results == nil {
		return 0
	}
	n := 0
	for _, f := range ft.Results.List {
		n += max(len(f.Names), 1)
	}
	return n
}

// typeName returns the name of a (pointer to a) named type expression,
// the generic type itself for an instance or a receiver (Opt for Opt[T]):
// the session keyed the methods of every generic type under "", so a
// second generic type's String replaced the first's.
func typeName(t ast.Expr) string {
	switch x := t.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.StarExpr:
		return typeName(x.X)
	case *ast.IndexExpr: // a generic receiver, Opt[T]
		return typeName(x.X)
	case *ast.IndexListExpr:
		return typeName(x.X)
	}
	return ""
}

// globals returns the interpreter's global variables, tolerating panics.
func globals(st *state) (g map[string]reflect.Value) {
	st.interpMu.RLock()
	defer st.interpMu.RUnlock()
	defer func() {
		if recover() != nil {
			g = nil
		}
	}()
	return st.in.Globals()
}

// The interpreter numbers the lines of all cells in one sequence: line l
// of a cell is line base+l, where each cell's base follows the lines of
// the cell before it (nextCellBase), starting at lineBase, so that every
// cell line has six digits or more (interpPos) and the prelude's lines
// stay below. The numbering was n*lineBase+l for the n-th cell: Go's
// //line directives stop at 1<<30, so the 10738th cell of a session
// failed with "invalid line number" and every later one too.
const lineBase = 100000

// maxLine is the largest line number a //line directive accepts.
const maxLine = 1<<30 - 1

// nextCellBase returns the base of the cell after one of base that spans
// span lines. It starts again at lineBase when the numbering would pass
// maxLine (after about a billion lines: a position in a much older cell
// may then be named as the newer cell's line in a message; nothing runs
// differently).
func nextCellBase(base, span int) int {
	next := base + span
	if next < lineBase || next+lineBase > maxLine {
		return lineBase
	}
	return next
}

// cellLine returns the interpreter's line for line l of the cell with
// sequence number seq.
func (s *Session) cellLine(seq, l int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if seq <= 0 || seq >= len(s.cellBases) {
		return l
	}
	return s.cellBases[seq] + l
}

// where names an interpreter line: "In[3] line 4", from the latest cell
// whose lines hold it.
func (s *Session) where(line int) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if line >= lineBase {
		for i := len(s.cellBases) - 1; i > 0; i-- {
			if b := s.cellBases[i]; b <= line && line < b+s.cellSpans[i] {
				return fmt.Sprintf("%s line %d", s.cellNames[i], line-b)
			}
		}
	}
	return fmt.Sprintf("line %d", line)
}

// interpPos matches an interpreter position in a message: a number of
// six digits or more after "_.go:" or not inside a word or a path (a
// package file's directory, /tmp/x2205488318/p.go:5:11, keeps its digits).
var interpPos = regexp.MustCompile(`(_\.go:|^|[^\w/.\-])(\d{6,})(?::\d+)?`)

// fixPositions rewrites interpreter positions in msg as cell lines.
func (s *Session) fixPositions(msg string) string {
	msg = genericNumber.ReplaceAllString(msg, "") // main.Box·7[int]: genericnames.go's numbers
	return interpPos.ReplaceAllStringFunc(msg, func(m string) string {
		sub := interpPos.FindStringSubmatch(m)
		n, err := strconv.Atoi(sub[2])
		if err != nil {
			return m
		}
		prefix := sub[1]
		if prefix == "_.go:" {
			prefix = ""
		}
		return prefix + s.where(n)
	})
}

// genericNumber matches the numbers genericnames.go gives generic
// functions, types and methods in yaegi's syntax trees.
var genericNumber = regexp.MustCompile(genericMark + `[0-9]+`)

// syntaxError describes a parse failure.
func (s *Session) syntaxError(err error) *session.ExecError {
	var list scanner.ErrorList
	msg := err.Error()
	if errors.As(err, &list) && len(list) > 0 {
		e := list[0]
		msg = fmt.Sprintf("%s: %s", s.where(e.Pos.Line), e.Msg)
	}
	msg = s.fixPositions(msg)
	return &session.ExecError{Name: "SyntaxError", Value: msg, Traceback: []string{"SyntaxError: " + msg}}
}

// compileError describes a type-check failure, with a hint where the
// failure comes from a construct yaegi does not know.
func (s *Session) compileError(name string, err error, text string) *session.ExecError {
	msg := s.versionNames(userTypeParams(s.fixPositions(err.Error()))) // versionmsg.go
	if errors.Is(err, errInterp) || strings.Contains(msg, "definition loop") {
		if h := s.explicitInnerHint(text); h != "" && (strings.Contains(msg, "nil pointer dereference") || strings.Contains(msg, "undefined type for")) {
			msg += h // explicitinner.go
		} else if h := hint(text, msg); h != "" {
			msg += h
		} else if strings.Contains(msg, "CFG post-order panic") && s.callsNestedInstance(text) {
			msg += nestedInstanceHint
		}
	}
	if h := s.stdNameHint(msg); h != "" {
		msg += h
	}
	msg += leftOutHint(msg)
	if strings.Contains(msg, "unable to find source related to") {
		msg += "\n(the standard library, gonum (mat, stat, floats, distuv, ...), golang.org/x/text (cases, language, transform, unicode/norm), golang.org/x/sys (unix, cpu) " +
			"and the ActiVis packages can be imported without a download; other modules are fetched through the Go module proxy)"
	}
	return &session.ExecError{Name: "CompileError", Value: msg, Traceback: []string{"CompileError: " + msg}}
}

// callsNestedInstance tells whether text names a function of the
// session whose declaration writes an instance nestedinst.go cannot name
// by an alias: the generic function a call instantiates fails to compile
// there.
func (s *Session) callsNestedInstance(text string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range s.st.deps {
		if d.node != nil && d.node.Type.TypeParams != nil && strings.Contains(text, d.name) && nestedInstance.MatchString(d.src) {
			return true
		}
	}
	return false
}

// leftOutSymbol matches yaegi's error for a member of golang.org/x/sys/unix
// that the kernel's table leaves out (symbols/internal/extract).
var leftOutSymbol = regexp.MustCompile(`package unix "golang.org/x/sys/unix" has no symbol (Exec|Exit|Kill|Tgkill|Tkill|Ptrace\w*|Reboot|Syscall\w*|RawSyscall\w*)\b`)

// leftOutHint explains an error of leftOutSymbol, or returns "".
func leftOutHint(msg string) string {
	m := leftOutSymbol.FindStringSubmatch(msg)
	if m == nil {
		return ""
	}
	return "\n(the kernel's golang.org/x/sys/unix leaves out " + m[1] + ", as yaegi's syscall leaves it out: it would end or replace " +
		"the kernel's process or bypass the session; os.Exit ends the cell, os/exec runs other programs)"
}

// undefinedSelector matches yaegi's error for a member its package lacks.
var undefinedSelector = regexp.MustCompile(`undefined selector:? (\w+)\.`)

// stdNameHint explains yaegi's "undefined selector: cmp.Equal" for a
// package the session imported from source under the name of a standard
// library package that yaegi keeps as source (github.com/google/go-cmp/cmp
// is package cmp): yaegi resolves the name to the standard library's
// package. "" for other messages.
func (s *Session) stdNameHint(msg string) string {
	m := undefinedSelector.FindStringSubmatch(msg)
	if m == nil {
		return ""
	}
	s.mu.Lock()
	path := ""
	if s.st != nil {
		path = s.st.imports[m[1]]
	}
	s.mu.Unlock()
	if path == "" || path == m[1] || !thirdParty(path) {
		return ""
	}
	return fmt.Sprintf("\n(hint: the interpreter takes %[1]s for the standard library's package %[1]s, not %[2]s, which is also named %[1]s; "+
		"import it under another name: import %[1]s2 %[3]q)", m[1], path, path)
}

// nestedInstanceHint explains the failure of an instance nestedinst.go
// cannot name by an alias.
const nestedInstanceHint = "\n(hint: the interpreter cannot instantiate a generic type or function of one type parameter with an instance of a " +
	"generic type of two or more that names a type parameter, such as Box[Pair[K, V]] in a generic function (outside generic " +
	"code the session names the instance by an alias); give the outer type a type parameter per type argument (Box2[K, V]), " +
	"or use a slice or a struct field of the instance)"

// multiRecv matches a comma-ok receive definition.
var multiRecv = regexp.MustCompile(`(?m)^\s*\w+\s*,\s*\w+\s*:=\s*<-`)

// hint explains interpreter failures on syntax yaegi v0.16.1 lacks.
func hint(text, msg string) string {
	switch {
	case strings.Contains(msg, "nil type") && multiRecv.MatchString(text):
		return "\n(hint: the interpreter cannot define two variables from one value (`v, ok := <-ch`, `v, ok := f()[k]`) " +
			"at the top level of a cell; declare them first: `var v T; var ok bool; v, ok = <-ch`, or do it inside a function)"
	case strings.Contains(msg, "undefined type for"):
		return "\n(hint: the interpreter cannot infer the type parameters of this generic call, typically a constraint such as " +
			"S ~[]E (slices.Clone, maps.Clone with a type declared in the session); write the loop, or e.g. " +
			"append([]T(nil), s...) for slices.Clone)"
	case strings.Contains(msg, "CFG post-order panic") && nestedInstance.MatchString(text) && genericFunc.MatchString(text):
		return nestedInstanceHint
	case (strings.Contains(msg, "definition loop") || strings.Contains(msg, "nil pointer dereference")) && definesOnLine(text, msg):
		return "\n(hint: the interpreter could not work out the type of a variable defined at the top level of the cell; " +
			"give the value its type with a conversion, `w := T(expr)`, or compute it inside a function)"
	}
	if rangeOnLine(text, msg) {
		return "\n(hint: the interpreter cannot range over an integer or a function iterator whose type it cannot see; " +
			"write `for i := 0; i < n; i++` for integers, or call the iterator: seq(func(v T) bool { ...; return true }), " +
			"or collect it with slices.Collect(seq))"
	}
	return ""
}

// definesOnLine tells whether the failure msg may come from a variable
// defined at the top level of text (`:=` or `var` on a line that is not
// indented): a generic call failing inside a function got the hint about
// top-level variables.
func definesOnLine(text, msg string) bool {
	return failedText(text, msg, func(s string) bool {
		for _, l := range strings.Split(s, "\n") {
			if !strings.HasPrefix(l, "\t") && (strings.Contains(l, ":=") || strings.HasPrefix(l, "var ")) {
				return true
			}
		}
		return false
	})
}

// msgLine matches the cell line a compile error names.
var msgLine = regexp.MustCompile(`\bline (\d+):`)

// rangeOnLine tells whether the failure msg may come from a range clause
// of text (`real(3+4i)` on a line without a range failed with a hint
// about range).
func rangeOnLine(text, msg string) bool {
	return failedText(text, msg, func(s string) bool { return strings.Contains(s, "range") })
}

// failedText asks holds about the line of text the failure msg names, or
// about all of text where it names none (or one text lacks).
func failedText(text, msg string, holds func(string) bool) bool {
	m := msgLine.FindStringSubmatch(msg)
	if m == nil {
		return holds(text)
	}
	n, err := strconv.Atoi(m[1])
	lines := strings.Split(text, "\n")
	if err != nil || n < 1 || n > len(lines) {
		return holds(text)
	}
	return holds(lines[n-1])
}

// quote returns s as a Go string literal.
func quote(s string) string { return strconv.Quote(s) }

// shownStmt returns the statement of an expression group's body whose
// value is shown: its last (declarations may come before it,
// preinstance.go).
func shownStmt(b *ast.BlockStmt) *ast.ExprStmt {
	return b.List[len(b.List)-1].(*ast.ExprStmt)
}
