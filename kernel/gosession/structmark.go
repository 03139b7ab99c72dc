package gosession

import (
	"go/ast"
	"go/token"
	"reflect"
	"strconv"
	"strings"
)

// Struct types of the session told apart by a tag.
//
// yaegi v0.16.1 makes the run-time type of a struct type from its fields
// with reflect.StructOf, so two struct types of the session with the same
// fields are one type to it: in an interface each matched the other's
// assertion and type switch case, and the session refused such
// assertions (ifaceguard.go), which ruled out the shape of most
// expression trees (`type Add struct{ L, R Expr }` beside `type Mul
// struct{ L, R Expr }`). reflect.StructOf tells apart struct types whose
// fields differ in their tags, and Go converts between them ignoring
// tags, as package files already do (pkglookalike.go). So every struct
// type with fields declared at the top level of a cell gets the key
// `activistype:"<name>"` (its interpreter name, so that a version
// declared again is another type too) in the tag of its first field,
// and the session's look-alike checks count the key as part of the
// shape:
//
//	type Add struct {   →   type Add struct {
//		L, R Expr              L, R Expr "activistype:\"Add\""
//
// An unnamed struct value with the same fields is no longer assignable
// to such a type in the interpreter (`var a Add = struct{ L, R Expr
// }{…}`). A generic struct type gets its name too (`Opt`), so that its
// instances are told apart from other types' (instanceprint.go asserts
// to them); two instances of one generic type whose fields have the same
// run-time types stay one type. Struct types without fields and types
// declared in functions keep one run-time type and their refusals.
// Written for this package.

// typeTagKey is the tag key that names a struct type (see above).
const typeTagKey = "activistype"

// markStructTypes tags the struct types declared at the top level of f
// (see above).
func markStructTypes(f *ast.File) {
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.TYPE {
			continue
		}
		for _, sp := range g.Specs {
			ts := sp.(*ast.TypeSpec)
			st, ok := ts.Type.(*ast.StructType)
			if !ok || ts.Assign.IsValid() || st.Fields == nil || len(st.Fields.List) == 0 {
				continue
			}
			first := st.Fields.List[0]
			tag, ok := fieldTag(first) // jsonfields.go
			if !ok || reflect.StructTag(tag).Get(typeTagKey) != "" {
				continue
			}
			setFieldTag(first, strings.TrimSpace(tag+" "+typeTagKey+":"+strconv.Quote(ts.Name.Name)))
		}
	}
}

// structMark returns the type name the tag of the first field of the
// struct type st holds (see above), or "".
func structMark(st *ast.StructType) string {
	if st.Fields == nil || len(st.Fields.List) == 0 {
		return ""
	}
	tag, _ := fieldTag(st.Fields.List[0])
	return reflect.StructTag(tag).Get(typeTagKey)
}
