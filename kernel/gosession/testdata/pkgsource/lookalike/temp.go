// Package lookalike asserts to types that share an underlying type.
package lookalike

import "fmt"

// Celsius and Kelvin are temperatures.
type (
	Celsius float64
	Kelvin  float64
)

// Name is a string without a lookalike.
type Name string

// Assert asserts a Kelvin to Celsius.
func Assert() string {
	var v any = Kelvin(1)
	_, ok := v.(Celsius)
	return fmt.Sprint(ok)
}

// Switch switches on a Name with a case for string.
func Switch() string {
	var v any = "s"
	switch v.(type) {
	case Name:
		return "Name"
	case string:
		return "string"
	}
	return "none"
}

// Plain asserts to a type without a lookalike, and switches on it.
func Plain() string {
	var v any = Name("x")
	n, ok := v.(Name)
	switch v.(type) {
	case int, bool:
		return "wrong"
	case Name:
		return fmt.Sprint(n, ok)
	}
	return "none"
}
