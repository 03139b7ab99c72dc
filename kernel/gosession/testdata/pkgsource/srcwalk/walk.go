// Package srcwalk has struct types with interface fields and unexported
// fields that cells print (TestThirdPartyWalkInCells).
package srcwalk

// Shape is an interface of the package.
type Shape interface{ Area() float64 }

// Square implements Shape on a value receiver.
type Square struct{ Side float64 }

// Area of the square.
func (s Square) Area() float64 { return s.Side * s.Side }

// Circle implements Shape and has a String method.
type Circle struct{ R int }

// Area of the circle.
func (c Circle) Area() float64 { return 3 * float64(c.R*c.R) }

func (c Circle) String() string { return "circle" }

// secret implements Shape, with a String method a cell cannot call.
type secret struct{ n int }

func (s secret) Area() float64  { return 0 }
func (s secret) String() string { return "secret" }

// Holder holds shapes in fields of an interface type.
type Holder struct {
	Name   string
	S      Shape
	Shapes []Shape
}

// Pair has unexported fields.
type Pair struct {
	key   string
	Value int
}

// NewPair returns a Pair.
func NewPair(k string, v int) Pair { return Pair{k, v} }

// HoldCircle returns a Holder of a Circle.
func HoldCircle() Holder { return Holder{Name: "c", S: Circle{1}} }

// HoldSecret returns a Holder of a secret.
func HoldSecret() Holder { return Holder{Name: "s", S: secret{1}} }
