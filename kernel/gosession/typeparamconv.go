package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Conversions to a type parameter constrained to a pointer type.
//
// yaegi v0.16.1 fails to compile a conversion to a type parameter whose
// constraint has a pointer type as its only type (`PT(&x)` for `PT
// interface{ *T; Set(string) error }`, the usual way to call a pointer
// method on a value of a type parameter): "CFG post-order panic: … nil
// pointer dereference" (plain yaegi too), while a variable of the type
// parameter assigned the same value compiles. Where the type check sees
// such a conversion of a value assignable to the type parameter, it is
// written as that assignment, in a literal:
//
//	PT(&x)  →  func() PT { var _activisPV PT = &x; return _activisPV }()
//
// Package files get the same, in their text (pkgTypeParamConversions).
// Written for this package.

// typeParamConversions rewrites the conversions under n as above.
func (r *rewriter) typeParamConversions(n ast.Node) {
	if r.oracle == nil {
		return
	}
	ast.Inspect(n, func(m ast.Node) bool {
		c, ok := m.(*ast.CallExpr)
		if !ok {
			return true
		}
		id := pointerParamConversion(r.oracle.info, c)
		if id == nil {
			return true
		}
		pos := c.Pos()
		v := &ast.Ident{NamePos: pos, Name: r.fresh("PV")}
		lit := &ast.FuncLit{
			Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{},
				Results: &ast.FieldList{List: []*ast.Field{{Type: &ast.Ident{NamePos: pos, Name: id.Name}}}}},
			Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{
				&ast.DeclStmt{Decl: &ast.GenDecl{TokPos: pos, Tok: token.VAR, Specs: []ast.Spec{&ast.ValueSpec{
					Names: []*ast.Ident{v}, Type: &ast.Ident{NamePos: pos, Name: id.Name}, Values: []ast.Expr{c.Args[0]}}}}},
				&ast.ReturnStmt{Return: pos, Results: []ast.Expr{&ast.Ident{NamePos: pos, Name: v.Name}}},
			}, Rbrace: c.End()},
		}
		c.Fun, c.Args, c.Lparen, c.Rparen = lit, nil, pos, c.End()
		return true
	})
}

// pointerParamConversion returns the type parameter c converts to when
// c is a conversion as above, with info's types: to a type parameter
// constrained to a pointer type, of a value assignable to it; nil
// otherwise.
func pointerParamConversion(info *types.Info, c *ast.CallExpr) *ast.Ident {
	if len(c.Args) != 1 || c.Ellipsis.IsValid() {
		return nil
	}
	id, ok := c.Fun.(*ast.Ident)
	if !ok {
		return nil
	}
	tv, ok := info.Types[id]
	if !ok || !tv.IsType() {
		return nil
	}
	tp, ok := tv.Type.(*types.TypeParam)
	if !ok || !pointerConstraint(tp) {
		return nil
	}
	arg, ok := info.Types[c.Args[0]]
	if !ok || arg.Type == nil || !types.AssignableTo(arg.Type, tp) {
		return nil
	}
	return id
}

// pointerConstraint reports whether the constraint of tp has a pointer
// type as its only type (`interface{ *T; M() }`, `Setter[T]` declaring
// one).
func pointerConstraint(tp *types.TypeParam) bool {
	iface, ok := tp.Constraint().Underlying().(*types.Interface)
	if !ok {
		return false
	}
	for i := range iface.NumEmbeddeds() {
		switch e := iface.EmbeddedType(i).(type) {
		case *types.Pointer:
			return true
		case *types.Union:
			if e.Len() == 1 && !e.Term(0).Tilde() {
				_, ok := e.Term(0).Type().(*types.Pointer)
				return ok
			}
		}
	}
	return false
}

// pkgTypeParamConversions is typeParamConversions for the function fd of
// a package file, written in its text on the conversion's lines.
func (w *pkgGoWriter) pkgTypeParamConversions(fd *ast.FuncDecl) {
	if w.types == nil || fd.Body == nil {
		return
	}
	ast.Inspect(fd.Body, func(m ast.Node) bool {
		c, ok := m.(*ast.CallExpr)
		if !ok {
			return true
		}
		id := pointerParamConversion(w.types.info, c)
		if id == nil {
			return true
		}
		lo, rp := w.off(id.Pos()), w.off(c.Rparen)
		if !w.replace(lo, w.off(c.Lparen)+1, func() string { return "func() " + id.Name + " { var _activisPV " + id.Name + " = " }) {
			return true
		}
		if !w.replace(rp, rp+1, func() string { return "; return _activisPV }()" }) {
			delete(w.repl, lo)
		}
		return true
	})
}
