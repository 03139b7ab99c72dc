// Package rangenew ranges over integers and function iterators
// (TestThirdPartyRangeNew).
package rangenew

import (
	"fmt"
	"iter"
	"maps"
	"slices"
	"strings"
)

// Day is an integer type of its own.
type Day int

// count yields 0..n-1 and reports when it ends.
func count(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		defer fmt.Print("[done] ")
		for i := range n {
			if !yield(i) {
				return
			}
		}
	}
}

func pairs(xs []string) iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		for i, x := range xs {
			if !yield(i, x) {
				return
			}
		}
	}
}

func find(xs []string, w string) int {
	for i, x := range pairs(xs) {
		if x == w {
			return i * 10
		}
	}
	return -1
}

// Ints ranges over integers.
func Ints() {
	for i := range 3 {
		fmt.Print(i)
	}
	var n int64 = 2
	for i := range n {
		fmt.Printf(" %T", i)
	}
	for d := range Day(2) {
		fmt.Printf(" %d", d)
	}
	for i := range 4 {
		i += 10 // does not change the count
		fmt.Print(" ", i)
	}
	var fs []func() int
	for i := range 3 {
		fs = append(fs, func() int { return i })
	}
	for _, f := range fs {
		fmt.Print(" ", f())
	}
	k := 0
	for k = range 5 {
	}
	for range 2 {
		fmt.Print(" x")
	}
	fmt.Println(" k", k)
}

// Funcs ranges over function iterators.
func Funcs() {
	for v := range count(5) {
		if v == 1 {
			continue
		}
		if v == 3 {
			break
		}
		fmt.Print(v, " ")
	}
	fmt.Println()
	fmt.Println(find([]string{"a", "b"}, "b"), find(nil, "z"))
outer:
	for i := range count(3) {
		for j := range count(3) {
			if j > i {
				continue outer
			}
			fmt.Print(i, j, " ")
		}
	}
	fmt.Println()
	for line := range strings.Lines("a\nb\n") {
		fmt.Printf("%q ", line)
	}
	fmt.Println(slices.Sorted(maps.Keys(map[string]int{"y": 1, "x": 2})))
	var i int
	var s string
	for i, s = range pairs([]string{"p", "q"}) {
	}
	fmt.Println(i, s, slices.Collect(count(2)))
	for _, x := range pairs([]string{"u", "w"}) {
		fmt.Print(x)
	}
	for range count(1) {
		fmt.Print(" once")
	}
	fmt.Println()
}
