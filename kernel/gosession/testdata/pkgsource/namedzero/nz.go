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
