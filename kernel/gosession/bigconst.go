package gosession

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"math"
	"strings"
)

// Integer constants past int64 returned or sent.
//
// yaegi v0.16.1 converts an untyped integer constant given to a return
// statement or a channel send through int64 first: `func f2u(f float64)
// uint64 { … return math.MaxUint64 }` and `ch <- math.MaxUint64` for a
// chan uint64 panicked when they ran, "constant 18446744073709551615
// overflows int64" (github.com/tidwall/gjson failed to import on the
// first: gjson.go:162), although Go gives the constant the result's or
// the channel's type; an assignment, an argument and a composite literal
// element were right. Such a constant operand, whose value does not fit
// an int64, is written as a conversion to the type the type checker gives
// it, in cells and in package files:
//
//	return math.MaxUint64  →  return uint64(math.MaxUint64)
//
// The interpreter's panic for one not rewritten now names the cell line
// (io.go's panicError), not its own line number (200002:9). Written for
// this package.

// bigIntConst reports whether tv is an integer constant of a typed
// integer type whose value does not fit an int64.
func bigIntConst(tv types.TypeAndValue) bool {
	if tv.Value == nil || tv.Value.Kind() != constant.Int {
		return false
	}
	b, ok := tv.Type.Underlying().(*types.Basic)
	if !ok || b.Info()&types.IsInteger == 0 || b.Info()&types.IsUntyped != 0 {
		return false
	}
	_, exact := constant.Int64Val(tv.Value)
	return !exact || constant.Compare(tv.Value, token.GTR, constant.MakeInt64(math.MaxInt64))
}

// bigConstOperands calls fix for each return result and send value of n
// that is such a constant, and puts what it returns (when not nil) in its
// place.
func bigConstOperands(n ast.Node, info *types.Info, fix func(e ast.Expr, t types.Type) ast.Expr) {
	check := func(e *ast.Expr) {
		if tv, ok := info.Types[*e]; ok && bigIntConst(tv) {
			if x := fix(*e, tv.Type); x != nil {
				*e = x
			}
		}
	}
	ast.Inspect(n, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.ReturnStmt:
			for i := range x.Results {
				check(&x.Results[i])
			}
		case *ast.SendStmt:
			check(&x.Value)
		}
		return true
	})
}

// bigConstNeedsTypes reports whether a return result or send value of f
// may be such a constant, by its syntax (a package's Max… constant, a
// shift, a literal past int64, a constant of the session or the cell):
// the cell then needs the type oracle.
func (s *Session) bigConstNeedsTypes(st *state, f *ast.File) bool {
	s.mu.Lock()
	consts := map[string]bool{}
	for name, d := range st.decls {
		if d.Kind == "const" {
			consts[name] = true
		}
	}
	s.mu.Unlock()
	maybe := func(e ast.Expr) bool {
		found := false
		ast.Inspect(e, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.SelectorExpr:
				_, pkg := x.X.(*ast.Ident)
				found = found || pkg && strings.HasPrefix(x.Sel.Name, "Max") // math.MaxUint64
				return false
			case *ast.Ident:
				found = found || x.Obj != nil && x.Obj.Kind == ast.Con || x.Obj == nil && consts[x.Name]
			case *ast.BinaryExpr:
				found = found || x.Op == token.SHL
			case *ast.BasicLit:
				if x.Kind == token.INT {
					v := constant.MakeFromLiteral(x.Value, token.INT, 0)
					_, exact := constant.Int64Val(v)
					found = found || !exact
				}
			case *ast.FuncLit, *ast.CallExpr, *ast.CompositeLit:
				return false
			}
			return !found
		})
		return found
	}
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.ReturnStmt:
			for _, e := range x.Results {
				found = found || maybe(e)
			}
		case *ast.SendStmt:
			found = found || maybe(x.Value)
		}
		return !found
	})
	return found
}

// bigConsts writes the constants of n (see above) as conversions, for a
// cell.
func (r *rewriter) bigConsts(n ast.Node) {
	if r.oracle == nil || r.oracle.info == nil {
		return
	}
	bigConstOperands(n, r.oracle.info, func(e ast.Expr, t types.Type) ast.Expr {
		typ := r.oracle.expr(t)
		if typ == nil {
			return nil
		}
		return &ast.CallExpr{Fun: typ, Lparen: e.Pos(), Args: []ast.Expr{e}, Rparen: e.End()}
	})
}

// bigConsts writes the constants of f (see above) as conversions, for a
// package file.
func (w *pkgGoWriter) bigConsts(f *ast.File) {
	if w.types == nil {
		return
	}
	bigConstOperands(f, w.types.info, func(e ast.Expr, t types.Type) ast.Expr {
		if text := w.typeText(t); text != "" {
			w.enclose(e, text+"(", ")")
		}
		return nil
	})
}
