// Package errfwd asks its errors through a package of its own that
// forwards to the standard library's errors (internal/errors), as
// github.com/go-viper/mapstructure's Decode does, for the session's tests
// (pkgerrchain.go's errorsForwarder).
package errfwd

import (
	"fmt"

	"example.com/errfwd/internal/errors"
)

// FieldError names a field.
type FieldError struct{ Field string }

func (e *FieldError) Error() string { return "field " + e.Field }

type wrapped struct{ inner error }

func (w *wrapped) Error() string { return "wrapped: " + w.inner.Error() }

func (w *wrapped) Unwrap() error { return w.inner }

// ErrBase is a sentinel.
var ErrBase = errors.New("base")

// Check asks As with an interface target and a target of the package's
// type, Is and Unwrap, through the forwarding package.
func Check() string {
	joined := errors.Join(&FieldError{"a"}, &FieldError{"b"})
	var multi interface{ Unwrap() []error }
	isMulti := errors.As(joined, &multi)
	var fe *FieldError
	isField := errors.As(&wrapped{&FieldError{"c"}}, &fe)
	name := ""
	if isField {
		name = fe.Field
	}
	base := errors.Is(&wrapped{ErrBase}, ErrBase)
	inner := errors.Unwrap(&wrapped{&FieldError{"d"}})
	return fmt.Sprint(isMulti, len(multi.Unwrap()), isField, name, base, inner)
}
