package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// Typed nil pointers in compiled interfaces.
//
// In Go, a nil pointer stored in an interface makes a non-nil interface:
//
//	func find() error { var e *MyErr; …; return e }
//	err := find()       // err != nil is true: err holds (*MyErr)(nil)
//
// yaegi v0.16.1 turns a nil value of a type declared in the session
// (pointer, map, slice, func or chan) into the nil interface when it
// converts it to a compiled interface type (error, fmt.Stringer,
// io.Reader): `err != nil` was false, the classic Go mistake silently
// undone. (An `any` or an interface declared in the session keeps the
// typed nil, as in Go.) No rewrite can make the compiled interface hold
// the typed nil, so where the syntax shows such a conversion of a value
// whose type is a nilable session type,
//
//   - a return value of a function whose result is a compiled interface
//     (`return e` in `func find() error`),
//   - an assignment to a variable, field or element of such a type
//     (`err = e`, also a named result), or its declaration
//     (`var err error = e`),
//   - an argument for a parameter of such a type of a function whose
//     signature the syntax shows,
//   - an element of a composite literal whose type the syntax shows, for
//     a field or element of such a type (`Result{Err: e}`, `[]error{e}`),
//
// the value is checked when the conversion runs: a nil value ends the cell
// with an error that names the conversion, its line and the workaround
// (return or assign nil itself when there is no error); any other value
// goes on as before. The value is wrapped in a function literal that
// returns it, so it is evaluated once, in order:
//
//	return e  →  return func() error { _v := e; if _v == nil { panic("…") }; return _v }()
//
// (the literal returns the interface: yaegi failed to pass a call's
// result of type *MyErr to a parameter of type error).
//
// A value the syntax does not type (a field of a value of unknown type, a
// result of a method) is not checked; README lists it. Fields of session
// structs are typed (exactType, ifaceorigin.go). Written for this
// package.

// nilIfaceFunc checks the return statements of a function body (not those
// of function literals inside it, which have their own results).
func (r *rewriter) nilIfaceFunc(ft *ast.FuncType, body *ast.BlockStmt) {
	if ft == nil || body == nil || ft.Results == nil {
		return
	}
	results := fieldTypes(ft.Results)
	ifaces := make([]string, len(results))
	some := false
	for i, t := range results {
		ifaces[i] = r.compiledIfaceType(t)
		some = some || ifaces[i] != ""
	}
	if !some {
		return
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(x.Results) != len(results) {
				return true
			}
			for i, e := range x.Results {
				if ifaces[i] != "" {
					x.Results[i] = r.nilIfaceCheck(e, results[i], ifaces[i], "returned as")
				}
			}
		}
		return true
	})
}

// nilIfaceAssign checks the values an assignment or a var declaration
// converts to compiled interface types.
func (r *rewriter) nilIfaceAssign(n ast.Node) {
	switch x := n.(type) {
	case *ast.AssignStmt:
		if x.Tok != token.ASSIGN || len(x.Lhs) != len(x.Rhs) {
			return
		}
		for i, l := range x.Lhs {
			if id, ok := l.(*ast.Ident); ok && id.Name == "_" {
				continue
			}
			lt := r.valueType(l)
			if iface := r.compiledIfaceType(lt); iface != "" {
				x.Rhs[i] = r.nilIfaceCheck(x.Rhs[i], lt, iface, "assigned to")
			}
		}
	case *ast.ValueSpec:
		if x.Type == nil || len(x.Values) != len(x.Names) {
			return
		}
		if iface := r.compiledIfaceType(x.Type); iface != "" {
			for i, v := range x.Values {
				if x.Names[i].Name == "_" {
					continue // var _ error = (*MyErr)(nil): a compile-time check
				}
				x.Values[i] = r.nilIfaceCheck(v, x.Type, iface, "assigned to")
			}
		}
	case *ast.CompositeLit:
		r.nilIfaceElts(x)
	case *ast.CallExpr:
		ft := funcType(r.typeOf(x.Fun))
		if ft == nil || ft.Params == nil || x.Ellipsis.IsValid() {
			return
		}
		params := fieldTypes(ft.Params)
		for i, a := range x.Args {
			if i >= len(params) {
				break
			}
			p := params[i]
			if e, ok := p.(*ast.Ellipsis); ok {
				p = e.Elt
				for j := i; j < len(x.Args); j++ {
					if iface := r.compiledIfaceType(p); iface != "" {
						x.Args[j] = r.nilIfaceCheck(x.Args[j], p, iface, "passed as")
					}
				}
				break
			}
			if iface := r.compiledIfaceType(p); iface != "" {
				x.Args[i] = r.nilIfaceCheck(a, p, iface, "passed as")
			}
		}
	}
}

// nilIfaceElts checks the elements of a composite literal whose type the
// syntax shows that go to fields or elements of compiled interface types
// (`Result{Err: e}`, `[]error{e}`, `map[string]error{"a": e}`).
func (r *rewriter) nilIfaceElts(cl *ast.CompositeLit) {
	t := cl.Type
	if id, ok := t.(*ast.Ident); ok {
		if nt, _ := r.assertedType(id); nt != nil {
			t = nt.under
		}
	}
	var elt ast.Expr // the type of every element
	var fields []*ast.Field
	switch x := unparen(t).(type) {
	case *ast.ArrayType:
		elt = x.Elt
	case *ast.MapType:
		elt = x.Value
	case *ast.StructType:
		fields = x.Fields.List
	default:
		return
	}
	fieldType := func(name string, i int) ast.Expr {
		n := 0
		for _, f := range fields {
			if len(f.Names) == 0 {
				if name == "" && n == i {
					return f.Type
				}
				n++
				continue
			}
			for _, fn := range f.Names {
				if name == fn.Name || name == "" && n == i {
					return f.Type
				}
				n++
			}
		}
		return nil
	}
	for i, e := range cl.Elts {
		ft := elt
		v := e
		kv, isKV := e.(*ast.KeyValueExpr)
		if isKV {
			v = kv.Value
		}
		if fields != nil {
			ft = nil
			if isKV {
				if k, ok := kv.Key.(*ast.Ident); ok {
					ft = fieldType(k.Name, -1)
				}
			} else {
				ft = fieldType("", i)
			}
		}
		iface := r.compiledIfaceType(ft)
		if iface == "" {
			continue
		}
		checked := r.nilIfaceCheck(v, ft, iface, "stored as")
		if isKV {
			kv.Value = checked
		} else {
			cl.Elts[i] = checked
		}
	}
}

// compiledIfaceType returns the name of t when it is a compiled interface
// type with methods (error, fmt.Stringer), or "".
func (r *rewriter) compiledIfaceType(t ast.Expr) string {
	switch x := unparen(t).(type) {
	case *ast.Ident:
		if x.Name == "error" && x.Obj == nil && r.sc.globalType("error") == nil {
			return "error"
		}
	case *ast.SelectorExpr:
		pkg, ok := x.X.(*ast.Ident)
		if !ok || pkg.Obj != nil || !r.isInterfaceType(x) {
			return ""
		}
		if ms, known := r.interfaceMethods(x, 0); known && len(ms) > 0 {
			return pkg.Name + "." + x.Sel.Name
		}
	}
	return ""
}

// nilableSessionType returns the type of e when the syntax shows it is a
// session type that has a nil value (a pointer to a session type, or a
// session type whose underlying type is a pointer, map, slice, func or
// chan) and e may be nil, or nil.
func (r *rewriter) nilableSessionType(e ast.Expr) ast.Expr {
	var t ast.Expr
	switch x := unparen(e).(type) {
	case *ast.UnaryExpr, *ast.CompositeLit, *ast.FuncLit, *ast.BasicLit:
		return nil // &T{…}, literals: never nil
	case *ast.Ident:
		if strings.HasPrefix(x.Name, "_activis") || x.Name == "nil" && x.Obj == nil {
			return nil
		}
		t = r.exactType(x, 0)
	case *ast.CallExpr:
		if len(x.Args) == 1 {
			if s, ok := unparen(x.Fun).(*ast.StarExpr); ok {
				t = s // (*T)(v)
				break
			}
		}
		if id, ok := unparen(x.Fun).(*ast.Ident); ok && id.Obj == nil && id.Name == "new" {
			return nil
		}
		t = r.exactType(x, 0)
	default:
		t = r.exactType(e, 0)
	}
	if t == nil {
		return nil
	}
	named := unparen(t)
	if s, ok := named.(*ast.StarExpr); ok {
		named = unparen(s.X)
	}
	id, ok := named.(*ast.Ident)
	if !ok {
		return nil
	}
	nt, _ := r.assertedType(id)
	if nt == nil {
		return nil
	}
	if _, isPtr := unparen(t).(*ast.StarExpr); isPtr {
		return t
	}
	switch s, _ := r.shape(nt); {
	case strings.HasPrefix(s, "*"), strings.HasPrefix(s, "[]"), strings.HasPrefix(s, "map["),
		strings.HasPrefix(s, "func("), strings.HasPrefix(s, "chan "), strings.HasPrefix(s, "<-chan "):
		return t
	}
	return nil
}

// nilIfaceCheck returns e wrapped in the check described above when its
// type is a nilable session type, else e.
func (r *rewriter) nilIfaceCheck(e, ifaceType ast.Expr, iface, how string) ast.Expr {
	if r.err != nil {
		return e
	}
	t := r.nilableSessionType(e)
	if t == nil {
		return e
	}
	pos := e.Pos()
	what := types.ExprString(userExpr(r, e))
	tn := types.ExprString(userExpr(r, t))
	return r.nilIfaceWrap(e, ifaceType, nilIfaceMessage(r.at(pos), what, tn, how, iface))
}

// nilIfaceMessage is the refusal of a nil value what of the session type
// tn stored into the compiled interface iface at place at (how: "assigned
// to", "returned as", …), for nilIfaceCheck and tupleiface.go's
// checkedStore.
func nilIfaceMessage(at, what, tn, how, iface string) string {
	return at + ": " + what + " is a nil " + tn + " " + how + " " + iface + ": in Go the " + iface +
		" value is not nil (it holds a nil " + tn + ", so a test `!= nil` is true), the interpreter makes it nil; " +
		"use nil itself where there is no value (return nil, not a nil " + tn + " variable): " + ErrUnsupported.Error()
}

// at returns the place of pos for a message: "line N", or the cell's
// own form of it.
func (r *rewriter) at(pos token.Pos) string {
	if r.where != nil {
		return r.where(r.fset.Position(pos).Line)
	}
	return "line " + strconv.Itoa(r.fset.Position(pos).Line)
}

// nilBindCheck returns the value v of the session type t that a type
// assertion or a type switch case binds as the compiled interface
// ifaceType (ifaceBind, typeswitch.go), checked when the binding runs as
// nilIfaceCheck checks a conversion: yaegi made a nil *MyErr held in an
// `any` and asserted to error (`x.(error)`, `e, ok := x.(error)`, `case
// error:`) a nil error, where Go's is not nil, whatever way the value
// came to the interface (a parameter passed on, a variable of an earlier
// cell assigned since, a third-party package). A value that is not nil,
// or of a type that has no nil, is returned as before.
func (r *rewriter) nilBindCheck(v, t, ifaceType ast.Expr, pos token.Pos) ast.Expr {
	iface := r.compiledIfaceType(ifaceType)
	if iface == "" || r.err != nil {
		return v
	}
	nilable := false
	if _, ptr := unparen(t).(*ast.StarExpr); ptr {
		nilable = true
	} else if nt, _ := r.assertedType(t); nt != nil {
		switch s, _ := r.shape(nt); {
		case strings.HasPrefix(s, "*"), strings.HasPrefix(s, "[]"), strings.HasPrefix(s, "map["),
			strings.HasPrefix(s, "func("), strings.HasPrefix(s, "chan "), strings.HasPrefix(s, "<-chan "):
			nilable = true
		}
	}
	if !nilable {
		return v
	}
	tn := types.ExprString(userExpr(r, t))
	msg := r.at(pos) + ": the interface value asserted to " + iface + " holds a nil " + tn + ": in Go the " + iface +
		" value is not nil (it holds a nil " + tn + ", so a test `!= nil` is true), the interpreter makes it nil; " +
		"test for " + tn + " first (case " + tn + ":, or x.(" + tn + ")), or store nil itself where there is no value: " +
		ErrUnsupported.Error()
	return r.nilIfaceWrap(v, ifaceType, msg)
}

// nilIfaceWrap returns e wrapped in a function literal that returns it as
// ifaceType and panics with msg when it is nil.
func (r *rewriter) nilIfaceWrap(e, ifaceType ast.Expr, msg string) ast.Expr {
	pos := e.Pos()
	v := r.fresh("NV")
	ident := func(s string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: s} }
	return &ast.CallExpr{Fun: &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{},
			Results: &ast.FieldList{List: []*ast.Field{{Type: cloneAt(ifaceType, pos)}}}},
		Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{
			&ast.AssignStmt{Lhs: []ast.Expr{ident(v)}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{e}},
			&ast.IfStmt{If: pos, Cond: &ast.BinaryExpr{X: ident(v), OpPos: pos, Op: token.EQL, Y: ident("nil")},
				Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{&ast.ExprStmt{X: &ast.CallExpr{
					Fun: ident("panic"), Lparen: pos, Rparen: pos,
					Args: []ast.Expr{&ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(msg)}}}}}}},
			&ast.ReturnStmt{Return: pos, Results: []ast.Expr{ident(v)}},
		}}}, Lparen: pos, Rparen: e.End()}
}
