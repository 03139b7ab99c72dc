package gosession

import (
	"go/ast"
	"go/token"
	"reflect"
	"strconv"
)

// Composite literals whose type is a type parameter.
//
// yaegi v0.16.1 cannot use a type parameter whose type argument is not a
// named type, as `[]int` is, as the type of a composite literal or of a
// conversion: `S{}` or `S{x}` in `func F[T any, S ~[]T](…)` instantiated
// with S = []int failed with a nil dereference in its CFG (in a cell,
// with a hint blaming a top-level variable), and github.com/samber/lo's
// Difference, Intersect, Union, Without and PartitionBy failed so; it
// compiles `make(S, n)`. Where the type parameter's constraint is a
// slice type (with or without ~, or an interface of that one term), a
// literal of its elements in order becomes the slice made and appended
// to, and where it is a map type, an empty literal becomes the map made;
// the values are Go's (a slice that is empty but not nil, a map that is
// empty):
//
//	S{}      →  make(S, 0)
//	S{x, y}  →  append(make(S, 0, 2), x, y)
//	M{}      →  make(M)
//
// Literals with keys or elided element types, of arrays, and maps with
// entries stay yaegi's. Cells get typeParamLits, package files
// pkgTypeParamLits. Written for this package.

// typeParamCores maps the names of the type parameters of the list
// tparams whose constraint is a slice, array or map type to that type.
func typeParamCores(tparams *ast.FieldList) map[string]ast.Expr {
	if tparams == nil {
		return nil
	}
	var cores map[string]ast.Expr
	for _, f := range tparams.List {
		core := coreTerm(f.Type)
		if core == nil {
			continue
		}
		for _, n := range f.Names {
			if cores == nil {
				cores = map[string]ast.Expr{}
			}
			cores[n.Name] = core
		}
	}
	return cores
}

// coreTerm returns the slice, array or map type of the constraint c
// (`~[]T`, `[]T`, `interface{ ~[]T }`), or nil.
func coreTerm(c ast.Expr) ast.Expr {
	if it, ok := c.(*ast.InterfaceType); ok {
		if it.Methods == nil || len(it.Methods.List) != 1 || len(it.Methods.List[0].Names) != 0 {
			return nil
		}
		c = it.Methods.List[0].Type
	}
	if u, ok := c.(*ast.UnaryExpr); ok && u.Op == token.TILDE {
		c = u.X
	}
	switch c.(type) {
	case *ast.ArrayType, *ast.MapType:
		return c
	}
	return nil
}

// typeParamLits rewrites, in the generic functions under n, the
// composite literals of a type parameter with a core type (see above).
func typeParamLits(n ast.Node) {
	ast.Inspect(n, func(m ast.Node) bool {
		fd, ok := m.(*ast.FuncDecl)
		if !ok {
			return true
		}
		cores := typeParamCores(fd.Type.TypeParams)
		if cores == nil || fd.Body == nil {
			return false
		}
		replaceExprs(reflect.ValueOf(fd.Body), func(e ast.Expr) ast.Expr {
			lit, core := madeLit(e, cores)
			if lit == nil {
				return nil
			}
			id := lit.Type.(*ast.Ident)
			at := lit.Pos()
			ident := func(name string) *ast.Ident { return &ast.Ident{NamePos: at, Name: name} }
			num := func(n int) *ast.BasicLit { return &ast.BasicLit{ValuePos: at, Kind: token.INT, Value: strconv.Itoa(n)} }
			if _, isMap := core.(*ast.MapType); isMap {
				return &ast.CallExpr{Fun: ident("make"), Lparen: at, Args: []ast.Expr{id}, Rparen: lit.Rbrace}
			}
			if len(lit.Elts) == 0 {
				return &ast.CallExpr{Fun: ident("make"), Lparen: at, Args: []ast.Expr{id, num(0)}, Rparen: lit.Rbrace}
			}
			made := &ast.CallExpr{Fun: ident("make"), Lparen: at, Args: []ast.Expr{id, num(0), num(len(lit.Elts))}, Rparen: lit.Lbrace}
			return &ast.CallExpr{Fun: ident("append"), Lparen: at, Args: append([]ast.Expr{made}, lit.Elts...), Rparen: lit.Rbrace}
		})
		return false
	})
}

// madeLit returns n and the core type of its type when n is a literal
// of a type parameter whose constraint's core type (cores) lets it be
// written with make (see above), or nil.
func madeLit(n ast.Node, cores map[string]ast.Expr) (*ast.CompositeLit, ast.Expr) {
	lit, ok := n.(*ast.CompositeLit)
	if !ok {
		return nil, nil
	}
	id, ok := lit.Type.(*ast.Ident)
	if !ok {
		return nil, nil
	}
	switch c := cores[id.Name].(type) {
	case *ast.MapType:
		if len(lit.Elts) == 0 {
			return lit, c
		}
	case *ast.ArrayType:
		if c.Len != nil {
			return nil, nil
		}
		for _, e := range lit.Elts {
			switch x := e.(type) {
			case *ast.KeyValueExpr:
				return nil, nil
			case *ast.CompositeLit:
				if x.Type == nil {
					return nil, nil
				}
			}
		}
		return lit, c
	}
	return nil, nil
}

// pkgTypeParamLits does what typeParamLits does, for the generic
// function fd of a package file.
func (w *pkgGoWriter) pkgTypeParamLits(fd *ast.FuncDecl) {
	cores := typeParamCores(fd.Type.TypeParams)
	if cores == nil || fd.Body == nil {
		return
	}
	ast.Inspect(fd.Body, func(m ast.Node) bool {
		lit, core := madeLit(m, cores)
		if lit == nil {
			return true
		}
		open, call := ", 0", "make("
		switch _, isMap := core.(*ast.MapType); {
		case isMap:
			open = ""
		case len(lit.Elts) > 0:
			open, call = ", 0, "+strconv.Itoa(len(lit.Elts))+"),", "append(make("
		}
		lo, hi := w.off(lit.Lbrace), w.off(lit.Rbrace)
		if !w.replace(lo, lo+1, func() string { return open }) {
			return true
		}
		if !w.replace(hi, hi+1, func() string { return ")" }) {
			delete(w.repl, lo)
			return true
		}
		w.before[w.off(lit.Pos())] += call
		return true
	})
}
