// Package redeclvar redeclares variables with short variable
// declarations, which yaegi took for new variables.
package redeclvar

import (
	"errors"
	"fmt"
)

func pair() (int, error) { return 7, errors.New("pair failed") }

// Load returns its named results bare after redeclaring err.
func Load() (n int, err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("load: %w", err)
		}
	}()
	a, err := 1, error(nil)
	k, err := pair()
	n = a + k
	return
}

// Name redeclares its named result with a literal.
func Name() (s string) {
	a, s := 1, "s"
	_ = a
	return
}

// Captured reads a variable through a closure made before its
// redeclaration.
func Captured() int {
	x := 10
	g := func() int { return x }
	x, y := 20, 1
	_ = y
	return g()
}

// Pre assigns nil in a tuple assignment.
func Pre() (s string, err error) {
	s, err = "pre", nil
	return
}

// Run prints the results.
func Run() {
	fmt.Println(Load())
	fmt.Println(Name(), Captured())
	fmt.Println(Pre())
}
