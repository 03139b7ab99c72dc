// Package errleaf has error types without Unwrap or Is methods.
package errleaf

import (
	"errors"
	"fmt"
)

type myErr struct{ code int }

func (e *myErr) Error() string { return fmt.Sprint("my ", e.code) }

type valErr string

func (e valErr) Error() string { return string(e) }

// ErrMine is a sentinel of the package's type.
var ErrMine = &myErr{3}

// ErrVal is a sentinel of a value type.
var ErrVal error = valErr("v")

// Chains finds the package's errors through compiled wrappers.
func Chains() string {
	a := fmt.Errorf("x: %w", ErrMine)
	b := errors.Join(errors.New("o"), ErrVal)
	var m *myErr
	okm := errors.As(a, &m)
	var v valErr
	okv := errors.As(b, &v)
	return fmt.Sprint(errors.Is(ErrMine, ErrMine), errors.Is(a, ErrMine), errors.Is(b, ErrVal), errors.Is(b, valErr("v")), errors.Unwrap(a) == ErrMine, okm, m == ErrMine, okv, v, a.Error())
}
