// Package arrayptr ranges over pointers to arrays.
package arrayptr

import "fmt"

// Vec is a vector of three numbers.
type Vec [3]float64

// Scale multiplies v by k.
func (v *Vec) Scale(k float64) {
	for i := range v {
		v[i] *= k
	}
}

// Sum adds v's numbers.
func (v *Vec) Sum() (s float64) {
	for _, x := range v {
		s += x
	}
	return s
}

// Run prints a scaled vector and its sum.
func Run() {
	a := Vec{1, 2, 3}
	a.Scale(2)
	p := &a
	for i, x := range p {
		p[i] = x + 1
	}
	fmt.Println(a, a.Sum())
}
