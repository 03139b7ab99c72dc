package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Values of the package's types converted to an interface in a loop, in
// package files.
//
// The cells' ifaceloop.go, for packages interpreted from source: yaegi
// converts a value to an interface with methods through a wrapper whose
// methods read the value from the converting expression's slot in the
// frame, so every conversion a loop made showed the last one. In a package,
// `for _, k := range keys { errs = append(errs, &NotFound{k}) }` printed
// [no c no c no c] (Go [no a no b no c]), without an error. In a loop body
// (not counting function literals in it), a value of one of the package's
// types with methods that is appended to a slice of an interface with
// methods, assigned or sent to one, or given to a var declared as one is
// copied in a slice of its own, or, converted to a compiled interface,
// converted in a call of its own (loopCopy):
//
//	shapes = append(shapes, c)         →  shapes = append(shapes, []Circle{c}[0])
//	errs = append(errs, &NotFound{k})  →  errs = append(errs, func() error { return &NotFound{k} }())
//
// So is every conversion the type check shows in a loop body to such an
// interface (loopConversions: an argument, a literal's element or field,
// an explicit conversion; `out = append(out, store(&c))` in a loop gave
// the last circle twice, at d93fbda; `add(c)` for a function keeping its
// parameter in a closure, at 79945fa).
//
// The same is done, in or out of loops, for an argument of an interface
// parameter before a variadic one given a spread slice (`Append(&Error{},
// errs...)` panicked: ifaceloop.go's spreadIfaceParams), and for the
// arguments of another package's variadic parameter of such an interface (errors.Join(a,
// Code(3)) panicked: "reflect: cannot use int as type error in Call"),
// and for a value assigned or given in a var declaration to an interface
// (out of loops too: `var err error = DupError{"a"}` for a struct with a
// value Error method held the bare struct, and printed {a}, Go
// "duplicate a").

// ifaceLoops rewrites the conversions in the function bodies of f (see
// above).
func (w *pkgGoWriter) ifaceLoops(f *ast.File) {
	if w.types == nil {
		return
	}
	var walk func(n ast.Node, inLoop bool)
	walk = func(n ast.Node, inLoop bool) {
		ast.Inspect(n, func(c ast.Node) bool {
			var body *ast.BlockStmt
			switch x := c.(type) {
			case *ast.FuncLit:
				if c != n {
					walk(x.Body, false)
					return false
				}
			case *ast.ForStmt:
				body = x.Body
			case *ast.RangeStmt:
				body = x.Body
			case *ast.CallExpr:
				w.variadicIfaceArgs(x)
				for _, i := range spreadIfaceParams(w.types.info, x) { // ifaceloop.go
					w.convertInCall(x.Args[i], w.types.info.TypeOf(x.Fun).Underlying().(*types.Signature).Params().At(i).Type())
				}
			case *ast.AssignStmt:
				if x.Tok == token.ASSIGN && len(x.Lhs) == len(x.Rhs) {
					for i, l := range x.Lhs {
						w.convertInCall(x.Rhs[i], w.types.typeOf(l))
					}
				}
			case *ast.ValueSpec:
				if x.Type != nil && len(x.Names) == len(x.Values) {
					for _, v := range x.Values {
						w.convertInCall(v, w.types.typeOf(x.Type))
					}
				}
			}
			if body != nil && c != n {
				if !inLoop {
					w.loopConversions(body)
				}
				walk(body, true)
				return false
			}
			return true
		})
	}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
			walk(fd.Body, false)
		}
	}
}

// loopConversions converts in a call of its own each value of one of the
// package's types with methods that the loop body converts to an
// interface, wherever the type check shows the conversion (convsites.go):
// as ifaceloop.go's loopConversions does in cells, an appended element, a
// value assigned, sent or declared, an argument of a function (the
// package's, a method, a function value, a compiled one's parameter), an
// element or field of a composite literal, an explicit conversion. Not
// the arguments of a compiled function: pkgkeepiface.go gives an `any`
// parameter `[]any{c}[0]`, which copies, and the others are read there.
func (w *pkgGoWriter) loopConversions(body *ast.BlockStmt) {
	implicitConversions(body, w.types.info, func(slot *ast.Expr, to types.Type, call *ast.CallExpr) { // convsites.go
		if loopSlotOf(w.types.info, w.types.pkg, *slot, to, call) != slotConvert { // ifaceloop.go
			return // a compiled container's any parameter: pkgkeepiface.go's []any{c}[0] copies
		}
		if tp, ok := w.types.typeOf(*slot).(*types.TypeParam); ok && tp.Obj().Pkg() == w.types.pkg && tp.Obj().Name() != "_" && !w.compiledIface(to) {
			// `for _, x := range xs { out = append(out, x) }` in a `func
			// Collect[T any](xs []T) []any` gave the last element twice
			// (at d93fbda; pkgstructwrap.go converts to a compiled
			// interface with methods). A copy in a slice of its own
			// keeps the value (a call of its own returning it as the
			// interface did not for a Shape).
			w.encloseOnce(*slot, "[]"+tp.Obj().Name()+"{", "}[0]")
			return
		}
		if w.loopCopy(*slot, to) {
			return
		}
		w.convertInCall(*slot, to)
	})
}

// loopCopy copies e, a value converted to the interface to in a loop
// body, in a slice of its own, `[]T{e}[0]` for e of one of the package's
// types T with methods (or an instance of its generic struct types,
// `[]Pair[string, int]{…}[0]`), and reports whether it did: given to a function,
// yaegi passed the wrapper of the caller's slot, and a callee that kept
// its parameter past the call (in a closure, a goroutine) saw the last
// iteration's value, through a call of its own as convertInCall writes
// it too (ifaceloop.go's loopCopy tells more). A value converted to a
// compiled interface is left to convertInCall and pkgstructwrap.go.
func (w *pkgGoWriter) loopCopy(e ast.Expr, to types.Type) bool {
	if !types.IsInterface(to) || w.compiledIface(to) {
		return false
	}
	t := w.types.typeOf(e)
	if n := w.ownNamed(t); (n == nil || n.NumMethods() == 0) && !w.ownInstance(t) {
		return false
	}
	text := w.typeText(t)
	if text == "" {
		return false
	}
	w.encloseOnce(e, "[]"+text+"{", "}[0]")
	return true
}

// variadicIfaceArgs converts the arguments of another package's variadic
// parameter of an interface type with methods (see above).
func (w *pkgGoWriter) variadicIfaceArgs(c *ast.CallExpr) {
	if c.Ellipsis.IsValid() {
		return
	}
	sel, ok := unparen(c.Fun).(*ast.SelectorExpr)
	if !ok {
		return
	}
	if last, elem := foreignVariadic(w.types.info, w.types.pkg, sel); elem != nil && !isEmptyIface(elem) { // ifaceloop.go
		for i := last; i < len(c.Args); i++ {
			w.convertInCall(c.Args[i], elem)
		}
	}
}

// convertInCall writes e, when it has one of the package's types with
// methods and to is an interface with methods, as a call of a literal
// returning it as to (see above), once. A struct with value methods converted to a
// compiled interface with methods is pkgstructwrap.go's, whose literal
// takes it as an argument.
func (w *pkgGoWriter) convertInCall(e ast.Expr, to types.Type) {
	if to == nil {
		return
	}
	if iface, ok := to.Underlying().(*types.Interface); !ok || iface.NumMethods() == 0 {
		return // an `any` made by a call loses yaegi's wrapper (pkgkeepiface.go)
	}
	t := w.types.typeOf(e)
	n := w.ownNamed(t)
	if n == nil || n.NumMethods() == 0 || w.heldStruct(t) && w.compiledIface(to) {
		return
	}
	if text := w.typeText(to); text != "" {
		w.encloseOnce(e, "func() "+text+" { return ", " }()")
	}
}

// encloseOnce encloses e as enclose does, unless convertInCall or
// loopConversions enclosed it already (both meet an operand assigned in
// a loop).
func (w *pkgGoWriter) encloseOnce(e ast.Expr, pre, post string) {
	if w.inCall[e] {
		return
	}
	if w.inCall == nil {
		w.inCall = map[ast.Expr]bool{}
	}
	w.inCall[e] = true
	w.enclose(e, pre, post)
}

// typeUnder returns the underlying type of t as a T.
func typeUnder[T types.Type](t types.Type) (T, bool) {
	var zero T
	if t == nil {
		return zero, false
	}
	u, ok := t.Underlying().(T)
	return u, ok
}
