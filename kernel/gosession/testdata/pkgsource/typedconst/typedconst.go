// Package typedconst declares constants of its own named types with values
// that are not literals.
package typedconst

import "fmt"

type Kind int

const (
	Word Kind = iota + 1
	Number
	Punct
)

type Name string

const N Name = "a" + "b"
const X = Kind(2) * 3

type Ratio float64

const Half Ratio = 1.0 / 2

func kindOf(letter bool) bool {
	kind := Punct
	if letter {
		kind = Word
	}
	return kind != Punct
}

func local() bool {
	const (
		A Kind = iota * 10
		B
	)
	b := Kind(10)
	return b == B
}

// Run prints comparisons with them.
func Run() {
	k, n := Kind(3), Name("ab")
	fmt.Println(k == Punct, Punct == 3, Word, Number, Punct, n == N, X == 6, Kind(6) == X)
	fmt.Println(kindOf(true), kindOf(false), Ratio(0.5) == Half)
	fmt.Println(local())
}
