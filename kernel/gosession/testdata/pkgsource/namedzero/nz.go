// Package namedzero calls functions with named results from loops.
package namedzero

import "fmt"

func count(xs []int) (n int) {
	for range xs {
		n++
	}
	return
}

func evens(xs []int) (out []int, skipped int) {
	for _, x := range xs {
		if x%2 == 0 {
			out = append(out, x)
		} else {
			skipped++
		}
	}
	return
}

// Results prints count and evens called three times from a loop.
func Results() string {
	s := ""
	xs := []int{1, 2, 3, 4}
	for k := 0; k < 3; k++ {
		out, skipped := evens(xs)
		s += fmt.Sprint(count(xs), out, skipped, " ")
	}
	return s
}

// resolve has named results of a string and an interface type, as
// gopkg.in/yaml.v3's resolve does (zeroing both in one assignment
// panicked in yaegi).
func resolve(tag, in string) (rtag string, out interface{}) {
	if in == "" {
		return tag, nil
	}
	return tag + "!", len(in)
}

// Resolved prints resolve of two inputs.
func Resolved() string {
	a, b := resolve("int", "42")
	c, d := resolve("null", "")
	return fmt.Sprint(a, b, c, d)
}
