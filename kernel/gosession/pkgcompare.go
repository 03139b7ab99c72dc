package gosession

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
)

// Interfaces compared with values of the package's types in package files.
//
// yaegi v0.16.1 keeps a value of a type of a package interpreted from
// source that has methods, once stored in an interface, in a wrapper, and
// compares the wrapper: in a package with `var ErrMine = &myErr{3}`,
// `var err error = ErrMine; err == ErrMine` was false, `err != ErrMine`
// true, and so for a package interface, an `any` and a method-set literal,
// without an error. As in cells (compare.go, ifaceptr.go), with the
// package's types, a comparison of an interface with a value of a
// concrete type of the package that has methods asserts the interface to
// that type first:
//
//	err == ErrMine  →  func(_activisX error, _activisY *myErr) bool { _activisV, _activisOK := _activisX.(*myErr); return _activisOK && _activisV == _activisY }(err, ErrMine)
//
// (`!=` negates it; the operands are evaluated once, left to right). A
// type that is not a pointer is left as it is where the interpreter
// cannot tell it from another type (another of the package's types of
// its underlying type, or, in an empty interface, a plain value of it).
//
// Two interfaces were compared the same way (`sh == sh2` for two `Shape`s
// holding one pointer was false), or yaegi failed ("comparing uncomparable
// type interp._error" for two errors holding package values, and for
// `err == io.EOF` with err holding one). Where a concrete type of the
// package can be in both, the comparison tests those types in turn:
//
//	func(_activisX I, _activisY J) bool {
//		if _activisV, _activisOK := _activisX.(*C); _activisOK { _activisW, _activisOK := _activisY.(*C); return _activisOK && _activisV == _activisW }
//		…
//		if _, _activisOK := _activisY.(*C); _activisOK { return false }
//		…
//		return _activisX == _activisY
//	}(x, y)
//
// leaving out the types above that the interpreter cannot tell apart.

// compareIface rewrites the comparison b as above.
func (w *pkgGoWriter) compareIface(b *ast.BinaryExpr) {
	if w.types == nil || b.Op != token.EQL && b.Op != token.NEQ {
		return
	}
	tx, ty := w.types.typeOf(b.X), w.types.typeOf(b.Y)
	if tx == nil || ty == nil {
		return
	}
	if !types.IsInterface(tx) && !types.IsInterface(ty) {
		w.compareDeep(b, tx, ty) // see pkgdeepeq.go
		return
	}
	if w.compareTypeParam(b, tx, ty) {
		return
	}
	if types.IsInterface(tx) && types.IsInterface(ty) {
		w.compareIfaces(b, tx, ty)
		return
	}
	concreteLeft := types.IsInterface(ty)
	ct, it := tx, ty
	if !concreteLeft {
		ct, it = ty, tx
	}
	if lit := w.ifaceValueEqLit(it, ct, concreteLeft); lit != "" {
		w.wrapCompare(b, lit+"(")
	}
}

// ifaceValueEqLit returns the literal comparing an interface of type it
// with a value of the concrete type ct (the left operand where
// concreteLeft) as above, "" where the interpreter's == is right.
func (w *pkgGoWriter) ifaceValueEqLit(it, ct types.Type, concreteLeft bool) string {
	if _, ok := it.(*types.TypeParam); ok {
		return ""
	}
	n := w.ownNamed(ct)
	if n == nil {
		return ""
	}
	_, isPtr := ct.(*types.Pointer)
	deep := ""
	if !isPtr {
		deep = w.deepEqLit(ct, 0) // see pkgdeepeq.go
	}
	if types.NewMethodSet(types.NewPointer(n)).Len() == 0 && deep == "" {
		return ""
	}
	if !isPtr && !w.valueTellsApart(n, it.Underlying().(*types.Interface).Empty()) || ifacePromoted(ct, it.Underlying().(*types.Interface)) {
		return "" // ifacePromoted: see pkgdeepeq.go
	}
	cs, is := w.typeText(ct), w.typeText(it)
	if cs == "" || is == "" {
		return ""
	}
	xt, yt, iface, conc := is, cs, "_activisX", "_activisY"
	if concreteLeft {
		xt, yt, iface, conc = cs, is, "_activisY", "_activisX"
	}
	eq := "_activisV == " + conc
	if deep != "" {
		eq = deep + "(_activisV, " + conc + ")"
	}
	return "func(_activisX " + xt + ", _activisY " + yt + ") bool { _activisV, _activisOK := " + iface + ".(" + cs + "); return _activisOK && " + eq + " }"
}

// compareIfaces rewrites b, a comparison of two interfaces of types tx
// and ty, as above (pkgdeepeq.go's ifacesEqLit).
func (w *pkgGoWriter) compareIfaces(b *ast.BinaryExpr, tx, ty types.Type) {
	if p, ok := tx.(*types.TypeParam); ok && types.Identical(tx, ty) && !hasTypeTerms(p.Constraint()) { // compare.go
		w.compareParams(b, p)
		return
	}
	for _, t := range []types.Type{tx, ty} {
		if _, ok := t.(*types.TypeParam); ok {
			return
		}
	}
	if lit := w.ifacesEqLit(tx, ty, 0); lit != "" {
		w.wrapCompare(b, lit+"(")
	}
}

// compareParams rewrites b, a comparison of two values of a type
// parameter that may be an interface type, so that where it is one the
// session runtime's ParamEqual compares the values yaegi's wrappers
// hold, given their addresses: `func Eq[T comparable](a, b T) bool {
// return a == b }` compared the wrappers of two equal Shapes (false at
// a03eaaf), and so did an Index or Count over a []Shape, without an
// error. The function declaring the parameter tells once per call
// whether it is an interface type (ParamIface; paramFlag), so that other
// instances keep yaegi's == (a ParamEqual call for each comparison made
// an Index[int] over 100,000 ints 12× slower):
//
//	a == b  →  (_activisTI1 && _activisrt.ParamEqual(&a, &b) || !_activisTI1 && a == b)
//
// Two variables are given as they are; other operands through a
// literal's parameters (a call of a function literal costs yaegi a frame).
func (w *pkgGoWriter) compareParams(b *ast.BinaryExpr, tp *types.TypeParam) {
	flag := w.paramFlag(b.Pos(), tp)
	t := w.typeText(tp)
	if flag == "" || t == "" {
		return
	}
	w.runtime = true
	not := ""
	if b.Op == token.NEQ {
		not = "!"
	}
	x, xok := unparen(b.X).(*ast.Ident)
	y, yok := unparen(b.Y).(*ast.Ident)
	if xok && yok && x.Name != "_" && y.Name != "_" {
		w.replace(w.off(b.Pos()), w.off(b.End()), func() string {
			return not + "(" + flag + " && " + pkgRuntimeName + ".ParamEqual(&" + x.Name + ", &" + y.Name + ") || !" + flag + " && " + x.Name + " == " + y.Name + ")"
		})
		return
	}
	w.wrapCompare(b, "func(_activisX, _activisY "+t+") bool { if !"+flag+" { return _activisX == _activisY }; return "+pkgRuntimeName+".ParamEqual(&_activisX, &_activisY) }(")
}

// paramFlag returns the name of the variable telling whether the type
// parameter tp is an interface type in a call of the function declared
// in the file around pos, declared first in its body (once for each
// parameter), or "" outside a function declaring it.
func (w *pkgGoWriter) paramFlag(pos token.Pos, tp *types.TypeParam) string {
	for _, d := range w.file.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil || pos < fd.Body.Lbrace || pos > fd.Body.Rbrace {
			continue
		}
		if obj := tp.Obj().Pos(); obj < fd.Pos() || obj >= fd.Body.Lbrace {
			return "" // not a parameter of fd or of its receiver's type
		}
		key := paramFlagKey{fd, tp}
		if name, ok := w.paramFlags[key]; ok {
			return name
		}
		if w.paramFlags == nil {
			w.paramFlags = map[paramFlagKey]string{}
		}
		name := w.temp("TI")
		w.paramFlags[key] = name
		w.before[w.off(fd.Body.Lbrace)+1] += " " + name + " := " + pkgRuntimeName + ".ParamIface([]" + tp.Obj().Name() + "(nil));"
		return name
	}
	return ""
}

// paramFlagKey names a type parameter of a function (paramFlag).
type paramFlagKey struct {
	fd *ast.FuncDecl
	tp *types.TypeParam
}

// paramIface is the runtime's ParamIface: whether s, a nil []T (yaegi
// read `(*T)(nil)` in a generic function as an indirection of T), has
// elements of an interface type (or of yaegi's wrapper of one).
func paramIface(s any) bool {
	t := reflect.TypeOf(s)
	if t == nil || t.Kind() != reflect.Slice {
		return false
	}
	return t.Elem().Kind() == reflect.Interface || isValueInterface(t.Elem()) // ifacert.go
}

// paramEqual is the runtime's ParamEqual (see compareParams): the values
// behind px and py, the addresses of two variables of one type, compared
// as Go compares them, through yaegi's wrappers (the held values and
// their run-time types, so two types of the package that yaegi gives one
// run-time type compare as one); a panic as Go's for values of a type
// that is not comparable.
func paramEqual(px, py any) bool {
	x, y := eqOperandOf(px), eqOperandOf(py) // ifaceeq.go
	if !x.val.IsValid() || !y.val.IsValid() {
		return !x.val.IsValid() && !y.val.IsValid()
	}
	if x.val.Type() != y.val.Type() {
		return false // the types wrappers record are the converting expression's, an interface's too: not compared
	}
	if !x.val.Type().Comparable() {
		panic(fmt.Errorf("runtime error: comparing uncomparable type %s", x.val.Type()))
	}
	return x.val.Equal(y.val)
}

// compareTypeParam rewrites b, a comparison of an interface (of type tx
// or ty) with a value of a type parameter's type (the other), and reports
// whether it did. yaegi compared the interface's wrapper with the value:
// `i != t` for `i any` holding int(0) and `var t T` in `f[int]` was true,
// and so for an interface holding a value of the package's type with
// methods (test/typeparam/issue51522a.go). As in cells (compare.go), the
// interface is asserted to the type parameter, a nil value of the type
// parameter (T may be an interface type) comparing as nil:
//
//	i != t  →  !func(_activisX any, _activisY T) bool { var _activisN any = _activisY; if _activisN == nil { return _activisX == nil }; _activisV, _activisOK := _activisX.(T); return _activisOK && _activisV == _activisY }(i, t)
func (w *pkgGoWriter) compareTypeParam(b *ast.BinaryExpr, tx, ty types.Type) bool {
	_, px := tx.(*types.TypeParam)
	_, py := ty.(*types.TypeParam)
	if px == py {
		return false
	}
	it, pt := tx, ty
	if px {
		it, pt = ty, tx
	}
	if !types.IsInterface(it) {
		return false
	}
	is, ps := w.typeText(it), w.typeText(pt)
	if is == "" || ps == "" {
		return false
	}
	xt, yt, iface, param := is, ps, "_activisX", "_activisY"
	if px {
		xt, yt, iface, param = ps, is, "_activisY", "_activisX"
	}
	w.wrapCompare(b, "func(_activisX "+xt+", _activisY "+yt+") bool { var _activisN any = "+param+"; if _activisN == nil { return "+iface+" == nil }; _activisV, _activisOK := "+iface+".("+ps+"); return _activisOK && _activisV == "+param+" }(")
	return true
}

// wrapCompare writes the comparison b as a call of the function literal
// lit (written up to its argument list's parenthesis) with b's operands,
// negated for !=.
func (w *pkgGoWriter) wrapCompare(b *ast.BinaryExpr, lit string) {
	if b.Op == token.NEQ {
		lit = "!" + lit
	}
	w.enclose(b, lit, ")")
	w.replace(w.off(b.OpPos), w.off(b.OpPos)+len(b.Op.String()), func() string { return ", " })
	for _, e := range []ast.Expr{b.X, b.Y} {
		if ifaceCallResult(w.types.info, e) {
			w.enclose(e, "(", ")") // see ifacecallarg.go
		}
	}
}

// valueTellsApart reports whether the interpreter tells a value of n (not
// a pointer) held in an interface from values of other types: no other
// type of the package has n's underlying type, and, where the interface
// is empty (emptyIface) and may hold a plain value of that type, n is a
// struct.
func (w *pkgGoWriter) valueTellsApart(n *types.Named, emptyIface bool) bool {
	_, isStruct := n.Underlying().(*types.Struct)
	return (isStruct || !emptyIface) && !w.sameUnderlying(n)
}

// sameUnderlying reports whether another named type of the package has
// the underlying type of n.
func (w *pkgGoWriter) sameUnderlying(n *types.Named) bool {
	for _, o := range w.concreteTypes() {
		if o != n && types.Identical(o.Underlying(), n.Underlying()) {
			return true
		}
	}
	return false
}
