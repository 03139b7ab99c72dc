// Package stdgeneric calls generic functions whose type arguments yaegi
// infers wrongly or not at all.
package stdgeneric

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Number is what Sum adds.
type Number interface{ ~int | ~float64 }

// Sum adds its arguments.
func Sum[T Number](xs ...T) T {
	var s T
	for _, x := range xs {
		s += x
	}
	return s
}

// Run prints the results.
func Run() {
	fmt.Println(slices.Concat([]int{0, 1}, []int{2}, []int{3, 4}))
	m1 := map[int]string{1: "one", 10: "Ten"}
	m2 := map[int][]byte{1: []byte("One"), 10: []byte("TEN")}
	fmt.Println(maps.EqualFunc(m1, m2, func(v1 string, v2 []byte) bool {
		return strings.EqualFold(v1, string(v2))
	}))
	fmt.Println(cmp.Compare(1, 2), cmp.Or("", "x"), cmp.Less(2.5, 1))
	fmt.Println(Sum(1, 2, 3), Sum(1.5, 2), Sum([]int{4, 5}...))
	words := []string{"b", "A", "c"}
	slices.SortFunc(words, func(a, b string) int { return cmp.Compare(strings.ToLower(a), strings.ToLower(b)) })
	fmt.Println(words, slices.Index(words, "c"), slices.Max([]float64{1, 2.5}))
}
