// Package mapkey keys maps by interfaces, as TestThirdPartyMapKeys runs
// it.
package mapkey

import "fmt"

type Shape interface{ Area() float64 }

type Circle struct{ R float64 }

func (c Circle) Area() float64 { return 3 * c.R * c.R }

type Sq struct{ S float64 }

func (s *Sq) Area() float64 { return s.S * s.S }

// Plain keys a map[any] by strings and numbers.
func Plain() string {
	m := map[any]int{"a": 1}
	m["a"]++
	m[2] = 5
	delete(m, 2)
	v, ok := m["a"]
	return fmt.Sprint(len(m), v, ok)
}

// Shapes keys a map[Shape] by two equal circles.
func Shapes() int {
	m := map[Shape]int{}
	var a, b Shape = Circle{1}, Circle{1}
	m[a]++
	m[b]++
	return len(m)
}

// Literal keys a map[any] literal by a pointer.
func Literal() int {
	m := map[any]int{&Sq{1}: 1}
	return len(m)
}
