package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Negative zero arguments.
//
// yaegi v0.16.1 does not copy an argument that reflect reports as zero
// into the frame of an interpreted function it calls by name: the
// parameter keeps its fresh zero value. For a float or complex argument
// that is -0 (and a struct or array holding only zeros, one of them -0)
// the callee got +0, without an error: `f(math.Copysign(0, -1))` with
// `func f(x float64) float64 { return 1 / x }` gave +Inf (Go: -Inf). Only
// the session's package-level functions (generic ones included) are
// called that way; methods, closures, function values and deferred calls
// go through a wrapper that copies every argument. The session calls
// such a function through a conversion to its own type, which makes
// yaegi use that wrapper:
//
//	f(x, y)   =>   (func(a int, x float64) float64)(f)(x, y)
//
// when a parameter's type can hold a -0 (float, complex, or a struct or
// array of them, by value) and its argument is not a constant (a constant
// is never -0) nor a conversion of an integer. The wrapper costs about
// one interpreted call more per call (BenchmarkNegZeroArg). Written for
// this package.

// negZeroArgs rewrites the call c of a package-level function of the
// session that would lose a -0 argument (see above).
func (r *rewriter) negZeroArgs(c *ast.CallExpr) {
	if r.oracle == nil {
		return
	}
	base, _, _ := typeArgsOf(c.Fun)
	id, ok := base.(*ast.Ident)
	if !ok {
		return
	}
	fn, ok := r.oracle.info.Uses[id].(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg() != r.oracle.pkg || fn.Parent() != fn.Pkg().Scope() {
		return
	}
	sig, _ := fn.Type().(*types.Signature)
	if inst, ok := r.oracle.info.Instances[id]; ok {
		sig, _ = inst.Type.(*types.Signature)
	}
	if sig == nil || sig.TypeParams().Len() > 0 {
		return
	}
	if (id.Name == "min" || id.Name == "max") && r.sc.globalType(id.Name) == nil {
		r.typeConstArgs(c, sig) // min(0, x) of the prelude: "cannot use type float64 as type untyped int"
	}
	if !r.losesNegZero(c, sig) {
		return
	}
	if r.logicLeft == nil {
		r.logicLeft = logicLeftCalls(r.root)
	}
	if r.logicLeft[c] {
		return // see logicLeftCalls
	}
	ft := r.oracle.expr(sig)
	if ft == nil {
		return
	}
	fun := c.Fun
	if inst, ok := r.oracle.info.Instances[id]; ok && base == c.Fun {
		r.writeTypeArgs(c, inst.TypeArgs) // a conversion needs the instance
		if c.Fun == base {
			return
		}
		fun = c.Fun
	}
	pos := c.Fun.Pos()
	r.typeConstArgs(c, sig)
	c.Fun = &ast.CallExpr{Fun: &ast.ParenExpr{Lparen: pos, X: cloneTypeAt(ft, pos), Rparen: pos},
		Lparen: pos, Args: []ast.Expr{fun}, Rparen: pos}
}

// typeConstArgs converts the constant arguments of c to the types of
// their parameters in sig (yaegi does not convert them for a
// call of a converted function: "cannot use type float64 as type untyped
// int").
func (r *rewriter) typeConstArgs(c *ast.CallExpr, sig *types.Signature) {
	params := sig.Params()
	for i, a := range c.Args {
		if tv, ok := r.oracle.info.Types[a]; !ok || tv.Value == nil {
			continue
		}
		if sig.Variadic() && i >= params.Len()-1 && c.Ellipsis.IsValid() {
			continue
		}
		pt := paramType(sig, i) // ifacecallarg.go
		if pt == nil {
			continue
		}
		if _, ok := pt.Underlying().(*types.Interface); ok {
			continue // the constant's default type, as Go gives it
		}
		te := r.oracle.expr(pt)
		if te == nil {
			continue
		}
		pos := a.Pos()
		c.Args[i] = &ast.CallExpr{Fun: &ast.ParenExpr{Lparen: pos, X: cloneTypeAt(te, pos), Rparen: pos}, Lparen: pos, Args: []ast.Expr{a}, Rparen: a.End()}
	}
}

// losesNegZero reports whether an argument of c that yaegi copies one by
// one may be a -0 it would drop.
func (r *rewriter) losesNegZero(c *ast.CallExpr, sig *types.Signature) bool {
	return argsLoseNegZero(c, sig, r.neverNegZero)
}

// argsLoseNegZero reports whether an argument of c, a call of a function of
// signature sig, may be a -0 that yaegi drops when it copies the arguments
// one by one: a parameter that can hold one, given an argument for which
// never is false (pkgnegzero.go passes its constants' test).
func argsLoseNegZero(c *ast.CallExpr, sig *types.Signature, never func(ast.Expr) bool) bool {
	params := sig.Params()
	fixed := params.Len()
	if sig.Variadic() {
		fixed-- // the variadic slice is built by appending, which copies
	}
	if len(c.Args) == 1 && fixed > 1 {
		// f(g()) with g's results as the arguments.
		for i := range fixed {
			if holdsNegZero(params.At(i).Type(), 0) {
				return true
			}
		}
		return false
	}
	for i, a := range c.Args {
		if i >= fixed {
			break
		}
		if holdsNegZero(params.At(i).Type(), 0) && !never(a) {
			return true
		}
	}
	return false
}

// holdsNegZero reports whether a value of type t can be a -0 or hold one
// by value.
func holdsNegZero(t types.Type, depth int) bool {
	if depth > 16 {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&(types.IsFloat|types.IsComplex) != 0
	case *types.Array:
		return holdsNegZero(u.Elem(), depth+1)
	case *types.Struct:
		for i := range u.NumFields() {
			if holdsNegZero(u.Field(i).Type(), depth+1) {
				return true
			}
		}
	case *types.TypeParam:
		return true
	}
	return false
}

// neverNegZero reports whether the value of e cannot be or hold a -0: a
// constant, a conversion of an integer, a composite literal of such
// elements.
func (r *rewriter) neverNegZero(e ast.Expr) bool {
	e = unparen(e)
	if tv, ok := r.oracle.info.Types[e]; ok && tv.Value != nil {
		return true
	}
	switch x := e.(type) {
	case *ast.CallExpr:
		if tv, ok := r.oracle.info.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 {
			if at := r.oracle.typeOf(x.Args[0]); at != nil {
				if b, ok := at.Underlying().(*types.Basic); ok && b.Info()&types.IsInteger != 0 {
					return true
				}
			}
		}
	case *ast.CompositeLit:
		for _, el := range x.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				el = kv.Value
			}
			if !r.neverNegZero(el) {
				return false
			}
		}
		return true
	}
	return false
}

// negZeroNeedsTypes reports whether the group f calls a package-level
// function, of the session or of f, with a parameter whose type may hold
// a -0 as the syntax shows it (a float or complex type, a struct type, a
// type parameter): negZeroArgs needs the type oracle for it.
func (s *Session) negZeroNeedsTypes(st *state, f *ast.File) bool {
	funcs := map[string]*ast.FuncType{}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil {
			funcs[fd.Name.Name] = fd.Type
		}
	}
	typeOf := func(name string) *ast.FuncType {
		if ft, ok := funcs[name]; ok {
			return ft
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if d := st.decls[name]; d != nil && d.Kind == "func" {
			ft, _ := d.Type.(*ast.FuncType)
			return ft
		}
		return nil
	}
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if found || !ok || len(c.Args) == 0 {
			return !found
		}
		base, _, _ := typeArgsOf(c.Fun)
		if id, ok := base.(*ast.Ident); ok {
			found = mayHoldNegZero(typeOf(id.Name)) || (id.Name == "min" || id.Name == "max") && id.Obj == nil
		}
		return !found
	})
	return found
}

// mayHoldNegZero reports whether a parameter of ft, as written, may hold a
// -0.
func mayHoldNegZero(ft *ast.FuncType) bool {
	if ft == nil {
		return false
	}
	if ft.TypeParams != nil {
		return true
	}
	found := false
	ast.Inspect(ft.Params, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.Ident:
			switch x.Name {
			case "float32", "float64", "complex64", "complex128":
				found = true
			}
		case *ast.StructType:
			found = true
		case *ast.StarExpr, *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.FuncType:
			if a, ok := x.(*ast.ArrayType); ok && a.Len != nil {
				return !found // an array holds its elements by value
			}
			return false
		}
		return !found
	})
	return found
}

// logicLeftCalls returns the calls inside the left operands of the || and
// && expressions under n (not inside function literals). yaegi v0.16.1
// evaluates such an operand wrongly when it holds a call whose callee is
// parenthesized, as the conversion the -0 rewrite writes,
// `(func(a, b float64) bool)(isFlat)(x, y) || i == 3`: it read another
// slot of the frame, and the expression was false for x < y (a silent
// wrong result in github.com/wcharczuk/go-chart's curve flattening, which
// then panicked, "reflect: call of reflect.Value.Bool on struct Value"),
// or panicked. Such calls keep their callee as written: a -0 argument
// there arrives as +0, as yaegi passes it.
func logicLeftCalls(n ast.Node) map[*ast.CallExpr]bool {
	out := map[*ast.CallExpr]bool{}
	if n == nil {
		return out
	}
	ast.Inspect(n, func(m ast.Node) bool {
		b, ok := m.(*ast.BinaryExpr)
		if !ok || b.Op != token.LOR && b.Op != token.LAND {
			return true
		}
		ast.Inspect(b.X, func(k ast.Node) bool {
			switch x := k.(type) {
			case *ast.FuncLit:
				return false
			case *ast.CallExpr:
				out[x] = true
			}
			return true
		})
		return true
	})
	return out
}
