// Package instorder instantiates another package's generic types with
// types it declares later, in a later file (token.go) and further down
// this one, as github.com/expr-lang/expr's lexer does (pkginstorder.go).
package instorder

import (
	"fmt"

	"example.com/instorder/ring"
)

// Lexer holds tokens in a ring of a type token.go declares.
type Lexer struct {
	tokens *ring.Ring[Token]
	last   ring.Pair[Key, Token]
	table  Table
}

// Table holds rows of a type declared below.
type Table struct {
	rows []*ring.Ring[Row]
}

// Row is a row of a Table.
type Row struct{ N int }

// Run lexes a few tokens.
func Run() string {
	l := &Lexer{tokens: ring.New[Token]()}
	l.tokens.Push(Token{Kind: "ident", Value: "a"})
	l.tokens.Push(Token{Kind: "op", Value: "+"})
	l.last = ring.Pair[Key, Token]{Key: 2, Val: l.tokens.At(1)}
	l.table.rows = append(l.table.rows, ring.New[Row]())
	l.table.rows[0].Push(Row{N: 7})
	return fmt.Sprint(l.tokens.Len(), l.tokens.At(0), l.last, l.table.rows[0].At(0))
}
