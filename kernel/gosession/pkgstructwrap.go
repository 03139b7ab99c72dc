package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
)

// Struct values of the package's types converted to a compiled interface,
// in package files.
//
// yaegi v0.16.1 converts a value of an interpreted type with methods to a
// compiled interface with methods (error, fmt.Stringer) through a wrapper
// of the interface (interp._error for error) whose first field, IValue,
// is meant to hold the value and whose other fields are the methods. For a
// struct value it stored the struct's last field that is not a nil
// interface instead (it takes a struct without methods for an emulated
// interface), so the wrapper's methods ran but nothing asserted back:
// with `type DupError struct{ Name string }` and value Error and Unwrap
// methods, `err.(DupError)` of a returned DupError was false, and so were
// `errors.Is(fmt.Errorf("reg: %w", DupError{"a"}), ErrExists)` and
// `errors.As(err, &d)`, without an error (Go: true); for
// `type wrapped struct{ msg string; err error }` the wrapper held the
// inner error, which an assertion to the inner error's type took for the
// whole value. Plain yaegi too.
//
// With the package's types, each place where a value of a struct type of
// the package with value methods (heldStruct) is converted to a compiled
// interface with methods — a return, an assignment or declaration, an
// argument, a composite literal's element or field, a send, an explicit
// conversion, a %w operand of fmt.Errorf — is written as a call of a
// literal that converts it in a frame of its own and gives the wrapper to
// the session runtime's WrapStruct with the value, which sets the
// wrapper's IValue to the value:
//
//	return DupError{name}  →  return func(_activisV DupError) error { return _activisrt.WrapStruct(func() error { return _activisV }(), _activisV).(error) }(DupError{name})
//
// So does a value of an interface type declared in interpreted code (or
// another package interpreted from source) converted to a compiled
// interface, which yaegi wrapped the same way. Conversions the type check
// cannot see are left as they are: a value of a type parameter, one made
// by compiled code (reflect) or by a cell, and an assertion of an `any`
// to a compiled interface, as README lists. Written for this package.

// structWraps rewrites the conversions of f as above. It runs after the
// file's other rewrites have enclosed their operands, so the conversion is
// the innermost.
func (w *pkgGoWriter) structWraps(f *ast.File) {
	if w.types == nil {
		return
	}
	var walk func(n ast.Node, results *types.Tuple)
	walk = func(n ast.Node, results *types.Tuple) {
		ast.Inspect(n, func(c ast.Node) bool {
			switch x := c.(type) {
			case *ast.FuncDecl:
				if c != n {
					if x.Body != nil {
						if fn, ok := w.types.info.Defs[x.Name].(*types.Func); ok {
							walk(x.Body, fn.Type().(*types.Signature).Results())
						}
					}
					return false
				}
			case *ast.FuncLit:
				if c != n {
					if sig, ok := w.types.typeOf(x).(*types.Signature); ok {
						walk(x.Body, sig.Results())
					}
					return false
				}
			case *ast.ReturnStmt:
				if results != nil && len(x.Results) == results.Len() {
					for i, r := range x.Results {
						w.wrapStructTo(r, results.At(i).Type())
					}
				}
			case *ast.AssignStmt:
				if x.Tok == token.ASSIGN && len(x.Lhs) == len(x.Rhs) {
					for i, l := range x.Lhs {
						w.wrapStructTo(x.Rhs[i], w.types.typeOf(l))
					}
				}
			case *ast.ValueSpec:
				if x.Type != nil && len(x.Names) == len(x.Values) {
					for _, v := range x.Values {
						w.wrapStructTo(v, w.types.typeOf(x.Type))
					}
				}
			case *ast.SendStmt:
				if ch, ok := typeUnder[*types.Chan](w.types.typeOf(x.Chan)); ok {
					w.wrapStructTo(x.Value, ch.Elem())
				}
			case *ast.CallExpr:
				w.wrapCallArgs(x)
			case *ast.CompositeLit:
				w.wrapElements(x)
			}
			return true
		})
	}
	walk(f, nil)
}

// wrapCallArgs wraps the arguments of c converted to its parameters, or
// the operand of a conversion.
func (w *pkgGoWriter) wrapCallArgs(c *ast.CallExpr) {
	tv, ok := w.types.info.Types[c.Fun]
	if !ok || tv.Type == nil {
		return
	}
	if tv.IsType() {
		if len(c.Args) == 1 {
			w.wrapStructTo(c.Args[0], tv.Type)
		}
		return
	}
	sig, ok := tv.Type.Underlying().(*types.Signature)
	if !ok || c.Ellipsis.IsValid() {
		return
	}
	params := sig.Params()
	if len(c.Args) == 1 && params.Len() > 1 {
		return // f(g()) with g's results
	}
	for i, a := range c.Args {
		switch {
		case sig.Variadic() && i >= params.Len()-1:
			if s, ok := typeUnder[*types.Slice](params.At(params.Len() - 1).Type()); ok {
				w.wrapStructTo(a, s.Elem())
			}
		case i < params.Len():
			w.wrapStructTo(a, params.At(i).Type())
		}
	}
}

// wrapElements wraps the elements, keys and fields of the composite
// literal c converted to its element, key and field types.
func (w *pkgGoWriter) wrapElements(c *ast.CompositeLit) {
	t := w.types.typeOf(c)
	if t == nil {
		return
	}
	if p, ok := t.Underlying().(*types.Pointer); ok { // an elided &T{} in a list
		t = p.Elem()
	}
	switch u := t.Underlying().(type) {
	case *types.Slice:
		w.wrapValues(c.Elts, u.Elem())
	case *types.Array:
		w.wrapValues(c.Elts, u.Elem())
	case *types.Map:
		for _, e := range c.Elts {
			if kv, ok := e.(*ast.KeyValueExpr); ok {
				w.wrapStructTo(kv.Key, u.Key())
				w.wrapStructTo(kv.Value, u.Elem())
			}
		}
	case *types.Struct:
		for i, e := range c.Elts {
			kv, ok := e.(*ast.KeyValueExpr)
			if !ok {
				if i < u.NumFields() {
					w.wrapStructTo(e, u.Field(i).Type())
				}
				continue
			}
			if id, ok := kv.Key.(*ast.Ident); ok {
				if f, ok := w.types.info.Uses[id].(*types.Var); ok {
					w.wrapStructTo(kv.Value, f.Type())
				}
			}
		}
	}
}

// wrapValues wraps the elements of a slice or array literal (the values of
// keyed ones) converted to elem.
func (w *pkgGoWriter) wrapValues(elts []ast.Expr, elem types.Type) {
	for _, e := range elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			e = kv.Value
		}
		w.wrapStructTo(e, elem)
	}
}

// wrapStructTo writes e, converted to the type to, as a call of a literal
// giving the conversion to WrapStruct (see above) when to is a compiled
// interface with methods and e a value of a struct type of the package
// with value methods, or of an interface declared in interpreted code;
// it reports whether it did.
func (w *pkgGoWriter) wrapStructTo(e ast.Expr, to types.Type) bool {
	if to == nil || e == nil {
		return false
	}
	iface, ok := to.Underlying().(*types.Interface)
	if !ok || iface.NumMethods() == 0 || !w.compiledIface(to) {
		return false
	}
	from := w.types.typeOf(e)
	if from == nil || !w.heldStruct(from) && !w.interpretedIface(from) {
		return false
	}
	ft, tt := w.typeText(from), w.typeText(to)
	if ft == "" || tt == "" {
		return false
	}
	w.enclose(e, w.wrapText(ft, tt, ""), ")")
	return true
}

// wrapText returns the call converting a value of type ft to tt as above,
// with arg as its operand, or without it and its closing parenthesis for
// "".
func (w *pkgGoWriter) wrapText(ft, tt, arg string) string {
	w.runtime = true
	text := "func(_activisV " + ft + ") " + tt + " { return " + pkgRuntimeName + ".WrapStruct(func() " + tt + " { return _activisV }(), _activisV).(" + tt + ") }("
	if arg != "" {
		text += arg + ")"
	}
	return text
}

// heldStruct reports whether t is a struct type of the package (not
// generic, not a pointer) with methods on value receivers, declared or
// promoted, whose values yaegi wraps as above.
func (w *pkgGoWriter) heldStruct(t types.Type) bool {
	n, ok := t.(*types.Named)
	if !ok || w.ownNamed(n) == nil {
		return false
	}
	if _, isStruct := n.Underlying().(*types.Struct); !isStruct {
		return false
	}
	return types.NewMethodSet(n).Len() > 0
}

// interpretedIface reports whether t is an interface type with methods
// declared in interpreted code (this package or another interpreted from
// source), whose values yaegi keeps in its own wrapper and converts to a
// compiled interface as above.
func (w *pkgGoWriter) interpretedIface(t types.Type) bool {
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() == nil || w.compiledIface(t) {
		return false
	}
	iface, ok := n.Underlying().(*types.Interface)
	return ok && iface.NumMethods() > 0 && n.TypeParams().Len() == 0
}

// wrapStruct is the runtime's WrapStruct: x is v converted to a compiled
// interface; when x is yaegi's wrapper of the interface and v holds a
// struct value, a copy of the wrapper holding v in IValue is returned,
// otherwise x.
func wrapStruct(x, v any) any {
	rx := reflect.ValueOf(x)
	if !rx.IsValid() || !isYaegiWrapper(rx.Type()) { // ifacert.go
		return x
	}
	inner, _ := ifaceUnwrap(v) // ifacert.go
	ri := reflect.ValueOf(inner)
	if !ri.IsValid() || ri.Kind() != reflect.Struct || ri.NumMethod() > 0 {
		return x
	}
	cp := reflect.New(rx.Type()).Elem()
	cp.Set(rx)
	cp.Field(0).Set(ri)
	return cp.Interface()
}
