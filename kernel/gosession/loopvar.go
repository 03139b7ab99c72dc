package gosession

import (
	"go/ast"
	"go/token"
)

// Go 1.22 loop variables.
//
// Since Go 1.22 each iteration of a loop has its own copy of the variables
// the loop statement defines; yaegi v0.16.1 still shares one variable
// across iterations, so closures, goroutines and pointers made in the body
// all see the last value (`for i := range 100 { go func() { sum += i }() }`
// sums garbage, `&v` of a range value aliases). The session rewrites such
// loops, when the body captures a loop variable in a function literal or
// takes its address, so that a fresh variable is defined per iteration
// (yaegi allocates a new variable for every executed `:=`):
//
//	for k, v := range x { body }
//	=>
//	for _k, _v := range x { k, v := _k, _v; body }
//
//	for i := 0; i < n; i++ { body }
//	=>
//	{
//		i := 0
//		_p := &i
//		for _first := true; ; _first = false {
//			i := *_p   // the new iteration's copy starts from the previous one's final value
//			_p = &i
//			if !_first { i++ }
//			if !(i < n) { break }
//			body
//		}
//	}
//
// (or, when the body never changes the variables, just a copy at the start
// of the body: `for i := 0; i < n; i++ { i := i; body }`), which is Go
// 1.22's copy-back semantics: the post statement runs on the new
// copy, initialised from the value the previous iteration ended with (also
// after a continue or a change of i in the body). At the top level of a
// cell the rewritten loop also runs inside a function literal called at
// once (scopeLoops): yaegi's global scope does not allocate per `:=`.
//
// A deferred function literal is different: yaegi makes the closure when
// the function returns, so it sees the loop variables' last values (and
// those of variables declared in the loop body). The variables it uses are
// passed to it as arguments instead
// (`defer func() { use(i) }()` => `defer func(i int) { use(i) }(i)`); when
// the rewriter does not know a variable's type, the loop is refused with an
// error saying to write that.
//
// A goroutine started by `go func() { … }()` in a loop sometimes saw a
// later iteration's copy of a loop variable (in about one run in ten, a sum
// over 100 goroutines inside a function came out short: yaegi's closure
// reads the loop body's variables when the goroutine starts running), while
// arguments are copied by the go statement: the variables of known type it
// uses are passed to it as arguments the same way (the others are left as
// they are).
// Written for this package; no code from yaegi or elsewhere.

// loopVars rewrites a loop statement (possibly labelled) whose variables
// the body captures; it returns s unchanged otherwise.
func (r *rewriter) loopVars(s ast.Stmt) ast.Stmt {
	var label *ast.Ident
	inner := s
	if l, ok := s.(*ast.LabeledStmt); ok {
		label, inner = l.Label, l.Stmt
	}
	if r.madeLoops[inner] {
		return s
	}
	var out ast.Stmt
	switch x := inner.(type) {
	case *ast.RangeStmt:
		out = r.rangeVars(x, label)
	case *ast.ForStmt:
		out = r.forVars(x, label)
	}
	if out == nil {
		// The loop variables are not captured; variables of the body
		// may be, by deferred literals.
		switch x := inner.(type) {
		case *ast.RangeStmt:
			r.deferredLoopVars(x.Body, nil, nil)
		case *ast.ForStmt:
			r.deferredLoopVars(x.Body, nil, nil)
		}
		return s
	}
	if r.loopScoped == nil {
		r.loopScoped = map[ast.Stmt]bool{}
	}
	r.loopScoped[out] = true
	return out
}

// definedIdents returns the identifiers (not blank) of a defining
// assignment, or nil.
func definedIdents(lhs []ast.Expr) []*ast.Ident {
	var ids []*ast.Ident
	for _, e := range lhs {
		if e == nil {
			continue
		}
		id, ok := e.(*ast.Ident)
		if !ok {
			return nil
		}
		if id.Name != "_" {
			ids = append(ids, id)
		}
	}
	return ids
}

// captures reports whether n refers to one of vars inside a function
// literal, or takes the address of (a part of) one of them.
func captures(n ast.Node, vars []*ast.Ident) bool {
	is := isOneOf(vars)
	found := false
	var walk func(n ast.Node, inLit bool)
	walk = func(n ast.Node, inLit bool) {
		ast.Inspect(n, func(m ast.Node) bool {
			if found || m == nil {
				return false
			}
			switch x := m.(type) {
			case *ast.FuncLit:
				if !inLit {
					walk(x.Body, true)
					return false
				}
			case *ast.Ident:
				if inLit && is(x) {
					found = true
				}
			case *ast.UnaryExpr:
				if x.Op == token.AND && is(rootIdent(x.X)) {
					found = true
				}
			}
			return true
		})
	}
	walk(n, false)
	return found
}

// isOneOf returns a test of whether an expression is an identifier
// referring to one of vars.
func isOneOf(vars []*ast.Ident) func(ast.Expr) bool {
	objs := map[*ast.Object]bool{}
	names := map[string]bool{}
	for _, v := range vars {
		if v.Obj != nil {
			objs[v.Obj] = true
		}
		names[v.Name] = true
	}
	return func(e ast.Expr) bool {
		id, ok := e.(*ast.Ident)
		if !ok || !names[id.Name] {
			return false
		}
		return id.Obj == nil || objs[id.Obj] || len(objs) == 0
	}
}

// bodyCaptures reports whether a loop body captures one of vars (see
// captures) or takes its address implicitly: it calls, or takes the
// method value of, a method that some session type declares with a
// pointer receiver on (a part of) one of them, as in `v.register(&all)`
// storing its receiver; without the type, any such method name counts.
func (r *rewriter) bodyCaptures(body ast.Node, vars []*ast.Ident) bool {
	if captures(body, vars) {
		return true
	}
	ptr := map[string]bool{}
	for _, t := range r.sessionTypes() { // ifaceguard.go
		for m := range t.ptrMethods {
			ptr[m] = true
		}
	}
	if len(ptr) == 0 {
		return false
	}
	is := isOneOf(vars)
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok && !found && ptr[sel.Sel.Name] && is(rootIdent(sel.X)) {
			found = true
		}
		return !found
	})
	return found
}

// rootIdent returns the variable an addressable expression (v, v.f, v[i],
// v.f[i].g) belongs to, or nil; a pointer indirection belongs to no variable.
func rootIdent(e ast.Expr) ast.Expr {
	if root, _ := lhsPath(e, false); root != nil {
		return root
	}
	return nil
}

// rangeVars gives a range loop fresh variables per iteration.
func (r *rewriter) rangeVars(x *ast.RangeStmt, label *ast.Ident) ast.Stmt {
	if x.Tok != token.DEFINE {
		return nil
	}
	vars := definedIdents([]ast.Expr{x.Key, x.Value})
	if len(vars) == 0 || !r.bodyCaptures(x.Body, vars) {
		return nil
	}
	var lhs, rhs []ast.Expr
	rename := func(e ast.Expr) ast.Expr {
		id, ok := e.(*ast.Ident)
		if !ok || id.Name == "_" {
			return e
		}
		tmp := &ast.Ident{NamePos: id.NamePos, Name: r.fresh("L")}
		lhs = append(lhs, &ast.Ident{NamePos: id.NamePos, Name: id.Name, Obj: id.Obj})
		rhs = append(rhs, ast.NewIdent(tmp.Name))
		return tmp
	}
	loop := &ast.RangeStmt{For: x.For, Key: x.Key, Value: x.Value, TokPos: x.TokPos, Tok: x.Tok, X: x.X, Range: x.Range}
	if loop.Key != nil {
		loop.Key = rename(loop.Key)
	}
	if loop.Value != nil {
		loop.Value = rename(loop.Value)
	}
	r.deferredLoopVars(x.Body, vars, rangeTypes(r.typeOf(x.X), x.Key, x.Value, vars))
	pos := x.Body.Lbrace
	copyVars := &ast.AssignStmt{Lhs: lhs, TokPos: pos, Tok: token.DEFINE, Rhs: rhs}
	loop.Body = &ast.BlockStmt{Lbrace: x.Body.Lbrace, List: append([]ast.Stmt{copyVars}, x.Body.List...), Rbrace: x.Body.Rbrace}
	r.markLoop(loop)
	return withLabel(label, loop)
}

// forVars gives a three-clause loop fresh variables per iteration with
// Go 1.22's copy-back (see the file comment).
func (r *rewriter) forVars(x *ast.ForStmt, label *ast.Ident) ast.Stmt {
	init, ok := x.Init.(*ast.AssignStmt)
	if !ok || init.Tok != token.DEFINE {
		return nil
	}
	vars := definedIdents(init.Lhs)
	if len(vars) == 0 || !r.bodyCaptures(x.Body, vars) {
		return nil
	}
	var types []ast.Expr
	for _, v := range vars {
		var t ast.Expr
		for i, l := range init.Lhs {
			if l == ast.Expr(v) && len(init.Lhs) == len(init.Rhs) {
				t = r.typeOf(init.Rhs[i])
			}
		}
		types = append(types, t)
	}
	r.deferredLoopVars(x.Body, vars, types)
	pos := x.For
	if !assigns(x.Body, vars) {
		// The body never changes the variables: a copy at the start of
		// each iteration is Go 1.22's semantics, at half the cost.
		var lhs, rhs []ast.Expr
		for _, v := range vars {
			lhs = append(lhs, &ast.Ident{NamePos: v.NamePos, Name: v.Name, Obj: v.Obj})
			rhs = append(rhs, &ast.Ident{NamePos: v.NamePos, Name: v.Name})
		}
		copyVars := &ast.AssignStmt{Lhs: lhs, TokPos: pos, Tok: token.DEFINE, Rhs: rhs}
		loop := &ast.ForStmt{For: x.For, Init: x.Init, Cond: x.Cond, Post: x.Post,
			Body: &ast.BlockStmt{Lbrace: x.Body.Lbrace, List: append([]ast.Stmt{copyVars}, x.Body.List...), Rbrace: x.Body.Rbrace}}
		r.markLoop(loop)
		return withLabel(label, loop)
	}
	id := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
	var ptrs, addrs, derefs, names, addrs2 []ast.Expr
	for _, v := range vars {
		p := r.fresh("P")
		ptrs = append(ptrs, id(p))
		addrs = append(addrs, &ast.UnaryExpr{OpPos: pos, Op: token.AND, X: id(v.Name)})
		addrs2 = append(addrs2, &ast.UnaryExpr{OpPos: pos, Op: token.AND, X: id(v.Name)})
		derefs = append(derefs, &ast.StarExpr{Star: pos, X: id(p)})
		names = append(names, &ast.Ident{NamePos: v.NamePos, Name: v.Name, Obj: v.Obj})
	}
	first := r.fresh("First")
	var list []ast.Stmt
	list = append(list,
		&ast.AssignStmt{Lhs: names, TokPos: pos, Tok: token.DEFINE, Rhs: derefs},
		&ast.AssignStmt{Lhs: cloneIdents(ptrs), TokPos: pos, Tok: token.ASSIGN, Rhs: addrs2})
	if x.Post != nil {
		list = append(list, &ast.IfStmt{If: pos, Cond: &ast.UnaryExpr{OpPos: pos, Op: token.NOT, X: id(first)},
			Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{x.Post}, Rbrace: pos}})
	}
	if x.Cond != nil {
		list = append(list, &ast.IfStmt{If: pos, Cond: &ast.UnaryExpr{OpPos: pos, Op: token.NOT, X: &ast.ParenExpr{Lparen: pos, X: x.Cond, Rparen: pos}},
			Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{&ast.BranchStmt{TokPos: pos, Tok: token.BREAK}}, Rbrace: pos}})
	}
	list = append(list, x.Body.List...)
	loop := &ast.ForStmt{For: x.For,
		Init: &ast.AssignStmt{Lhs: []ast.Expr{id(first)}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{id("true")}},
		Post: &ast.AssignStmt{Lhs: []ast.Expr{id(first)}, TokPos: pos, Tok: token.ASSIGN, Rhs: []ast.Expr{id("false")}},
		Body: &ast.BlockStmt{Lbrace: x.Body.Lbrace, List: list, Rbrace: x.Body.Rbrace}}
	r.markLoop(loop)
	return &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{
		init,
		&ast.AssignStmt{Lhs: ptrs, TokPos: pos, Tok: token.DEFINE, Rhs: addrs},
		withLabel(label, loop),
	}, Rbrace: x.End()}
}

func (r *rewriter) markLoop(s ast.Stmt) {
	if r.madeLoops == nil {
		r.madeLoops = map[ast.Stmt]bool{}
	}
	r.madeLoops[s] = true
}

func cloneIdents(es []ast.Expr) []ast.Expr {
	out := make([]ast.Expr, len(es))
	for i, e := range es {
		out[i] = cloneIdentOrExpr(e)
	}
	return out
}

// scopeLoops runs the loops of a cell's top-level statement list that
// loopVars rewrote inside a function literal called at once: per-iteration
// variables need a function scope in yaegi. Loops with a goto stay as they
// are.
func (r *rewriter) scopeLoops(list []ast.Stmt) []ast.Stmt {
	for i, s := range list {
		if !r.containsScopedLoop(s) || (hasGoto(s) && !r.madeGoto(s)) {
			continue
		}
		pos := s.Pos()
		lit := &ast.FuncLit{
			Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{Opening: pos, Closing: pos}},
			Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{s}, Rbrace: s.End()},
		}
		list[i] = &ast.ExprStmt{X: &ast.CallExpr{Fun: lit, Lparen: s.End(), Rparen: s.End()}}
	}
	return list
}

// containsScopedLoop reports whether s holds, outside function literals, a
// loop rewritten by loopVars.
func (r *rewriter) containsScopedLoop(s ast.Stmt) bool {
	if len(r.loopScoped) == 0 {
		return false
	}
	found := false
	ast.Inspect(s, func(n ast.Node) bool {
		if found {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if st, ok := n.(ast.Stmt); ok && r.loopScoped[st] {
			found = true
		}
		return true
	})
	return found
}

func hasGoto(s ast.Stmt) bool {
	found := false
	ast.Inspect(s, func(n ast.Node) bool {
		if b, ok := n.(*ast.BranchStmt); ok && b.Tok == token.GOTO {
			found = true
		}
		return !found
	})
	return found
}

// madeGoto reports whether the gotos of s are all ones selectBreaks made
// (s then carries their labels with it).
func (r *rewriter) madeGoto(s ast.Stmt) bool {
	b, ok := s.(*ast.BlockStmt)
	return ok && r.loopScoped[b] && len(b.List) == 2
}

// rangeTypes returns the types of the variables vars (among key and value)
// of a range over a value of type t, nil where unknown.
func rangeTypes(t ast.Expr, key, value ast.Expr, vars []*ast.Ident) []ast.Expr {
	var kt, vt ast.Expr
	switch x := t.(type) {
	case *ast.ArrayType:
		kt, vt = ast.NewIdent("int"), x.Elt
	case *ast.MapType:
		kt, vt = x.Key, x.Value
	case *ast.ChanType:
		kt = x.Value
	case *ast.Ident:
		if x.Name == "string" {
			kt, vt = ast.NewIdent("int"), ast.NewIdent("rune")
		} else if isIntType(x) {
			kt = x
		}
	}
	out := make([]ast.Expr, len(vars))
	for i, v := range vars {
		switch ast.Expr(v) {
		case key:
			out[i] = kt
		case value:
			out[i] = vt
		}
	}
	return out
}

// deferredLoopVars passes the loop variables that deferred function
// literals and goroutine literals of body use to them as arguments (see the
// file comment).
func (r *rewriter) deferredLoopVars(body *ast.BlockStmt, vars []*ast.Ident, types []ast.Expr) {
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.DeferStmt, *ast.GoStmt:
			var call *ast.CallExpr
			var at token.Pos
			isGo := false
			switch y := x.(type) {
			case *ast.DeferStmt:
				call, at = y.Call, y.Defer
			case *ast.GoStmt:
				call, at, isGo = y.Call, y.Go, true
			}
			lit, ok := call.Fun.(*ast.FuncLit)
			if !ok || call.Ellipsis.IsValid() {
				return false
			}
			vars, types := vars, types
			// Variables declared in the loop body are per iteration too.
			seen := map[*ast.Object]bool{}
			ast.Inspect(lit.Body, func(m ast.Node) bool {
				id, ok := m.(*ast.Ident)
				if !ok || id.Obj == nil || id.Obj.Kind != ast.Var || seen[id.Obj] {
					return true
				}
				d, ok := id.Obj.Decl.(ast.Node)
				if !ok || d.Pos() < body.Pos() || d.End() > body.End() || (d.Pos() >= lit.Pos() && d.End() <= lit.End()) {
					return true
				}
				seen[id.Obj] = true
				vars = append(vars, id)
				types = append(types, r.identType(id))
				return true
			})
			for i, v := range vars {
				if !captures(lit, []*ast.Ident{v}) {
					continue
				}
				if types[i] == nil && r.oracle != nil {
					// A variable the syntax does not type (file, err :=
					// os.Open(name)): the type oracle's, if it can be written.
					if t := r.oracle.typeOf(v); t != nil {
						types[i] = r.oracle.expr(t)
					}
				}
				if types[i] == nil {
					if isGo {
						continue // mostly right: see the file comment
					}
					r.fail(at, "a deferred function literal using the loop variable %s would see its last value in the interpreter; "+
						"pass it as an argument: defer func(%s T) { ... }(%s)", v.Name, v.Name, v.Name)
					return false
				}
				pos := at
				if lit.Type.Params == nil {
					lit.Type.Params = &ast.FieldList{Opening: pos, Closing: pos}
				}
				lit.Type.Params.List = append(lit.Type.Params.List, &ast.Field{
					Names: []*ast.Ident{{NamePos: pos, Name: v.Name}}, Type: cloneTypeAt(types[i], pos)})
				call.Args = append(call.Args, &ast.Ident{NamePos: pos, Name: v.Name, Obj: v.Obj})
			}
			return false
		}
		return true
	})
}

// commVars gives the variables a select case defines (`case v := <-ch:`) a
// fresh copy when its body captures them: yaegi stores every execution of
// the case in the same variable, so closures made in a loop saw the last
// value.
func (r *rewriter) commVars(cc *ast.CommClause) {
	as, ok := cc.Comm.(*ast.AssignStmt)
	if !ok || as.Tok != token.DEFINE || r.madeLoops[cc] {
		return
	}
	vars := definedIdents(as.Lhs)
	if len(vars) == 0 || !captures(&ast.BlockStmt{List: cc.Body}, vars) {
		return
	}
	var lhs, rhs []ast.Expr
	for _, v := range vars {
		lhs = append(lhs, &ast.Ident{NamePos: v.NamePos, Name: v.Name, Obj: v.Obj})
		rhs = append(rhs, &ast.Ident{NamePos: v.NamePos, Name: v.Name, Obj: v.Obj})
	}
	cc.Body = append([]ast.Stmt{&ast.AssignStmt{Lhs: lhs, TokPos: cc.Colon, Tok: token.DEFINE, Rhs: rhs}}, cc.Body...)
	r.markLoop(cc)
	if r.loopScoped == nil {
		r.loopScoped = map[ast.Stmt]bool{}
	}
	r.loopScoped[cc] = true
}

// assigns reports whether n may change one of vars: an assignment or
// increment of it (also in a closure), or its address taken.
func assigns(n ast.Node, vars []*ast.Ident) bool {
	names := map[string]bool{}
	for _, v := range vars {
		names[v.Name] = true
	}
	is := func(e ast.Expr) bool {
		id, ok := rootIdent(e).(*ast.Ident)
		return ok && names[id.Name]
	}
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		if found {
			return false
		}
		switch x := m.(type) {
		case *ast.AssignStmt:
			if x.Tok != token.DEFINE {
				for _, l := range x.Lhs {
					if is(l) {
						found = true
					}
				}
			}
		case *ast.IncDecStmt:
			if is(x.X) {
				found = true
			}
		case *ast.UnaryExpr:
			if x.Op == token.AND && is(x.X) {
				found = true
			}
		case *ast.RangeStmt:
			if x.Tok == token.ASSIGN && (x.Key != nil && is(x.Key) || x.Value != nil && is(x.Value)) {
				found = true
			}
		}
		return true
	})
	return found
}
