package gosession

import (
	"go/ast"
	"go/types"
)

// Methods promoted from an embedded interface field.
//
// yaegi v0.16.1 panics with "invalid interface value" when a method is
// called through a struct that embeds an interface (`type Service struct
// { Logger; Name string }`, `s.Log("x")`), the decorator pattern of Go;
// the same call through the field's name (`s.Logger.Log("x")`) works.
// Where the type oracle shows that a method selector's path goes through
// an embedded field of interface type, the selector is written out to
// that field: `s.Log` becomes `s.Logger.Log` (also through embedded
// structs and pointers, `t.Mid.Logger.Log`), for calls and method values
// alike, on the user's line. Written for this package.

// embeddedIfaceMethod rewrites x as described above.
func (r *rewriter) embeddedIfaceMethod(x *ast.SelectorExpr) {
	if r.oracle == nil || r.oracle.info.Selections == nil {
		return
	}
	pos := x.Sel.Pos()
	for _, name := range embeddedIfacePath(r.oracle.info.Selections[x]) {
		x.X = &ast.SelectorExpr{X: x.X, Sel: &ast.Ident{NamePos: pos, Name: name}}
	}
}

// embeddedIfacePath returns the names of the embedded fields that the
// method selection sel goes through up to the first one of interface
// type, or nil where sel is not a method value going through one.
func embeddedIfacePath(sel *types.Selection) []string {
	if sel == nil || sel.Kind() != types.MethodVal || len(sel.Index()) < 2 {
		return nil
	}
	t := sel.Recv()
	var path []string
	for _, i := range sel.Index()[:len(sel.Index())-1] {
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok || i >= st.NumFields() {
			return nil
		}
		f := st.Field(i)
		path = append(path, f.Name())
		t = f.Type()
		if _, iface := t.Underlying().(*types.Interface); iface {
			return path
		}
	}
	return nil
}
