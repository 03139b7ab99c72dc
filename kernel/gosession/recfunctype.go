package gosession

import (
	"go/ast"
	"go/types"
)

// Func types that refer to themselves, in cells.
//
// yaegi v0.16.1 makes a session type with reflect, which cannot make a
// func type that holds itself: `type stateFn func(*lexer) stateFn`, the
// state type of a state-function lexer, failed with "interface
// conversion: reflect.Type is nil, not *reflect.rtype", a message that
// names nothing the cell wrote. Packages interpreted from source get such
// a type boxed (pkgrecfunc.go); a cell's is refused before it runs,
// naming the type and the workaround, which runs as Go does: declare the
// function returning any and assert the result,
//
//	type stateFn func(*lexer) any
//	next, _ := l.state(l).(stateFn)
//
// Written for this package.

// refuseRecursiveFuncTypes fails the rewrite for such a type in n.
func (r *rewriter) refuseRecursiveFuncTypes(n ast.Node) {
	ast.Inspect(n, func(m ast.Node) bool {
		ts, ok := m.(*ast.TypeSpec)
		if !ok || r.err != nil {
			return r.err == nil
		}
		ft, ok := ts.Type.(*ast.FuncType)
		if !ok || !namesIdent(ft, ts.Name.Name) {
			return true
		}
		r.fail(ts.Name.Pos(), "type %s refers to itself in its func type %s, which the interpreter cannot make; "+
			"declare it returning any and assert the result: type %s %s, then next, _ := f(x).(%s)",
			ts.Name.Name, types.ExprString(ft), ts.Name.Name, types.ExprString(anyResults(ft, ts.Name.Name)), ts.Name.Name)
		return false
	})
}

// namesIdent reports whether the identifier name occurs in n.
func namesIdent(n ast.Node, name string) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		if id, ok := m.(*ast.Ident); ok && id.Name == name {
			found = true
		}
		return !found
	})
	return found
}

// anyResults returns ft with each result naming name written as any.
func anyResults(ft *ast.FuncType, name string) *ast.FuncType {
	out := &ast.FuncType{Params: ft.Params}
	if ft.Results == nil {
		return out
	}
	out.Results = &ast.FieldList{}
	for _, f := range ft.Results.List {
		t := f.Type
		if namesIdent(t, name) {
			t = &ast.Ident{Name: "any"}
		}
		out.Results.List = append(out.Results.List, &ast.Field{Names: f.Names, Type: t})
	}
	return out
}
