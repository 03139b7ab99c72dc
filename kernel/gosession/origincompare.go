package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Comparisons of an interface whose held values the syntax shows with a
// value of a type the interpreter cannot tell from one of them.
//
// yaegi keeps a value of a session type without methods in an interface
// as a bare value of its underlying type (ifaceorigin.go), so after `var x
// any = Level(1)` for `type Level int`, `x == 1` was true (Go: false, the
// dynamic types differ) and, the other way round, `x == Level(1)` after
// `var x any = 1` was true too. Where the syntax shows what the interface
// may hold (the origins of ifaceorigin.go and ifaceflow.go) and the other
// operand's type (a constant's default type, a conversion, a typed
// variable), a comparison that the interpreter would answer wrongly is
// refused with its line and the workaround, as the type assertion is
// (unless the interface's value is of a session type with methods, which
// yaegi keeps in a wrapper that the comparison sees); an
// interface parameter compared in a function's body counts as an
// assertion of the parameter to the other operand's type, so a call
// passing a conflicting value is refused (originCall). Written for this
// package.

// compareOrigins refuses b (x == y or x != y) as described above.
func (r *rewriter) compareOrigins(b *ast.BinaryExpr) {
	if r.err != nil || b.Op != token.EQL && b.Op != token.NEQ || isNilIdent(b.X) || isNilIdent(b.Y) {
		return
	}
	for _, side := range [2][2]ast.Expr{{b.X, b.Y}, {b.Y, b.X}} {
		x, y := side[0], side[1]
		if id, ok := unparen(x).(*ast.Ident); ok && len(id.Name) > 8 && id.Name[:8] == "_activis" {
			continue // made by the rewriter
		}
		if tx := r.exactType(x, 0); tx == nil || !r.isInterfaceType(tx) {
			continue
		}
		ty := r.comparedType(y)
		if ty == nil {
			continue
		}
		for _, o := range r.originTypes(x, 0) {
			held, shape := r.originConflict([]ast.Expr{o}, ty)
			if held == nil {
				continue
			}
			if nt, _ := r.assertedType(held); nt != nil && nt.hasMethods() {
				continue // held in yaegi's wrapper, which the comparison sees
			}
			r.fail(b.OpPos, "comparing %s with a value of type %s: the interface holds a value of type %s; %s",
				types.ExprString(userExpr(r, x)), types.ExprString(userExpr(r, ty)),
				types.ExprString(userExpr(r, held)), r.originMsg(held, ty, shape))
			return
		}
	}
}

// comparedType returns the concrete type that y has when compared with an
// interface value: its static type, or a constant's default type; nil
// for an interface or where the syntax does not tell.
func (r *rewriter) comparedType(y ast.Expr) ast.Expr {
	if t := constDefaultType(y); t != nil {
		return t
	}
	t := r.exactType(y, 0)
	if t == nil || r.isInterfaceType(t) {
		return nil
	}
	return t
}

// constDefaultType returns the default type of a literal constant
// operand (int for 1, float64 for 2.5, rune for 'a', string for "a"),
// also negated or in parentheses, or nil.
func constDefaultType(e ast.Expr) ast.Expr {
	switch x := unparen(e).(type) {
	case *ast.UnaryExpr:
		if x.Op == token.SUB || x.Op == token.ADD {
			return constDefaultType(x.X)
		}
	case *ast.BasicLit:
		name := map[token.Token]string{token.INT: "int", token.FLOAT: "float64", token.CHAR: "rune",
			token.STRING: "string", token.IMAG: "complex128"}[x.Kind]
		if name != "" {
			return &ast.Ident{NamePos: x.Pos(), Name: name}
		}
	}
	return nil
}

// comparedParam returns the type a function's body compares its
// parameter with (p == 1, p != Level(2)): a literal's default type or the
// type of a conversion to a type the syntax names; for paramAsserts,
// which has no type oracle.
func comparedParam(b *ast.BinaryExpr, param func(ast.Expr) *ast.Object) (*ast.Object, ast.Expr) {
	if b.Op != token.EQL && b.Op != token.NEQ {
		return nil, nil
	}
	for _, side := range [2][2]ast.Expr{{b.X, b.Y}, {b.Y, b.X}} {
		o := param(side[0])
		if o == nil {
			continue
		}
		if t := constDefaultType(side[1]); t != nil {
			return o, t
		}
		if c, ok := unparen(side[1]).(*ast.CallExpr); ok && len(c.Args) == 1 && !c.Ellipsis.IsValid() {
			if id, ok := unparen(c.Fun).(*ast.Ident); ok && (id.Obj == nil || id.Obj.Kind == ast.Typ) {
				return o, id // a conversion, or a call typeIdentity leaves alone
			}
		}
	}
	return nil, nil
}
