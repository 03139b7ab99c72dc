package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
	"unicode/utf8"
)

// Byte positions of a range over a string.
//
// yaegi v0.16.1 ranges over a string by converting it to []rune and
// computes each index as the length of the runes before it encoded again,
// so after an invalid UTF-8 byte (decoded as U+FFFD, three bytes encoded)
// every index was wrong: `for i, r := range "a\xffb"` gave the indexes 0
// 1 4 (Go: 0 1 2), without an error, and each step took time linear in
// the index. Where the syntax or the type checker shows that the range
// expression is a string and the index is used, the session ranges over
// the runes with the byte positions computed once by compiled code:
//
//	for i, r := range s { body }
//	  → { _s := s; _p := _activis.RuneStarts(_s); for _j, r := range []rune(_s) { i := _p[_j]; _ = i; { body } } }
//
// Written for this package.

// rangeString rewrites a range over a string as above, or returns nil.
func (r *rewriter) rangeString(x *ast.RangeStmt, label *ast.Ident) ast.Stmt {
	if x.Tok != token.DEFINE || x.Key == nil || isBlank(x.Key) || !r.isStringExpr(x.X) {
		return nil
	}
	key, ok := x.Key.(*ast.Ident)
	if !ok {
		return nil
	}
	pos := x.For
	s := &ast.Ident{NamePos: pos, Name: r.fresh("S")}
	p := &ast.Ident{NamePos: pos, Name: r.fresh("P")}
	j := &ast.Ident{NamePos: pos, Name: r.fresh("J")}
	pre := []ast.Stmt{
		&ast.AssignStmt{Lhs: []ast.Expr{s}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{x.X}},
		&ast.AssignStmt{Lhs: []ast.Expr{p}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{&ast.CallExpr{
			Fun:  &ast.SelectorExpr{X: &ast.Ident{NamePos: pos, Name: "_activis"}, Sel: ast.NewIdent("RuneStarts")},
			Args: []ast.Expr{ast.NewIdent(s.Name)}}}},
	}
	body := &ast.BlockStmt{Lbrace: x.Body.Lbrace, Rbrace: x.Body.Rbrace, List: []ast.Stmt{
		&ast.AssignStmt{Lhs: []ast.Expr{key}, TokPos: key.Pos(), Tok: token.DEFINE,
			Rhs: []ast.Expr{&ast.IndexExpr{X: ast.NewIdent(p.Name), Index: ast.NewIdent(j.Name)}}},
		&ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent("_")}, TokPos: key.Pos(), Tok: token.ASSIGN, Rhs: []ast.Expr{ast.NewIdent(key.Name)}},
		x.Body,
	}}
	loop := &ast.RangeStmt{For: x.For, Key: j, Value: x.Value, TokPos: x.TokPos, Tok: token.DEFINE,
		X:    &ast.CallExpr{Fun: &ast.ArrayType{Elt: ast.NewIdent("rune")}, Args: []ast.Expr{ast.NewIdent(s.Name)}},
		Body: body}
	return &ast.BlockStmt{Lbrace: pos, List: append(pre, r.loopVars(withLabel(label, loop))), Rbrace: x.End()}
}

// isStringExpr tells whether the syntax or the type oracle shows that e
// is of a string type.
func (r *rewriter) isStringExpr(e ast.Expr) bool {
	if id, ok := r.typeOf(e).(*ast.Ident); ok && id.Name == "string" {
		return true
	}
	if r.oracle == nil {
		return false
	}
	tv, ok := r.oracle.info.Types[e]
	if !ok || tv.Type == nil {
		return false
	}
	b, ok := tv.Type.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

// runeStarts returns the byte position of each rune of s, as a range over
// s gives them (the prelude's _activis.RuneStarts).
func runeStarts(s string) []int {
	out := make([]int, 0, len(s))
	for i := 0; i < len(s); {
		out = append(out, i)
		_, n := utf8.DecodeRuneInString(s[i:])
		i += n
	}
	return out
}
