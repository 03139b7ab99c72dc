package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// Composite literals of instances of generic struct types with two or
// more type arguments.
//
// yaegi v0.16.1 does not take an instance written with a list of type
// arguments (`Pair[int, string]`; it knows `Box[int]`) for the type of a
// composite literal, so each such literal instantiates the type again,
// finds the instance made first, and puts that instance's syntax node
// into its own function: the node's frame slots are then the last
// function's, and the first function to make such a literal of the same
// instance read and wrote the wrong slots of its frame. `e :=
// Pair[int, int]{c, d}` in a function and `q := Pair[int, int]{5, 6}`
// at the top level of a cell made the function panic with "reflect.Set:
// value of type struct { Key int; Val int } is not assignable to type
// int", and in other orders with "index out of range"; a package's
// `NewPair[K, V]` and `Parse[V]` making `Pair[K, V]{k, v}` and
// `&Pair[string, V]{k, v}` broke each other so. As recursivelit.go does,
// such a literal becomes a function literal that declares a variable of
// the type, sets its fields to the elements in their order, and returns
// it (or its address, for `&Pair[…]{…}`): a variable's type is read
// right.
//
//	Pair[K, V]{k, v}  →  func() Pair[K, V] { var _activisLit Pair[K, V]; _activisLit.Key = k; _activisLit.Val = v; return _activisLit }()
//
// Cells get listInstanceLit (through recursiveLits, which handles the
// address), package files pkgListInstanceLit; the struct's field names
// come from the type check. In a package file the insertions of other
// rewrites around the literal (pkgstructwrap.go's conversion, a copy in a
// loop) stay around the call (replaceToEnd), and out of its type. Written
// for this package.

// listInstanceLit returns the call that builds lit, when lit is a
// literal of an instance of a generic struct type written with two or
// more type arguments, or nil.
func (r *rewriter) listInstanceLit(lit *ast.CompositeLit) *ast.CallExpr {
	st := listInstanceStruct(r.oracle.info, lit)
	if st == nil {
		return nil
	}
	return fieldsLit(lit, st) // see recursivelit.go
}

// listInstanceStruct returns the struct type of lit (info is its check)
// when lit's type is written as a generic type with two or more type
// arguments, or nil.
func listInstanceStruct(info *types.Info, lit *ast.CompositeLit) *types.Struct {
	if _, ok := lit.Type.(*ast.IndexListExpr); !ok || info == nil {
		return nil
	}
	named, ok := types.Unalias(info.Types[lit].Type).(*types.Named)
	if !ok || named.TypeArgs().Len() < 2 {
		return nil
	}
	st, _ := named.Underlying().(*types.Struct)
	return st
}

// pkgListInstanceLit writes the literal n (a composite literal, or the
// address of one) of a package file as listInstanceLit does.
func (w *pkgGoWriter) pkgListInstanceLit(n ast.Expr) {
	if w.types == nil {
		return
	}
	lit, ok := n.(*ast.CompositeLit)
	amp := ""
	if u, isUnary := n.(*ast.UnaryExpr); isUnary && u.Op == token.AND {
		lit, ok = u.X.(*ast.CompositeLit)
		amp = "&"
	}
	if !ok || w.litsDone[lit] {
		return
	}
	st := listInstanceStruct(w.types.info, lit)
	if st == nil {
		return
	}
	fields, values := litFields(lit, st) // recursivelit.go
	if fields == nil && len(lit.Elts) > 0 {
		return
	}
	lo, hi := w.off(n.Pos()), w.off(n.End())
	ok = w.replaceToEnd(lo, hi, func() string {
		// the insertions of the nodes starting where the literal does
		// are written before the replacement, not in its type
		typ := strings.TrimPrefix(w.text(w.off(lit.Type.Pos()), w.off(lit.Type.End())), w.before[w.off(lit.Type.Pos())])
		var b strings.Builder
		b.WriteString("func() " + strings.Repeat("*", len(amp)) + typ + " { var " + litVar + " " + typ + "; ")
		first := lit.Rbrace
		if len(lit.Elts) > 0 {
			first = lit.Elts[0].Pos()
		}
		lines := func(lo, hi token.Pos) string { // the line breaks of the source between lo and hi
			return strings.Repeat("\n", strings.Count(string(w.src[w.off(lo):w.off(hi)]), "\n"))
		}
		b.WriteString(lines(n.Pos(), first)) // none after the call: a line break there would end the statement
		for i, el := range lit.Elts {
			b.WriteString(litVar + "." + fields[i] + " = " + w.text(w.off(values[i].Pos()), w.off(values[i].End())) + "; ")
			next := lit.Rbrace
			if i+1 < len(lit.Elts) {
				next = lit.Elts[i+1].Pos()
			}
			b.WriteString(lines(el.End(), next))
		}
		b.WriteString("return " + amp + litVar + " }()")
		return b.String()
	})
	if ok {
		if w.litsDone == nil {
			w.litsDone = map[*ast.CompositeLit]bool{}
		}
		w.litsDone[lit] = true
	}
}
