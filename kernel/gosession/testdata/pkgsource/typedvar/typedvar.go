// Package typedvar declares variables with a type whose values call
// generic functions, which yaegi compiled to zero values.
package typedvar

import (
	"fmt"
	"maps"
	"slices"
)

// Ident returns x.
func Ident[T any](x T) T { return x }

// Reduce folds xs into init with f.
func Reduce[T, A any](xs []T, init A, f func(A, T) A) A {
	acc := init
	for _, x := range xs {
		acc = f(acc, x)
	}
	return acc
}

// First returns the first of xs as an any.
func First[T any](xs []T) any { return xs[0] }

// FirstErr returns the first of errs.
func FirstErr[E error](errs []E) error { return errs[0] }

var top float64 = slices.Max([]float64{4, 8, 1})

// Run prints the values.
func Run() {
	xs := []float64{3, 9, 2}
	var m float64 = slices.Max(xs)
	var keys []string = slices.Sorted(maps.Keys(map[string]int{"b": 1, "a": 2}))
	var total int = Reduce([]string{"a", "bb"}, 0, func(n int, s string) int { return n + len(s) })
	var e float64 = Ident(6.0) + 1
	var q any = Ident("q")
	var f any = First([]int{5})
	var fe error = FirstErr([]error{fmt.Errorf("fe")})
	fmt.Println(m, keys, total, e, q, top, f, fe)
}
