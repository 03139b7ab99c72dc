// Package defaultlast has switches whose default clause is not the last
// (defaultlast.go).
package defaultlast

import "fmt"

// P is a struct with a String method.
type P struct{ X int }

func (p P) String() string { return "P" }

// Classify names the range of x; its default comes first.
func Classify(x int) string {
	switch {
	default:
		return "small"
	case x > 0:
		return "pos"
	case x > 5:
		return "big"
	}
}

// Kind names what v holds; its default comes first.
func Kind(v any) string {
	switch v.(type) {
	default:
		return "other"
	case fmt.Stringer:
		return "stringer"
	case P:
		return "P"
	}
}

// Fall falls through into its default clause when y > 1.
func Fall(y int) string {
	s := ""
	switch {
	case y > 5:
		s += "big"
	case y > 1:
		s += "A"
		fallthrough
	default:
		s += "B"
	case y > 0:
		s += "C"
	}
	return s
}
