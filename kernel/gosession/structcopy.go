package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Struct values stored as interfaces.
//
// Go copies a struct value when it is stored in an interface. yaegi v0.16.1
// does not in three places, where the interface then aliases the variable
// and sees its later changes: `xs = append(xs, v)` to a []any, `m[k] = v`
// into a map[K]any, and `var x any = v`, for a local variable v of struct
// type. An explicit conversion makes yaegi copy, so the session writes v's
// type around such a v when it knows the type is a struct: `append(xs,
// P(v))`. Written for this package.

// structCopies rewrites the three places of s (see above).
func (r *rewriter) structCopies(n ast.Node) {
	switch x := n.(type) {
	case *ast.CallExpr:
		if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "append" && id.Obj == nil && len(x.Args) > 1 && !x.Ellipsis.IsValid() {
			for i := 1; i < len(x.Args); i++ {
				x.Args[i] = r.copyStruct(x.Args[i])
			}
		}
	case *ast.AssignStmt:
		if x.Tok != token.ASSIGN || len(x.Lhs) != len(x.Rhs) {
			return
		}
		for i, l := range x.Lhs {
			if _, ok := l.(*ast.IndexExpr); ok {
				x.Rhs[i] = r.copyStruct(x.Rhs[i])
			}
		}
	case *ast.ValueSpec:
		if x.Type == nil || len(x.Values) != len(x.Names) {
			return
		}
		for i, v := range x.Values {
			x.Values[i] = r.copyStruct(v)
		}
	}
}

// copyStruct returns `T(e)` for an identifier e of a known struct type T,
// e otherwise.
func (r *rewriter) copyStruct(e ast.Expr) ast.Expr {
	id, ok := e.(*ast.Ident)
	if !ok || id.Obj == nil || id.Obj.Kind != ast.Var {
		return e
	}
	t := r.identType(id)
	if !r.isStructType(t) {
		return e
	}
	return &ast.CallExpr{Fun: cloneTypeAt(t, id.Pos()), Lparen: id.Pos(), Args: []ast.Expr{id}, Rparen: id.End()}
}

// isStructType reports whether t names a struct type declared in the cell
// or the session.
func (r *rewriter) isStructType(t ast.Expr) bool {
	id, ok := t.(*ast.Ident)
	if !ok {
		return false
	}
	if id.Obj != nil {
		ts, ok := id.Obj.Decl.(*ast.TypeSpec)
		if !ok || ts.TypeParams != nil {
			return false
		}
		_, isStruct := ts.Type.(*ast.StructType)
		return isStruct
	}
	if ts, ok := r.sc.(interface{ isType(string) bool }); !ok || !ts.isType(id.Name) {
		return false
	}
	_, isStruct := r.sc.globalType(id.Name).(*ast.StructType)
	return isStruct
}

// ifaceStructCopies writes, with the type oracle's types, the explicit
// conversion around each variable, field, element or pointee of a struct
// or array type that is stored in an interface under n (an argument,
// a result, an element or field of a composite literal, a send, an
// assignment or declaration). yaegi aliased all of them, not only the
// three places above: `store(c)` into a `[]Shape`, `Box{S: c}`, `b.S =
// c`, `ch <- c`, `return *p`, `[]Shape{c}`, `var s Shape = cs[0]` saw the
// later `c.R = 2` (Go: the copy made when it was stored). It runs before
// the rewrites that wrap such a value in literals of their own
// (ifaceloop.go's `func() Shape { return c }()`); a store into a compiled
// interface with methods (error, fmt.Stringer) is sourcestructwrap.go's,
// which passes the value as an argument, a copy.
func (r *rewriter) ifaceStructCopies(n ast.Node) {
	if r.oracle == nil {
		return
	}
	implicitConversions(n, r.oracle.info, func(slot *ast.Expr, to types.Type, call *ast.CallExpr) { // convsites.go
		t := storedCopyType(r.oracle.info, r.oracle.pkg, *slot, to, call, r.compiledIfaceOf)
		if t == nil {
			return
		}
		if te := r.oracle.expr(t); te != nil {
			v := *slot
			c := &ast.CallExpr{Fun: cloneAt(te, v.Pos()), Lparen: v.Pos(), Args: []ast.Expr{v}, Rparen: v.End()}
			// The conversion has v's type for the rewrites after
			// (ifaceloop.go wraps it in a call of its own in a loop,
			// where yaegi's conversion slot would be shared by the
			// iterations).
			r.oracle.info.Types[c] = r.oracle.info.Types[v]
			*slot = c
		}
	})
}

// storedCopyType returns the type of e, a variable (field, element,
// pointee) of a struct or array type stored in a slot of the interface
// type to, as an argument of call where call is not nil, when the store
// is to be a copy (ifaceStructCopies here, pkgstructcopy.go in package
// files), or nil: not for a type parameter's slot, nor for a compiled
// interface with methods (compiledIface tells them: sourcestructwrap.go's
// and pkgstructwrap.go's literals take the value as an argument, a copy),
// nor for the variadic arguments of compiled functions (fmt.Println(v):
// read there, and the print rewrites see v as written), nor for an
// instance of a generic type (yaegi failed on a conversion to
// Box[Pair[string, int]]). info is the type check of the package pkg.
func storedCopyType(info *types.Info, pkg *types.Package, e ast.Expr, to types.Type, call *ast.CallExpr, compiledIface func(types.Type) bool) types.Type {
	if _, param := to.(*types.TypeParam); param || !types.IsInterface(to) || !storedVariable(e, info) {
		return nil
	}
	if it, ok := to.Underlying().(*types.Interface); ok && it.NumMethods() > 0 && compiledIface(to) {
		return nil
	}
	if call != nil && compiledVariadicArg(info, pkg, call, e) {
		return nil
	}
	t := info.TypeOf(e)
	if t == nil || types.IsInterface(t) {
		return nil
	}
	if named, ok := types.Unalias(t).(*types.Named); ok && named.TypeArgs().Len() > 0 {
		return nil
	}
	switch t.Underlying().(type) {
	case *types.Struct, *types.Array:
		return t
	}
	return nil
}

// compiledVariadicArg reports whether arg is an argument of call, a call of
// a function of another package, for its variadic parameter (pkg is the
// package the type check info is of; pkgstructcopy.go uses it too).
func compiledVariadicArg(info *types.Info, pkg *types.Package, call *ast.CallExpr, arg ast.Expr) bool {
	sel, ok := unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	last, elem := foreignVariadic(info, pkg, sel) // ifaceloop.go
	if elem == nil {
		return false
	}
	for i := last; i < len(call.Args); i++ {
		if call.Args[i] == arg {
			return true
		}
	}
	return false
}

// storedVariable reports whether e denotes a variable (a variable, a
// field of one, an element, a pointee), whose value a store into an
// interface must copy; not a value made there (a literal, a call).
func storedVariable(e ast.Expr, info *types.Info) bool {
	switch x := unparen(e).(type) {
	case *ast.Ident:
		_, ok := info.Uses[x].(*types.Var)
		return ok
	case *ast.SelectorExpr:
		if sel, ok := info.Selections[x]; ok {
			return sel.Kind() == types.FieldVal
		}
		_, ok := info.Uses[x.Sel].(*types.Var) // a package's variable
		return ok
	case *ast.IndexExpr:
		return true
	case *ast.StarExpr:
		return true
	}
	return false
}
