package gosession

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"strings"
)

// ItemKind says what a top-level item of a cell is.
type ItemKind int

// The kinds of cell items.
const (
	// ImportItem is an import declaration.
	ImportItem ItemKind = iota
	// DeclItem is a type, func (or method), var or const declaration.
	DeclItem
	// StmtItem is a statement.
	StmtItem
	// ExprItem is the cell's trailing expression, whose value is shown.
	ExprItem
)

func (k ItemKind) String() string {
	switch k {
	case ImportItem:
		return "import"
	case DeclItem:
		return "decl"
	case StmtItem:
		return "stmt"
	case ExprItem:
		return "expr"
	}
	return fmt.Sprintf("ItemKind(%d)", int(k))
}

// Item is one top-level element of a cell.
type Item struct {
	Kind ItemKind
	// Src is the item's source, including a doc comment just before it.
	Src string
	// Line is the 1-based cell line where Src starts.
	Line int
	// Start and End are the byte offsets of Src in the cell.
	Start, End int
}

// Split cuts a cell into its top-level items: imports, declarations,
// statements and, when the last statement is an expression, a trailing
// expression. A package clause is dropped. Split does not check syntax
// beyond what it needs to cut; it fails only on unbalanced brackets or a
// token the Go scanner rejects.
func Split(src string) ([]Item, error) {
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(src))
	var errs scanner.ErrorList
	var s scanner.Scanner
	s.Init(file, []byte(src), func(pos token.Position, msg string) { errs.Add(pos, msg) }, scanner.ScanComments)

	var items []Item
	var cur []scanTok
	depth := 0
	header := false // between for/if/switch and its block: ";" does not end the item
	commentStart := -1
	flush := func(end int) {
		if len(cur) == 0 {
			return
		}
		start := file.Offset(cur[0].pos)
		if commentStart >= 0 && commentStart < start {
			start = commentStart
		}
		text := strings.TrimRight(src[start:end], " \t\r\n;")
		kind := classify(cur[0].tok, cur[1:])
		if kind >= 0 {
			items = append(items, Item{Kind: ItemKind(kind), Src: text, Line: file.Line(file.Pos(start)), Start: start, End: start + len(text)})
		}
		cur = cur[:0]
		commentStart = -1
	}
	for {
		pos, t, lit := s.Scan()
		if t == token.EOF {
			flush(len(src))
			break
		}
		switch t {
		case token.COMMENT:
			if len(cur) == 0 && depth == 0 {
				if commentStart < 0 {
					commentStart = file.Offset(pos)
				}
			}
			continue
		case token.FOR, token.IF, token.SWITCH:
			if depth == 0 {
				header = true
			}
		case token.LPAREN, token.LBRACK, token.LBRACE:
			if t == token.LBRACE && depth == 0 {
				header = false
			}
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
			if depth < 0 {
				return nil, fmt.Errorf("line %d: unbalanced %q", file.Line(pos), t.String())
			}
		case token.SEMICOLON:
			if depth == 0 && !(header && lit == ";") {
				flush(file.Offset(pos))
				continue
			}
		}
		cur = append(cur, scanTok{pos, t})
	}
	if len(errs) > 0 {
		errs.Sort()
		return nil, errs.Err()
	}
	if depth != 0 {
		return nil, fmt.Errorf("unbalanced brackets: %d left open at the end of the cell", depth)
	}
	if n := len(items); n > 0 && items[n-1].Kind == StmtItem {
		if _, err := parser.ParseExpr(items[n-1].Src); err == nil {
			items[n-1].Kind = ExprItem
		}
	}
	return items, nil
}

// scanTok is a scanned token.
type scanTok struct {
	pos token.Pos
	tok token.Token
}

// classify returns the ItemKind of an item starting with first and followed
// by rest, or -1 for a package clause.
func classify(first token.Token, rest []scanTok) int {
	switch first {
	case token.PACKAGE:
		return -1
	case token.IMPORT:
		return int(ImportItem)
	case token.VAR:
		// A var declaration runs as a statement: yaegi v0.16.1 fails on a
		// package-level var whose initializer uses an earlier cell's
		// variable ("variable definition loop"); as a statement the
		// variable still becomes a session global.
		return int(StmtItem)
	case token.CONST, token.TYPE:
		return int(DeclItem)
	case token.FUNC:
		if len(rest) == 0 {
			return int(StmtItem)
		}
		if rest[0].tok == token.IDENT {
			return int(DeclItem)
		}
		if rest[0].tok == token.LPAREN { // method receiver, or a func literal call
			d := 0
			for i, t := range rest {
				switch t.tok {
				case token.LPAREN:
					d++
				case token.RPAREN:
					d--
					if d == 0 {
						// A method name is followed by its parameters; in
						// func(x int) int { ... }(3) the identifier is the
						// literal's result type.
						if i+2 < len(rest) && rest[i+1].tok == token.IDENT && rest[i+2].tok == token.LPAREN {
							return int(DeclItem)
						}
						return int(StmtItem)
					}
				}
			}
		}
	}
	return int(StmtItem)
}

// parseSrc parses a complete Go file.
func parseSrc(src string) (*ast.File, error) {
	return parser.ParseFile(token.NewFileSet(), "", src, 0)
}
