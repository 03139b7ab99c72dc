// Package localtype declares types inside functions with the names of its
// package-level types.
package localtype

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Animal is a kind of animal.
type Animal int

func (a Animal) String() string { return fmt.Sprintf("animal#%d", int(a)) }

// Celsius is a temperature.
type Celsius float64

// T is a short name.
type T struct{ X int }

// Decode decodes animals into a local Animal struct.
func Decode(blob string) string {
	type Animal struct {
		Name  string
		Order string
	}
	var animals []Animal
	if err := json.Unmarshal([]byte(blob), &animals); err != nil {
		return "error: " + err.Error()
	}
	return fmt.Sprintf("%+v %T", animals, animals[0])
}

// Halve divides an integer temperature.
func Halve(n int) string {
	type Celsius int
	c := Celsius(n)
	var parts []string
	for _, v := range []Celsius{c, c / 2} {
		parts = append(parts, fmt.Sprint(v))
	}
	return strings.Join(parts, " ") + fmt.Sprint(" ", Animal(2))
}

// Short uses a one-letter local type and the package's T in a closure.
func Short() string {
	outer := T{X: 1}
	f := func() string {
		type T struct{ Y string }
		return fmt.Sprintf("%+v", T{Y: "in"})
	}
	return f() + fmt.Sprintf(" %+v", outer)
}
