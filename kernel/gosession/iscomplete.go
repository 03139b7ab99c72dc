package gosession

import (
	"go/scanner"
	"go/token"
	"strings"
)

// IsComplete reports whether code can run as typed: "incomplete" with an
// indent while brackets are open, a string is unterminated or the code
// ends with an operator or comma; "invalid" for a closing bracket without
// an opening one or a syntax error; "complete" otherwise.
func (s *Session) IsComplete(code string) (status, indent string) {
	if strings.TrimSpace(code) == "" {
		return "complete", ""
	}
	var goLines []string
	for _, l := range strings.Split(code, "\n") {
		if isMagicLine(l) {
			goLines = append(goLines, "")
			continue
		}
		goLines = append(goLines, l)
	}
	src := strings.Join(goLines, "\n")
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var sc scanner.Scanner
	unterminated := false
	var errs int
	sc.Init(file, []byte(src), func(_ token.Position, msg string) {
		if strings.Contains(msg, "not terminated") {
			unterminated = true
			return
		}
		errs++
	}, 0)
	depth := 0
	last := token.ILLEGAL
	for {
		_, t, lit := sc.Scan()
		if t == token.EOF {
			break
		}
		switch t {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
			if depth < 0 {
				return "invalid", ""
			}
		}
		if t == token.SEMICOLON && lit == "\n" {
			continue
		}
		last = t
	}
	switch {
	case unterminated:
		return "incomplete", ""
	case errs > 0:
		return "invalid", ""
	case depth > 0:
		return "incomplete", strings.Repeat("\t", depth)
	}
	switch {
	case last.IsOperator() && last != token.RPAREN && last != token.RBRACK && last != token.RBRACE &&
		last != token.SEMICOLON && last != token.INC && last != token.DEC && last != token.ELLIPSIS:
		return "incomplete", "\t"
	}
	if _, err := Split(src); err != nil {
		return "invalid", ""
	}
	if !parses(src) {
		return "invalid", ""
	}
	return "complete", ""
}

// parses reports whether every item of src parses.
func parses(src string) bool {
	items, err := Split(src)
	if err != nil {
		return false
	}
	for _, it := range items {
		var text string
		switch it.Kind {
		case ImportItem, DeclItem:
			text = "package p;" + it.Src
		default:
			text = "package p; func _() {" + it.Src + "\n}"
		}
		if _, err := parseSrc(text); err != nil {
			return false
		}
	}
	return true
}
