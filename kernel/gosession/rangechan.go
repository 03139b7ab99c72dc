package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Ranges over slices of channels.
//
// yaegi v0.16.1 panics ("reflect: call of reflect.Value.Len on int
// Value") on `for _, c := range cs` inside a function when cs is a slice
// of channels (a fan-in `merge(cs ...<-chan int)`); ranging over the
// indexes works. chanElemRange writes such a loop over a slice variable
// as `for i := range cs { c := cs[i]; … }`, which is the same loop: the
// slice variable is read for each element rather than once, which only
// differs when the body assigns the variable, and then the loop is left
// alone. Written for this package.

// chanElemRange rewrites x as described above when it ranges over a
// slice variable of channels, defining its value.
func (r *rewriter) chanElemRange(x *ast.RangeStmt) {
	id, ok := unparen(x.X).(*ast.Ident)
	if r.oracle == nil || !ok || x.Tok != token.DEFINE || x.Value == nil || x.Body == nil {
		return
	}
	t := r.oracle.info.TypeOf(x.X)
	if t == nil {
		return
	}
	s, ok := t.Underlying().(*types.Slice)
	if !ok {
		return
	}
	if _, isChan := s.Elem().Underlying().(*types.Chan); !isChan || assigns(x.Body, []*ast.Ident{id}) {
		return
	}
	key, isIdent := x.Key.(*ast.Ident)
	if !isIdent || key.Name == "_" {
		key = &ast.Ident{NamePos: x.For, Name: r.fresh("Index")}
		x.Key = key
	}
	def := &ast.AssignStmt{Lhs: []ast.Expr{x.Value}, TokPos: x.TokPos, Tok: token.DEFINE,
		Rhs: []ast.Expr{&ast.IndexExpr{X: &ast.Ident{NamePos: id.NamePos, Name: id.Name}, Lbrack: x.TokPos, Index: &ast.Ident{NamePos: x.TokPos, Name: key.Name}, Rbrack: x.TokPos}}}
	x.Value = nil
	x.Body.List = append([]ast.Stmt{def}, x.Body.List...)
}
