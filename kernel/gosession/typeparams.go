package gosession

import (
	"go/ast"
	"regexp"
)

// Type parameter names.
//
// yaegi v0.16.1 lets the name of a type parameter leak into the package
// scope: after `func Id[T any](x T) T`, a later `type T int` fails ("nil
// reflect type") or takes the wrong type in constant expressions. The
// session renames the type parameters of the generic functions, methods
// and types a cell declares to _activis_T (the prelude's own are named that
// way); messages show the user's names again (userTypeParams). Written for
// this package.

// typeParamPrefix starts the interpreter's names of type parameters.
const typeParamPrefix = "_activis_"

// renameTypeParams renames the type parameters of the declarations of file.
func renameTypeParams(file *ast.File) {
	for _, d := range file.Decls {
		switch x := d.(type) {
		case *ast.FuncDecl:
			var params []*ast.Ident
			if x.Type.TypeParams != nil {
				for _, f := range x.Type.TypeParams.List {
					params = append(params, f.Names...)
				}
			}
			if x.Recv != nil && len(x.Recv.List) == 1 {
				t := x.Recv.List[0].Type
				if s, ok := t.(*ast.StarExpr); ok {
					t = s.X
				}
				switch r := t.(type) {
				case *ast.IndexExpr:
					if id, ok := r.Index.(*ast.Ident); ok {
						params = append(params, id)
					}
				case *ast.IndexListExpr:
					for _, e := range r.Indices {
						if id, ok := e.(*ast.Ident); ok {
							params = append(params, id)
						}
					}
				}
			}
			renameIdents(x, params, x.Recv != nil)
		case *ast.GenDecl:
			for _, sp := range x.Specs {
				if ts, ok := sp.(*ast.TypeSpec); ok && ts.TypeParams != nil {
					var params []*ast.Ident
					for _, f := range ts.TypeParams.List {
						params = append(params, f.Names...)
					}
					renameIdents(ts, params, false)
				}
			}
		}
	}
}

// renameIdents renames, inside n, the identifiers that denote one of the
// declared params. The parser does not link the uses of a method's
// receiver type parameters to them: byName renames every identifier of
// that name but field and method names.
func renameIdents(n ast.Node, params []*ast.Ident, byName bool) {
	objs := map[*ast.Object]bool{}
	names := map[*ast.Ident]bool{}
	for _, p := range params {
		if p.Name == "_" {
			continue
		}
		if p.Obj != nil {
			objs[p.Obj] = true
		}
		names[p] = true
	}
	if len(names) == 0 {
		return
	}
	plain := map[string]bool{}
	for p := range names {
		plain[p.Name] = true
	}
	skip := map[*ast.Ident]bool{}
	ast.Inspect(n, func(m ast.Node) bool {
		switch x := m.(type) {
		case *ast.SelectorExpr:
			skip[x.Sel] = true
		case *ast.KeyValueExpr:
			if id, ok := x.Key.(*ast.Ident); ok {
				skip[id] = true
			}
		}
		return true
	})
	ast.Inspect(n, func(m ast.Node) bool {
		id, ok := m.(*ast.Ident)
		if !ok || skip[id] {
			return true
		}
		if names[id] || (id.Obj != nil && objs[id.Obj]) || (byName && plain[id.Name] && (id.Obj == nil || id.Obj.Kind == ast.Typ)) {
			id.Name = typeParamPrefix + id.Name
		}
		return true
	})
}

var typeParamName = regexp.MustCompile(typeParamPrefix + `(\w+)`)

// userTypeParams shows the user's type parameter names in a message.
func userTypeParams(msg string) string {
	return typeParamName.ReplaceAllString(msg, "$1")
}
