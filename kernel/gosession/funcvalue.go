package gosession

import (
	"go/ast"
	"go/types"
)

// Package-level functions returned or stored in a map literal.
//
// yaegi v0.16.1 returns a function declared in the session, named as a
// value in a return statement (`func get() func(float64) bool { return
// f }`), as its own syntax node, and panicked where the result was stored
// ("reflect.Set: value of type *interp.node is not assignable to type
// func(float64) bool"); the same for a map literal's value (`map[string]
// func(int) int{"sq": sq}`, "reflect.Value.SetMapIndex"). Elsewhere (an
// assignment, a slice or struct literal, an argument) it makes a
// function value. In those two places the session converts the name to
// its own function type, which makes yaegi build the value:
//
//	return f   =>   return (func(x float64) bool)(f)
//
// A local variable holding such a function (`padFunc := Pad; …; return
// padFunc`, github.com/olekukonko/tablewriter v0.0.5's pad) panicked the
// same way when returned, and gets the same conversion to its type; so do
// package files (pkgFuncValueReturns, with the package's types).
//
// So does an argument of a function of fmt or reflect: fmt printed
// `*interp.node` for `fmt.Printf("%T", isEven)` (Go: func(int) bool) and
// reflect.TypeOf gave that type too, without an error; and an argument of
// a call that spreads a slice (`filter(isEven, nums...)` panicked as a
// return did). Written for this package.

// funcValues rewrites the names of package-level functions among the
// results of a return statement or the values of a map literal n (see
// above).
func (r *rewriter) funcValues(n ast.Node) {
	if r.oracle == nil {
		return
	}
	switch x := n.(type) {
	case *ast.ReturnStmt:
		for i, e := range x.Results {
			x.Results[i] = r.funcValue(e)
		}
	case *ast.CallExpr:
		if !r.compiledCall(x) && !x.Ellipsis.IsValid() {
			return
		}
		for i, e := range x.Args {
			x.Args[i] = r.funcValue(e)
		}
	case *ast.CompositeLit:
		t := r.oracle.typeOf(x)
		if t == nil {
			return
		}
		if _, ok := t.Underlying().(*types.Map); !ok {
			return
		}
		for _, el := range x.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				kv.Value = r.funcValue(kv.Value)
			}
		}
	}
}

// compiledCall reports whether c calls a function of fmt or reflect,
// which show the values they get, not call them (functions that call a
// callback get it through gostart.go's guard, which such a conversion
// would hide).
func (r *rewriter) compiledCall(c *ast.CallExpr) bool {
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok || pkg.Obj != nil {
		return false
	}
	path := r.importPath(pkg)
	return path == "fmt" || path == "reflect"
}

// funcValue returns e converted to its function type when it names a
// non-generic package-level function of the session or a local variable
// of an unnamed function type, or e.
func (r *rewriter) funcValue(e ast.Expr) ast.Expr {
	id, ok := e.(*ast.Ident)
	if !ok {
		return e
	}
	sig := funcValueType(r.oracle.info, r.oracle.pkg, id)
	if sig == nil {
		return e
	}
	ft := r.oracle.expr(sig)
	if ft == nil {
		return e
	}
	pos := id.Pos()
	return &ast.CallExpr{Fun: &ast.ParenExpr{Lparen: pos, X: cloneTypeAt(ft, pos), Rparen: pos}, Lparen: pos, Args: []ast.Expr{id}, Rparen: id.End()}
}

// funcValueType returns the type to convert id to (see above): the
// signature of the non-generic package-level function of pkg it names, or
// the type of the local variable of an unnamed function type it names;
// nil for anything else.
func funcValueType(info *types.Info, pkg *types.Package, id *ast.Ident) types.Type {
	switch o := info.Uses[id].(type) {
	case *types.Func:
		sig, ok := o.Type().(*types.Signature)
		if o.Pkg() != pkg || o.Parent() != o.Pkg().Scope() || !ok || sig.TypeParams().Len() > 0 {
			return nil
		}
		return sig
	case *types.Var:
		if o.Pkg() != pkg || o.Parent() == nil || o.Parent() == o.Pkg().Scope() || o.IsField() {
			return nil
		}
		// A variable of a named func type is left alone: it holds a func
		// value (`var f PadFunc = PadRight`), and converting it to that
		// type made a cell's call of the result fail in the CFG.
		sig, ok := o.Type().(*types.Signature)
		if !ok {
			return nil
		}
		return sig
	}
	return nil
}

// funcValueNeedsTypes reports whether the group f may return or store in
// a map literal a function of the session or of f by name, or return a
// variable given one: funcValues needs the type oracle for it.
func (s *Session) funcValueNeedsTypes(st *state, f *ast.File) bool {
	funcs := map[string]bool{}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil {
			funcs[fd.Name.Name] = true
		}
	}
	isFunc := func(e ast.Expr) bool {
		id, ok := e.(*ast.Ident)
		if !ok {
			return false
		}
		if funcs[id.Name] {
			return true
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		d := st.decls[id.Name]
		return d != nil && d.Kind == "func"
	}
	// The names of variables given a function by name (`f := Pad`),
	// which a return of f needs converted too.
	holders := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.AssignStmt:
			if len(x.Lhs) == len(x.Rhs) {
				for i, l := range x.Lhs {
					if id, ok := l.(*ast.Ident); ok && isFunc(x.Rhs[i]) {
						holders[id.Name] = true
					}
				}
			}
		case *ast.ValueSpec:
			if len(x.Names) == len(x.Values) {
				for i, id := range x.Names {
					if isFunc(x.Values[i]) {
						holders[id.Name] = true
					}
				}
			}
		}
		return true
	})
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.ReturnStmt:
			for _, e := range x.Results {
				id, ok := e.(*ast.Ident)
				found = found || isFunc(e) || ok && holders[id.Name]
			}
		case *ast.KeyValueExpr:
			found = found || isFunc(x.Value)
		case *ast.CallExpr:
			if _, ok := x.Fun.(*ast.SelectorExpr); ok || x.Ellipsis.IsValid() {
				for _, e := range x.Args {
					found = found || isFunc(e)
				}
			}
		}
		return !found
	})
	return found
}

// pkgFuncValueReturns does what funcValues does for the results of the
// return statement x of a package file.
func (w *pkgGoWriter) pkgFuncValueReturns(x *ast.ReturnStmt) {
	if w.types == nil {
		return
	}
	for _, e := range x.Results {
		id, ok := e.(*ast.Ident)
		if !ok {
			continue
		}
		if t := funcValueType(w.types.info, w.types.pkg, id); t != nil {
			if text := w.typeText(t); text != "" {
				w.enclose(id, "("+text+")(", ")")
			}
		}
	}
}
