package gosession

import (
	"go/ast"
	"go/parser"
	"go/types"
)

// Slices of a type parameter printed with %v.
//
// In a generic function, fmt gets a `[]T` as a slice of the run-time type
// yaegi v0.16.1 gives T's type argument, its underlying type for a type
// declared in the session, so the elements' String and Error methods were
// not called, without an error (`fmt.Sprint(xs)` for `xs []T` called with
// a `[]Name` gave `[r]`, Go `[Nr]`). A single T prints right: yaegi
// converts it to an interface with its methods. Such an operand of a
// print function of fmt, or of a %v verb without flags of a Printf-like
// call of fmt with a literal format, becomes the slice of its elements
// each printed by fmt.Sprint, which prints a T as Go does, whatever types
// the session declares later; fmt prints that []string as Go prints the
// slice (`[Nr Ns]`):
//
//	fmt.Sprint(xs)   =>   fmt.Sprint(func(s []T) []string { ... fmt.Sprint(s[i]) ... }(xs))
//
// Only %v without flags: %s and %q print a []byte type argument as a
// string, and a width pads each element as its own type would be. A map
// of a type parameter, and a slice of one inside another value, are left
// as they were. Written for this package.

// typeParamSlicePrint rewrites the operands of the fmt print call c that
// are slices of a type parameter printed with %v (see above).
func (r *rewriter) typeParamSlicePrint(c *ast.CallExpr) {
	_, ops, known, ok := r.printOperands(c)
	if !ok || !known {
		return
	}
	fmtID := unparen(unparen(c.Fun).(*ast.SelectorExpr).X).(*ast.Ident) // as printOperands found it
	if r.importPath(fmtID) != "fmt" {
		return // log's: the cell may not import fmt
	}
	pkg := fmtID.Name
	for _, op := range ops {
		if op.verb != 'v' || op.flags != "" {
			continue
		}
		sl, ok := types.Unalias(r.oracle.typeOf(op.arg)).(*types.Slice)
		if !ok {
			continue
		}
		tp, ok := sl.Elem().(*types.TypeParam)
		if !ok {
			continue
		}
		lit, err := parser.ParseExpr("func(_activisS []" + tp.Obj().Name() + ") []string { _activisR := make([]string, len(_activisS)); " +
			"for _activisI := range _activisS { _activisR[_activisI] = " + pkg + ".Sprint(_activisS[_activisI]) }; return _activisR }")
		if err != nil {
			continue
		}
		pos := op.arg.Pos()
		c.Args[op.index] = &ast.CallExpr{Fun: setPositions(lit, pos), Lparen: pos, Args: []ast.Expr{op.arg}, Rparen: op.arg.End()}
	}
}

// declaresGeneric reports whether the group f declares a generic function
// or a method of a generic type, whose prints typeParamSlicePrint needs
// the type oracle for.
func declaresGeneric(f *ast.File) bool {
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		if fd.Type.TypeParams != nil {
			return true
		}
		if fd.Recv != nil && len(fd.Recv.List) == 1 {
			t := fd.Recv.List[0].Type
			if s, ok := t.(*ast.StarExpr); ok {
				t = s.X
			}
			if _, _, ok := typeArgsOf(t); ok {
				return true
			}
		}
	}
	return false
}
