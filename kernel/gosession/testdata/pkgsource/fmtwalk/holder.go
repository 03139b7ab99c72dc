package fmtwalk

import (
	"fmt"
	"strings"
)

// Shape is an interface of the package.
type Shape interface{ Area() float64 }

// Square implements Shape on a value receiver.
type Square struct{ Side float64 }

// Area of the square.
func (s Square) Area() float64 { return s.Side * s.Side }

// Rect implements Shape on a pointer receiver.
type Rect struct{ W, H float64 }

// Area of the rectangle.
func (r *Rect) Area() float64 { return r.W * r.H }

// Holder is a struct of the package with fields of an interface type.
type Holder struct {
	Name   string
	S      Shape
	Shapes []Shape
}

// Held prints values of the package's struct types whose interface fields
// hold values of its types (yaegi's wrapper before: {a {0x… {0x… 0x… 406}}}).
func Held() {
	h := Holder{"a", Square{2}, []Shape{Square{1}, nil}}
	fmt.Println(h)
	fmt.Printf("%v|%s\n", h, []Holder{h})
	p := Holder{Name: "p", S: &Rect{2, 3}}
	s := fmt.Sprint(p)
	fmt.Println(strings.HasPrefix(s, "{p 0x"), strings.HasSuffix(s, " []}"))
}
