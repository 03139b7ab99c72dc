package gosession

import (
	"fmt"
	"go/ast"
	"maps"
	"slices"
)

// Methods of a generic type declared after a use of one of its instances.
//
// yaegi v0.16.1 makes an instance of a generic type (`It[string]`) when
// its declaration pass meets it, with the methods of the generic type
// declared so far: in
//
//	type It[T ~string | ~[]byte] struct{ data T }
//	func FromString(s string) *It[string] { return &It[string]{data: s} }
//	func (it *It[T]) Value() T { return it.data }
//
// FromString's result made It[string] without Value, and
// `FromString("ab").Value()` failed with "undefined selector: Value" (in
// a cell, and in a package file: github.com/clipperhouse/uax29's
// graphemes, and so github.com/olekukonko/tablewriter, failed so). Go
// does not care about the order. The methods of such a type declared
// after a declaration that names one of its instances and is not generic
// itself are moved to just after the type's declaration: in a cell, in
// the list of declarations; in a package file, as text, between /*line*/
// directives that keep every position the file's own (pkgHoistMethods).
// Only a type and methods of the same cell or file are moved. Written for
// this package.

// hoistedMethods returns, by the index in decls of a generic type's
// declaration, the indexes of the methods of that type to move after it
// (see above), in their order.
func hoistedMethods(decls []ast.Decl) map[int][]int {
	typeAt := map[string]int{} // generic type -> index of its declaration
	for i, d := range decls {
		if g, ok := d.(*ast.GenDecl); ok {
			for _, sp := range g.Specs {
				if ts, ok := sp.(*ast.TypeSpec); ok && ts.TypeParams != nil {
					typeAt[ts.Name.Name] = i
				}
			}
		}
	}
	if len(typeAt) == 0 {
		return nil
	}
	used := map[string]int{} // generic type -> index of the first non-generic declaration naming an instance
	for i, d := range decls {
		if isGenericDecl(d) {
			continue
		}
		ast.Inspect(d, func(n ast.Node) bool {
			e, _ := n.(ast.Expr)
			base, _, ok := typeArgsOf(e) // typeargs.go
			if id, isID := base.(*ast.Ident); ok && isID {
				if at, generic := typeAt[id.Name]; generic && at < i {
					if _, seen := used[id.Name]; !seen {
						used[id.Name] = i
					}
				}
			}
			return true
		})
	}
	// A type with a method after such a use has all its methods after its
	// declaration moved, in their order (which orderGenericMethods may
	// have made callee-first), so that their order among themselves stays.
	methods := map[string][]int{}
	late := map[string]bool{}
	for i, d := range decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 {
			continue
		}
		name, generic := receiverBase(fd.Recv.List[0].Type) // methodorder.go
		at, declared := typeAt[name]
		if !generic || !declared || i < at {
			continue
		}
		methods[name] = append(methods[name], i)
		if first, ok := used[name]; ok && i > first {
			late[name] = true
		}
	}
	out := map[int][]int{}
	for name := range late {
		out[typeAt[name]] = methods[name]
	}
	return out
}

// isGenericDecl reports whether d declares something generic (a generic
// function or type, a method of a generic type), whose instances yaegi
// makes only when they are used.
func isGenericDecl(d ast.Decl) bool {
	switch x := d.(type) {
	case *ast.FuncDecl:
		if x.Type.TypeParams != nil {
			return true
		}
		if x.Recv != nil && len(x.Recv.List) == 1 {
			_, generic := receiverBase(x.Recv.List[0].Type)
			return generic
		}
	case *ast.GenDecl:
		for _, sp := range x.Specs {
			if ts, ok := sp.(*ast.TypeSpec); !ok || ts.TypeParams == nil {
				return false
			}
		}
		return len(x.Specs) > 0
	}
	return false
}

// hoistMethods moves, in a cell's declarations, the methods hoistedMethods
// finds to just after their type's declaration.
func hoistMethods(f *ast.File) {
	moves := hoistedMethods(f.Decls)
	if len(moves) == 0 {
		return
	}
	moved := map[int]bool{}
	for _, ms := range moves {
		for _, m := range ms {
			moved[m] = true
		}
	}
	decls := make([]ast.Decl, 0, len(f.Decls))
	for i, d := range f.Decls {
		if moved[i] {
			continue
		}
		decls = append(decls, d)
		for _, m := range moves[i] {
			decls = append(decls, f.Decls[m])
		}
	}
	f.Decls = decls
}

// pkgHoistMethods does what hoistMethods does, in the text of a package
// file: each method moved is blanked where it was (its lines kept) and
// written after its type's declaration, on that line, behind a /*line*/
// directive giving its own position; a second directive gives the text
// after it back its position.
func (w *pkgGoWriter) pkgHoistMethods(f *ast.File) {
	moves := hoistedMethods(f.Decls)
	name := w.fset.File(f.Pos()).Name()
	for _, ti := range slices.Sorted(maps.Keys(moves)) {
		end := w.off(f.Decls[ti].End())
		if _, taken := w.repl[end]; taken {
			continue
		}
		var methods []*ast.FuncDecl
		for _, m := range moves[ti] {
			fd := f.Decls[m].(*ast.FuncDecl)
			lo, hi := w.off(fd.Pos()), w.off(fd.End())
			if !w.replace(lo, hi, func() string { return "" }) {
				continue // another rewrite replaces it already
			}
			methods = append(methods, fd)
		}
		if len(methods) == 0 {
			continue
		}
		// Each after the methods it calls, as orderGenericMethods orders
		// a cell's: the instance made while the package's declarations
		// are read compiles them in this order.
		order := calleesFirst(methods) // methodorder.go
		w.replace(end, end, func() string {
			text := ""
			for _, k := range order {
				fd := methods[k]
				p := w.fset.Position(fd.Pos())
				lo := w.off(fd.Pos())
				// The method's text without the replacement at its
				// start (the blank above): "func" and the rest.
				text += fmt.Sprintf("; /*line %s:%d:%d*/func", name, p.Line, p.Column) + w.text(lo+len("func"), w.off(fd.End()))
			}
			p := w.fset.Position(f.Decls[ti].End())
			return text + fmt.Sprintf("; /*line %s:%d:%d*/", name, p.Line, p.Column)
		})
	}
}
