package gosession

import "go/ast"

// Unnamed receivers of methods of generic types.
//
// yaegi v0.16.1 reads a generic method's receiver as a field with a name
// and a type (genAST: `n.child[0].child[1]`): instantiating `func
// (fooer1[T]) Foo(T) {}` panicked, "index out of range [1] with length
// 1" (GOROOT's typeparam/issue48049.go). Plain yaegi hid it by handing the
// method another generic type's instance of the same name (the mix-up
// genericnames.go ends), so the crash showed once methods were told
// apart. Such a receiver is named `_`, in cells and in package files
// interpreted from source. Written for this package.

// nameGenericReceivers names the unnamed receivers of the methods of
// generic types declared in n (see above).
func nameGenericReceivers(n ast.Node) {
	ast.Inspect(n, func(m ast.Node) bool {
		if f := unnamedGenericReceiver(m); f != nil {
			f.Names = []*ast.Ident{{NamePos: f.Type.Pos(), Name: "_"}}
		}
		return true
	})
}

// unnamedGenericReceiver returns the receiver field of n when n declares
// a method of a generic type whose receiver has no name, or nil.
func unnamedGenericReceiver(n ast.Node) *ast.Field {
	fd, ok := n.(*ast.FuncDecl)
	if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 || len(fd.Recv.List[0].Names) > 0 {
		return nil
	}
	if f := fd.Recv.List[0]; genericReceiver(f.Type) {
		return f
	}
	return nil
}

// genericReceiver reports whether the receiver type t is an instance of a
// generic type (T[K] or *T[K, V]); execute.go's typeName names the type.
func genericReceiver(t ast.Expr) bool {
	if star, ok := unparen(t).(*ast.StarExpr); ok {
		t = star.X
	}
	switch unparen(t).(type) {
	case *ast.IndexExpr, *ast.IndexListExpr:
		return true
	}
	return false
}

// nameGenericReceiver writes `_ ` before the type of n's receiver when
// n is such a method, in a package file.
func (w *pkgGoWriter) nameGenericReceiver(n *ast.FuncDecl) {
	if f := unnamedGenericReceiver(n); f != nil {
		w.before[w.off(f.Type.Pos())] += "_ "
	}
}
