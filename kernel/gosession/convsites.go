package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
)

// implicitConversions calls visit for each expression under n that the
// type check info shows assigned to a variable, parameter, result,
// element, field or channel of type to (a conversion when to is an
// interface): the slot holding it, to, and the call it is an argument of
// (nil elsewhere). Returns take the results of the function or literal
// around them; an explicit conversion T(x) counts with to = T. Used by
// pkgstructwrap.go (package files) and sourcestructwrap.go (cells).
func implicitConversions(n ast.Node, info *types.Info, visit func(slot *ast.Expr, to types.Type, call *ast.CallExpr)) {
	resultsWalk(n, info, func(c ast.Node, results *types.Tuple) {
		switch x := c.(type) {
		case *ast.ReturnStmt:
			if results != nil && len(x.Results) == results.Len() {
				for i := range x.Results {
					visit(&x.Results[i], results.At(i).Type(), nil)
				}
			}
		case *ast.AssignStmt:
			if x.Tok == token.ASSIGN && len(x.Lhs) == len(x.Rhs) {
				for i, l := range x.Lhs {
					if t := info.TypeOf(l); t != nil {
						visit(&x.Rhs[i], t, nil)
					}
				}
			}
		case *ast.ValueSpec:
			if x.Type == nil || len(x.Names) != len(x.Values) {
				break
			}
			if t := info.TypeOf(x.Type); t != nil {
				for i := range x.Values {
					visit(&x.Values[i], t, nil)
				}
			}
		case *ast.SendStmt:
			if ch, ok := typeUnder[*types.Chan](info.TypeOf(x.Chan)); ok { // pkgifaceloop.go
				visit(&x.Value, ch.Elem(), nil)
			}
		case *ast.CallExpr:
			callConversions(x, info, visit)
		case *ast.CompositeLit:
			elementConversions(x, info, visit)
		}
	})
}

// resultsWalk calls f for each node under n with the results of the
// function or function literal it is in (nil outside them), as info
// types them; a function whose type info lacks is not entered.
func resultsWalk(n ast.Node, info *types.Info, f func(c ast.Node, results *types.Tuple)) {
	var walk func(n ast.Node, results *types.Tuple)
	walk = func(n ast.Node, results *types.Tuple) {
		ast.Inspect(n, func(c ast.Node) bool {
			switch x := c.(type) {
			case nil:
				return false
			case *ast.FuncDecl, *ast.FuncLit:
				if c != n {
					if sig, body := funcSignature(x, info); sig != nil && body != nil { // tupleiface.go
						walk(body, sig.Results())
					}
					return false
				}
			}
			f(c, results)
			return true
		})
	}
	walk(n, nil)
}

// callConversions visits the arguments of c converted to its parameters,
// or the operand of a conversion.
func callConversions(c *ast.CallExpr, info *types.Info, visit func(*ast.Expr, types.Type, *ast.CallExpr)) {
	tv, ok := info.Types[c.Fun]
	if !ok || tv.Type == nil {
		return
	}
	if tv.IsType() {
		if len(c.Args) == 1 {
			visit(&c.Args[0], tv.Type, nil)
		}
		return
	}
	sig, ok := tv.Type.Underlying().(*types.Signature)
	if !ok || c.Ellipsis.IsValid() || len(c.Args) == 1 && sig.Params().Len() > 1 {
		return // f(g()) with g's results
	}
	params := sig.Params()
	for i := range c.Args {
		switch {
		case sig.Variadic() && i >= params.Len()-1:
			if s, ok := typeUnder[*types.Slice](params.At(params.Len() - 1).Type()); ok {
				visit(&c.Args[i], s.Elem(), c)
			}
		case i < params.Len():
			visit(&c.Args[i], params.At(i).Type(), c)
		}
	}
}

// elementConversions visits the elements, keys and fields of the
// composite literal c converted to its element, key and field types.
func elementConversions(c *ast.CompositeLit, info *types.Info, visit func(*ast.Expr, types.Type, *ast.CallExpr)) {
	t := info.TypeOf(c)
	if t == nil {
		return
	}
	if p, ok := t.Underlying().(*types.Pointer); ok { // an elided &T{} in a list
		t = p.Elem()
	}
	var key, elem types.Type
	switch u := t.Underlying().(type) {
	case *types.Slice:
		elem = u.Elem()
	case *types.Array:
		elem = u.Elem()
	case *types.Map:
		key, elem = u.Key(), u.Elem()
	case *types.Struct:
		for i, e := range c.Elts {
			kv, ok := e.(*ast.KeyValueExpr)
			if !ok {
				if i < u.NumFields() {
					visit(&c.Elts[i], u.Field(i).Type(), nil)
				}
				continue
			}
			if id, ok := kv.Key.(*ast.Ident); ok {
				if f, ok := info.Uses[id].(*types.Var); ok {
					visit(&kv.Value, f.Type(), nil)
				}
			}
		}
		return
	default:
		return
	}
	for i, e := range c.Elts {
		kv, ok := e.(*ast.KeyValueExpr)
		if !ok {
			visit(&c.Elts[i], elem, nil)
			continue
		}
		if key != nil {
			visit(&kv.Key, key, nil)
		}
		visit(&kv.Value, elem, nil)
	}
}

// tupleConversions calls visit for each result of a call with several
// results under n that the type check info shows given on as they are to
// variables, parameters or results of other types (`return pair()`, `e, n
// = pair()`, `var e, n I = pair()`, `f(pair())`): the call, the result's
// type and the type it is converted to.
func tupleConversions(n ast.Node, info *types.Info, visit func(call *ast.CallExpr, from, to types.Type)) {
	each := func(e ast.Expr, to func(i int) types.Type, count int) {
		call, ok := unparen(e).(*ast.CallExpr)
		if !ok {
			return
		}
		tuple, ok := info.TypeOf(call).(*types.Tuple)
		if !ok || tuple.Len() != count {
			return
		}
		for i := range count {
			if t := to(i); t != nil && !types.Identical(t, tuple.At(i).Type()) {
				visit(call, tuple.At(i).Type(), t)
			}
		}
	}
	resultsWalk(n, info, func(c ast.Node, results *types.Tuple) {
		switch x := c.(type) {
		case *ast.ReturnStmt:
			if results != nil && len(x.Results) == 1 && results.Len() > 1 {
				each(x.Results[0], func(i int) types.Type { return results.At(i).Type() }, results.Len())
			}
		case *ast.AssignStmt:
			if x.Tok == token.ASSIGN && len(x.Rhs) == 1 && len(x.Lhs) > 1 {
				each(x.Rhs[0], func(i int) types.Type { return info.TypeOf(x.Lhs[i]) }, len(x.Lhs))
			}
		case *ast.ValueSpec:
			if x.Type != nil && len(x.Values) == 1 && len(x.Names) > 1 {
				each(x.Values[0], func(int) types.Type { return info.TypeOf(x.Type) }, len(x.Names))
			}
		case *ast.CallExpr:
			if len(x.Args) != 1 || x.Ellipsis.IsValid() {
				break
			}
			if sig, ok := info.TypeOf(x.Fun).(*types.Signature); ok && !sig.Variadic() {
				each(x.Args[0], func(i int) types.Type { return sig.Params().At(i).Type() }, sig.Params().Len())
			}
		}
	})
}
