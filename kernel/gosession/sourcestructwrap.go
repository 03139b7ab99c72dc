package gosession

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
)

// Struct values of a third-party package's types converted to a compiled
// interface in a cell.
//
// pkgstructwrap.go's fault, met in the cell: yaegi v0.16.1's wrapper of a
// compiled interface (error) kept a struct value's last field instead of
// the value, so the package's own `err.(Plain)` of an error a cell made
// from a structwrap.Plain was false (`structwrap.Check(structwrap.Plain{1,
// "x"})` took no case), so was the cell's assertion of it, and `var e
// error = structwrap.DupError{"c"}` panicked (reflect.Set). With the type
// oracle, each conversion a cell makes of a value of a struct type with
// value methods of a package interpreted from source to a compiled
// interface with methods (a return, an assignment or declaration, an
// argument, a composite literal's element, a send, an explicit
// conversion) is written as a call of a literal that converts it in a
// frame of its own and gives the wrapper to the runtime's WrapStruct with
// the value, as package files do:
//
//	structwrap.Check(structwrap.Plain{1, "x"})
//	  → structwrap.Check(func(_activisV structwrap.Plain) error { return _activisiface.WrapStruct(func() error { return _activisV }(), _activisV).(error) }(structwrap.Plain{1, "x"}))
//
// The session's own struct types are errorconv.go's and the refusals'
// (ifaceguard.go, errorchain.go), and so are the arguments of the errors
// package's functions, which errorchain.go walks or refuses (errors.Is
// with a target of such a type equals nothing: sourcetypes.go). Written
// for this package.

// sourceStructWraps rewrites the conversions under n as above.
func (r *rewriter) sourceStructWraps(n ast.Node) {
	if r.oracle == nil {
		return
	}
	var walk func(n ast.Node, results *types.Tuple)
	walk = func(n ast.Node, results *types.Tuple) {
		ast.Inspect(n, func(c ast.Node) bool {
			switch x := c.(type) {
			case *ast.FuncDecl:
				if c != n {
					if fn, ok := r.oracle.info.Defs[x.Name].(*types.Func); ok && x.Body != nil {
						walk(x.Body, fn.Type().(*types.Signature).Results())
					}
					return false
				}
			case *ast.FuncLit:
				if c != n {
					if tv, ok := r.oracle.info.Types[x]; ok {
						if sig, ok := tv.Type.(*types.Signature); ok {
							walk(x.Body, sig.Results())
						}
					}
					return false
				}
			case *ast.ReturnStmt:
				if results != nil && len(x.Results) == results.Len() {
					for i := range x.Results {
						r.wrapSourceStruct(&x.Results[i], results.At(i).Type())
					}
				}
			case *ast.AssignStmt:
				if x.Tok == token.ASSIGN && len(x.Lhs) == len(x.Rhs) {
					for i, l := range x.Lhs {
						r.wrapSourceStruct(&x.Rhs[i], r.oracle.typeOf(l))
					}
				}
			case *ast.ValueSpec:
				if x.Type != nil && len(x.Names) == len(x.Values) {
					if tv, ok := r.oracle.info.Types[x.Type]; ok {
						for i := range x.Values {
							r.wrapSourceStruct(&x.Values[i], tv.Type)
						}
					}
				}
			case *ast.SendStmt:
				if ch, ok := typeUnder[*types.Chan](r.oracle.typeOf(x.Chan)); ok { // pkgifaceloop.go
					r.wrapSourceStruct(&x.Value, ch.Elem())
				}
			case *ast.CallExpr:
				r.wrapSourceArgs(x)
			case *ast.CompositeLit:
				r.wrapSourceElements(x)
			}
			return true
		})
	}
	walk(n, nil)
}

// wrapSourceArgs wraps the arguments of c converted to its parameters, or
// the operand of a conversion.
func (r *rewriter) wrapSourceArgs(c *ast.CallExpr) {
	tv, ok := r.oracle.info.Types[c.Fun]
	if !ok || tv.Type == nil {
		return
	}
	if tv.IsType() {
		if len(c.Args) == 1 {
			r.wrapSourceStruct(&c.Args[0], tv.Type)
		}
		return
	}
	sig, ok := tv.Type.Underlying().(*types.Signature)
	if !ok || c.Ellipsis.IsValid() || len(c.Args) == 1 && sig.Params().Len() > 1 {
		return
	}
	if sel, ok := unparen(c.Fun).(*ast.SelectorExpr); ok {
		if fn, ok := r.oracle.info.Uses[sel.Sel].(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == "errors" {
			return // errorchain.go's, which walks or refuses them
		}
	}
	params := sig.Params()
	for i := range c.Args {
		switch {
		case sig.Variadic() && i >= params.Len()-1:
			if s, ok := typeUnder[*types.Slice](params.At(params.Len() - 1).Type()); ok {
				r.wrapSourceStruct(&c.Args[i], s.Elem())
			}
		case i < params.Len():
			r.wrapSourceStruct(&c.Args[i], params.At(i).Type())
		}
	}
}

// wrapSourceElements wraps the elements, keys and fields of the composite
// literal c converted to its element, key and field types.
func (r *rewriter) wrapSourceElements(c *ast.CompositeLit) {
	t := r.oracle.typeOf(c)
	if t == nil {
		return
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	var elem types.Type
	switch u := t.Underlying().(type) {
	case *types.Slice:
		elem = u.Elem()
	case *types.Array:
		elem = u.Elem()
	case *types.Map:
		elem = u.Elem()
	case *types.Struct:
		for i, e := range c.Elts {
			if kv, ok := e.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok {
					if f, ok := r.oracle.info.Uses[id].(*types.Var); ok {
						r.wrapSourceStruct(&kv.Value, f.Type())
					}
				}
			} else if i < u.NumFields() {
				r.wrapSourceStruct(&c.Elts[i], u.Field(i).Type())
			}
		}
		return
	}
	for i, e := range c.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			r.wrapSourceStruct(&kv.Value, elem)
		} else if elem != nil {
			r.wrapSourceStruct(&c.Elts[i], elem)
		}
	}
}

// wrapSourceStruct replaces *e, converted to the type to, by the call of
// the literal above when to is a compiled interface with methods and *e
// a value of a struct type with value methods of a package interpreted
// from source.
func (r *rewriter) wrapSourceStruct(e *ast.Expr, to types.Type) {
	if to == nil || *e == nil {
		return
	}
	iface, ok := to.Underlying().(*types.Interface)
	if !ok || iface.NumMethods() == 0 || !r.compiledIfaceOf(to) {
		return
	}
	from := r.oracle.typeOf(*e)
	n, ok := from.(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg() == r.oracle.pkg || compiledPackage(n.Obj().Pkg(), r.oracle.pkg) || n.TypeParams().Len() > 0 {
		return
	}
	if _, isStruct := n.Underlying().(*types.Struct); !isStruct || types.NewMethodSet(n).Len() == 0 {
		return
	}
	qual := func(p *types.Package) string { return r.oracle.names[p.Path()] }
	ft, tt := types.TypeString(from, qual), types.TypeString(to, qual)
	rt := r.ifaceRuntimeName()
	if rt == "" || qual(n.Obj().Pkg()) == "" {
		return
	}
	if tn, ok := to.(*types.Named); ok && tn.Obj().Pkg() != nil && qual(tn.Obj().Pkg()) == "" {
		return // an interface of a package the session does not import
	}
	lit, err := parser.ParseExpr("func(_activisV " + ft + ") " + tt + " { return " + rt + ".WrapStruct(func() " + tt + " { return _activisV }(), _activisV).(" + tt + ") }")
	if err != nil {
		return
	}
	pos := (*e).Pos()
	*e = &ast.CallExpr{Fun: setPositions(lit, pos), Lparen: pos, Args: []ast.Expr{*e}, Rparen: (*e).End()}
}

// compiledIfaceOf reports whether t is error or a named interface of a
// compiled package.
func (r *rewriter) compiledIfaceOf(t types.Type) bool {
	if t == types.Universe.Lookup("error").Type() {
		return true
	}
	n, ok := t.(*types.Named)
	return ok && n.Obj().Pkg() != nil && compiledPackage(n.Obj().Pkg(), r.oracle.pkg) // ifacecallarg.go
}
