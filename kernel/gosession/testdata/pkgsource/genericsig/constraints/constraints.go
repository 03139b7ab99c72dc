// Package constraints holds the constraints of package genericsig, as
// github.com/samber/lo's internal package does.
package constraints

import "cmp"

// Ordered is cmp.Ordered.
type Ordered = cmp.Ordered

// Integer is the integer types.
type Integer interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64
}

// Float is the floating-point types.
type Float interface {
	~float32 | ~float64
}
