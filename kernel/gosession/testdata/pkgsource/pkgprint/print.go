// Package pkgprint prints values of its types.
package pkgprint

import "fmt"

// Money prints with String.
type Money int

func (m Money) String() string { return fmt.Sprintf("$%d.%02d", m/100, m%100) }

// Code is an error.
type Code int

func (c Code) Error() string { return fmt.Sprintf("code %d", int(c)) }

// Pair holds a Money and a Code.
type Pair struct {
	M Money
	C Code
}

// Slice prints a slice of Money.
func Slice() string { return fmt.Sprint([]Money{1, 250}) }

// Struct prints a struct with Money and Code fields.
func Struct() string { return fmt.Sprintf("%v", Pair{3, 4}) }

// TypeName prints the type of a Money.
func TypeName() string { return fmt.Sprintf("%T", Money(1)) }

// Plain prints values the interpreter prints as Go: operands of the
// package's types, an interface holding one, and %T of a compiled type.
func Plain() string {
	var e error = Code(9)
	return fmt.Sprint(Money(250), " ", e, " ", []error{Code(2)}) + fmt.Sprintf(" %T %v", 1.5, Pair{}.M)
}

// Box holds a value of any type.
type Box[T any] struct{ V T }

// Generic prints a slice of an instance of a generic type holding Money.
func Generic() string { return fmt.Sprint([]Box[Money]{{1}}) }
