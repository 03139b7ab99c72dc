// Package printiface prints, with %T, %v, %+v, %s and %#v, values of its
// interface types holding its types with interfaces inside, as
// TestThirdPartyPrintIfaces runs it.
package printiface

import (
	"fmt"
	"strconv"
)

type Shape interface{ Area() float64 }

type Circle struct{ R float64 }

func (c Circle) Area() float64 { return 3 * c.R * c.R }

type Named struct{ N string }

func (n Named) Area() float64  { return 0 }
func (n Named) String() string { return "named " + n.N }

type Pair struct {
	A, B Shape
}

func (p Pair) Area() float64 { return p.A.Area() + p.B.Area() }

type Plain struct {
	S Shape
	N int
}

func (p Plain) Area() float64 { return 1 }

type Tree struct {
	Kids []Shape
	Meta map[string]any
}

func (t *Tree) Area() float64  { return 0 }
func (t *Tree) String() string { return "tree of " + strconv.Itoa(len(t.Kids)) }

type Err struct{ Inner Shape }

func (e Err) Error() string { return fmt.Sprintf("err with %v", e.Inner) }

// Run prints values of Shape, any and error holding the package's types.
func Run() {
	var s Shape = Pair{Circle{1}, Named{"x"}}
	fmt.Printf("%T %v %+v\n", s, s, s)
	s = Plain{Circle{1}, 2}
	fmt.Printf("%v %+v %s\n", s, s, s)
	s = &Tree{Kids: []Shape{Circle{1}}, Meta: map[string]any{"k": Named{"m"}}}
	fmt.Printf("%v %+v %T\n", s, s, s)
	fmt.Println(s, Named{"y"})
	var a any = Pair{Named{"z"}, Circle{2}}
	fmt.Println(a)
	fmt.Printf("%v|%+v|%s\n", a, a, a)
	var e error = Err{Circle{3}}
	fmt.Println(e)
	fmt.Printf("%v %s %T\n", e, e, e)
	shapes := []Shape{Pair{Circle{1}, Circle{2}}, Circle{3}}
	fmt.Println(shapes)
	fmt.Printf("%v %+v\n", shapes, shapes)
	fmt.Println(fmt.Sprint(s), fmt.Sprintf("%v", a))
	fmt.Printf("%#v\n", s)
	var s2 Shape = Plain{Circle{1}, 2}
	fmt.Printf("%#v %#v\n", s2, a)
}

type Labeled struct {
	Shape
	L string
}

// TypeOfPromoted prints %T of a Shape holding a type whose Area comes
// from an embedded interface.
func TypeOfPromoted() {
	var s Shape = Labeled{Circle{1}, "c"}
	fmt.Printf("%T\n", s)
}

// Stringers prints a Shape holding a type with a String method.
func Stringers() {
	var s Shape = Named{"s"}
	var e error = Err{Circle{1}}
	fmt.Println(s, e)
	fmt.Printf("%s %v %q|%v\n", s, s, s, e)
}
