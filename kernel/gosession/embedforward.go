package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Methods promoted from an interface embedded in a struct.
//
// yaegi v0.16.1 does not give a struct the methods promoted to it from an
// interface that a struct it embeds embeds (`type Base struct{ Logger }`,
// `type Svc struct{ *Base; Name string }`, also `struct{ Base }`):
// converting a Svc to Logger panicked "method not found: Log", and
// `a.(Logger)` on an `any` holding one was false without an error (Go:
// true). Of an interface the struct embeds itself it converts the value,
// but its type check does not see the methods: `case Named:` in a type
// switch on a Shape, for `type Named struct{ Shape; Label string }`, and
// `s.(Named)` failed to compile ("impossible type assertion: main.Named
// does not implement main.Shape"), and of an embedded compiled interface
// (error, fmt.Stringer, io.Writer) it had no method at all (printing a
// `struct{ error; Code int }` showed the field's pointer). For each such
// method of a struct type the group declares, where the type oracle
// (typecheck.go) shows the path, the session declares the method Go
// promotes, on the type's line:
//
//	func (_activisRecv Svc) Log(_activisM0 string) { _activisRecv.Base.Logger.Log(_activisM0) }
//
// which has the same method set and calls the same method. So it does
// for the exported methods of a field of a compiled type the struct
// embeds (pkgpromoted.go: `var s fmt.Stringer = Stamp{…}` for a struct
// embedding time.Duration panicked at s.String(), "method not found:
// String"; a *Counter embedding sync.Mutex was "cannot use type
// *main.Counter as type main.Locker"), with a pointer receiver for a
// method only the pointer's method set has. Written for this package.

// embeddedIfaceForwarders adds the methods described above to the file f.
func (r *rewriter) embeddedIfaceForwarders(f *ast.File) {
	if r.oracle == nil {
		return
	}
	var add []ast.Decl
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			continue
		}
		for _, sp := range gd.Specs {
			ts, ok := sp.(*ast.TypeSpec)
			if !ok || ts.TypeParams != nil || ts.Assign.IsValid() {
				continue
			}
			if _, ok := ts.Type.(*ast.StructType); !ok {
				continue
			}
			tn, ok := r.oracle.info.Defs[ts.Name].(*types.TypeName)
			if !ok {
				continue
			}
			mset := types.NewMethodSet(tn.Type())
			for i := range mset.Len() {
				if fd := r.forwarder(ts, mset.At(i), false, false); fd != nil {
					add = append(add, fd)
				}
			}
			named, ok := tn.Type().(*types.Named)
			if !ok {
				continue
			}
			for _, p := range promotedCompiled(named, r.oracle.pkg) { // pkgpromoted.go
				if fd := r.forwarder(ts, p.sel, !p.value, true); fd != nil {
					add = append(add, fd)
				}
			}
		}
	}
	f.Decls = append(f.Decls, add...)
}

// forwarder returns the method of ts that forwards sel, a method promoted
// from an interface that ts or a struct it embeds embeds, or, where
// compiled, from a field of a compiled type that ts embeds
// (promotedCompiled), or nil; ptr gives it a pointer receiver.
func (r *rewriter) forwarder(ts *ast.TypeSpec, sel *types.Selection, ptr, compiled bool) *ast.FuncDecl {
	idx := sel.Index()
	if len(idx) < 2 {
		return nil
	}
	fn, ok := sel.Obj().(*types.Func)
	if !ok {
		return nil
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return nil
	}
	pos := ts.Name.Pos()
	recv := &ast.Ident{NamePos: pos, Name: "_activisRecv"}
	var path ast.Expr = recv
	t := sel.Recv()
	for n, i := range idx[:len(idx)-1] {
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok || i >= st.NumFields() {
			return nil
		}
		fld := st.Field(i)
		path = &ast.SelectorExpr{X: path, Sel: &ast.Ident{NamePos: pos, Name: fld.Name()}}
		t = fld.Type()
		last := n == len(idx)-2
		if last != types.IsInterface(t) && !(last && compiled) {
			return nil // not promoted from an interface or a compiled field, or through an interface
		}
	}
	ft, ok := r.oracle.expr(types.NewSignatureType(nil, nil, nil, renamedParams(sig.Params()), sig.Results(), sig.Variadic())).(*ast.FuncType)
	if !ok {
		return nil
	}
	ft = setPositions(ft, pos)
	ft.Func = pos
	var args []ast.Expr
	for i := range sig.Params().Len() {
		args = append(args, &ast.Ident{NamePos: pos, Name: paramName(i)})
	}
	call := &ast.CallExpr{Fun: &ast.SelectorExpr{X: path, Sel: &ast.Ident{NamePos: pos, Name: fn.Name()}}, Lparen: pos, Args: args, Rparen: pos}
	if sig.Variadic() {
		call.Ellipsis = pos
	}
	var stmt ast.Stmt = &ast.ExprStmt{X: call}
	if sig.Results().Len() > 0 {
		stmt = &ast.ReturnStmt{Return: pos, Results: []ast.Expr{call}}
	}
	var recvType ast.Expr = &ast.Ident{NamePos: pos, Name: ts.Name.Name}
	if ptr {
		recvType = &ast.StarExpr{Star: pos, X: recvType}
	}
	return &ast.FuncDecl{
		Recv: &ast.FieldList{Opening: pos, List: []*ast.Field{{Names: []*ast.Ident{recv}, Type: recvType}}, Closing: pos},
		Name: &ast.Ident{NamePos: pos, Name: fn.Name()},
		Type: ft,
		Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{stmt}, Rbrace: pos},
	}
}
