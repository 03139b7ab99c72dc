// Package typeparamcase has type switches with cases that use type
// parameters.
package typeparamcase

import "fmt"

// Describe names the case v takes.
func Describe[T any](v any) string {
	switch v.(type) {
	case T:
		return "T"
	case int:
		return "int"
	}
	return "other"
}

// Scalar is a union of types: never an interface type.
type Scalar interface{ ~int | ~string }

// Kind names the case v takes for a T that cannot be an interface.
func Kind[T Scalar](v any) string {
	switch x := v.(type) {
	case T:
		return fmt.Sprint("T ", x)
	case float64:
		return "float64"
	}
	return "other"
}
