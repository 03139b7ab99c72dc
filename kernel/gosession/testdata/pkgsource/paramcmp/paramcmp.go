// Package paramcmp compares values of comparable type parameters
// instantiated with its interface type and with basic types, as
// TestThirdPartyParamCompare runs it.
package paramcmp

import (
	"fmt"
	"math"
)

type Shape interface{ Area() float64 }

type Circle struct{ R float64 }

func (c Circle) Area() float64 { return 3 * c.R * c.R }

type Sq struct{ S float64 }

func (s *Sq) Area() float64 { return s.S * s.S }

func Eq[T comparable](a, b T) bool  { return a == b }
func Neq[T comparable](a, b T) bool { return a != b }

// Count counts the elements of xs equal to x.
func Count[T comparable](xs []T, x T) int {
	n := 0
	for _, v := range xs {
		if v == x {
			n++
		}
	}
	return n
}

// Set holds distinct values.
type Set[T comparable] struct{ items []T }

// Add adds x unless the set has it.
func (s *Set[T]) Add(x T) {
	for i := range s.items {
		if s.items[i] == x {
			return
		}
	}
	s.items = append(s.items, x)
}

// Run compares Shapes, ints, strings and floats through the generics.
func Run() string {
	sq := &Sq{2}
	shapes := []Shape{Circle{1}, Circle{2}, Circle{1}, sq}
	var set Set[Shape]
	for _, s := range shapes {
		set.Add(s)
	}
	var ints Set[int]
	for _, i := range []int{1, 2, 1} {
		ints.Add(i)
	}
	return fmt.Sprint(Eq(Shape(Circle{1}), Shape(Circle{1})), Eq[Shape](sq, &Sq{2}), Neq[Shape](Circle{1}, Circle{2}),
		Count(shapes, Shape(Circle{1})), Count(shapes, Shape(sq)), Count([]int{1, 2, 1}, 1), Eq(math.NaN(), math.NaN()),
		len(set.items), len(ints.items), Eq("a", "a"))
}
