// Package constrepeat declares constants with implicit repetition.
package constrepeat

import "fmt"

// Weekday is a day.
type Weekday int

const (
	_    = 6
	A, _ = iota, iota + 10
	_, _
	_, B
)

const (
	Sun, Mon Weekday = iota * 2, iota*2 + 1
	Tue, Wed
	Thu, Fri // comment
)

// Run prints the constants.
func Run() {
	const (
		k = 3

		m float32 = iota + .5
		n

		p = 9
		q = iota * 2
		_
		r
		s, t = iota, iota
		u, v
		_, w
	)
	fmt.Println(A, B)
	fmt.Println(Sun, Mon, Tue, Wed, Thu, Fri)
	fmt.Println(m, n, q, r, s, t, u, v, w)
}
