// Package builtins calls clear.
package builtins

import "fmt"

type point struct{ X, Y int }

// Clear clears a map and a slice of the package's type.
func Clear() string {
	m := map[string]int{"a": 1, "b": 2}
	ps := []point{{1, 2}, {3, 4}}
	fs := []float64{1.5, 2.5}
	clear(m)
	clear(ps[:1])
	clear(fs)
	return fmt.Sprint(len(m), ps, fs)
}

// GoPrint prints with println in a go statement.
func GoPrint() {
	go println("go", 1.5, []int(nil), (chan int)(nil))
}
