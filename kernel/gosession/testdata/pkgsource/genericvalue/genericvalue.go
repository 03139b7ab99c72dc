// Package genericvalue uses instances of its generic functions as values
// (github.com/clipperhouse/uax29's graphemes does), calls a parenthesised
// one, and declares the methods of a generic type after a function that
// makes one of its instances (TestPackageGenericValues).
package genericvalue

import (
	"bufio"
	"strings"
)

// It splits data with split.
type It[T ~string | ~[]byte] struct {
	split func(T, bool) (int, T, error)
	data  T
	tok   T
	n     int
}

// FromString makes an It[string] before It's methods are declared.
func FromString(s string) *It[string] { return &It[string]{split: splitString, data: s} }

// Counts returns the number of tokens and their lengths.
func Counts(s string) (int, []int) {
	it := FromString(s)
	var lens []int
	for it.Next() {
		lens = append(lens, len(it.Value()))
	}
	return it.n, lens
}

// Next moves to the next token.
func (it *It[T]) Next() bool {
	if len(it.data) == 0 {
		return false
	}
	adv, tok, _ := it.split(it.data, true)
	it.tok, it.data = tok, it.data[adv:]
	it.n++
	return true
}

// Left is the number of bytes left, through a method declared after it.
func (it *It[T]) Left() int { return it.remaining() }

// Value is the current token.
func (it *It[T]) Value() T { return it.tok }

// SplitFunc is a bufio.SplitFunc.
var SplitFunc bufio.SplitFunc = split[[]byte]

var splitString = split[string]

// Local calls an instance held in a local variable.
func Local() int {
	f := split[string]
	n, _, _ := f("abc", true)
	return n
}

// Sum adds xs.
func Sum[T int | float64](xs ...T) T {
	var s T
	for _, x := range xs {
		s += x
	}
	return s
}

// SumInts is Sum of ints.
var SumInts = Sum[int]

// Scan splits s with SplitFunc's instance given to a bufio.Scanner.
func Scan(s string) []string {
	sc := bufio.NewScanner(strings.NewReader(s))
	sc.Split(split[[]byte])
	var out []string
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	return out
}

// Apply calls f.
func Apply[T any](f func(T) T, x T) T { return f(x) }

func double[T int | float64](x T) T { return 2 * x }

// Twice doubles x through Apply and through a parenthesised instance.
func Twice(x int) (int, float64) { return Apply(double[int], x), (double[float64])(float64(x)) }

// Doubler returns an instance as a func value.
func Doubler() func(int) int { return double[int] }

// Noop has no results.
var Noop = noop[int]

func noop[T any](T) {}

// split returns the first rune of data.
func split[T ~string | ~[]byte](data T, atEOF bool) (advance int, token T, err error) {
	if len(data) == 0 {
		var zero T
		return 0, zero, nil
	}
	n := 1
	for n < len(data) && data[n]&0xC0 == 0x80 {
		n++
	}
	return n, data[:n], nil
}

func (it *It[T]) remaining() int { return len(it.data) }
