// Package minmax calls the min and max builtins.
package minmax

import (
	"fmt"
	"math"
	"time"
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

// Meters is a named float type.
type Meters float64

func wait() time.Duration { return 3 * time.Second }

// Durations takes min and max of values of named types with basic
// underlying types, one compiled.
func Durations() string {
	b := time.Hour
	b = min(b, wait())
	d, e := time.Second, 2*time.Second
	return fmt.Sprint(b, max(d, e), min(Meters(2), Meters(1.5)), max(Meters(1), 0.5))
}
