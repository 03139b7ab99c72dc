package gosession

import (
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"strings"
)

// Labels named like another identifier of the file.
//
// yaegi v0.16.1 resolves a label and a constant, variable or type of the
// same name in one namespace: github.com/emirpasic/gods' red-black tree
// iterator, `const (begin, between, end position = 0, 1, 2)` beside
// `if iterator.position == end { goto end }`, failed to import ("CFG
// post-order panic: runtime error: invalid memory address or nil pointer
// dereference"), so did such a cell ("invalid type"). Go keeps labels in
// a namespace of their own, so such a label is renamed where it is
// declared and where goto, break and continue name it, to a name no
// identifier of the file uses: in cells `_activisL` and the name; in
// package files, whose offsets the type check and the other rewrites
// share, a name of the same length (its first letter, then its first
// two, replaced by underscores), on the file's text before anything reads
// it (preSource, beside plusBuild). A label of one letter is left as it
// is. Written for this package.

// labelUses returns the label identifiers of f (declarations and
// references) and the names of its other identifiers.
func labelUses(f ast.Node) (labels []*ast.Ident, names map[string]bool) {
	isLabel := map[*ast.Ident]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.LabeledStmt:
			isLabel[x.Label] = true
			labels = append(labels, x.Label)
		case *ast.BranchStmt:
			if x.Label != nil {
				isLabel[x.Label] = true
				labels = append(labels, x.Label)
			}
		}
		return true
	})
	names = map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && !isLabel[id] {
			names[id.Name] = true
		}
		return true
	})
	return labels, names
}

// cellLabels renames the labels of a cell as above.
func cellLabels(n ast.Node) {
	labels, names := labelUses(n)
	for _, l := range labels {
		if names[l.Name] {
			l.Name = "_activisL" + l.Name
		}
	}
}

// labelBranch finds a goto, break or continue naming a label.
var labelBranch = regexp.MustCompile(`\b(goto|break|continue)[ \t]+[A-Za-z_]`)

// renameLabels returns src, a package file, with its labels renamed as
// above (same length), or src itself.
func renameLabels(src []byte) []byte {
	if !labelBranch.Match(src) {
		return src
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.SkipObjectResolution)
	if err != nil {
		return src
	}
	labels, names := labelUses(f)
	taken := map[string]bool{}
	for n := range names {
		taken[n] = true
	}
	for _, l := range labels {
		taken[l.Name] = true
	}
	renamed := map[string]string{}
	var out []byte
	for _, l := range labels {
		if !names[l.Name] || len(l.Name) < 2 {
			continue
		}
		to, ok := renamed[l.Name]
		if !ok {
			for k := 1; k < len(l.Name) && to == ""; k++ {
				if c := strings.Repeat("_", k) + l.Name[k:]; !taken[c] {
					to = c
				}
			}
			renamed[l.Name] = to
			taken[to] = to != ""
		}
		if to == "" {
			continue
		}
		if out == nil {
			out = append([]byte(nil), src...)
		}
		copy(out[fset.Position(l.Pos()).Offset:], to)
	}
	if out == nil {
		return src
	}
	return out
}
