// Package typeverb prints the types of its values with %T
// (TestThirdPartyTypeVerb).
package typeverb

import (
	"errors"
	"fmt"
	"time"
)

// Level has methods.
type Level int

func (l Level) String() string { return "L" }

type node struct{ v int }

func (n *node) Val() int { return n.v }

type plain struct{ x int }

// Box holds a value.
type Box[T any] struct{ V T }

// Static prints %T of values whose types the syntax shows.
func Static() string {
	n := 0
	next := func() Level { n++; return Level(n) }
	return fmt.Sprintf("%T|%T|%-12T|%T|%T|%d", next(), []Level{}, &node{}, map[string]*node{}, Box[int]{}, n)
}

// Dynamic prints %T of values held in interfaces.
func Dynamic() string {
	var a any = Level(2)
	var b any = &node{1}
	var c any = 3.5
	var d any = time.Second
	var e error = errors.New("x")
	return fmt.Sprintf("%T %T %T %T %T %T", a, b, c, d, e, nil)
}

// Erased prints %T of a struct value of the package without methods held
// in an interface: the interpreter keeps no name for it, so the session
// names it by assertion to the package's struct types.
func Erased() string {
	var p any = plain{1}
	return fmt.Sprintf("%T", p)
}

// ErasedLocal prints %T of a value of a struct type declared in a
// function, which no assertion names.
func ErasedLocal() string {
	type local struct{ y int }
	var p any = local{2}
	return fmt.Sprintf("%T", p)
}

// Get returns the box's value.
func (b *Box[T]) Get() T { return b.V }

// NewBox returns a box holding v.
func NewBox[T any](v T) *Box[T] { return &Box[T]{V: v} }

// Point is a struct without methods.
type Point struct{ X, Y int }
