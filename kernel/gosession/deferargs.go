package gosession

import (
	"go/ast"
	"go/token"
)

// defer evaluates its arguments at the defer statement.
//
// yaegi v0.16.1 keeps a reference to the variables a deferred call's
// arguments name and reads them when the function returns: `x := 1; defer
// fmt.Println(x); x = 2` prints 2 and `for i := 0; i < 3; i++ { defer
// fmt.Print(i) }` prints 333. A variable defined by `:=` is fresh storage
// each time the definition runs, so the session copies every argument
// that is not a constant (and a receiver of pointer type) into such a
// variable first:
//
//	defer f(x, g(y))       =>   { _a1, _a2 := x, g(y); defer f(_a1, _a2) }
//	defer p.close(n)       =>   { _r, _a := p, n; defer _r.close(_a) }
//
// A call with ... runs inside a function literal made at the defer
// (yaegi drops the ... of a deferred call). A receiver of a session type
// whose method has a value receiver is copied too (`x := T{1}; defer
// x.Print(); x.n = 2` printed 2); a receiver of unknown type, or whose
// method takes a pointer, stays as written (copying a value with pointer
// methods, a sync.Mutex, would be wrong).
//
// yaegi also deadlocks when a deferred call runs a function literal that
// was created earlier in the same function (`cleanup := func() {…};
// defer cleanup()`, also when called from inside a deferred literal): the
// session refuses that with an error saying to write the code in the
// deferred literal itself. Written for this package.

// deferStmt rewrites a defer statement (see the file comment).
func (r *rewriter) deferStmt(d *ast.DeferStmt) ast.Stmt {
	if r.madeDefers[d] {
		return d
	}
	r.checkDeferHang(d)
	pos := d.Defer
	var lhs, rhs []ast.Expr
	copyOf := func(e ast.Expr, base string) ast.Expr {
		v := r.fresh(base)
		lhs = append(lhs, &ast.Ident{NamePos: e.Pos(), Name: v})
		rhs = append(rhs, e)
		return &ast.Ident{NamePos: e.Pos(), Name: v}
	}
	call := d.Call
	if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
		if id, ok := sel.X.(*ast.Ident); !ok || id.Obj != nil || !r.sc.isPackage(id.Name) {
			if t := r.typeOf(sel.X); isStar(t) || r.valueMethod(t, sel.Sel.Name) {
				sel.X = copyOf(sel.X, "R")
			}
		}
	}
	for i, a := range call.Args {
		if r.keepArg(a) {
			continue
		}
		call.Args[i] = copyOf(a, "A")
	}
	if call.Ellipsis.IsValid() {
		// yaegi drops the ... of a deferred call (defer fmt.Println(xs...)
		// printed [a 1]); a literal made at the defer runs it right.
		d.Call = &ast.CallExpr{Fun: &ast.FuncLit{
			Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{Opening: pos, Closing: pos}},
			Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{&ast.ExprStmt{X: call}}, Rbrace: call.End()},
		}, Lparen: call.End(), Rparen: call.End()}
	}
	if r.madeDefers == nil {
		r.madeDefers = map[*ast.DeferStmt]bool{}
	}
	r.madeDefers[d] = true
	if len(lhs) == 0 {
		return d
	}
	return &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{
		&ast.AssignStmt{Lhs: lhs, TokPos: pos, Tok: token.DEFINE, Rhs: rhs},
		d,
	}, Rbrace: d.End()}
}

// isStar reports whether a type expression is a pointer type.
func isStar(t ast.Expr) bool {
	_, ok := t.(*ast.StarExpr)
	return ok
}

// valueMethod reports whether t names a session type that declares the
// method name with a value receiver: a deferred call of it copies the
// receiver at the defer statement, as Go does.
func (r *rewriter) valueMethod(t ast.Expr, name string) bool {
	id, ok := t.(*ast.Ident)
	if !ok {
		return false
	}
	return r.someSessionType(id.Name, func(nt *namedType) bool { return nt.methods[name] && !nt.ptrMethods[name] })
}

// someSessionType reports whether a type of the session or the cell whose
// interpreter name or user name is name satisfies ok (after a
// redefinition both the old and the new type carry the user name).
func (r *rewriter) someSessionType(name string, ok func(*namedType) bool) bool {
	for _, nt := range r.sessionTypes() { // ifaceguard.go
		if (nt.name == name || nt.user == name) && ok(nt) {
			return true
		}
	}
	return false
}

// keepArg reports whether a deferred call's argument needs no copy: a
// constant, nil, a function literal or a top-level function.
func (r *rewriter) keepArg(a ast.Expr) bool {
	if isConstLit(a) {
		return true
	}
	switch x := unparen(a).(type) {
	case *ast.FuncLit:
		return true
	case *ast.Ident:
		if x.Obj == nil {
			return x.Name == "nil" || x.Name == "true" || x.Name == "false" || x.Name == "iota"
		}
		return x.Obj.Kind == ast.Con || x.Obj.Kind == ast.Fun
	case *ast.SelectorExpr:
		// A member of a package (a constant such as time.Second, or a
		// function) does not change.
		if id, ok := x.X.(*ast.Ident); ok && id.Obj == nil && r.sc.isPackage(id.Name) {
			return true
		}
	case *ast.CallExpr:
		// A call with several results (defer f(g())) cannot be copied
		// into one variable.
		if ft := funcType(r.typeOf(x.Fun)); ft != nil && countResults(ft) != 1 {
			return true
		}
	}
	return false
}

// checkDeferHang refuses a deferred call of a function literal created
// earlier in the same function (see the file comment).
func (r *rewriter) checkDeferHang(d *ast.DeferStmt) {
	closureVar := closureLitVar
	refuse := func(id *ast.Ident) {
		r.fail(id.Pos(), "a deferred call of %s, a function literal created earlier in the same function, deadlocks the interpreter (yaegi v0.16.1); "+
			"write its code in the deferred literal itself: defer func() { ... }()", id.Name)
	}
	if id, ok := unparen(d.Call.Fun).(*ast.Ident); ok && closureVar(id, nil) {
		refuse(id)
		return
	}
	lit, ok := unparen(d.Call.Fun).(*ast.FuncLit)
	if !ok {
		return
	}
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if c, ok := n.(*ast.CallExpr); ok {
			if id, ok := unparen(c.Fun).(*ast.Ident); ok && closureVar(id, lit) {
				refuse(id)
				return false
			}
		}
		return true
	})
}

// closureLitVar reports whether id names a variable its function defines as
// a function literal (not inside outside, when not nil).
func closureLitVar(id *ast.Ident, outside ast.Node) bool {
	if id.Obj == nil || id.Obj.Kind != ast.Var {
		return false
	}
	if outside != nil {
		if p, ok := id.Obj.Decl.(ast.Node); ok && p.Pos() >= outside.Pos() && p.End() <= outside.End() {
			return false // defined inside the deferred literal itself
		}
	}
	switch decl := id.Obj.Decl.(type) {
	case *ast.AssignStmt:
		for i, l := range decl.Lhs {
			if li, ok := l.(*ast.Ident); ok && li.Name == id.Name && i < len(decl.Rhs) && len(decl.Rhs) == len(decl.Lhs) {
				_, isLit := unparen(decl.Rhs[i]).(*ast.FuncLit)
				return isLit
			}
		}
	case *ast.ValueSpec:
		for i, n := range decl.Names {
			if n.Name == id.Name && i < len(decl.Values) {
				_, isLit := unparen(decl.Values[i]).(*ast.FuncLit)
				return isLit
			}
		}
	}
	return false
}
