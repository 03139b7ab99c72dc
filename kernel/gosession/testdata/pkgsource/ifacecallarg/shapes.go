// Package ifacecallarg passes interface results of calls straight to
// interface parameters, and compares interfaces with values of type
// parameters (kernel/gosession/ifacecallarg.go, pkgcompare.go).
package ifacecallarg

import "fmt"

// Shape is a plane figure.
type Shape interface{ Area() float64 }

// Circle is a circle of radius R.
type Circle struct{ R float64 }

// Area returns the circle's area (with pi = 3).
func (c Circle) Area() float64 { return 3 * c.R * c.R }

// Square is a square of that side.
type Square float64

// Area returns the square's area.
func (s Square) Area() float64 { return float64(s * s) }

// NewShape returns a circle or a square.
func NewShape(kind string) Shape {
	if kind == "circle" {
		return Circle{1}
	}
	return Square(2)
}

func same(s Shape) Shape { return s }

func describe(s Shape) string {
	switch v := s.(type) {
	case Circle:
		return fmt.Sprintf("circle %v", v.R)
	case Square:
		return fmt.Sprintf("square %v", float64(v))
	}
	return "other"
}

func isCircle(s interface{ Area() float64 }) bool {
	_, ok := s.(Circle)
	return ok
}

// Describe describes shapes made by calls written as the arguments.
func Describe() string {
	return fmt.Sprint(describe(NewShape("circle")), " ", describe(same(NewShape("square"))), " ",
		isCircle(NewShape("circle")), " ", NewShape("square") == Square(2), " ", same(NewShape("circle")) != Circle{1})
}

// Of is a generic interface type.
type Of[T any] interface{ Area() float64 }

func widen[T any](s Of[T]) interface{ Area() float64 } { return s }

// Generic compares the result of a generic function with a value
// (test/typeparam/eface.go's test 5).
func Generic() bool { return widen[int](Square(2)) == Square(2) }

// Eq compares an interface with a value of a type parameter's type.
func Eq[T comparable](i any, t T) bool { return i == t }

// Ne compares them the other way round.
func Ne[T comparable](t T, i any) bool { return t != i }

type comparableShape interface {
	comparable
	Area() float64
}

// EqShape compares a Shape with a value of a type parameter's type.
func EqShape[T comparableShape](s Shape, t T) bool { return s == t }

// TypeParams compares interfaces with values of type parameters' types.
func TypeParams() string {
	return fmt.Sprint(Eq(0, 0), Eq(1, 0), Eq("a", "a"), Eq[any](nil, nil), Eq[any](1, nil), Eq[any](nil, 1),
		Ne(0, 0), Ne(1, "x"), EqShape(Square(2), Square(2)), EqShape(Square(2), Square(3)), EqShape(Circle{1}, Circle{1}),
		EqShape[Circle](nil, Circle{}))
}
