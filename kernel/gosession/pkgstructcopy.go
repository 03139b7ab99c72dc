package gosession

import (
	"go/ast"
	"go/types"
)

// Struct and array variables stored in interfaces, in package files.
//
// structcopy.go's ifaceStructCopies for packages interpreted from source:
// yaegi v0.16.1 did not copy a variable, field, element or pointee of a
// struct or array type stored in an interface, so the interface aliased it
// and saw its later changes. In a package,
//
//	c := Circle{R: 1}
//	shapes = append(shapes, c); b := Box{S: c}; var s Shape = c; m["a"] = c; var a any = c
//	c.R = 2
//
// gave every one of them the area of a circle of radius 2 and printed a
// as {2} (Go: the copies made when they were stored, radius 1), without an
// error. With the package's types, each such store (an argument, a result,
// an element or field of a composite literal, a send, an assignment or
// declaration) copies the value into a slice of its own:
//
//	shapes = append(shapes, c)  →  shapes = append(shapes, []Circle{c}[0])
//
// (the cells' explicit conversion Circle(c) copies too, but yaegi keeps
// the conversion's value in one slot of the frame, which a loop's later
// iterations overwrote: `l.PushBack([]any{Circle(c)}[0])` in a loop,
// pkgkeepiface.go's form, gave the last value; the slice's element is
// fresh each time). Not for the variadic arguments of compiled functions
// (fmt.Sprint(c) reads c there), nor for a compiled interface with
// methods (error, fmt.Stringer: pkgstructwrap.go's literal takes the
// value as an argument, a copy), nor for instances of generic types. It
// runs after ifaceLoops, so the copy is inside that rewrite's literal.
// Written for this package.

// ifaceStructCopies rewrites the stores of f as above.
func (w *pkgGoWriter) ifaceStructCopies(f *ast.File) {
	if w.types == nil {
		return
	}
	implicitConversions(f, w.types.info, func(slot *ast.Expr, to types.Type, call *ast.CallExpr) { // convsites.go
		t := storedCopyType(w.types.info, w.types.pkg, *slot, to, call, w.compiledIface) // structcopy.go
		if t == nil {
			return
		}
		if s := w.typeText(t); s != "" {
			w.enclose(*slot, "[]"+s+"{", "}[0]")
		}
	})
}
