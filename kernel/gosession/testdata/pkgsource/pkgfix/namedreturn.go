// Package pkgfix hits the yaegi faults that the cells' rewrites fix, in a
// package interpreted from source.
package pkgfix

import "fmt"

// Order returns its arguments in order through named results.
func Order(x, y int) (lo, hi int) {
	lo, hi = x, y
	if lo > hi {
		return hi, lo
	}
	return
}

// Swap returns named results computed from each other.
func Swap(a, b string) (s, t string) {
	s, t = a, b
	return t + "!",
		s + "?"
}

// NamedReturns shows Order and Swap.
func NamedReturns() string {
	lo, hi := Order(5, 3)
	s, t := Swap("a", "b")
	return fmt.Sprint(lo, hi, s, t)
}
