// Package minmax calls the min and max builtins.
package minmax

import (
	"fmt"
	"math"
)

// Level is a named integer type.
type Level int

const k = min(3, 1.5, 2)

const top Level = max(1, 4, 2)

// Floats returns min and max of floats with NaN, -0 and untyped constants.
func Floats() string {
	nan, z, x := math.NaN(), math.Copysign(0, -1), 2.5
	return fmt.Sprint(min(x, nan), max(nan, x), 1/min(0.0, z), 1/max(z, 0.0), max(1, x), min(3, x, 0.5), k)
}

// Others returns min and max of integers, named types and strings.
func Others() string {
	l, n, s := Level(3), 7, "b"
	var u uint8 = 200
	return fmt.Sprint(max(l, 5), min(n, 2, 9), max(s, "a", "c"), min(s), max(u, 100), top, max(l, 1)/2)
}
