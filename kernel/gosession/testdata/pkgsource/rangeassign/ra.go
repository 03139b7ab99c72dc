// Package rangeassign has range loops that assign to existing variables
// (rangeassign.go).
package rangeassign

import "fmt"

var last int

// LastIndex returns the last index of s, -1 for an empty s.
func LastIndex(s []int) int {
	last = -1
	for last = range s {
	}
	return last
}

// All runs loops of each form.
func All() string {
	s := []int{2, 3, 5, 7}
	var e int
	for _, e = range s {
		if e > 4 {
			break
		}
	}
	var at int
	var c rune
	for at, c = range "héllo" {
	}
	n := 0
	for _ = range s {
		n++
	}
	return fmt.Sprint(LastIndex(s), LastIndex(nil), e, at, string(c), n)
}
