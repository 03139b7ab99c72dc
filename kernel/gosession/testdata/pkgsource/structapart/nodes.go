// Package structapart has struct types with the same fields, told apart
// by type switches and assertions as github.com/expr-lang/expr's AST
// walker does, for the session's tests (pkglookalike.go).
package structapart

import (
	"encoding/json"
	"fmt"
)

type base struct{ loc int }

// Loc returns the node's location.
func (b *base) Loc() int { return b.loc }

// Node is a node of a tree.
type Node interface{ Loc() int }

// IdentifierNode and StringNode have the same fields.
type (
	IdentifierNode struct {
		base
		Value string
	}
	StringNode struct {
		base
		Value string
	}
)

// Pair and Span have the same fields, one of them unexported and one
// tagged.
type (
	Pair struct {
		A int `json:"a"`
		b int
	}
	Span struct {
		A int `json:"a"`
		b int
	}
)

func kind(n Node) string {
	switch x := n.(type) {
	case *IdentifierNode:
		return "ident:" + x.Value
	case *StringNode:
		return "string:" + x.Value
	}
	return "?"
}

// Kinds tells the types apart, converts between them and encodes them.
func Kinds() string {
	var out []any
	for _, n := range []Node{&StringNode{base{1}, "s"}, &IdentifierNode{base{2}, "i"}} {
		out = append(out, kind(n), n.Loc())
	}
	var v any = Span{1, 2}
	_, isPair := v.(Pair)
	sp, isSpan := v.(Span)
	p := Pair(sp)
	b, err := json.Marshal(p)
	out = append(out, isPair, isSpan, p.A, p.b, string(b), err)
	switch v.(type) {
	case struct {
		A int `json:"a"`
		b int
	}:
		out = append(out, "unnamed")
	case Pair:
		out = append(out, "Pair")
	case Span:
		out = append(out, "Span")
	}
	out = append(out, StringNode(IdentifierNode{Value: "c"}).Value)
	return fmt.Sprintln(out...)
}
