package gosession

import (
	"math"
	"reflect"
)

// min and max of floats.
//
// The prelude supplies the min and max builtins, which yaegi v0.16.1
// lacks, as generic functions. Written as plain comparisons they gave
// max(1.0, NaN) = 1 and min(-0.0, 0.0) = 0 (Go: NaN and -0, and a running
// max over data with a NaN ended at the largest number), without an error.
// The prelude's min and max now return NaN when an argument is NaN and
// order -0 below +0, asking negZero about equal values. Written for this
// package.

// negZero tells whether v is a floating-point negative zero (of any
// float kind, a session type's included).
func negZero(v any) bool {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Float32, reflect.Float64:
		f := rv.Float()
		return f == 0 && math.Signbit(f)
	}
	return false
}
