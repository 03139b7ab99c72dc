package gosession

import "go/ast"

// Struct types with more than one blank field.
//
// yaegi v0.16.1 builds a struct type's run-time type with every field
// exported under an X prefix, so two blank fields (`_ int; X int; _
// string`, padding or a guard against unkeyed literals) both become X_,
// and reflect.StructOf panics: the declaration itself went through, but
// every later use of the type failed with "CFG post-order panic:
// reflect.StructOf: duplicate field X_", and so did every later cell that
// printed any struct of the session (the print rewrites list the
// session's types), until the type was declared again. The session
// refuses the declaration, naming the field and the workaround. Written
// for this package.

// refuseBlankFields fails the rewrite for a struct type in n with two or
// more blank fields.
func (r *rewriter) refuseBlankFields(n ast.Node) {
	ast.Inspect(n, func(m ast.Node) bool {
		st, ok := m.(*ast.StructType)
		if !ok || r.err != nil {
			return r.err == nil
		}
		blanks := 0
		for _, f := range st.Fields.List {
			for _, name := range f.Names {
				if name.Name != "_" {
					continue
				}
				if blanks++; blanks == 2 {
					r.fail(name.Pos(), "a struct type with two or more blank fields (_): the interpreter gives them one name "+
						"and cannot make the type; give all but one of them a name of its own, such as _pad1")
					return false
				}
			}
		}
		return true
	})
}
