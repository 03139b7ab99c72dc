package lookalike

import "fmt"

// Point is a struct.
type Point struct{ X int }

// Unbound switches without a variable on values of the package's types.
func Unbound() string {
	out := ""
	for _, v := range []any{Name("x"), Point{1}, &Point{2}, 3} {
		switch v.(type) {
		case Name:
			out += "Name "
		case Point:
			out += "Point "
		case *Point:
			out += "*Point "
		default:
			out += fmt.Sprintf("%v ", v)
		}
	}
	return out
}
