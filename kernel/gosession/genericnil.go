package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
)

// Nil session values for type parameters constrained by compiled
// interfaces.
//
// A generic function whose type parameter is constrained by a compiled
// interface converts a value of it to that interface as Go does
// (`func toE[T error](v T) error { return v }`), but yaegi v0.16.1 makes
// a nil session pointer so converted a nil interface, as it does outside
// generics (niliface.go): `toE(p) == nil` for a nil *MyErr was true (Go:
// false). Inside the function the value's type is not known, and yaegi
// has lost the typed nil even in an `any`, so the call is checked
// instead: an argument for such a type parameter of a generic function
// declared in the cell or the session, whose type is a nilable session
// type, ends the cell with an error naming the call and the workaround
// when it is nil; other values go on as before. Written for this package.

// genericNilArgs wraps c's arguments as described above.
func (r *rewriter) genericNilArgs(c *ast.CallExpr) {
	if r.err != nil || c.Ellipsis.IsValid() {
		return
	}
	fun := unparen(c.Fun)
	switch x := fun.(type) {
	case *ast.IndexExpr:
		fun = x.X
	case *ast.IndexListExpr:
		fun = x.X
	}
	id, ok := unparen(fun).(*ast.Ident)
	if !ok || id.Name == "_" {
		return
	}
	fd := r.funcDeclOf(id)
	if fd == nil || fd.Type.TypeParams == nil || fd.Recv != nil {
		return
	}
	constrained := map[string]string{} // type parameter → compiled interface
	for _, f := range fd.Type.TypeParams.List {
		if iface := r.compiledIfaceType(f.Type); iface != "" {
			for _, n := range f.Names {
				constrained[n.Name] = iface
			}
		}
	}
	if len(constrained) == 0 {
		return
	}
	params := fieldTypes(fd.Type.Params)
	for i, a := range c.Args {
		if i >= len(params) {
			return
		}
		p, ok := params[i].(*ast.Ident)
		if !ok || constrained[p.Name] == "" {
			continue
		}
		t := r.nilableSessionType(a)
		if t == nil {
			continue
		}
		tn := types.ExprString(userExpr(r, t))
		msg := r.at(a.Pos()) + ": " + types.ExprString(userExpr(r, a)) + " is a nil " + tn + " passed to " + id.Name +
			" for its type parameter " + p.Name + " constrained by " + constrained[p.Name] + ": converted to " +
			constrained[p.Name] + " in Go it is not nil (it holds a nil " + tn + "), the interpreter makes it nil; " +
			"pass a value that is not nil, or convert it yourself outside the generic function: " + ErrUnsupported.Error()
		c.Args[i] = nilValueCheck(a, t, msg)
	}
}

// nilValueCheck returns e, of type t, checked when it is evaluated: a nil
// value panics with msg.
func nilValueCheck(e, t ast.Expr, msg string) ast.Expr {
	pos := e.Pos()
	ident := func(s string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: s} }
	return &ast.CallExpr{Fun: &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{},
			Results: &ast.FieldList{List: []*ast.Field{{Type: cloneAt(t, pos)}}}},
		Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{
			&ast.AssignStmt{Lhs: []ast.Expr{ident("_activisGV")}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{e}},
			&ast.IfStmt{If: pos, Cond: &ast.BinaryExpr{X: ident("_activisGV"), OpPos: pos, Op: token.EQL, Y: ident("nil")},
				Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{&ast.ExprStmt{X: &ast.CallExpr{
					Fun: ident("panic"), Lparen: pos, Rparen: pos,
					Args: []ast.Expr{&ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(msg)}}}}}}},
			&ast.ReturnStmt{Return: pos, Results: []ast.Expr{ident("_activisGV")}},
		}}}, Lparen: pos, Rparen: e.End()}
}
