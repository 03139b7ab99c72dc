package gosession

import (
	"go/ast"
	"go/token"
)

// Small statement fixes in package files.
//
// A package interpreted from source gets these cell fixes too, on the
// same lines:
//
//   - an operator expression assigned to a field, a variable, an element
//     or a pointee, or the value of a var declaration with a type, is put
//     in parentheses (fieldoperand.go: a container/ring Value stayed nil;
//     anyoperand.go: `v = -x`, `xs[i] = x << 3`, `var w any = ^x` left an
//     interface destination nil);
//   - `return <-ch` receives into a variable first (recvreturn.go: yaegi
//     panicked);
//   - `v, ok := m[k]` and `v, ok := x.(T)` in a statement list set v to
//     its zero value when ok is false (zeroOnMiss in rewrite.go: v kept
//     the previous iteration's value), through a generic function the
//     file gets on its last line.

// fieldOperands puts an operator expression assigned to a field, a
// variable, an element or a pointee in parentheses.
func (w *pkgGoWriter) fieldOperands(as *ast.AssignStmt) {
	if as.Tok != token.ASSIGN || len(as.Lhs) != len(as.Rhs) {
		return
	}
	for i, l := range as.Lhs {
		switch l.(type) {
		case *ast.SelectorExpr, *ast.Ident, *ast.IndexExpr, *ast.StarExpr:
			w.parenOperand(as.Rhs[i])
		}
	}
}

// typedValueOperands puts the operator expressions among the values of a
// var declaration with a type in parentheses.
func (w *pkgGoWriter) typedValueOperands(vs *ast.ValueSpec) {
	if vs.Type == nil {
		return
	}
	for _, v := range vs.Values {
		w.parenOperand(v)
	}
}

// parenOperand puts e in parentheses when it is a binary expression or an
// arithmetic or logical unary one (parenOperand in anyoperand.go).
func (w *pkgGoWriter) parenOperand(e ast.Expr) {
	if _, ok := parenOperand(e).(*ast.ParenExpr); !ok {
		return
	}
	if _, ok := e.(*ast.ParenExpr); ok {
		return
	}
	w.enclose(e, "(", ")")
}

// returnRecv receives the receive results of ret into variables first.
func (w *pkgGoWriter) returnRecv(ret *ast.ReturnStmt) {
	var parts []ast.Node
	var names []string
	var values []ast.Expr
	for _, e := range ret.Results {
		if u, ok := unparen(e).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
			parts, names, values = append(parts, e), append(names, w.temp("Recv")), append(values, e)
		}
	}
	if len(parts) == 0 {
		return
	}
	w.replace(w.off(ret.Pos()), w.off(ret.End()), func() string {
		s := "{ "
		for i, n := range names {
			s += n + " := " + w.node(values[i]) + "; "
		}
		return s + w.splice(w.off(ret.Pos()), w.off(ret.End()), parts, names) + " }"
	})
}

// zeroOnMiss follows comma-ok statement as of a statement list with
// `; if !ok { zero(&v) }` (see zeroOnMiss in rewrite.go).
func (w *pkgGoWriter) zeroOnMiss(as *ast.AssignStmt) {
	if len(as.Lhs) != 2 || len(as.Rhs) != 1 || (as.Tok != token.DEFINE && as.Tok != token.ASSIGN) {
		return
	}
	switch x := unparen(as.Rhs[0]).(type) {
	case *ast.IndexExpr:
	case *ast.TypeAssertExpr:
		if x.Type == nil {
			return
		}
	default:
		return
	}
	v, ok := as.Lhs[0].(*ast.Ident)
	okID, isID := as.Lhs[1].(*ast.Ident)
	if !ok || v.Name == "_" || !isID {
		return
	}
	okName := okID.Name
	if okName == "_" {
		if as.Tok != token.DEFINE {
			return
		}
		okName = w.temp("OK")
		at := w.off(okID.Pos())
		if !w.replace(at, at+1, func() string { return okName }) {
			return
		}
	}
	end := w.off(as.End())
	w.after[end] += "; if !" + okName + " { " + w.zeroName() + "(&" + v.Name + ") }"
}

// zeroName returns the name of the function zeroFunc declares, naming it
// on first use.
func (w *pkgGoWriter) zeroName() string {
	if w.zero == "" {
		w.zero = "_activisZero" + w.fileSuffix()
	}
	return w.zero
}

// zeroFunc is the declaration of the function zeroOnMiss calls, written
// on the file's last line.
func (w *pkgGoWriter) zeroFunc() string {
	if w.zero == "" {
		return ""
	}
	sep := "\n" // the last line may end in a comment
	if len(w.src) > 0 && w.src[len(w.src)-1] == '\n' {
		sep = "" // on a last line of its own, without a line break
	}
	return sep + "func " + w.zero + "[T any](p *T) { var z T; *p = z }"
}
