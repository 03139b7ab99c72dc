package gosession

import (
	"go/ast"
	"go/token"
)

// Labelled statements directly in a case clause.
//
// yaegi v0.16.1 does not declare a label whose statement is directly in
// the body of a switch, type switch or select clause: `case '"': i++;
// loop: for … { … break loop }` failed to compile, "undefined: loop", so
// did `case 3: outer: for … { continue outer }`, and
// github.com/tidwall/gjson failed to import (gjson.go:1999). In a block of
// its own the label is declared, so such a clause's statements are written
// in one, on their own lines, in cells and in package files; a closing
// `fallthrough` stays outside it, where Go requires it:
//
//	case '"':              case '"':
//		i++          →         { i++
//	loop:                  loop:
//		for … { … }            for … { … } }
//
// A goto from elsewhere in the clause to such a label stays within the
// block; Go does not allow one from another clause. Written for this
// package.

// labelledBody returns the statements of a clause body to write in a
// block (the body without a closing fallthrough), or nil when no statement
// of it is labelled.
func labelledBody(body []ast.Stmt) []ast.Stmt {
	labelled := false
	for _, s := range body {
		if _, ok := s.(*ast.LabeledStmt); ok {
			labelled = true
		}
	}
	if !labelled {
		return nil
	}
	if b, ok := body[len(body)-1].(*ast.BranchStmt); ok && b.Tok == token.FALLTHROUGH {
		return body[:len(body)-1]
	}
	return body
}

// caseLabels writes the labelled clause bodies of n in blocks (see above).
func caseLabels(n ast.Node) {
	wrap := func(body []ast.Stmt) []ast.Stmt {
		in := labelledBody(body)
		if in == nil {
			return body
		}
		block := &ast.BlockStmt{Lbrace: in[0].Pos(), List: in, Rbrace: in[len(in)-1].End()}
		return append([]ast.Stmt{block}, body[len(in):]...)
	}
	ast.Inspect(n, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.CaseClause:
			x.Body = wrap(x.Body)
		case *ast.CommClause:
			x.Body = wrap(x.Body)
		}
		return true
	})
}

// caseLabels writes the labelled statements of the clause body in a block
// (see above).
func (w *pkgGoWriter) caseLabels(body []ast.Stmt) {
	if in := labelledBody(body); len(in) > 0 {
		w.enclose(in[0], "{ ", "")
		w.enclose(in[len(in)-1], "", " }")
	}
}
