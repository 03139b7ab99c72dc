// Package recfunc is a state-function lexer, as github.com/BurntSushi/toml's
// and github.com/expr-lang/expr's are: its state type is a func type that
// refers to itself (pkgrecfunc.go).
package recfunc

import "strings"

type lexer struct {
	input string
	pos   int
	state stateFn
	stack []stateFn
	items []string
}

type stateFn func(lx *lexer) stateFn

// String names the state for debugging (a method of the func type).
func (s stateFn) String() string {
	if s == nil {
		return "<nil>"
	}
	return "state"
}

func (lx *lexer) push(s stateFn) { lx.stack = append(lx.stack, s) }

func (lx *lexer) pop() stateFn {
	s := lx.stack[len(lx.stack)-1]
	lx.stack = lx.stack[:len(lx.stack)-1]
	return s
}

func (lx *lexer) emit(item string) { lx.items = append(lx.items, item) }

func lexTop(lx *lexer) stateFn {
	if lx.pos >= len(lx.input) {
		return nil
	}
	switch c := lx.input[lx.pos]; {
	case c == ' ':
		lx.pos++
		return lexTop
	case c >= '0' && c <= '9':
		lx.push(lexTop)
		return lexNumber
	case c == '[':
		lx.pos++
		lx.emit("[")
		return stateFn(lexTop)
	}
	return lx.word
}

func lexNumber(lx *lexer) stateFn {
	start := lx.pos
	for lx.pos < len(lx.input) && lx.input[lx.pos] >= '0' && lx.input[lx.pos] <= '9' {
		lx.pos++
	}
	lx.emit("num:" + lx.input[start:lx.pos])
	return lx.pop()
}

// word is a method value used as a state.
func (lx *lexer) word(l *lexer) stateFn {
	start := l.pos
	for l.pos < len(l.input) && l.input[l.pos] != ' ' {
		l.pos++
	}
	l.emit("word:" + l.input[start:l.pos])
	return func(l *lexer) stateFn { return lexTop }
}

// Lex splits s into items, running the states until one returns nil.
func Lex(s string) string {
	lx := &lexer{input: s, state: lexTop}
	for lx.state != nil {
		lx.state = lx.state(lx)
	}
	states := []stateFn{lexTop, nil}
	return strings.Join(lx.items, " ") + " | " + states[0].String() + " " + states[1].String()
}
