package gosession

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
)

// Composite values of session types stored in interfaces inside a
// composite literal that is printed.
//
// yaegi keeps a composite value of a session type stored in an interface
// as a value of its underlying type (ifacenested.go): `fmt.Println([]any{
// []Status{1}})` printed `[[1]]`, Go `[[done]]` (also a map value, a
// field of interface type, and %s printed `[[%!s(int=0)]]`). Where a
// print operand (of fmt's and log's print functions, or of a %v, %s, %q,
// %x or %X verb of a Printf-like call with a literal format, also with
// `+`) is itself a composite literal, the type oracle shows each
// element's type where it is built: an element in a slot of interface
// type whose type holds a session type with a String or Error method
// below its top (`[]Status`, `map[string]Status`) is printed by the
// session's walk first, `_activisiface.Verbatim(_activisiface.PlainV(
// []Status{1}, …))` (nestedprint.go; PlusV for `+`), an operand fmt
// prints as that text. Only the printing sees the element: the literal
// is the operand. An element the walk cannot read, a map key, and such
// an element in a literal that defines a variable the call prints
// (`m := map[string]any{"s": []Status{1}}; fmt.Println(m)`) are refused,
// naming the type and the workaround: print the value in an operand or
// variable of its own type. Written for this package.

// ifaceLiteralOperand handles print operand op of c as described above:
// the operand itself is a composite literal (fix true) or a local
// variable defined by one (fix false: refused). It reports whether it
// failed the rewrite.
func (r *rewriter) ifaceLiteralOperand(call string, op printOperand) bool {
	arg := unparen(op.arg)
	fix := true
	if id, ok := arg.(*ast.Ident); ok {
		// The values stored into the container's elements, where the
		// session follows them (ifaceflow.go).
		all := r.sessionTypes()
		for _, o := range r.elemOrigins(id, 0) {
			if n, ok := unparen(o).(*ast.Ident); ok && all[n.Name] != nil {
				if _, isStruct := unparen(all[n.Name].under).(*ast.StructType); isStruct {
					continue // the walk tells a session struct by its fields (gosyntax.go)
				}
			}
			if name, method := r.nestedStringerAST(o, 0, all, map[string]bool{}); name != "" {
				r.fail(op.arg.Pos(), "%s of %s, which may hold a %s in an interface (%s values with their %s method inside it): "+
					"the interpreter keeps that value as its underlying type there, so it would silently print the underlying "+
					"values; print the %s in an operand or variable of its own type, which the session prints as Go",
					call, id.Name, types.ExprString(userExpr(r, o)), all[name].user, method, types.ExprString(userExpr(r, o)))
				return true
			}
		}
	}
	if id, ok := arg.(*ast.Ident); ok && id.Obj != nil && id.Obj.Kind == ast.Var {
		fix = false
		arg = nil
		switch d := id.Obj.Decl.(type) {
		case *ast.AssignStmt:
			if d.Tok == token.DEFINE && len(d.Lhs) == len(d.Rhs) {
				for i, l := range d.Lhs {
					if li, ok := l.(*ast.Ident); ok && li.Obj == id.Obj {
						arg = unparen(d.Rhs[i])
					}
				}
			}
		case *ast.ValueSpec:
			if len(d.Names) == len(d.Values) {
				for i, n := range d.Names {
					if n.Obj == id.Obj {
						arg = unparen(d.Values[i])
					}
				}
			}
		}
	}
	lit, ok := arg.(*ast.CompositeLit)
	if !ok {
		return false
	}
	return r.ifaceLiteral(call, op, lit, fix, 0)
}

// ifaceLiteral walks the elements of lit (see above) and reports whether
// it failed the rewrite.
func (r *rewriter) ifaceLiteral(call string, op printOperand, lit *ast.CompositeLit, fix bool, depth int) bool {
	t := r.oracle.typeOf(lit)
	if t == nil || depth > 8 {
		return false
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	var key types.Type
	switch u := t.Underlying().(type) {
	case *types.Map:
		key = u.Key()
	case *types.Slice, *types.Array, *types.Struct:
	default:
		return false
	}
	for i, e := range lit.Elts {
		slot := litSlot(t, i, e)
		val := &lit.Elts[i]
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			val = &kv.Value
			if key != nil && r.ifaceSlot(call, op, kv.Key, key, nil, false, depth) {
				return true
			}
		}
		if slot != nil && r.ifaceSlot(call, op, *val, slot, val, fix, depth) {
			return true
		}
	}
	return false
}

// litSlot returns the type of the slot that element i (e) of a composite
// literal of type t fills: the element type of a slice, array or map (its
// value's, for a map), or the type of the struct field e's key or place
// names; nil where there is none.
func litSlot(t types.Type, i int, e ast.Expr) types.Type {
	kv, keyed := e.(*ast.KeyValueExpr)
	switch u := t.Underlying().(type) {
	case *types.Slice:
		return u.Elem()
	case *types.Array:
		return u.Elem()
	case *types.Map:
		return u.Elem()
	case *types.Struct:
		if !keyed {
			if i < u.NumFields() {
				return u.Field(i).Type()
			}
			return nil
		}
		if k, ok := kv.Key.(*ast.Ident); ok {
			for j := range u.NumFields() {
				if u.Field(j).Name() == k.Name {
					return u.Field(j).Type()
				}
			}
		}
	}
	return nil
}

// ifaceSlot handles the element e of a composite literal in a slot of
// type slot; where, when not nil, is where the element is stored, for
// the fix. It reports whether it failed the rewrite.
func (r *rewriter) ifaceSlot(call string, op printOperand, e ast.Expr, slot types.Type, where *ast.Expr, fix bool, depth int) bool {
	if !types.IsInterface(slot) {
		if lit, ok := unparen(e).(*ast.CompositeLit); ok && ifaceInside(slot) {
			return r.ifaceLiteral(call, op, lit, fix, depth+1)
		}
		return false
	}
	te := r.oracle.typeOf(e)
	if te == nil || types.IsInterface(te) {
		if lit, ok := unparen(e).(*ast.CompositeLit); ok {
			return r.ifaceLiteral(call, op, lit, fix, depth+1)
		}
		return false
	}
	name, method := nestedStringer(te)
	if name == "" {
		if lit, ok := unparen(e).(*ast.CompositeLit); ok && ifaceInside(te) {
			return r.ifaceLiteral(call, op, lit, fix, depth+1)
		}
		return false
	}
	if n, ok := types.Unalias(te).(*types.Named); ok && !fix && isSessionNamed(n) {
		if _, isStruct := n.Underlying().(*types.Struct); isStruct {
			return false // the walk tells a session struct by its fields (gosyntax.go)
		}
	}
	if fix && where != nil && plainVReadable(te) {
		if static, err := parser.ParseExpr(types.TypeString(te, sessionQualifier)); err == nil {
			if rt := r.ifaceRuntimeName(); rt != "" {
				helper, flags := "PlainV", op.flags+string(op.verb)
				if plus := strings.Contains(op.flags, "+"); plus {
					helper, flags = "PlusV", strings.ReplaceAll(op.flags, "+", "")
				}
				pos := e.Pos()
				*where = &ast.CallExpr{Fun: &ast.SelectorExpr{X: &ast.Ident{NamePos: pos, Name: rt}, Sel: &ast.Ident{NamePos: pos, Name: "Verbatim"}},
					Lparen: pos, Args: []ast.Expr{r.goSyntaxCall(e, static, helper, flags, nil)}, Rparen: pos}
				return false
			}
		}
	}
	r.fail(e.Pos(), "%s of a composite value holding a %s in an interface (%s values with their %s method inside it): the "+
		"interpreter keeps that value as its underlying type there, so it would silently print the underlying values; print "+
		"the %s in an operand or variable of its own type, which the session prints as Go",
		call, types.TypeString(te, sessionQualifier), name, method, types.TypeString(te, sessionQualifier))
	return true
}
