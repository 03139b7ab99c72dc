package gosession

import (
	"go/ast"
	"go/token"
)

// Generic types of one cell with methods of one name, compiled first.
//
// yaegi v0.16.1 gives the instances of two generic types one method of a
// name when one compile makes both with the same type arguments (Stack[T]
// and Queue[T] with a Len method each, used by a function of the same
// cell: genericnames.go). The session names the methods apart after each
// compile, so a declaration group that declares two generic types with a
// method of the same name is compiled in two steps: first its type and
// constant declarations, its generic functions and the methods of its
// generic types (none of which makes an instance: generic bodies are
// compiled when instantiated), then the rest (variables, functions and
// other methods, which may), after the renaming. Written for this
// package.

// splitGenericMethods returns the two files of the declaration group node
// described above, or nil when node is not a file or declares no two
// generic types with a method of one name.
func splitGenericMethods(node ast.Node) (first, rest *ast.File) {
	f, ok := node.(*ast.File)
	if !ok {
		return nil, nil
	}
	owners := map[string]map[string]bool{} // method name -> generic receiver types
	shared := false
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 {
			continue
		}
		if !genericReceiver(fd.Recv.List[0].Type) { // recvname.go
			continue
		}
		t := typeName(fd.Recv.List[0].Type) // execute.go
		if owners[fd.Name.Name] == nil {
			owners[fd.Name.Name] = map[string]bool{}
		}
		owners[fd.Name.Name][t] = true
		shared = shared || len(owners[fd.Name.Name]) > 1
	}
	if !shared {
		return nil, nil
	}
	first, rest = &ast.File{Package: f.Package, Name: f.Name}, &ast.File{Package: f.Package, Name: f.Name}
	for _, d := range f.Decls {
		switch x := d.(type) {
		case *ast.GenDecl:
			if x.Tok == token.TYPE || x.Tok == token.CONST || x.Tok == token.IMPORT {
				first.Decls = append(first.Decls, d)
				continue
			}
		case *ast.FuncDecl:
			if x.Recv == nil && x.Type.TypeParams != nil && len(x.Type.TypeParams.List) > 0 ||
				x.Recv != nil && len(x.Recv.List) == 1 && genericReceiver(x.Recv.List[0].Type) {
				first.Decls = append(first.Decls, d)
				continue
			}
		}
		rest.Decls = append(rest.Decls, d)
	}
	return first, rest
}
