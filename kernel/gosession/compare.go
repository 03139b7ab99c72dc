package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// Comparisons of interface values with concrete ones.
//
// yaegi v0.16.1 keeps a value of a type declared in the session that has
// methods, once stored in an interface, as a wrapper (the value and the
// syntax node that made it), and compares two interface values by
// comparing the wrappers: `var x fooer = myint(5); x == myint(5)` is false,
// and so is `i != t` in a generic function comparing an interface value i
// with a value t of type-parameter type T (test/typeparam/eface.go,
// issue51522a.go). A type assertion to a concrete type sees through the
// wrapper, so the session compiles a comparison where one side is
// certainly of a concrete type C as such an assertion:
//
//	x == C(v)  →  func(_x any, _y C) bool { _v, _ok := _x.(C); return _ok && _v == _y }(x, C(v))
//
// (x != C(v) negates it; the operands are still evaluated once, left to
// right). C is known from the syntax: a conversion C(…) or a composite
// literal C{…} of a type declared in the cell or the session that is not
// an interface, or a variable of type-parameter type. For a type
// parameter, a nil value compares as nil (T may be an interface type).
// Two interface values are compared by compareIfaces below, and operands
// whose types the syntax does not show (and structs with interface
// fields) by a compiled helper (ifaceeq.go). Written for this package.

// compare rewrites b in place when one side is of a known concrete type
// and the other may be an interface.
func (r *rewriter) compare(b *ast.BinaryExpr) {
	if b.Op != token.EQL && b.Op != token.NEQ {
		return
	}
	if r.compareOrigins(b); r.err != nil { // see origincompare.go
		return
	}
	if r.paramMayBeIface(b.X) && r.paramMayBeIface(b.Y) {
		// Two values of a type parameter that may be an interface type:
		// `func Eq[T comparable](a, b T) bool { return a == b }` compared
		// yaegi's wrappers of two equal Shapes (false at a03eaaf), and
		// `v := xs[i]; v == x` asserted x to T, which panicked for a
		// Shape: compared as values whose types the syntax does not show.
		r.compareUnknown(b) // ifaceeq.go
		return
	}
	b.X, b.Y = r.ifaceConvOperand(b.X, b.Y), r.ifaceConvOperand(b.Y, b.X)
	if r.compareSourceValue(b) { // see sourcetypes.go
		return
	}
	cx, px := r.concreteType(b.X)
	cy, py := r.concreteType(b.Y)
	if isNilOrLit(b.X) || isNilOrLit(b.Y) {
		return
	}
	if cx == nil && cy == nil {
		if r.comparePointerIface(b) { // see ifaceptr.go
			return
		}
		r.compareIfaces(b) // see below
		return
	}
	if cx != nil && cy != nil {
		if !px && !py && r.holdsIface(cx, 0) {
			r.compareUnknown(b) // structs with interface fields: ifaceeq.go
		}
		return
	}
	if cx != nil && !px && r.holdsIface(cx, 0) || cy != nil && !py && r.holdsIface(cy, 0) {
		// A struct with interface fields against an interface value:
		// the assertion's == would compare yaegi's wrappers in the
		// fields (`err == Wrapped{"find", ErrX}` failed, "comparing
		// uncomparable type interp._error").
		r.compareUnknown(b) // ifaceeq.go
		return
	}
	c, param, concreteLeft := cx, px, true
	if c == nil {
		c, param, concreteLeft = cy, py, false
	}
	other := b.Y
	if !concreteLeft {
		other = b.X
	}
	if r.isConstExpr(other) {
		return // a constant is never an interface value (and may be untyped)
	}
	if param {
		// Both sides of the same type parameter compare as values.
		if t, ok := r.typeOf(other).(*ast.Ident); ok && t.Name == c.Name {
			return
		}
	}
	otherType := r.compiledIfaceOperand(other)
	if otherType == nil {
		otherType = &ast.Ident{NamePos: b.OpPos, Name: "any"}
	}
	var pre func(cName, oName string) []ast.Stmt
	if param {
		pre = func(cName, oName string) []ast.Stmt {
			// var _n any = _c; if _n == nil { return _o == nil } (any(_c) ==
			// nil panics in yaegi when T is int)
			pos := b.OpPos
			id := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
			nName := r.fresh("CmpNil")
			return []ast.Stmt{
				&ast.DeclStmt{Decl: &ast.GenDecl{TokPos: pos, Tok: token.VAR, Specs: []ast.Spec{&ast.ValueSpec{
					Names: []*ast.Ident{id(nName)}, Type: id("any"), Values: []ast.Expr{id(cName)}}}}},
				&ast.IfStmt{If: pos,
					Cond: &ast.BinaryExpr{X: id(nName), OpPos: pos, Op: token.EQL, Y: id("nil")},
					Body: &ast.BlockStmt{List: []ast.Stmt{&ast.ReturnStmt{Return: pos,
						Results: []ast.Expr{&ast.BinaryExpr{X: id(oName), OpPos: pos, Op: token.EQL, Y: id("nil")}}}}}}}
		}
	}
	// The concrete side without a conversion to an interface around it.
	if concreteLeft {
		b.X = r.concreteOperand(b.X)
	} else {
		b.Y = r.concreteOperand(b.Y)
	}
	r.assertEqual(b, concreteLeft, func() ast.Expr { return &ast.Ident{NamePos: b.OpPos, Name: c.Name} }, otherType, pre)
}

// assertEqual rewrites b (x == y or x != y), whose concreteLeft side has
// the type concrete makes and whose other side the type other, as a call
// of a literal that asserts the other side to the concrete type first:
//
//	true == func(_x X, _y Y) bool { pre…; if _o == nil { return false }; _v, _ok := _o.(C); return _ok && _v == _c }(x, y)
//
// b stays a binary expression (its parent holds it). pre (nil for none)
// gives the statements put first, from the names of the concrete side's
// parameter and the other's. compare above and comparePointerIface
// (ifaceptr.go) share it.
func (r *rewriter) assertEqual(b *ast.BinaryExpr, concreteLeft bool, concrete func() ast.Expr, other ast.Expr, pre func(cName, oName string) []ast.Stmt) {
	pos := b.OpPos
	id := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
	xName, yName := r.fresh("CmpX"), r.fresh("CmpY")
	vName, okName := r.fresh("CmpV"), r.fresh("CmpOK")
	cName, oName, xType, yType := xName, yName, concrete(), other
	if !concreteLeft {
		cName, oName, xType, yType = yName, xName, other, concrete()
	}
	var body []ast.Stmt
	if pre != nil {
		body = pre(cName, oName)
	}
	// A nil interface is unequal to a concrete value (which converts to a
	// non-nil one); yaegi's assertion of a nil session interface held in
	// an `any` panicked ("invalid memory address or nil pointer
	// dereference": `s == Circle{1}` and a switch with that case, for a
	// nil Shape s).
	body = append(body,
		&ast.IfStmt{If: pos, Cond: &ast.BinaryExpr{X: id(oName), OpPos: pos, Op: token.EQL, Y: id("nil")},
			Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{&ast.ReturnStmt{Return: pos, Results: []ast.Expr{id("false")}}}}},
		&ast.AssignStmt{Lhs: []ast.Expr{id(vName), id(okName)}, TokPos: pos, Tok: token.DEFINE,
			Rhs: []ast.Expr{&ast.TypeAssertExpr{X: id(oName), Type: concrete()}}},
		&ast.ReturnStmt{Return: pos, Results: []ast.Expr{&ast.BinaryExpr{X: id(okName), OpPos: pos, Op: token.LAND,
			Y: &ast.BinaryExpr{X: id(vName), OpPos: pos, Op: token.EQL, Y: id(cName)}}}})
	lit := &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{List: []*ast.Field{
			{Names: []*ast.Ident{id(xName)}, Type: xType},
			{Names: []*ast.Ident{id(yName)}, Type: yType},
		}}, Results: &ast.FieldList{List: []*ast.Field{{Type: id("bool")}}}},
		Body: &ast.BlockStmt{Lbrace: pos, List: body, Rbrace: pos},
	}
	call := &ast.CallExpr{Fun: lit, Lparen: pos, Args: []ast.Expr{b.X, b.Y}, Rparen: pos}
	b.X, b.Y = id("true"), call
}

// compiledIfaceOperand returns `error`, or the compiled interface type
// (fmt.Stringer, io.Reader) written with the cell's package name, where
// the type checker knows e is of that type, nil otherwise. The
// comparison's parameter for e gets that type, not any: yaegi converting
// an interface that holds a value of a session type to any loses the
// value's type (`var a any = err; a.(Code)` is false), so `err ==
// Code(7)`, `err == errMissing` (a sentinel of a session error type) and
// `s == Name("a")` for a fmt.Stringer s were false without an error (Go:
// true). A struct value there is in yaegi's wrapper through WrapStruct
// (sourcestructwrap.go), which the assertion sees through.
func (r *rewriter) compiledIfaceOperand(e ast.Expr) ast.Expr {
	if r.oracle == nil || r.sc.globalType("error") != nil {
		return nil
	}
	if t := r.oracle.typeOf(e); t != nil && types.Identical(t, types.Universe.Lookup("error").Type()) {
		return &ast.Ident{NamePos: e.Pos(), Name: "error"}
	}
	if t, ok := r.oracle.typeOf(e).(*types.Named); ok && t.Obj().Pkg() != nil && t.Obj().Pkg() != r.oracle.pkg && t.Obj().Exported() {
		name, imported := r.oracle.names[t.Obj().Pkg().Path()]
		if _, iface := t.Underlying().(*types.Interface); iface && imported && t.TypeArgs() == nil {
			pos := e.Pos()
			return &ast.SelectorExpr{X: &ast.Ident{NamePos: pos, Name: name}, Sel: &ast.Ident{NamePos: pos, Name: t.Obj().Name()}}
		}
	}
	return nil
}

// compareIfaces rewrites x == y (or !=) when the syntax shows both sides
// are interface values and types of the session can be in them. yaegi
// compares its wrappers of such values (false for two myint(5)), or fails
// ("comparing uncomparable type stdlib._fmt_Stringer"). The session tests
// each session type C that can be there and that the interpreter keeps
// apart in an interface (see ifaceguard.go) with a comma-ok assertion:
//
//	func(_x, _y I) bool {
//		if _x == nil || _y == nil { return _x == nil && _y == nil }
//		if _v, _ok := _x.(C); _ok { _w, _ok := _y.(C); return _ok && _v == _w }
//		…
//		return _x == _y
//	}(x, y)
//
// (an uncomparable C panics as Go does). A session type it cannot test
// that way (one of the same underlying type as another, or not a struct
// when I is any, since a plain value of its underlying type passes the
// assertion) makes the comparison an error that says what to write.
func (r *rewriter) compareIfaces(b *ast.BinaryExpr) {
	tx, ty := r.valueType(b.X), r.valueType(b.Y)
	if tx != nil && ty != nil && !r.isInterfaceType(tx) && !r.isInterfaceType(ty) && (r.holdsIface(tx, 0) || r.holdsIface(ty, 0)) {
		// Arrays or unnamed structs with interface elements or fields:
		// `[2]Shape{p, p} == [2]Shape{p, p}` compared yaegi's wrappers
		// and was false (Go: true).
		r.compareUnknown(b) // ifaceeq.go
		return
	}
	if (tx == nil || ty == nil) && (tx == nil || r.isInterfaceType(tx)) && (ty == nil || r.isInterfaceType(ty)) {
		r.compareUnknown(b) // ifaceeq.go
		return
	}
	if tx == nil || ty == nil || !r.isInterfaceType(tx) || !r.isInterfaceType(ty) {
		return
	}
	if r.isConstExpr(b.X) || r.isConstExpr(b.Y) {
		return
	}
	mx, okx := r.interfaceMethods(tx, 0)
	my, oky := r.interfaceMethods(ty, 0)
	if !okx || !oky {
		return
	}
	iface := mx
	if len(my) > len(mx) {
		iface = my // a value in both holds the larger method set
	}
	all := r.sessionTypes()
	names := r.sessionTypeNames()
	type candidate struct {
		t   *namedType
		ptr bool
	}
	var cands []candidate
	for _, n := range names {
		t := all[n]
		_, isStruct := r.shape(t)
		for _, ptr := range []bool{false, true} {
			if !t.implements(iface, ptr) {
				continue
			}
			if ptr {
				if len(iface) == 0 && !t.hasMethods() {
					continue // a pointer compares as a pointer either way
				}
				cands = append(cands, candidate{t, true})
				continue
			}
			if !t.hasMethods() && len(iface) == 0 && !r.holdsIface(t.under, 0) {
				continue // stored as its underlying value: compares as yaegi does
			}
			others := append(r.lookalikes(t, false, iface), r.unnamedLookalikes(t, iface)...) // ifaceeq.go
			if len(others) > 0 || !isStruct && len(iface) == 0 {
				what := "its values cannot be told from those of " + strings.Join(others, ", ")
				if len(others) == 0 {
					s, _ := r.shape(t)
					what = "its values cannot be told from a plain " + s
				}
				r.fail(b.OpPos, "comparing interface values that may hold the session type %s is not supported by the interpreter "+
					"(%s in an interface); compare the concrete values (a, ok := x.(%s)) or compare with a value of known type (x == %s(…))",
					t.user, what, t.user, t.user)
				return
			}
			cands = append(cands, candidate{t, false})
		}
	}
	if len(cands) == 0 {
		return
	}
	for _, c := range cands {
		if !c.ptr && r.holdsIface(c.t.under, 0) {
			// Its == would compare yaegi's wrappers in the fields
			// (two `error`s holding Wrapped{"f", ErrX} failed, "comparing
			// uncomparable type interp._error"): the compiled helper
			// compares them as Go.
			r.compareUnknown(b) // ifaceeq.go
			return
		}
	}
	pos := b.OpPos
	id := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
	xName, yName := r.fresh("CmpX"), r.fresh("CmpY")
	isNil := func(n string) ast.Expr { return &ast.BinaryExpr{X: id(n), OpPos: pos, Op: token.EQL, Y: id("nil")} }
	body := []ast.Stmt{&ast.IfStmt{If: pos,
		Cond: &ast.BinaryExpr{X: isNil(xName), OpPos: pos, Op: token.LOR, Y: isNil(yName)},
		Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{&ast.ReturnStmt{Return: pos,
			Results: []ast.Expr{&ast.BinaryExpr{X: isNil(xName), OpPos: pos, Op: token.LAND, Y: isNil(yName)}}}}}}}
	for _, c := range cands {
		var typ ast.Expr = id(c.t.name)
		name := "main." + c.t.user
		if c.ptr {
			typ, name = &ast.StarExpr{Star: pos, X: typ}, "*"+name
		}
		v, w, ok := r.fresh("CmpV"), r.fresh("CmpW"), r.fresh("CmpOK")
		var ret ast.Stmt = &ast.ReturnStmt{Return: pos, Results: []ast.Expr{&ast.BinaryExpr{X: id(ok), OpPos: pos, Op: token.LAND,
			Y: &ast.BinaryExpr{X: id(v), OpPos: pos, Op: token.EQL, Y: id(w)}}}}
		if !c.ptr && !r.comparable(c.t.under, 0) {
			ret = &ast.ExprStmt{X: &ast.CallExpr{Fun: id("panic"), Lparen: pos, Rparen: pos, Args: []ast.Expr{
				&ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote("runtime error: comparing uncomparable type " + name)}}}}
		}
		body = append(body, &ast.IfStmt{If: pos,
			Init: &ast.AssignStmt{Lhs: []ast.Expr{id(v), id(ok)}, TokPos: pos, Tok: token.DEFINE,
				Rhs: []ast.Expr{&ast.TypeAssertExpr{X: id(xName), Lparen: pos, Type: typ, Rparen: pos}}},
			Cond: id(ok),
			Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{
				&ast.AssignStmt{Lhs: []ast.Expr{id(w), id(ok)}, TokPos: pos, Tok: token.DEFINE,
					Rhs: []ast.Expr{&ast.TypeAssertExpr{X: id(yName), Lparen: pos, Type: cloneAt(typ, pos), Rparen: pos}}},
				ret,
			}}})
	}
	body = append(body, &ast.ReturnStmt{Return: pos, Results: []ast.Expr{&ast.BinaryExpr{X: id(xName), OpPos: pos, Op: token.EQL, Y: id(yName)}}})
	lit := &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{List: []*ast.Field{
			{Names: []*ast.Ident{id(xName)}, Type: cloneAt(tx, pos)},
			{Names: []*ast.Ident{id(yName)}, Type: cloneAt(ty, pos)},
		}}, Results: &ast.FieldList{List: []*ast.Field{{Type: id("bool")}}}},
		Body: &ast.BlockStmt{Lbrace: pos, List: body, Rbrace: pos},
	}
	call := &ast.CallExpr{Fun: lit, Lparen: pos, Args: []ast.Expr{b.X, b.Y}, Rparen: pos}
	b.X, b.Y = id("true"), call
}

// comparable reports whether the syntax shows values of type t can be
// compared with ==: no slice, map or function in it.
func (r *rewriter) comparable(t ast.Expr, depth int) bool {
	if depth > 8 {
		return true
	}
	switch x := unparen(t).(type) {
	case *ast.ArrayType:
		return x.Len != nil && r.comparable(x.Elt, depth+1)
	case *ast.MapType, *ast.FuncType:
		return false
	case *ast.StructType:
		for _, f := range x.Fields.List {
			if !r.comparable(f.Type, depth+1) {
				return false
			}
		}
	case *ast.Ident:
		if u := r.sessionTypes()[x.Name]; u != nil {
			return r.comparable(u.under, depth+1)
		}
	}
	return true
}

// concreteType returns the type of e when the syntax shows it is a type
// declared in the cell or the session that is not an interface (a
// conversion or a composite literal of it), or a type parameter (param).
func (r *rewriter) concreteType(e ast.Expr) (t *ast.Ident, param bool) {
	switch x := unparen(e).(type) {
	case *ast.CallExpr:
		if id, ok := x.Fun.(*ast.Ident); ok && len(x.Args) == 1 && r.isConcreteType(id) {
			return id, false
		}
		if len(x.Args) == 1 && r.isInterfaceType(x.Fun) {
			// I(e) compares as e does.
			return r.concreteType(x.Args[0])
		}
	case *ast.CompositeLit:
		if id, ok := x.Type.(*ast.Ident); ok && r.isConcreteType(id) {
			return id, false
		}
	case *ast.Ident:
		if x.Obj == nil {
			// a session variable
			if t, ok := r.sc.globalType(x.Name).(*ast.Ident); ok && r.sc.globalType(t.Name) != nil && r.isConcreteType(t) {
				return t, false
			}
			return nil, false
		}
		if x.Obj.Kind == ast.Con {
			// const Red Color = 1 (a typed constant of the cell)
			if vs, ok := x.Obj.Decl.(*ast.ValueSpec); ok {
				if t, ok := vs.Type.(*ast.Ident); ok && r.isConcreteType(t) {
					return t, false
				}
			}
			return nil, false
		}
		if x.Obj.Kind != ast.Var {
			return nil, false
		}
		// A type parameter only as declared (a parameter, var t T): the
		// result type of a generic function called elsewhere names the
		// callee's own.
		var declared ast.Expr
		switch d := x.Obj.Decl.(type) {
		case *ast.Field:
			declared = d.Type
		case *ast.ValueSpec:
			declared = d.Type
		}
		if p, ok := declared.(*ast.Ident); ok && strings.HasPrefix(p.Name, typeParamPrefix) {
			return p, true
		}
		t, ok := r.identType(x).(*ast.Ident)
		if ok && !strings.HasPrefix(t.Name, typeParamPrefix) && r.isConcreteType(t) {
			return t, false
		}
		// v := C(…) or v := C{…}
		if as, isAssign := x.Obj.Decl.(*ast.AssignStmt); isAssign && as.Tok == token.DEFINE && len(as.Lhs) == len(as.Rhs) {
			for i, l := range as.Lhs {
				if li, isID := l.(*ast.Ident); isID && li.Name == x.Name && unparen(as.Rhs[i]) != ast.Expr(x) {
					if _, isIdent := unparen(as.Rhs[i]).(*ast.Ident); !isIdent {
						return r.concreteType(as.Rhs[i])
					}
				}
			}
		}
	}
	// What go/types says (typecheck.go): a promoted field, a session
	// variable, a result whose type the syntax does not show.
	if t, ok := r.oracle.typeExpr(e).(*ast.Ident); ok && !strings.HasPrefix(t.Name, typeParamPrefix) && r.isConcreteType(t) {
		return t, false
	}
	return nil, false
}

// concreteOperand strips conversions to interface types from e, which
// concreteType saw through.
func (r *rewriter) concreteOperand(e ast.Expr) ast.Expr {
	if x, ok := unparen(e).(*ast.CallExpr); ok && len(x.Args) == 1 && r.isInterfaceType(x.Fun) {
		return r.concreteOperand(x.Args[0])
	}
	return e
}

// isInterfaceType reports whether e is an interface type: a literal, any,
// error, or a type declared in the cell or the session as an interface.
func (r *rewriter) isInterfaceType(e ast.Expr) bool {
	switch x := unparen(e).(type) {
	case *ast.InterfaceType:
		return true
	case *ast.SelectorExpr: // a package's interface: fmt.Stringer
		pkg, ok := x.X.(*ast.Ident)
		if !ok || pkg.Obj != nil {
			return false
		}
		if k, ok := r.sc.(interface{ packageInterface(pkg, name string) bool }); ok {
			return k.packageInterface(pkg.Name, x.Sel.Name)
		}
	case *ast.IndexExpr: // an instance of a generic interface: I[int]
		return r.isGenericInterface(x.X)
	case *ast.IndexListExpr:
		return r.isGenericInterface(x.X)
	case *ast.Ident:
		if x.Obj != nil {
			ts, ok := x.Obj.Decl.(*ast.TypeSpec)
			if !ok || ts.TypeParams != nil {
				return false
			}
			_, isInterface := ts.Type.(*ast.InterfaceType)
			return isInterface
		}
		if x.Name == "any" || x.Name == "error" {
			return r.sc.globalType(x.Name) == nil
		}
		if k, ok := r.sc.(interface{ interfaceType(name string) bool }); ok {
			return k.interfaceType(x.Name)
		}
	}
	return false
}

// isGenericInterface reports whether e names a generic interface type
// declared in the cell or the session.
func (r *rewriter) isGenericInterface(e ast.Expr) bool {
	generic, iface := r.genericType(e)
	return generic && iface
}

// genericType reports whether e names a generic type declared in the cell
// or the session, and whether that type is an interface.
func (r *rewriter) genericType(e ast.Expr) (generic, iface bool) {
	id, ok := e.(*ast.Ident)
	if !ok {
		return false, false
	}
	if id.Obj != nil {
		ts, ok := id.Obj.Decl.(*ast.TypeSpec)
		if !ok || ts.TypeParams == nil {
			return false, false
		}
		_, iface := ts.Type.(*ast.InterfaceType)
		return true, iface
	}
	if k, ok := r.sc.(interface {
		genericType(name string) (generic, iface bool)
	}); ok {
		return k.genericType(id.Name)
	}
	return false, false
}

// isConcreteType reports whether id names a type declared in the cell or
// the session that is not an interface.
func (r *rewriter) isConcreteType(id *ast.Ident) bool {
	if id.Obj != nil {
		ts, ok := id.Obj.Decl.(*ast.TypeSpec)
		if !ok || ts.TypeParams != nil || ts.Assign.IsValid() {
			return false
		}
		_, isInterface := ts.Type.(*ast.InterfaceType)
		return !isInterface
	}
	if k, ok := r.sc.(interface{ concreteType(name string) bool }); ok {
		return k.concreteType(id.Name)
	}
	return false
}

// isConstExpr reports whether e is a constant expression: literals and
// constants of the cell or the session, with operators.
func (r *rewriter) isConstExpr(e ast.Expr) bool {
	switch x := unparen(e).(type) {
	case *ast.BasicLit:
		return true
	case *ast.Ident:
		if x.Obj != nil {
			return x.Obj.Kind == ast.Con
		}
		if x.Name == "true" || x.Name == "false" || x.Name == "iota" {
			return true
		}
		if k, ok := r.sc.(interface{ isConst(name string) bool }); ok {
			return k.isConst(x.Name)
		}
	case *ast.UnaryExpr:
		return x.Op != token.AND && x.Op != token.ARROW && r.isConstExpr(x.X)
	case *ast.BinaryExpr:
		return r.isConstExpr(x.X) && r.isConstExpr(x.Y)
	}
	return false
}

// isConst reports whether name is a constant the session declared.
func (sc sessionScope) isConst(name string) bool {
	sc.s.mu.Lock()
	defer sc.s.mu.Unlock()
	d := sc.st.decls[name]
	return d != nil && d.Kind == "const"
}

// isNilOrLit reports whether e is nil or a literal constant.
func isNilOrLit(e ast.Expr) bool {
	if id, ok := unparen(e).(*ast.Ident); ok && (id.Name == "nil" || id.Name == "true" || id.Name == "false") {
		return true
	}
	return isConstLit(e)
}

// concreteType reports whether name is a type the session declared that is
// not an interface, an alias or generic.
func (sc sessionScope) concreteType(name string) bool {
	d := sc.typeDecl(name)
	if d == nil {
		return false
	}
	_, isInterface := d.Type.(*ast.InterfaceType)
	return !isInterface
}

// interfaceType reports whether name is an interface type the session
// declared (not generic).
func (sc sessionScope) interfaceType(name string) bool {
	d := sc.typeDecl(name)
	if d == nil {
		return false
	}
	_, isInterface := d.Type.(*ast.InterfaceType)
	return isInterface
}

// sessionIfaceName returns the interpreter name of an interface type with
// methods the session declared (not generic), the first by user name, or
// "" (errorchain.go).
func (sc sessionScope) sessionIfaceName() string {
	sc.s.mu.Lock()
	var names []string
	for name, d := range sc.st.decls {
		if d.Kind == "type" {
			names = append(names, name)
		}
	}
	sc.s.mu.Unlock()
	sort.Strings(names)
	for _, name := range names {
		if d := sc.typeDecl(name); d != nil {
			if it, ok := d.Type.(*ast.InterfaceType); ok && it.Methods != nil && len(it.Methods.List) > 0 {
				sc.s.mu.Lock()
				in := sc.st.typeNames[name]
				sc.s.mu.Unlock()
				if in == "" {
					in = name
				}
				return in
			}
		}
	}
	return ""
}

// genericType reports whether name is a generic type the session
// declared, and whether it is an interface.
func (sc sessionScope) genericType(name string) (generic, iface bool) {
	sc.s.mu.Lock()
	d := sc.st.decls[name]
	if d == nil {
		// A type declared again is named by its version (One_v2: see
		// renameTypes), its declaration by the user's name.
		for u, i := range sc.st.typeNames {
			if i == name {
				name, d = u, sc.st.decls[u]
				break
			}
		}
	}
	sc.s.mu.Unlock()
	if d == nil || d.Kind != "type" || d.Type == nil || !strings.HasPrefix(d.Sig, "type "+name+"[") {
		return false, false
	}
	_, iface = d.Type.(*ast.InterfaceType)
	return true, iface
}

// typeDecl returns the session's declaration of the type name when it is
// neither generic nor an alias, or nil.
func (sc sessionScope) typeDecl(name string) *decl {
	sc.s.mu.Lock()
	d := sc.st.decls[name]
	sc.s.mu.Unlock()
	if d == nil || d.Kind != "type" || d.Type == nil || strings.HasPrefix(d.Sig, "type "+name+"[") || strings.HasPrefix(d.Sig, "type "+name+" =") {
		return nil
	}
	return d
}

// packageInterface reports whether pkg.name is an interface type of a
// compiled package the session imported.
func (sc sessionScope) packageInterface(pkg, name string) bool {
	t := sc.packageType(pkg, name) // ifaceguard.go
	return t != nil && t.Kind() == reflect.Interface
}

// ifaceConvOperand returns e without its conversion to an interface type,
// x for I(x), where x is of a concrete type that the other operand's
// interface type admits, so that the rules above see x's type: `m ==
// Metric(c)` for `m Metric` and `c *counter` compares as `m == c` in Go,
// and was false in the session (Go: true), without an error, since no
// rule here read the pointer through the conversion. e otherwise.
func (r *rewriter) ifaceConvOperand(e, other ast.Expr) ast.Expr {
	if r.oracle == nil {
		return e
	}
	c, ok := unparen(e).(*ast.CallExpr)
	if !ok || len(c.Args) != 1 || c.Ellipsis.IsValid() {
		return e
	}
	tv, ok := r.oracle.info.Types[c.Fun]
	if !ok || !tv.IsType() || !types.IsInterface(tv.Type) {
		return e
	}
	inner, ot := r.oracle.typeOf(c.Args[0]), r.oracle.typeOf(other)
	if inner == nil || ot == nil || types.IsInterface(inner) || !types.IsInterface(ot) || !types.AssignableTo(inner, ot) {
		return e // (a type parameter is an interface here)
	}
	return c.Args[0]
}

// paramMayBeIface reports whether e has, as the type oracle tells, a type
// parameter whose constraint admits interface types (`comparable`, or
// methods only), not one restricted to listed types (`~int | ~string`).
func (r *rewriter) paramMayBeIface(e ast.Expr) bool {
	if r.oracle == nil {
		return false
	}
	tp, ok := r.oracle.typeOf(e).(*types.TypeParam)
	if !ok {
		return false
	}
	return !hasTypeTerms(tp.Constraint())
}

// hasTypeTerms reports whether the constraint t lists types (a union or
// a non-interface type, itself or in an interface it embeds).
func hasTypeTerms(t types.Type) bool {
	it, ok := t.Underlying().(*types.Interface)
	if !ok {
		return true
	}
	for i := range it.NumEmbeddeds() {
		if hasTypeTerms(it.EmbeddedType(i)) {
			return true
		}
	}
	return false
}
