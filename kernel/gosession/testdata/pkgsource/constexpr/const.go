// Package constexpr computes constant expressions and prints with the
// builtins.
package constexpr

import "fmt"

const (
	x = 3 / 2 * 0.1
	y = 0.1 * 3 / 2
	s = "Go101.org"
)

var (
	a byte    = 1 << len(s) / 128
	b byte    = 1 << len(s[:]) / 128
	g float64 = 7 / 2
	r         = 7 % 4 * 1.5
)

// Values returns the constants and variables.
func Values() string {
	return fmt.Sprint(x, " ", y, " ", a, " ", b, " ", g, " ", r, " ", 1e16+1 == 1e16, " ", 9/2*1.0)
}

// Print prints with the builtins.
func Print(lang string, year int) {
	print(lang, " is created by ", "Google")
	println(", and released at year", year, 1.5)
}
