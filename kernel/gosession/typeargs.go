package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Explicit type arguments for generic calls.
//
// yaegi v0.16.1 infers the type arguments of a generic call by the
// position at which the parameters occur, not by unification: with
// `func Map[T, U any](s []T, f func(T) U) []U`, the call
// `Map(xs, strconv.Itoa)` fails ("undefined type for U") and
// `Map(words, func(s string) float64 {…})` takes U to be string. When a
// call of a session generic function has two type parameters or more, one
// of which occurs inside a function-typed parameter, and the rewriter knows
// the argument types, it unifies them with the parameter types as Go does
// and writes the type arguments out: `Map[int, string](xs, strconv.Itoa)`.
// Untyped constant arguments bind nothing; when a type parameter stays
// unbound, the call is left to yaegi. Written for this package.

// typeArgs adds inferred type arguments to a generic call (in place).
func (r *rewriter) typeArgs(c *ast.CallExpr) {
	if base, args, ok := typeArgsOf(c.Fun); ok {
		r.partialTypeArgs(c, base, len(args))
		return
	}
	if sel, ok := c.Fun.(*ast.SelectorExpr); ok {
		r.stdTypeArgs(c, sel)
		return
	}
	id, ok := c.Fun.(*ast.Ident)
	if !ok {
		return
	}
	if c.Ellipsis.IsValid() {
		// yaegi inferred no type argument from a spread slice
		// (`NewSet(xs...)`: "undefined type for T").
		r.oracleTypeArgs(c, id)
		return
	}
	ft, ok := r.identType(id).(*ast.FuncType)
	if !ok || ft.TypeParams == nil || ft.Params == nil {
		return
	}
	tparams, isParam := typeParamNames(ft)
	inFunc := false
	for _, p := range fieldTypes(ft.Params) {
		if _, ok := p.(*ast.FuncType); ok && mentions(p, isParam) {
			inFunc = true
		}
	}
	if len(tparams) < 2 || !inFunc {
		r.oracleTypeArgs(c, id)
		return
	}
	bound := r.bindTypeParams(c.Args, ft)
	if bound == nil {
		r.oracleTypeArgs(c, id)
		return
	}
	pos := c.Fun.Pos()
	var idx []ast.Expr
	for _, n := range tparams {
		idx = append(idx, cloneTypeAt(bound[n], pos))
	}
	c.Fun = &ast.IndexListExpr{X: c.Fun, Lbrack: pos, Indices: idx, Rbrack: pos}
}

// stdTypeArgs writes out the type arguments the type oracle inferred for
// a call of a generic function of a standard package interpreted from
// source (slices, maps, cmp: sourceGenericStd) that yaegi's positional
// inference gets wrong: two or more type parameters
// (`maps.EqualFunc(m1, m2, eq)` with maps of different value types
// failed, "cannot use type map[int][]uint8 as type map[int]int"), a
// variadic one (`slices.Concat(a, b)`), or a constant argument
// (`cmp.Less(2.5, 1)`: "untyped float does not implement cmp.Ordered").
// So it does for the generic functions of third-party packages
// interpreted from source (github.com/samber/lo's Map, Filter and Uniq
// failed, "cannot use type func(int,int) string as type func(int,int)
// int", "invalid argument for len"; from a constant yaegi inferred an
// untyped type argument, and github.com/samber/mo's `Some(42)` then
// failed in the package's `empty[T]()`, "undefined type for T").
func (r *rewriter) stdTypeArgs(c *ast.CallExpr, sel *ast.SelectorExpr) {
	if r.oracle == nil {
		return
	}
	inst, ok := r.oracle.info.Instances[sel.Sel]
	if !ok || inst.TypeArgs == nil || inst.TypeArgs.Len() == 0 {
		return
	}
	fn, ok := r.oracle.info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil || !sourceGenericStd(fn.Pkg().Path()) && !sourceModule(fn.Pkg().Path()) {
		return
	}
	if !positionalInferenceFails(r.oracle.info, inst, c) && !r.compiledTypedArg(c) {
		return
	}
	for i := range inst.TypeArgs.Len() {
		if holdsTypeParam(inst.TypeArgs.At(i), map[types.Type]bool{}) {
			return // a call inside a generic body stays yaegi's
		}
	}
	r.writeTypeArgs(c, inst.TypeArgs)
}

// compiledTypedArg reports whether an argument of c may have its type
// from compiled code: a variable, field, index or call result (not a
// literal) of a slice, map, channel or function type, unnamed or named by
// a compiled package. yaegi inferred no type argument from such a value:
// `w := strings.Fields(s)` and then `slices.Max(w)`, `slices.Sort(w)`,
// `slices.Clone(w)`, `slices.Values(w)` or `slices.Equal(w, w)` failed
// with "CFG post-order panic: … nil pointer dereference" (`slices.Contains`
// and `slices.Index` worked), as did `maps.Clone` of such a map.
func (r *rewriter) compiledTypedArg(c *ast.CallExpr) bool {
	for _, a := range c.Args {
		switch unparen(a).(type) {
		case *ast.CompositeLit, *ast.FuncLit, *ast.BasicLit:
			continue
		}
		t := r.oracle.typeOf(a)
		if t == nil {
			continue
		}
		if n, ok := types.Unalias(t).(*types.Named); ok && (n.Obj().Pkg() == nil || n.Obj().Pkg().Name() == "main") {
			continue
		}
		switch t.Underlying().(type) {
		case *types.Slice, *types.Map, *types.Chan, *types.Signature:
			return true
		}
	}
	return false
}

// positionalInferenceFails reports whether yaegi's inference is wrong or
// empty for the call c of the instance inst (info is c's check): two or
// more type parameters, a variadic one, the results of a call as the
// arguments (`TupleToOption(onValue(v))` in github.com/samber/mo failed
// in the CFG, "index out of range [1] with length 1"), or a constant
// argument, from which yaegi infers no type argument (`cmp.Less(2.5, 1)`:
// "untyped float does not implement cmp.Ordered"), or a value of an
// unnamed type given to a parameter of a generic named type, from which
// yaegi cannot infer (`iterators.New(splitFuncString, s)` for `func
// New[T Stringish](split SplitFunc[T], data T)`, in
// github.com/clipperhouse/uax29 v2.2.0: a nil dereference in the CFG).
// Cells (stdTypeArgs) and package files (pkggenericcall.go) ask it.
func positionalInferenceFails(info *types.Info, inst types.Instance, c *ast.CallExpr) bool {
	if sig, _ := inst.Type.(*types.Signature); inst.TypeArgs.Len() >= 2 || sig != nil && sig.Variadic() {
		return true
	}
	if unnamedToGenericNamed(info, c) {
		return true
	}
	if len(c.Args) == 1 {
		if _, tuple := info.Types[c.Args[0]].Type.(*types.Tuple); tuple {
			return true // f(g()) with g's results: yaegi's inference read one argument ("index out of range [1]")
		}
	}
	for _, a := range c.Args {
		if tv, ok := info.Types[a]; ok && tv.Value != nil {
			return true
		}
	}
	return false
}

// unnamedToGenericNamed reports whether the generic function c calls has
// a parameter whose type is an instance of a generic named type
// (`SplitFunc[T]`) given a value of an unnamed type.
func unnamedToGenericNamed(info *types.Info, c *ast.CallExpr) bool {
	fn, ok := info.Uses[refIdent(unparen(c.Fun))].(*types.Func)
	if !ok {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return false
	}
	for i, a := range c.Args {
		if i >= sig.Params().Len() {
			break
		}
		p, ok := sig.Params().At(i).Type().(*types.Named)
		if !ok || p.TypeArgs().Len() == 0 {
			continue
		}
		if at := info.Types[a].Type; at != nil {
			if _, named := at.(*types.Named); !named {
				return true
			}
		}
	}
	return false
}

// oracleTypeArgs writes out the type arguments the type oracle
// (typecheck.go) inferred for a call of a session generic function, unless
// one of them is or holds a type parameter (a call inside a generic body
// stays yaegi's). yaegi infers nothing from an argument whose type comes
// from compiled code: `First(strings.Fields(s))`, or `First(fields)` for
// `fields := strings.Fields(s)`, failed with "CFG post-order panic" for
// `func First[T any](xs []T) T`; nor from untyped constants passed to a
// variadic parameter (`Sum(1, 2, 3)` for `func Sum[T Number](xs ...T) T`
// failed with "undefined type for T"), where Go takes their default
// types, as the oracle does; nor from a slice spread into a variadic
// parameter (`NewSet(xs...)`, `NewSet(strings.Fields(s)...)`: "undefined
// type for T", until stop 46).
func (r *rewriter) oracleTypeArgs(c *ast.CallExpr, id *ast.Ident) {
	if r.oracle == nil {
		return
	}
	inst, ok := r.oracle.info.Instances[id]
	if !ok || inst.TypeArgs == nil || inst.TypeArgs.Len() == 0 {
		return
	}
	for i := range inst.TypeArgs.Len() {
		if t := inst.TypeArgs.At(i); !r.ownTypeParam(id, i, t) && holdsTypeParam(t, map[types.Type]bool{}) {
			return
		}
	}
	r.writeTypeArgs(c, inst.TypeArgs)
}

// ownTypeParam reports whether t, the i-th type argument the oracle
// inferred for the call of id, may be written out although it is a type
// parameter: the called function's own i-th (a recursive call inside the
// generic body with the same type arguments, `count(n.left)` in `func
// count[T any](n *node[T]) int`), or a type parameter of the caller given
// to a generic function that calls itself (`2 * count(n)` in `func
// twice[T any](n *node[T]) int`). yaegi instantiated the first without
// end (the cell hung, its memory growing) and overflowed its stack on the
// second (the kernel died) unless they are written out. Other calls
// inside generic bodies keep yaegi's inference (`Sum[T](xs)` inside a
// generic `Mean` instantiated for several types failed).
func (r *rewriter) ownTypeParam(id *ast.Ident, i int, t types.Type) bool {
	fn, ok := r.oracle.info.Uses[id].(*types.Func)
	if !ok {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.TypeParams() == nil || i >= sig.TypeParams().Len() {
		return false
	}
	if types.Type(sig.TypeParams().At(i)) == t {
		return true
	}
	_, bare := t.(*types.TypeParam)
	return bare && r.callsItself(id.Name)
}

// callsItself reports whether the generic function name, declared in the
// cell or the session, calls itself directly.
func (r *rewriter) callsItself(name string) bool {
	var fd *ast.FuncDecl
	if f, ok := r.root.(*ast.File); ok {
		for _, d := range f.Decls {
			if x, ok := d.(*ast.FuncDecl); ok && x.Recv == nil && x.Name.Name == name {
				fd = x
			}
		}
	}
	if fd == nil {
		fd = r.oracle.funcDecl(name)
	}
	if fd == nil || fd.Body == nil {
		return false
	}
	found := false
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			base, _, _ := typeArgsOf(c.Fun)
			if id, ok := base.(*ast.Ident); ok && id.Name == name {
				found = true
			}
		}
		return !found
	})
	return found
}

// cellCallsGeneric reports whether the cell f calls a generic function of the
// session or of its own without type arguments: then the type oracle runs
// for it (typecheck.go) so that oracleTypeArgs can write them.
func (s *Session) cellCallsGeneric(st *state, f *ast.File) bool {
	isGeneric := s.genericFuncs(st, f)
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if found || !ok {
			return !found
		}
		if _, _, explicit := typeArgsOf(c.Fun); explicit {
			found = true // its arguments may be partial (partialTypeArgs)
			return false
		}
		if sel, ok := c.Fun.(*ast.SelectorExpr); ok {
			if pkg, ok := sel.X.(*ast.Ident); ok && sourceModule(st.imports[pkg.Name]) && sourceGenericFunc(st, st.imports[pkg.Name], sel.Sel.Name) {
				found = true // see returncall.go
				return false
			}
		}
		id, ok := c.Fun.(*ast.Ident)
		if !ok {
			return true
		}
		found = isGeneric(id.Name)
		return !found
	})
	return found
}

// genericFuncs returns a test of whether a name is a generic function the
// group f or the session declares.
func (s *Session) genericFuncs(st *state, f *ast.File) func(string) bool {
	generic := map[string]bool{}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Type.TypeParams != nil {
			generic[fd.Name.Name] = true
		}
	}
	return func(name string) bool {
		if generic[name] {
			return true
		}
		s.mu.Lock()
		d := st.decls[name]
		s.mu.Unlock()
		if d == nil || d.Kind != "func" {
			return false
		}
		ft, ok := d.Type.(*ast.FuncType)
		return ok && ft.TypeParams != nil
	}
}

// holdsTypeParam reports whether t is or is made of a type parameter.
func holdsTypeParam(t types.Type, seen map[types.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	switch x := t.(type) {
	case *types.TypeParam:
		return true
	case *types.Named:
		if args := x.TypeArgs(); args != nil {
			for i := range args.Len() {
				if holdsTypeParam(args.At(i), seen) {
					return true
				}
			}
		}
		return false
	case *types.Alias:
		return holdsTypeParam(types.Unalias(x), seen)
	case interface{ Elem() types.Type }: // pointer, slice, array, chan, map (its key below)
		if m, ok := x.(*types.Map); ok && holdsTypeParam(m.Key(), seen) {
			return true
		}
		return holdsTypeParam(x.Elem(), seen)
	case *types.Signature:
		for _, tup := range []*types.Tuple{x.Params(), x.Results()} {
			for i := range tup.Len() {
				if holdsTypeParam(tup.At(i).Type(), seen) {
					return true
				}
			}
		}
	case *types.Struct:
		for i := range x.NumFields() {
			if holdsTypeParam(x.Field(i).Type(), seen) {
				return true
			}
		}
	case *types.Interface:
		for i := range x.NumExplicitMethods() {
			if holdsTypeParam(x.ExplicitMethod(i).Type(), seen) {
				return true
			}
		}
		for i := range x.NumEmbeddeds() {
			if holdsTypeParam(x.EmbeddedType(i), seen) {
				return true
			}
		}
	}
	return false
}

// writeTypeArgs gives the call c the explicit type arguments targs, as
// the oracle writes them, at the position of its function; it leaves the
// call alone when a type argument cannot be written in a cell.
func (r *rewriter) writeTypeArgs(c *ast.CallExpr, targs *types.TypeList) bool {
	pos := c.Fun.Pos()
	var idx []ast.Expr
	for i := range targs.Len() {
		e := r.oracle.expr(targs.At(i))
		if e == nil {
			return false
		}
		idx = append(idx, cloneTypeAt(e, pos))
	}
	if len(idx) == 1 {
		c.Fun = &ast.IndexExpr{X: c.Fun, Lbrack: pos, Index: idx[0], Rbrack: pos}
		return true
	}
	c.Fun = &ast.IndexListExpr{X: c.Fun, Lbrack: pos, Indices: idx, Rbrack: pos}
	return true
}

// partialTypeArgs completes the explicit type arguments of a generic call
// that gives fewer than the function has (`NewPair[string]("b", 2)`,
// the rest inferred as Go does), which yaegi failed to compile (a nil
// dereference in its CFG), with all of those the oracle instantiated
// (`NewPair[string, int]`). n is the number given, base the function.
func (r *rewriter) partialTypeArgs(c *ast.CallExpr, base ast.Expr, n int) {
	if r.oracle == nil {
		return
	}
	id := refIdent(base)
	if id == nil {
		return
	}
	inst, ok := r.oracle.info.Instances[id]
	if !ok || inst.TypeArgs == nil || inst.TypeArgs.Len() <= n {
		return
	}
	for i := range inst.TypeArgs.Len() {
		if holdsTypeParam(inst.TypeArgs.At(i), map[types.Type]bool{}) {
			return // inside a generic body: left to yaegi
		}
	}
	given := c.Fun
	if c.Fun = base; !r.writeTypeArgs(c, inst.TypeArgs) {
		c.Fun = given
	}
}

// typeArgsOf splits an instantiation, F[A] or F[A, B], into what is
// instantiated and its type arguments; any other expression is returned
// whole, with ok false.
func typeArgsOf(e ast.Expr) (base ast.Expr, args []ast.Expr, ok bool) {
	switch x := e.(type) {
	case *ast.IndexExpr:
		return x.X, []ast.Expr{x.Index}, true
	case *ast.IndexListExpr:
		return x.X, x.Indices, true
	}
	return e, nil, false
}

// refIdent returns the identifier a name or a qualified name refers by
// (x for x, Sel for p.x and v.x), or nil.
func refIdent(e ast.Expr) *ast.Ident {
	switch x := e.(type) {
	case *ast.Ident:
		return x
	case *ast.SelectorExpr:
		return x.Sel
	}
	return nil
}

// typeParamNames lists the type parameters of a generic function type.
func typeParamNames(ft *ast.FuncType) ([]string, map[string]bool) {
	var tparams []string
	isParam := map[string]bool{}
	if ft.TypeParams == nil {
		return nil, isParam
	}
	for _, f := range ft.TypeParams.List {
		for _, n := range f.Names {
			tparams = append(tparams, n.Name)
			isParam[n.Name] = true
		}
	}
	return tparams, isParam
}

// bindTypeParams unifies the types of args with the parameters of ft and
// returns every type parameter's type, or nil when one stays unbound or
// two bindings conflict.
func (r *rewriter) bindTypeParams(args []ast.Expr, ft *ast.FuncType) map[string]ast.Expr {
	tparams, isParam := typeParamNames(ft)
	ptypes := fieldTypes(ft.Params)
	bound := map[string]ast.Expr{}
	conflict := false
	var unify func(p, a ast.Expr)
	unify = func(p, a ast.Expr) {
		if conflict || a == nil {
			return
		}
		switch x := p.(type) {
		case *ast.Ident:
			if !isParam[x.Name] {
				return
			}
			if old, ok := bound[x.Name]; ok {
				if nodeString(token.NewFileSet(), old) != nodeString(token.NewFileSet(), a) {
					conflict = true
				}
				return
			}
			bound[x.Name] = a
		case *ast.ParenExpr:
			unify(x.X, a)
		case *ast.StarExpr:
			if y, ok := a.(*ast.StarExpr); ok {
				unify(x.X, y.X)
			}
		case *ast.ArrayType:
			if y, ok := a.(*ast.ArrayType); ok && (x.Len == nil) == (y.Len == nil) {
				unify(x.Elt, y.Elt)
			}
		case *ast.MapType:
			if y, ok := a.(*ast.MapType); ok {
				unify(x.Key, y.Key)
				unify(x.Value, y.Value)
			}
		case *ast.ChanType:
			if y, ok := a.(*ast.ChanType); ok {
				unify(x.Value, y.Value)
			}
		case *ast.FuncType:
			y, ok := a.(*ast.FuncType)
			if !ok {
				return
			}
			xp, yp := fieldTypes(x.Params), fieldTypes(y.Params)
			xr, yr := fieldTypes(x.Results), fieldTypes(y.Results)
			if len(xp) != len(yp) || len(xr) != len(yr) {
				conflict = true
				return
			}
			for i := range xp {
				unify(xp[i], yp[i])
			}
			for i := range xr {
				unify(xr[i], yr[i])
			}
		}
	}
	if len(args) != len(ptypes) {
		return nil
	}
	for i, a := range args {
		if isConstLit(a) {
			continue
		}
		unify(ptypes[i], r.typeOf(a))
	}
	if conflict || len(bound) != len(tparams) {
		return nil
	}
	return bound
}

// genericResult returns the result type of a call of a session generic
// function with its type parameters replaced by the type arguments
// (explicit or inferred), or nil.
func (r *rewriter) genericResult(e ast.Expr) ast.Expr {
	c, ok := unparen(e).(*ast.CallExpr)
	if !ok || c.Ellipsis.IsValid() {
		return nil
	}
	fun, explicit, _ := typeArgsOf(c.Fun)
	id, ok := fun.(*ast.Ident)
	if !ok {
		return nil
	}
	ft, ok := r.identType(id).(*ast.FuncType)
	if !ok || ft.TypeParams == nil || ft.Results == nil || countResults(ft) != 1 {
		return nil
	}
	tparams, _ := typeParamNames(ft)
	var bound map[string]ast.Expr
	if len(explicit) == len(tparams) {
		bound = map[string]ast.Expr{}
		for i, n := range tparams {
			bound[n] = explicit[i]
		}
	} else if bound = r.bindTypeParams(c.Args, ft); bound == nil {
		return nil
	}
	return substType(ft.Results.List[0].Type, bound, c.Pos())
}

// substType copies the type expression t at pos with the type parameters
// in bound replaced.
func substType(t ast.Expr, bound map[string]ast.Expr, pos token.Pos) ast.Expr {
	t = cloneTypeAt(t, pos)
	var walk func(e ast.Expr) ast.Expr
	walk = func(e ast.Expr) ast.Expr {
		switch x := e.(type) {
		case *ast.Ident:
			if b, ok := bound[x.Name]; ok {
				return cloneTypeAt(b, pos)
			}
		case *ast.StarExpr:
			x.X = walk(x.X)
		case *ast.ArrayType:
			x.Elt = walk(x.Elt)
		case *ast.MapType:
			x.Key, x.Value = walk(x.Key), walk(x.Value)
		case *ast.ChanType:
			x.Value = walk(x.Value)
		case *ast.IndexExpr:
			x.Index = walk(x.Index)
		case *ast.IndexListExpr:
			for i, ix := range x.Indices {
				x.Indices[i] = walk(ix)
			}
		case *ast.FuncType:
			for _, fl := range []*ast.FieldList{x.Params, x.Results} {
				if fl != nil {
					for _, f := range fl.List {
						f.Type = walk(f.Type)
					}
				}
			}
		case *ast.StructType:
			for _, f := range x.Fields.List {
				f.Type = walk(f.Type)
			}
		case *ast.ParenExpr:
			x.X = walk(x.X)
		case *ast.Ellipsis:
			x.Elt = walk(x.Elt)
		}
		return e
	}
	return walk(t)
}

// mentions reports whether the type expression t names one of params.
func mentions(t ast.Expr, params map[string]bool) bool {
	found := false
	ast.Inspect(t, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && params[id.Name] {
			found = true
		}
		return !found
	})
	return found
}

// fieldTypes lists the types of a field list, one per name.
func fieldTypes(fl *ast.FieldList) []ast.Expr {
	if fl == nil {
		return nil
	}
	var out []ast.Expr
	for _, f := range fl.List {
		for range max(len(f.Names), 1) {
			out = append(out, f.Type)
		}
	}
	return out
}

// cloneTypeAt copies a type expression with every node at pos (yaegi finds
// a name's imports through its position).
func cloneTypeAt(e ast.Expr, pos token.Pos) ast.Expr {
	fields := func(fl *ast.FieldList) *ast.FieldList {
		if fl == nil {
			return nil
		}
		out := &ast.FieldList{Opening: pos, Closing: pos}
		for _, f := range fl.List {
			nf := &ast.Field{Type: cloneTypeAt(f.Type, pos), Tag: f.Tag}
			for _, n := range f.Names {
				nf.Names = append(nf.Names, &ast.Ident{NamePos: pos, Name: n.Name})
			}
			out.List = append(out.List, nf)
		}
		return out
	}
	switch x := e.(type) {
	case *ast.FuncType:
		return &ast.FuncType{Func: pos, Params: fields(x.Params), Results: fields(x.Results)}
	case *ast.StructType:
		return &ast.StructType{Struct: pos, Fields: fields(x.Fields)}
	case *ast.ChanType:
		return &ast.ChanType{Begin: pos, Arrow: token.NoPos, Dir: x.Dir, Value: cloneTypeAt(x.Value, pos)}
	case *ast.ArrayType:
		var n ast.Expr
		if x.Len != nil {
			n = cloneAt(x.Len, pos)
		}
		return &ast.ArrayType{Lbrack: pos, Len: n, Elt: cloneTypeAt(x.Elt, pos)}
	case *ast.MapType:
		return &ast.MapType{Map: pos, Key: cloneTypeAt(x.Key, pos), Value: cloneTypeAt(x.Value, pos)}
	case *ast.StarExpr:
		return &ast.StarExpr{Star: pos, X: cloneTypeAt(x.X, pos)}
	case *ast.Ellipsis:
		return &ast.Ellipsis{Ellipsis: pos, Elt: cloneTypeAt(x.Elt, pos)}
	case *ast.IndexExpr:
		return &ast.IndexExpr{X: cloneTypeAt(x.X, pos), Lbrack: pos, Index: cloneTypeAt(x.Index, pos), Rbrack: pos}
	case *ast.IndexListExpr:
		out := &ast.IndexListExpr{X: cloneTypeAt(x.X, pos), Lbrack: pos, Rbrack: pos}
		for _, ix := range x.Indices {
			out.Indices = append(out.Indices, cloneTypeAt(ix, pos))
		}
		return out
	}
	return cloneAt(e, pos)
}
