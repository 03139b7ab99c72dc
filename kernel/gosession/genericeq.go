package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Refused: comparing values of a generic struct type with two or more
// type parameters, keying a map by one, and generic type aliases.
//
// yaegi v0.16.1 gives each composite literal of an instance of a generic
// struct type with several type parameters (`Key[string, int]{"x", 1}`)
// a struct type of its own, so two equal values compared unequal and a
// map keyed by that type kept one entry per literal: `k1 == k2` was false
// and `m[Key[string, int]{"x", 1}]++` twice gave 1, or skipped the
// statements after it, without an error. (With one type parameter, as in
// `Box[int]`, the types agree.) The session refuses such comparisons (the
// type oracle tells the operand types), map types with such a key, and
// generic type aliases of Go 1.24 (`type Vec[T any] = []T`), which yaegi
// failed on with "constant definition loop". Written for this package.

// refuseGenericKeys checks n (see above).
func (r *rewriter) refuseGenericKeys(n ast.Node) {
	ast.Inspect(n, func(m ast.Node) bool {
		if r.err != nil {
			return false
		}
		switch x := m.(type) {
		case *ast.TypeSpec:
			if x.TypeParams != nil && len(x.TypeParams.List) > 0 && x.Assign.IsValid() {
				r.fail(x.Pos(), "generic type alias %s (Go 1.24); declare a defined type instead (type %s[T any] …, without =) or write the aliased type out",
					x.Name.Name, x.Name.Name)
			}
		case *ast.MapType:
			if k, ok := x.Key.(*ast.IndexListExpr); ok {
				r.fail(x.Pos(), "a map keyed by %s, an instance of a generic type with several type parameters: the interpreter gives each literal of it a type of its own, so equal keys differ; "+
					"key the map by a non-generic struct type or by a string", nodeString(token.NewFileSet(), k))
			}
		case *ast.BinaryExpr:
			if x.Op != token.EQL && x.Op != token.NEQ {
				return true
			}
			for _, e := range []ast.Expr{x.X, x.Y} {
				if t := r.multiParamInstance(e); t != "" {
					r.fail(x.OpPos, "comparing values of %s, an instance of a generic struct type with several type parameters: the interpreter gives each literal of it a type of its own, so equal values compare unequal; "+
						"compare the fields, or use a non-generic struct type", t)
					return false
				}
			}
		}
		return true
	})
}

// multiParamInstance returns the name of e's type when the type oracle
// knows it as an instance of a generic struct type with two or more type
// parameters, or "".
func (r *rewriter) multiParamInstance(e ast.Expr) string {
	if r.oracle == nil {
		return ""
	}
	tv, ok := r.oracle.info.Types[e]
	if !ok || tv.Type == nil {
		return ""
	}
	named, ok := tv.Type.(*types.Named)
	if !ok || named.TypeArgs() == nil || named.TypeArgs().Len() < 2 {
		return ""
	}
	if _, ok := named.Underlying().(*types.Struct); !ok {
		return ""
	}
	return types.TypeString(named, func(p *types.Package) string { return "" })
}
