// Package deepeq compares arrays, structs and interfaces holding its own
// values, as TestThirdPartyDeepEqual runs it.
package deepeq

import (
	"fmt"
	"time"
)

type Shape interface{ Area() float64 }
type Circle struct{ R float64 }

func (c Circle) Area() float64 { return 3 * c.R * c.R }

type Sq struct{ S float64 }

func (s *Sq) Area() float64 { return s.S * s.S }

type Named struct {
	Name string
	S    Shape
	_    int
}

type Outer struct {
	Named
	At   time.Time
	Tags [2]any
}

type Grid [2][2]Shape

// Run prints the comparisons.
func Run() {
	sq := &Sq{2}
	a := Named{Name: "a", S: Circle{1}}
	b := Named{Name: "a", S: Circle{1}}
	c := Named{Name: "a", S: Circle{2}}
	d := Named{Name: "a", S: sq}
	e := Named{Name: "a", S: sq}
	f := Named{Name: "a", S: &Sq{2}}
	var n1, n2 Named
	fmt.Println(a == b, a != b, a == c, d == e, d == f, n1 == n2, a == n1)
	t0 := time.Unix(0, 0)
	o1 := Outer{a, t0, [2]any{Circle{1}, 3}}
	o2 := Outer{b, t0, [2]any{Circle{1}, 3}}
	o3 := Outer{b, t0, [2]any{Circle{1}, "3"}}
	fmt.Println(o1 == o2, o1 == o3, o1.Tags == o2.Tags)
	g1 := Grid{{Circle{1}, nil}, {sq, Circle{2}}}
	g2 := Grid{{Circle{1}, nil}, {sq, Circle{2}}}
	g3 := Grid{{Circle{1}, Circle{0}}, {sq, Circle{2}}}
	fmt.Println(g1 == g2, g1 == g3, g1[0] == g2[0])
	var x1, x2 any = a, b
	var x3 any = Named{Name: "a", S: Circle{1}}
	fmt.Println(x1 == x2, x1 == x3, x1 == any(c), x1 == a, a == x1, x1 != c)
	var s1, s2 Shape = Circle{1}, Circle{1}
	fmt.Println(s1 == s2, s1 == Circle{1}, [1]Shape{s1} == [1]Shape{Circle{1}})
	type local struct{ S Shape }
	fmt.Println(local{Circle{1}} == local{Circle{1}})
}

var unit = &Sq{1}

func name(s Shape) string {
	switch s {
	case Circle{1}:
		return "c1"
	case Circle{2}, Circle{3}:
		return "c23"
	case unit:
		return "unit"
	case nil:
		return "nil"
	}
	return "other"
}

func isNil(s Shape) bool {
	switch s {
	case nil:
		return true
	}
	return false
}

// Switches prints switches on a Shape with cases of its values.
func Switches() {
	fmt.Println(name(Circle{1}), name(Circle{3}), name(unit), name(&Sq{1}), name(nil), name(Circle{5}), isNil(nil), isNil(unit))
}

// Color is a type without methods, which the interpreter cannot tell from
// int in an interface.
type Color int

func kind(v any) string {
	switch v {
	case 1:
		return "one"
	case "yes", 2.5:
		return "yes"
	}
	return "other"
}

// Kinds prints switches on an any with constant cases.
func Kinds() {
	fmt.Println(kind(1), kind("yes"), kind(2.5), kind(3), kind(nil))
	doc := map[string]any{"a": "yes"}
	switch doc["a"] {
	case "yes":
		fmt.Println("doc yes")
	}
}

// ColorKind switches on an any with a case of type Color.
func ColorKind(v any) string {
	switch v {
	case 1:
		return "one"
	case Color(3):
		return "color"
	}
	return "other"
}

// Tagged has the methods of Shape only through its embedded field, which
// yaegi does not see when it checks an assertion of a Shape to Tagged.
type Tagged struct {
	Shape
	Tag string
}

// Embedded compares values of Tagged and the Shapes in them.
func Embedded() {
	a, b := Tagged{Circle{1}, "t"}, Tagged{Circle{1}, "t"}
	var s Shape = a
	fmt.Println(a == b, a.Shape == b.Shape, a == Tagged{Circle{2}, "t"}, s.Area())
}
