// Package callerparam calls a generic function with its own type
// parameter as the explicit type argument (TestCallerTypeParamArg).
package callerparam

import "time"

func id[T any](x T) T { return x }

// Twice returns x twice, through id[T].
func Twice[T any](x T) []T { return []T{id[T](x), id[T](x)} }

// Durations is Twice of a time.Duration.
func Durations(d time.Duration) []time.Duration { return Twice[time.Duration](d) }
