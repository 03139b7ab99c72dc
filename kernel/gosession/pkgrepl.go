package gosession

import (
	"go/ast"
	"sort"
	"strings"
)

// Replacements of statements in package files interpreted from source.
//
// The statement rewrites of pkgloopvar.go, pkgdefer.go, pkgreturn.go,
// pkgtuple.go and pkgswitch.go replace the text of a statement or of a
// header by a block doing the same on Go's terms, written on the lines
// the statement had: the text of its parts is the rewritten text of
// those parts (node), and line breaks make up for the lines the new text
// lacks.

// pkgRepl replaces the bytes of a package file up to end by what text
// returns (called when the file is written, after every insertion is
// known).
type pkgRepl struct {
	end  int
	text func() string
}

// enclose writes pre before the text of n and post after it, inside the
// insertions already made at n's end (those of enclosing nodes, which the
// walk met first, stay outside).
func (w *pkgGoWriter) enclose(n ast.Node, pre, post string) {
	if s := w.synth[n]; s != nil {
		s.pre += pre
		s.post = post + s.post
		return
	}
	w.before[w.off(n.Pos())] += pre
	end := w.off(n.End())
	w.after[end] = post + w.after[end]
}

// synthOperand is an operand a rewrite writes that is not in the file,
// a variable of pkgtupleargs.go's literal given to the print rewrites:
// enclose and refusePrint write their insertions here, and text gives
// the operand with them.
type synthOperand struct {
	name, pre, post string
	// repl, when not "", replaces the operand (refusePrint's call).
	repl string
}

// text returns the operand's text with the insertions made.
func (s *synthOperand) text() string {
	if s.repl != "" {
		return s.repl
	}
	return s.pre + s.name + s.post
}

// rewritten reports whether a rewrite wrote the operand otherwise.
func (s *synthOperand) rewritten() bool { return s.text() != s.name }

// replace registers text to replace src[lo:hi], followed by the line
// breaks it lacks; it reports false (nothing done) when another
// replacement starts at lo.
func (w *pkgGoWriter) replace(lo, hi int, text func() string) bool {
	if _, taken := w.repl[lo]; taken {
		return false
	}
	w.repl[lo] = pkgRepl{end: hi, text: func() string {
		t := text()
		return t + strings.Repeat("\n", max(0, strings.Count(string(w.src[lo:hi]), "\n")-strings.Count(t, "\n")))
	}}
	return true
}

// replaceToEnd is replace for a text that does not hold the insertions at
// hi (it is not written from the rewritten text of src[lo:hi]): those of
// enclosing nodes (enclose's post) follow it. Without them a replaced call
// inside an enclosed operand lost the operand's closing parenthesis:
// `vx, vy = vx.Elem(), vy.Elem()` in github.com/google/go-cmp became
// `(_activisrt.ValueElem(vx), (_activisrt.ValueElem(vy)`, and the import
// failed with a syntax error.
func (w *pkgGoWriter) replaceToEnd(lo, hi int, text func() string) bool {
	return w.replace(lo, hi, func() string { return text() + w.after[hi] })
}

// replaced reports whether offset at lies strictly inside a replacement
// starting at or after lo (one whose text writes the part holding at).
func (w *pkgGoWriter) replaced(lo, at int) bool {
	for start, r := range w.repl {
		if start >= lo && start < at && at < r.end {
			return true
		}
	}
	return false
}

// splice returns the rewritten text of src[lo:hi] with the text of each
// of parts (in it, not overlapping) written as the matching name.
func (w *pkgGoWriter) splice(lo, hi int, parts []ast.Node, names []string) string {
	idx := make([]int, len(parts))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return parts[idx[a]].Pos() < parts[idx[b]].Pos() })
	var b strings.Builder
	at := lo
	for _, i := range idx {
		b.WriteString(w.text(at, w.off(parts[i].Pos())))
		b.WriteString(names[i])
		at = w.off(parts[i].End())
	}
	b.WriteString(w.text(at, hi))
	return b.String()
}

// parenList returns the rewritten texts of es, each in parentheses,
// joined by commas.
func (w *pkgGoWriter) parenList(es []ast.Expr) string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(" + w.node(e) + ")")
	}
	return b.String()
}
