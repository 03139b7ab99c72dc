package gosession

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
)

// Constants of the session's named types.
//
// yaegi v0.16.1 gets a constant of a type declared in interpreted code
// wrong when its value is not a plain literal: with `type Kind int`,
// `const ( Word Kind = iota + 1; Number; Punct )` made `k == Punct` false
// for k := Kind(3) (and `Punct == 3` false), `const X Kind = 2 * 3` and
// `const N Name = "a" + "b"` for `type Name string` the same, without an
// error (a lexer switching on its token kinds stopped after two tokens).
// A literal value (`A Kind = 1`) is right. With the type oracle, each
// const spec declaring constants of such a type gets its names' values
// written as literals, with the type: `Number Kind = 2` for the implicit
// `Number`, so that yaegi repeats no expression either. Written for this
// package.

// typedConsts writes the values of the session-typed constants under n as
// literals (see above).
func (r *rewriter) typedConsts(n ast.Node) {
	if r.oracle == nil {
		return
	}
	ast.Inspect(n, func(m ast.Node) bool {
		d, ok := m.(*ast.GenDecl)
		if !ok || d.Tok != token.CONST {
			return true
		}
		var typ ast.Expr // the type of the last spec that has one
		for _, s := range d.Specs {
			vs, ok := s.(*ast.ValueSpec)
			if !ok {
				continue
			}
			if vs.Type != nil || len(vs.Values) > 0 {
				typ = vs.Type
			}
			lits, _ := constLiterals(r.oracle.info, r.oracle.pkg, vs)
			if lits == nil {
				continue
			}
			pos := vs.Names[0].Pos()
			switch {
			case vs.Type != nil:
			case typ != nil:
				vs.Type = cloneNode(typ, pos).(ast.Expr)
			default:
				// `X = Kind(2) * 3`: the type from the oracle.
				t := r.oracle.expr(r.oracle.info.Defs[vs.Names[0]].Type())
				if t == nil {
					continue
				}
				vs.Type = cloneTypeAt(t, pos)
			}
			vs.Values = lits
		}
		return false
	})
}

// constLiterals returns the values of the constants vs declares as
// literals when each is of a named type of pkg with a value that is not a
// literal already, and that type; else nil. info is the check of vs's
// file (the type oracle's, or a package's).
func constLiterals(info *types.Info, pkg *types.Package, vs *ast.ValueSpec) ([]ast.Expr, types.Type) {
	plain := len(vs.Values) == len(vs.Names)
	var lits []ast.Expr
	var typ types.Type
	for i, name := range vs.Names {
		c, ok := info.Defs[name].(*types.Const)
		if !ok {
			return nil, nil
		}
		n, ok := c.Type().(*types.Named)
		if !ok || n.Obj().Pkg() != pkg {
			return nil, nil
		}
		typ = n
		if plain && !isLiteral(vs.Values[i]) {
			plain = false
		}
		lit := constLiteral(c.Val(), name.Pos())
		if lit == nil {
			return nil, nil
		}
		lits = append(lits, lit)
	}
	if plain {
		return nil, nil // right already
	}
	return lits, typ
}

// isLiteral reports whether e is a basic literal, a negated one, or true
// or false.
func isLiteral(e ast.Expr) bool {
	switch x := unparen(e).(type) {
	case *ast.BasicLit:
		return true
	case *ast.UnaryExpr:
		return x.Op == token.SUB && isLiteral(x.X)
	case *ast.Ident:
		return (x.Name == "true" || x.Name == "false") && x.Obj == nil
	}
	return false
}

// constLiteral writes the constant v as a literal at pos, or nil for a
// kind it does not write (complex, unknown).
func constLiteral(v constant.Value, pos token.Pos) ast.Expr {
	var text string
	kind := token.INT
	switch v.Kind() {
	case constant.Int:
		text = v.ExactString()
	case constant.Float:
		f, _ := constant.Float64Val(v)
		text, kind = strconv.FormatFloat(f, 'g', -1, 64), token.FLOAT
		if constant.Compare(constant.MakeFloat64(f), token.NEQ, v) {
			return nil // not exactly a float64
		}
	case constant.String:
		text, kind = strconv.Quote(constant.StringVal(v)), token.STRING
	case constant.Bool:
		return &ast.Ident{NamePos: pos, Name: strconv.FormatBool(constant.BoolVal(v))}
	default:
		return nil
	}
	if len(text) > 0 && text[0] == '-' {
		return &ast.UnaryExpr{OpPos: pos, Op: token.SUB, X: &ast.BasicLit{ValuePos: pos, Kind: kind, Value: text[1:]}}
	}
	return &ast.BasicLit{ValuePos: pos, Kind: kind, Value: text}
}
