package gosession

import (
	"go/ast"
	"go/types"
)

// Session values converted to an interface with methods in a loop.
//
// yaegi v0.16.1 converts a value of a session type to an interface with
// methods (error, fmt.Stringer, an interface of the session) through a
// wrapper whose methods read their receiver from the converting
// expression's slot in the frame, not from the wrapper: converted again
// by a later iteration of a loop, every earlier wrapper saw the new
// value. `for _, k := range keys { errs = append(errs, &NotFound{k}) }`
// gave errors that all said the last key, and so did errors.Join(errs...),
// without an error. Where the type oracle shows such a conversion in a
// loop body (an element appended to a slice of the interface type, a
// value assigned or sent to a variable, element, field or channel of it,
// a var declaration of it, an argument, a literal's element or field, an
// explicit conversion: loopConversions) the value is copied in a slice of
// its own, `[]*NotFound{&NotFound{k}}[0]`, whose element is new memory on
// each iteration; converted to a compiled interface (error, fmt.Stringer)
// it is converted in a call of its own instead, `func() error { return
// &NotFound{k} }()`, which reads a slot of that call's frame (loopCopy
// tells why each); the argument of a compiled function's `any` parameter
// is a call returning its own type. The same is done, in or out of
// loops, for the arguments of a compiled function's variadic parameter of
// such an interface type (errors.Join). So is a conversion to `any` of a
// value of a session type with methods, which yaegi holds in the same
// wrapper: `for _, c := range cs { as = append(as, c) }` for a []any
// gave the last circle twice. Written for this package.

// ifaceInLoops rewrites the conversions under n (see above).
func (r *rewriter) ifaceInLoops(n ast.Node) {
	if r.oracle == nil {
		return
	}
	var walk func(m ast.Node, inLoop bool)
	walk = func(m ast.Node, inLoop bool) {
		ast.Inspect(m, func(c ast.Node) bool {
			var body *ast.BlockStmt
			switch x := c.(type) {
			case *ast.FuncLit:
				walk(x.Body, false)
				return false
			case *ast.ForStmt:
				body = x.Body
			case *ast.RangeStmt:
				body = x.Body
			}
			if body != nil {
				if !inLoop {
					r.loopConversions(body)
				}
				walk(body, true)
				return false
			}
			if call, ok := c.(*ast.CallExpr); ok {
				r.variadicIfaceArgs(call)
				for _, i := range spreadIfaceParams(r.oracle.info, call) {
					call.Args[i] = r.convertInCall(call.Args[i], r.oracle.info.TypeOf(call.Fun).Underlying().(*types.Signature).Params().At(i).Type())
				}
			}
			return true
		})
	}
	walk(n, false)
}

// loopConversions copies in a slice of its own (or converts in a call of
// its own: loopCopy) each value of a session type with methods that the
// loop body converts to an interface, wherever the type check shows the
// conversion (convsites.go): an element appended, a value assigned, sent
// or declared, and also an argument of a function (the session's, a
// method, a function value, a function literal called in place, with go
// or defer too, a compiled one's parameter such as list.PushBack's or
// sync.Map.Store's), an element or field of a composite literal, an
// explicit conversion. Each of these gave the last iteration's value in
// every element: `for i := 1; i <= 2; i++ { c := Circle{float64(i)}; out
// = append(out, store(c)) }` with `func store(s Shape) Shape { return s
// }`, `boxes = append(boxes, Box{c})`, `l.PushBack(c)`, `Shape(c)` (at
// d93fbda too), `add(c)` for a `func add(s Shape)` keeping s in a closure
// (at 79945fa too). Not the arguments of compiled functions that read
// them there (fmt.Println(c), whose print rewrites see it as written),
// nor those loopSlotOf leaves. A function literal in the body is
// converted too.
func (r *rewriter) loopConversions(body *ast.BlockStmt) {
	implicitConversions(body, r.oracle.info, func(slot *ast.Expr, to types.Type, call *ast.CallExpr) { // convsites.go
		switch loopSlotOf(r.oracle.info, r.oracle.pkg, *slot, to, call) {
		case slotCopy:
			*slot = r.copyInCall(*slot)
		case slotConvert:
			*slot = r.loopCopy(*slot, to)
		}
	})
}

// loopSlot is what loopConversions does with a conversion it meets, in
// cells and in package files (pkgifaceloop.go).
type loopSlot int

const (
	slotConvert loopSlot = iota // copied in a slice of its own, or converted in a call of its own (loopCopy)
	slotSkip                    // left as it is
	slotCopy                    // in a call of its own returning its own type (compiledCallArg)
)

// loopSlotOf tells what to do with the value e converted to the type to in
// a loop body, as an argument of call where call is not nil (info is the
// type check of the package pkg): a conversion to a type parameter and
// the arguments of compiled functions but those compiledCallArg copies
// are left as they are.
func loopSlotOf(info *types.Info, pkg *types.Package, e ast.Expr, to types.Type, call *ast.CallExpr) loopSlot {
	if _, param := to.(*types.TypeParam); param {
		return slotSkip
	}
	if call == nil {
		return slotConvert
	}
	if compiled, copied := compiledCallArg(info, pkg, call, e, to); copied {
		return slotCopy
	} else if compiled {
		return slotSkip
	}
	return slotConvert
}

// spreadIfaceParams returns the indexes of the arguments of c, a call
// spreading a slice into a variadic parameter (`f(x, xs...)`), given for
// an interface parameter with methods before it: yaegi passed a session
// value there bare (`Take(&Error{}, xs...)` for `func Take(err error, errs
// ...error)` panicked, "reflect.Set: value of type *struct { Errors
// []error } is not assignable to type error"; github.com/hashicorp/
// go-multierror's Append recursing so failed), without the spread it was
// right.
func spreadIfaceParams(info *types.Info, c *ast.CallExpr) []int {
	if !c.Ellipsis.IsValid() {
		return nil
	}
	t := info.TypeOf(c.Fun)
	if t == nil {
		return nil
	}
	sig, ok := t.Underlying().(*types.Signature)
	if !ok || !sig.Variadic() || len(c.Args) != sig.Params().Len() {
		return nil
	}
	var out []int
	for i := range sig.Params().Len() - 1 {
		if it, ok := sig.Params().At(i).Type().Underlying().(*types.Interface); ok && it.NumMethods() > 0 {
			out = append(out, i)
		}
	}
	return out
}

// variadicIfaceArgs converts, in a call of a compiled function whose
// variadic parameter is an interface with methods, the arguments of
// session types through calls of their own: yaegi passed the bare value
// (errors.Join of two pointers to a session struct with an Error method
// panicked: "reflect: cannot use *struct { Key string } as type error in
// Call").
func (r *rewriter) variadicIfaceArgs(c *ast.CallExpr) {
	if c.Ellipsis.IsValid() {
		return
	}
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok {
		return
	}
	if last, elem := foreignVariadic(r.oracle.info, r.oracle.pkg, sel); elem != nil && !isEmptyIface(elem) {
		for i := last; i < len(c.Args); i++ {
			c.Args[i] = r.convertInCall(c.Args[i], elem)
		}
	}
}

// foreignVariadic returns the index of the variadic parameter of sel, a
// function of a package other than pkg (info is sel's check), and its
// element type; nil when sel is not such a function. Cells
// (variadicIfaceArgs) and package files (pkgifaceloop.go) ask it.
func foreignVariadic(info *types.Info, pkg *types.Package, sel *ast.SelectorExpr) (int, types.Type) {
	fn := foreignFunc(info, pkg, sel.Sel)
	if fn == nil {
		return 0, nil
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || !sig.Variadic() {
		return 0, nil
	}
	last := sig.Params().Len() - 1
	sl, ok := sig.Params().At(last).Type().(*types.Slice)
	if !ok {
		return 0, nil
	}
	return last, sl.Elem()
}

// compiledCallArg reports whether c calls a function or method of a
// compiled package (info is the type check of the package pkg), and, when
// it does, whether its argument arg, converted to the parameter type to,
// is to be copied in a call of its own returning its own type (see
// loopConversions): only for an empty interface parameter of a compiled
// container that keeps the value (keepiface.go's compiledKeepers:
// list.PushBack, sync.Map.Store, context.WithValue); functions that read
// their operands there are left as they are (fmt.Println(c), and
// reflect.TypeOf(c), whose refusal of a session type the copy hid), and
// a value that is not a pointer
// (errors.As(err, &e) and json.Unmarshal(b, &v) take an out-parameter,
// which a conversion in a call of its own broke: "errors: *target must be
// interface or implement error").
func compiledCallArg(info *types.Info, pkg *types.Package, c *ast.CallExpr, arg ast.Expr, to types.Type) (compiled, copied bool) {
	sel, ok := unparen(c.Fun).(*ast.SelectorExpr)
	if !ok {
		return false, false
	}
	fn := foreignFunc(info, pkg, sel.Sel)
	if fn == nil {
		return false, false
	}
	if _, keeps := compiledKeepers[fn.FullName()]; !keeps || !isEmptyIface(to) || compiledVariadicArg(info, pkg, c, arg) {
		return true, false
	}
	_, isPtr := info.TypeOf(arg).(*types.Pointer)
	return true, !isPtr
}

// isEmptyIface reports whether t is an interface without methods (the
// print functions' ...any, which the print rewrites see as written).
func isEmptyIface(t types.Type) bool {
	it, ok := t.Underlying().(*types.Interface)
	return ok && it.NumMethods() == 0
}

// foreignFunc returns the function id names when it is one of a package
// other than pkg (info is id's check), or nil.
func foreignFunc(info *types.Info, pkg *types.Package, id *ast.Ident) *types.Func {
	fn, ok := info.Uses[id].(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg() == pkg {
		return nil
	}
	return fn
}

// convertInCall returns e converted to the interface type to inside a
// function literal of its own when e has a session type with methods, or
// a type parameter's type (`out = append(out, x)` ranging over a []T in
// a `func Collect[T any](xs []T) []any` gave the last element twice, at
// d93fbda), and to is an interface (see above); otherwise e.
func (r *rewriter) convertInCall(e ast.Expr, to types.Type) ast.Expr {
	if r.loopConverted(e, to) == nil {
		return e
	}
	if c := r.structWrapCall(e, to); c != nil {
		return c // a call of its own too (sourcestructwrap.go)
	}
	te := r.oracle.expr(to)
	if te == nil {
		return e
	}
	pos := e.Pos()
	return &ast.CallExpr{Fun: &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: cloneTypeAt(te, pos)}}}},
		Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{&ast.ReturnStmt{Return: pos, Results: []ast.Expr{e}}}, Rbrace: pos},
	}, Lparen: pos, Rparen: pos}
}

// loopConverted returns the type of e when convertInCall and loopCopy
// rewrite e converted to to: to is an interface and e has a session type
// with methods or a type parameter's type; nil otherwise.
func (r *rewriter) loopConverted(e ast.Expr, to types.Type) types.Type {
	if _, ok := to.Underlying().(*types.Interface); !ok {
		return nil
	}
	t := r.oracle.typeOf(e)
	if _, param := t.(*types.TypeParam); t == nil || !r.sessionMethods(t) && !param {
		return nil
	}
	return t
}

// loopCopy returns e, a value converted to the interface to in a loop
// body (loopConversions), copied in a slice of its own, `[]T{e}[0]`
// for e of type T, when T is a session type with methods or a type
// parameter and to an interface; otherwise e. yaegi passes a converted
// argument as a wrapper of the slot the caller's frame holds it in (the
// variable, or the result of a call): a callee that kept its parameter
// past the call (in a closure, a goroutine, a deferred call, a struct it
// returns) saw the slot's last value. `for _, c := range cs { add(c) }`
// with `func add(s Shape) { fs = append(fs, func() float64 { return
// s.Area() }) }` made every closure read the last circle, and so did the
// call of its own convertInCall makes (its result is such a slot); a
// slice literal's element is new memory on each iteration. A value
// converted to a compiled interface (error, fmt.Stringer), which yaegi
// wraps otherwise, is convertInCall's: in a slice of its own `for _, k :=
// range keys { addS(Name(k)) }` for a `func addS(s fmt.Stringer)` keeping
// s in a closure gave the last name three times, in a call of its own
// each.
func (r *rewriter) loopCopy(e ast.Expr, to types.Type) ast.Expr {
	t := r.loopConverted(e, to)
	if t == nil {
		return e
	}
	te := r.oracle.expr(t)
	if te == nil || compiledIface(to, r.oracle.pkg) {
		return r.convertInCall(e, to)
	}
	out := sliceElem(e, cloneTypeAt(te, e.Pos())) // ifacestore.go
	if tv, ok := r.oracle.info.Types[e]; ok {
		r.oracle.info.Types[out] = tv
	}
	return out
}

// copyInCall returns e, when it has a session type with methods, as the
// result of a function literal of its own returning e's type (see
// loopConversions); otherwise e. The call has e's type for the rewrites
// after.
func (r *rewriter) copyInCall(e ast.Expr) ast.Expr {
	t := r.oracle.typeOf(e)
	if t == nil || !r.sessionMethods(t) {
		return e
	}
	te := r.oracle.expr(t)
	if te == nil {
		return e
	}
	pos := e.Pos()
	c := &ast.CallExpr{Fun: &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: cloneTypeAt(te, pos)}}}},
		Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{&ast.ReturnStmt{Return: pos, Results: []ast.Expr{e}}}, Rbrace: pos},
	}, Lparen: pos, Rparen: pos}
	r.oracle.info.Types[c] = r.oracle.info.Types[e]
	return c
}

// sessionMethods reports whether t is a type declared in the session (or
// a pointer to one) with methods.
func (r *rewriter) sessionMethods(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	named, ok := t.(*types.Named)
	if !ok || named.Obj().Pkg() != r.oracle.pkg {
		return false
	}
	if _, isIface := named.Underlying().(*types.Interface); isIface {
		return false
	}
	return named.NumMethods() > 0
}
