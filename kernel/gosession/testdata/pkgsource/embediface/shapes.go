// Package embediface calls methods promoted from embedded interface
// fields (TestThirdPartyEmbeddedIface).
package embediface

import (
	"fmt"
	"sort"
)

// Shape is a plane figure.
type Shape interface{ Area() float64 }

type rect struct{ w, h float64 }

func (r rect) Area() float64 { return r.w * r.h }

type circle struct{ r float64 }

func (c *circle) Area() float64 { return 3 * c.r * c.r }

// Named embeds a Shape.
type Named struct {
	Shape
	Name string
}

type labelled struct {
	*Named
	Label string
}

// Sorted sorts named shapes by area and reports them.
func Sorted() string {
	shapes := []Named{{rect{2, 3}, "rect"}, {&circle{1}, "circle"}}
	sort.Slice(shapes, func(i, j int) bool { return shapes[i].Area() < shapes[j].Area() })
	area := shapes[1].Area
	l := labelled{&shapes[0], "first"}
	return fmt.Sprint(shapes[0].Name, " ", shapes[1].Name, " ", area(), " ", l.Area())
}
