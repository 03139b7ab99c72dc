// Package blankvar declares blank variables without values, as
// TestThirdPartyBlankVars runs it.
package blankvar

import "sync"

var _ sync.Mutex

const (
	A = iota
	_
	C
)

// Sum declares blank variables in a function body.
func Sum() int {
	var _ int
	var _, y int
	var (
		_ sync.Mutex
		z = 4
	)
	y = 3
	return y + z + C
}
