package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Func types that refer to themselves, in package files.
//
// A state-function lexer declares `type stateFn func(*lexer) stateFn`
// (github.com/BurntSushi/toml, github.com/expr-lang/expr,
// golang.org/x/text's number patterns). yaegi v0.16.1 makes its types
// with reflect, which cannot make a func type that holds itself: such a
// package failed to import ("CFG post-order panic: interface conversion:
// reflect.Type is nil, not *reflect.rtype"). A struct may hold a pointer
// to itself, so, with the package's types, an unexported such type
// without methods becomes an alias of a pointer to a struct holding the
// function, on the lines it had:
//
//	type stateFn func(lx *lexer) stateFn
//	→ type stateFn = *_activisFn_stateFn; type _activisFn_stateFn struct{ f any }
//
// (the field is an `any`: a field of the func type made yaegi's
// recursive struct types disagree, "reflect.Set: value of type
// func(*struct { Xstate *struct { Xf func(*unsafe2.dummy) …"), and its
// uses follow: a call of a stateFn calls the function its method fn
// asserts, `lx.state(lx)` → `(lx.state).fn()(lx)`; a function value given
// where a stateFn is expected (returned, assigned, passed, converted,
// held in a composite literal or sent) is boxed by a function the
// declaring file gets after its last line, `return lexText` → `return
// _activisFnOf_stateFn(lexText)`, which keeps a nil function nil. A
// method of stateFn gets the box's pointer type as its receiver's (yaegi
// refused the alias there); inside it the receiver is the box, so
// reflection on it sees the box (toml's debugging String named no
// function). A use the rules do not see (a stateFn given where its func
// type is expected) fails to compile, loudly. Exported such types, and
// types with pointer methods, are left alone: a cell would call the
// former as functions. Written for this package.

// recFuncTypes returns the package's func types that refer to themselves
// and can be boxed as above, by type name (found once for all the
// files); nil without the package's types.
func (w *pkgGoWriter) recFuncTypes() map[*types.TypeName]*types.Signature {
	if w.types == nil {
		return nil
	}
	pt := w.types
	pt.recOnce.Do(func() { pt.recFuncs = recFuncTypesOf(pt.pkg) })
	return pt.recFuncs
}

// recFuncTypesOf finds the types of recFuncTypes in pkg.
func recFuncTypesOf(pkg *types.Package) map[*types.TypeName]*types.Signature {
	out := map[*types.TypeName]*types.Signature{}
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.Exported() || tn.IsAlias() {
			continue
		}
		n, ok := tn.Type().(*types.Named)
		if !ok || n.TypeParams().Len() > 0 || pointerMethods(n) {
			continue
		}
		sig, ok := n.Underlying().(*types.Signature)
		if ok && mentionsType(sig, n, map[types.Type]bool{}) {
			out[tn] = sig
		}
	}
	return out
}

// pointerMethods reports whether n has a method with a pointer receiver.
func pointerMethods(n *types.Named) bool {
	for i := range n.NumMethods() {
		if _, ok := n.Method(i).Type().(*types.Signature).Recv().Type().(*types.Pointer); ok {
			return true
		}
	}
	return false
}

// mentionsType reports whether t refers to the named type n.
func mentionsType(t types.Type, n *types.Named, seen map[types.Type]bool) bool {
	if t == n {
		return true
	}
	if seen[t] {
		return false
	}
	seen[t] = true
	switch x := t.(type) {
	case *types.Pointer:
		return mentionsType(x.Elem(), n, seen)
	case *types.Slice:
		return mentionsType(x.Elem(), n, seen)
	case *types.Array:
		return mentionsType(x.Elem(), n, seen)
	case *types.Chan:
		return mentionsType(x.Elem(), n, seen)
	case *types.Map:
		return mentionsType(x.Key(), n, seen) || mentionsType(x.Elem(), n, seen)
	case *types.Signature:
		return mentionsType(x.Params(), n, seen) || mentionsType(x.Results(), n, seen)
	case *types.Tuple:
		for i := range x.Len() {
			if mentionsType(x.At(i).Type(), n, seen) {
				return true
			}
		}
	}
	return false
}

// recFuncOf returns the boxed type n of the type t of an expression, or
// nil: t is n itself.
func (w *pkgGoWriter) recFuncOf(t types.Type) *types.TypeName {
	if n, ok := t.(*types.Named); ok {
		if _, boxed := w.recFuncTypes()[n.Obj()]; boxed {
			return n.Obj()
		}
	}
	return nil
}

// recFuncBoxes rewrites f's declarations and uses of the boxed types.
func (w *pkgGoWriter) recFuncBoxes(f *ast.File) {
	boxed := w.recFuncTypes()
	if len(boxed) == 0 {
		return
	}
	info := w.types.info
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil && len(fd.Recv.List) == 1 {
			// A method's receiver names the box's pointer type (yaegi
			// refused the alias there: "cannot define new methods on
			// non-local type").
			if tn := w.recFuncOf(info.TypeOf(fd.Recv.List[0].Type)); tn != nil {
				rt := fd.Recv.List[0].Type
				w.replace(w.off(rt.Pos()), w.off(rt.End()), func() string { return "*_activisFn_" + tn.Name() })
			}
		}
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.TYPE {
			continue
		}
		for _, sp := range g.Specs {
			ts := sp.(*ast.TypeSpec)
			tn, _ := info.Defs[ts.Name].(*types.TypeName)
			if _, ok := boxed[tn]; !ok || ts.Assign.IsValid() {
				continue
			}
			box := "_activisFn_" + tn.Name()
			decl := "; type "
			if g.Lparen.IsValid() {
				decl = "; "
			}
			ft := w.raw(ts.Type)
			text := "= *" + box + decl + box + " struct{ f any }"
			if !w.replace(w.off(ts.Type.Pos()), w.off(ts.Type.End()), func() string { return text }) {
				continue
			}
			w.recFuncDecls += "\nfunc _activisFnOf_" + tn.Name() + "(f " + ft + ") " + tn.Name() +
				" { if f == nil { return nil }; return &" + box + "{f} }" +
				"\nfunc (b *" + box + ") fn() " + ft + " { return b.f.(" + ft + ") }"
		}
	}
	// Each function value given where a boxed type is expected, and each
	// call of a boxed value.
	var sigs []*types.Signature // of the enclosing functions
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncDecl:
			if x.Body == nil {
				return false
			}
			sig, _ := info.Defs[x.Name].Type().(*types.Signature)
			sigs = append(sigs, sig)
			ast.Inspect(x.Body, visit)
			sigs = sigs[:len(sigs)-1]
			return false
		case *ast.FuncLit:
			sig, _ := info.TypeOf(x).(*types.Signature)
			sigs = append(sigs, sig)
			ast.Inspect(x.Body, visit)
			sigs = sigs[:len(sigs)-1]
			return false
		case *ast.CallExpr:
			if tv, ok := info.Types[x.Fun]; ok && tv.IsType() {
				if tn := w.recFuncOf(tv.Type); tn != nil && len(x.Args) == 1 {
					w.boxValue(x.Args[0], tn, true)
				}
				return true
			}
			if w.recFuncOf(info.TypeOf(x.Fun)) != nil {
				w.enclose(x.Fun, "(", ").fn()")
			}
			if sig, ok := underOf(info.TypeOf(x.Fun)).(*types.Signature); ok && !x.Ellipsis.IsValid() {
				for i, a := range x.Args {
					if pt := paramType(sig, i); pt != nil { // ifacecallarg.go
						w.boxValue(a, w.recFuncOf(pt), false)
					}
				}
			}
		case *ast.ReturnStmt:
			if len(sigs) > 0 && sigs[len(sigs)-1] != nil {
				res := sigs[len(sigs)-1].Results()
				if res.Len() == len(x.Results) {
					for i, r := range x.Results {
						w.boxValue(r, w.recFuncOf(res.At(i).Type()), false)
					}
				}
			}
		case *ast.AssignStmt:
			if x.Tok == token.ASSIGN && len(x.Lhs) == len(x.Rhs) {
				for i, r := range x.Rhs {
					w.boxValue(r, w.recFuncOf(info.TypeOf(x.Lhs[i])), false)
				}
			}
		case *ast.ValueSpec:
			if x.Type != nil {
				for _, v := range x.Values {
					w.boxValue(v, w.recFuncOf(info.TypeOf(x.Type)), false)
				}
			}
		case *ast.SendStmt:
			if c, ok := underOf(info.TypeOf(x.Chan)).(*types.Chan); ok {
				w.boxValue(x.Value, w.recFuncOf(c.Elem()), false)
			}
		case *ast.CompositeLit:
			w.boxElements(x)
		}
		return true
	}
	for _, d := range f.Decls {
		ast.Inspect(d, visit)
	}
}

// boxElements boxes the elements of composite literal c given where a
// boxed type is expected.
func (w *pkgGoWriter) boxElements(c *ast.CompositeLit) {
	t := w.types.info.TypeOf(c)
	if t == nil {
		return
	}
	for i, e := range c.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			e = kv.Value
		}
		if slot := litSlot(t, i, c.Elts[i]); slot != nil { // ifacelit.go
			w.boxValue(e, w.recFuncOf(slot), false)
		}
	}
}

// boxValue boxes e, given where the boxed type tn is expected (nil: not
// expected), when e is a function value of tn's func type (or, for a
// conversion, nil).
func (w *pkgGoWriter) boxValue(e ast.Expr, tn *types.TypeName, conversion bool) {
	if tn == nil {
		return
	}
	tv, ok := w.types.info.Types[e]
	if !ok {
		return
	}
	if !types.Identical(tv.Type, w.recFuncTypes()[tn]) && !(conversion && tv.IsNil()) {
		return
	}
	w.enclose(e, "_activisFnOf_"+tn.Name()+"(", ")")
}

// underOf returns t's underlying type, or nil for nil (an expression the
// checker could not type).
func underOf(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	return t.Underlying()
}
